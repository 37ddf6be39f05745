import pytest

from bot.understanding.phrasing.ratings import parse_rating

from ..support import timed


@pytest.mark.parametrize(
    ("message", "rating"),
    [
        ("5", 5),
        ("five", 5),
        ("Five stars!", 5),
        ("4 stars", 4),
        ("one star", 1),
        ("I'd give it a 3", 3),
        ("3/5", 3),
        ("3 / 5", 3),
        ("3 out of 5", 3),
        ("three out of five", 3),
        ("\u2605\u2605\u2605\u2605", 4),
        ("\u2605\u2605\u2605\u2605\u2606", 4),
        ("\u2b50\u2b50\u2b50", 3),
        ("4 \u2605", 4),
        ("2, really 2", 2),
        ("rating: 4!", 4),
        ("5.", 5),
    ],
)
def test_ratings(message: str, rating: int) -> None:
    assert parse_rating(message) == rating


@pytest.mark.parametrize(
    "message",
    [
        "10",
        "0",
        "no idea",
        "",
        "8/10",
        "3 or 4",
        "4.5",
        "\u2605" * 6,
        "great",
        "5/10",
        "<script>alert(1)</script>",
        "(4)",
    ],
)
def test_not_a_rating(message: str) -> None:
    assert parse_rating(message) is None


def test_hostile_input_is_answered_quickly(hostile: str) -> None:
    assert timed(lambda: parse_rating(hostile)) in (None, 1, 2, 3, 4, 5)
