from __future__ import annotations

from decimal import Decimal

import pytest

from bot.catalog.model import Attribute
from bot.dialogue.refusals import value_text
from tests.demo_catalog import DESK, SNEAKER, TSHIRT


def attribute(product, attribute_id: str) -> Attribute:  # type: ignore[no-untyped-def]
    found = product.attribute(attribute_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("value", "text"),
    [(42, "42"), (41.5, "41.5"), (190.0, "190"), (Decimal("48.0"), "48"), ("48", "48"),
     ("huge", "huge")],
)  # fmt: skip
def test_numbers_read_as_written_without_a_trailing_zero(value: object, text: str) -> None:
    assert value_text(attribute(SNEAKER, "size"), value) == text


def test_options_stay_ids_and_yes_no_is_yes_or_no() -> None:
    assert value_text(attribute(SNEAKER, "material"), "suede") == "suede"
    assert value_text(attribute(DESK, "cable_tray"), True) == "yes"
    assert value_text(attribute(DESK, "cable_tray"), False) == "no"


def test_a_free_text_is_never_kept() -> None:
    assert value_text(attribute(TSHIRT, "print_text"), "CALL ME 0171 2345678") is None
