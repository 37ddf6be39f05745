from decimal import Decimal

import pytest

from bot.catalog.labels import plural, quoted, shorten, shown, with_article


@pytest.mark.parametrize(
    ("noun", "expected"),
    [
        ("pair", "pairs"),
        ("desk", "desks"),
        ("box", "boxes"),
        ("glass", "glasses"),
        ("brush", "brushes"),
        ("candy", "candies"),
        ("tray", "trays"),
    ],
)
def test_plural(noun: str, expected: str) -> None:
    assert plural(noun) == expected


@pytest.mark.parametrize(
    ("noun", "expected"),
    [("shoe size", "a shoe size"), ("upper colour", "an upper colour"), ("width", "a width")],
)
def test_with_article(noun: str, expected: str) -> None:
    assert with_article(noun) == expected


def test_shorten_keeps_short_text_and_cuts_long_text() -> None:
    assert shorten("short") == "short"
    assert shorten("x" * 1000, limit=10) == "xxxxxxxxx…"


@pytest.mark.parametrize(
    "raw",
    ["y" * 1_000_000, 10**10_000, list(range(100_000)), {"k": "v" * 100_000}],
    ids=["text", "huge int", "long list", "big mapping"],
)
def test_shown_input_is_bounded(raw: object) -> None:
    assert len(shown(raw)) <= 40


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  purple ", "'purple'"), (Decimal("41.3"), "'41.3'"), (41.3, "'41.3'"), (True, "'True'")],
)
def test_quoted_trims_and_quotes(raw: object, expected: str) -> None:
    assert quoted(raw) == expected
