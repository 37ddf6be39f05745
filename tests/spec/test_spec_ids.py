import re

from bot.spec import new_spec_id


def test_spec_ids_are_url_safe_and_carry_128_bits() -> None:
    spec_id = new_spec_id()

    assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", spec_id)
    assert len(spec_id) * 6 >= 128


def test_spec_ids_do_not_repeat() -> None:
    ids = {new_spec_id() for _ in range(10_000)}

    assert len(ids) == 10_000
