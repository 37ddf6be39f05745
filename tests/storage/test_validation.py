from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.validation import clean_text, clip, is_storable_id, require_id, require_int


@given(st.text())
def test_clean_text_removes_every_nul_and_keeps_everything_else(text: str) -> None:
    cleaned = clean_text(text)

    assert cleaned is not None
    assert "\x00" not in cleaned
    assert len(cleaned) == len(text)
    assert all(new == old for new, old in zip(cleaned, text, strict=True) if old != "\x00")


def test_clean_text_keeps_none() -> None:
    assert clean_text(None) is None


def test_clip_cleans_and_cuts() -> None:
    assert clip("a\x00" + "b" * 10, 4) == "a\ufffdbb"
    assert clip(None, 4) is None


@pytest.mark.parametrize("value", ["x", "é" * 255, "🙂", "'; DROP TABLE conversations; --"])
def test_storable_ids(value: str) -> None:
    assert is_storable_id(value, 255)
    assert require_id(value, what="sender id", max_length=255) == value


@pytest.mark.parametrize("value", ["", "x" * 256, "a\x00b", None, 42, b"bytes", ["x"]])
def test_unstorable_ids(value: object) -> None:
    assert not is_storable_id(value, 255)
    with pytest.raises(ValueError, match="sender id"):
        require_id(value, what="sender id", max_length=255)


def test_error_messages_do_not_repeat_huge_values() -> None:
    with pytest.raises(ValueError) as raised:
        require_id("x" * 100_000, what="sender id", max_length=255)

    assert len(str(raised.value)) < 300


@pytest.mark.parametrize("value", [1, 3, 5])
def test_ints_in_range_pass(value: int) -> None:
    assert require_int(value, what="rating", low=1, high=5) == value


@pytest.mark.parametrize("value", [0, 6, -1, True, False, 4.0, "4", None, 10**100])
def test_everything_else_is_not_an_int_in_range(value: object) -> None:
    with pytest.raises(ValueError, match="rating must be an integer from 1 to 5"):
        require_int(value, what="rating", low=1, high=5)
