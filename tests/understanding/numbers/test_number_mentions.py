from decimal import Decimal
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.understanding.numbers.number_mentions import NumberMention, dimension_runs, find_numbers
from bot.understanding.text import MAX_CHARS

from ..support import timed


def _said(message: str) -> list[tuple[str, str | None]]:
    return [(str(m.value), m.unit) for m in find_numbers(message)]


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("41.5", [("41.5", None)]),
        ("41,5", [("41.5", None)]),
        ("160", [("160", None)]),
        ("forty two", [("42", None)]),
        ("forty-two", [("42", None)]),
        ("one hundred and sixty", [("160", None)]),
        ("a dozen", [("12", None)]),
        ("twelve", [("12", None)]),
        ("160cm", [("160", "cm")]),
        ("160 CM", [("160", "cm")]),
        ("160 centimetres", [("160", "cm")]),
        ("1.6 m", [("1.6", "m")]),
        ("1.6m", [("1.6", "m")]),
        ("2 meters", [("2", "m")]),
        ("1m60", [("1.6", "m")]),
        ("1 m 60", [("1.6", "m")]),
        ("1,60 m", [("1.6", "m")]),
        ("80 cm", [("80", "cm")]),
        ("1600 mm", [("1600", "mm")]),
        ("42 EU", [("42", "eu")]),
        ("EU 42", [("42", "eu")]),
        ("eu42", [("42", "eu")]),
        ("forty two centimetres", [("42", "cm")]),
        ("forty one and a half", [("41.5", None)]),
        ("41 and a half", [("41.5", None)]),
        ("1,000 shirts", [("1000", None)]),
        ("2 mins", [("2", None)]),
        ("160x80", [("160", None), ("80", None)]),
        ("160 x 80 cm", [("160", "cm"), ("80", "cm")]),
        ("160cm by 80cm", [("160", "cm"), ("80", "cm")]),
        ("size 42, 2 pairs", [("42", None), ("2", None)]),
    ],
)
def test_numbers_and_units(message: str, said: list[tuple[str, str | None]]) -> None:
    assert _said(message) == said


@pytest.mark.parametrize(
    "message",
    [
        "2XL",
        "3rd",
        "A4",
        "mp3",
        "size41",
        "the red one",
        "1" * 16,
        "",
        "none",
        "\u00b20",
        "4\u0662",
    ],
)
def test_numbers_glued_to_other_letters_are_not_numbers(message: str) -> None:
    assert find_numbers(message) == []


def test_spans_cover_number_and_unit() -> None:
    message = "make it 1.6 m wide, size EU 42"
    spans = [message[m.start : m.end] for m in find_numbers(message)]
    assert spans == ["1.6 m", "EU 42"]


def test_mention_is_a_plain_value() -> None:
    assert find_numbers("80 cm") == [NumberMention(Decimal(80), "cm", 0, 5)]


def test_dimension_runs_group_sizes_only() -> None:
    message = "160x80 and 2 pairs"
    runs = dimension_runs(message, find_numbers(message))
    assert [[m.value for m in run] for run in runs] == [[160, 80], [2]]


def test_only_the_first_characters_are_read() -> None:
    assert find_numbers("x" * MAX_CHARS + " 42") == []


def test_hostile_input_is_answered_quickly(hostile: str) -> None:
    mentions = timed(lambda: find_numbers(hostile))
    assert all(0 <= m.start < m.end <= MAX_CHARS for m in mentions)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_mentions_are_ordered_spans_inside_the_text(message: str) -> None:
    mentions = find_numbers(message)
    assert all(0 <= m.start < m.end <= len(message) for m in mentions)
    assert all(a.end <= b.start for a, b in pairwise(mentions))
    assert all(m.value >= 0 for m in mentions)
