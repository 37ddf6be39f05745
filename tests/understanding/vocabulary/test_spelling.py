"""Typo correction that stays away from real words."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.spelling import CatalogSpelling, allowed_edits


@pytest.fixture(scope="module")
def spelling() -> CatalogSpelling:
    corrector = CatalogSpelling()
    corrector.learn(["leather", "walnut", "white", "reflective", "red", "knit"])
    return corrector


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("lether", "leather"),
        ("LEATHR", "leather"),
        ("walnutt", "walnut"),
        ("wlanut", "walnut"),  # a swap is one edit
        ("reflectve", "reflective"),
        ("relfectiev", "reflective"),  # two edits in a long word
    ],
)
def test_close_misspellings_of_longer_words_are_corrected(
    spelling: CatalogSpelling, typed: str, meant: str
) -> None:
    assert spelling.key(typed) == meant


@pytest.mark.parametrize("typed", ["whine", "while", "write", "rod", "knot", "leatherette", ""])
def test_real_words_short_words_and_far_words_are_left_alone(
    spelling: CatalogSpelling, typed: str
) -> None:
    assert spelling.key(typed) == normalize_word(typed)


def test_common_words_near_the_catalog_are_protected(spelling: CatalogSpelling) -> None:
    assert {"whine", "while", "write"} <= spelling.protected
    assert not spelling.protected & set(spelling.words)


def test_allowed_edits_grow_with_length() -> None:
    assert [allowed_edits(w) for w in ["red", "walnut", "reflective"]] == [0, 1, 2]


def test_the_state_round_trips_through_disk(spelling: CatalogSpelling, tmp_path: Path) -> None:
    spelling.to_disk(tmp_path)
    loaded = CatalogSpelling().from_disk(tmp_path)
    assert (loaded.words, loaded.protected) == (spelling.words, spelling.protected)
    assert loaded.key("lether") == "leather"
