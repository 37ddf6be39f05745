from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.storage.validation import (
    MAX_ROW_ID,
    NOT_A_WHOLE_NUMBER,
    OUT_OF_RANGE,
    clean_text,
    clip,
    is_row_id,
    is_sender_id,
    is_storable_id,
    parse_row_id,
    require_id,
    require_int,
)


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


# --- row ids (conversations, messages) -----------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"), [("1", 1), ("42", 42), ("1000000", 10**6), (str(MAX_ROW_ID), MAX_ROW_ID)]
)
def test_row_ids_as_the_console_shows_them(text: str, expected: int) -> None:
    assert parse_row_id(text) == expected
    assert is_row_id(expected)


def test_the_one_bound_is_the_largest_postgresql_integer_key() -> None:
    assert MAX_ROW_ID == 2**31 - 1


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        # malformed
        ("", NOT_A_WHOLE_NUMBER),
        ("abc", NOT_A_WHOLE_NUMBER),
        ("1.5", NOT_A_WHOLE_NUMBER),
        ("1.0", NOT_A_WHOLE_NUMBER),
        ("01", NOT_A_WHOLE_NUMBER),
        ("007", NOT_A_WHOLE_NUMBER),
        ("+5", NOT_A_WHOLE_NUMBER),
        ("-", NOT_A_WHOLE_NUMBER),
        ("--5", NOT_A_WHOLE_NUMBER),
        ("1; DROP TABLE conversations", NOT_A_WHOLE_NUMBER),
        ("<script>", NOT_A_WHOLE_NUMBER),
        # hostile
        ("1\x00", NOT_A_WHOLE_NUMBER),
        ("\x00", NOT_A_WHOLE_NUMBER),
        ("\u0663", NOT_A_WHOLE_NUMBER),  # Arabic-Indic three
        ("\uff11", NOT_A_WHOLE_NUMBER),  # full-width one
        ("\u00b2", NOT_A_WHOLE_NUMBER),  # superscript two: isdigit() says yes
        (" 1", NOT_A_WHOLE_NUMBER),
        ("1 ", NOT_A_WHOLE_NUMBER),
        ("1\n", NOT_A_WHOLE_NUMBER),
        ("\t1", NOT_A_WHOLE_NUMBER),
        ("1_000", NOT_A_WHOLE_NUMBER),
        ("1e3", NOT_A_WHOLE_NUMBER),
        ("0x10", NOT_A_WHOLE_NUMBER),
        ("0b1", NOT_A_WHOLE_NUMBER),
        # numbers that can be no id
        ("0", OUT_OF_RANGE),
        ("00", OUT_OF_RANGE),
        ("-0", OUT_OF_RANGE),
        ("-1", OUT_OF_RANGE),
        ("-3", OUT_OF_RANGE),
        (str(MAX_ROW_ID + 1), OUT_OF_RANGE),
        (str(2**63 - 1), OUT_OF_RANGE),
        (str(2**63), OUT_OF_RANGE),
        (str(10**30), OUT_OF_RANGE),
        ("9" * 10_000, OUT_OF_RANGE),  # beyond int()'s 4300-digit limit
        ("-" + "9" * 10_000, OUT_OF_RANGE),
    ],
    ids=lambda value: repr(value)[:24],
)
def test_everything_else_is_refused_saying_why(text: str, problem: str) -> None:
    with pytest.raises(ValueError) as raised:
        parse_row_id(text)

    assert str(raised.value) == problem
    assert len(str(raised.value)) < 200  # never the value itself


@pytest.mark.parametrize("value", [None, 1, b"1", ["1"]])
def test_a_row_id_is_parsed_from_text_only(value: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        parse_row_id(value)


@pytest.mark.parametrize(
    "value", [0, -1, MAX_ROW_ID + 1, 2**63, 10**30, True, False, 1.0, "1", None]
)
def test_impossible_row_ids(value: object) -> None:
    assert not is_row_id(value)


@given(st.integers(min_value=1, max_value=MAX_ROW_ID))
def test_every_possible_id_round_trips(value: int) -> None:
    assert parse_row_id(str(value)) == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("alice", True),
        ("whatsapp/+49 170", True),
        ("x" * 255, True),
        ("", False),
        ("x" * 256, False),
        ("nul\x00", False),
        (None, False),
        (7, False),
    ],
)
def test_sender_ids(value: object, expected: bool) -> None:
    assert is_sender_id(value) is expected
