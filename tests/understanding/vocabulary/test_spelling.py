"""Typo correction that stays away from real words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.spelling import CatalogSpelling, allowed_edits, is_common_word


@pytest.fixture(scope="module")
def spelling() -> CatalogSpelling:
    corrector = CatalogSpelling()
    corrector.learn(
        ["leather", "walnut", "white", "reflective", "red", "knit", "shirt", "sneaker", "desk"],
        product_words=["shirt", "sneaker", "desk"],
    )
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
        ("sneekr", "sneaker"),  # two edits in a product word of five letters or more
        ("shrt", "shirt"),  # however short the typo
        ("srht", "shirt"),
    ],
)
def test_close_misspellings_of_longer_words_are_corrected(
    spelling: CatalogSpelling, typed: str, meant: str
) -> None:
    assert spelling.key(typed) == meant


@pytest.mark.parametrize(
    "typed",
    ["whine", "while", "write", "rod", "knot", "leatherette", "", "wlnt", "dsk", "deks", "lethr"],
)
def test_real_words_short_words_and_far_words_are_left_alone(
    spelling: CatalogSpelling, typed: str
) -> None:
    assert spelling.key(typed) == normalize_word(typed)


def test_common_words_near_the_catalog_are_protected(spelling: CatalogSpelling) -> None:
    assert {"whine", "while", "write"} <= spelling.protected
    assert not spelling.protected & set(spelling.words)


def test_common_words_two_edits_from_a_product_word_are_protected_too(
    spelling: CatalogSpelling,
) -> None:
    """ "start" and "short" are two edits from "shirt", "speaker" one from "sneaker"."""
    assert {"start", "short", "skirt", "shift", "speaker", "sir"} <= spelling.protected
    assert [spelling.key(word) for word in ["start", "short", "speaker"]] == [
        "start",
        "short",
        "speaker",
    ]


def test_allowed_edits_grow_with_the_typo_and_with_product_words() -> None:
    typed = ["red", "walnutt", "reflectve", "shrt"]
    words = ["red", "walnut", "reflective", "shirt", "desk"]
    limits = allowed_edits(typed, words, product_words={"shirt", "desk"})
    assert limits.tolist() == [
        [0, 0, 0, 2, 0],  # short typos: only five-letter product words forgive edits
        [1, 1, 1, 2, 1],
        [2, 2, 2, 2, 2],
        [0, 0, 0, 2, 0],  # "desk" is a product word, but too short to be guessed at
    ]


def test_only_catalog_words_can_be_product_words() -> None:
    corrector = CatalogSpelling()
    corrector.learn(["white"], product_words=["white", "sneaker"])
    assert corrector.product_words == {"white"}


def test_the_state_round_trips_through_disk(spelling: CatalogSpelling, tmp_path: Path) -> None:
    spelling.to_disk(tmp_path)
    loaded = CatalogSpelling().from_disk(tmp_path)
    assert (loaded.words, loaded.product_words, loaded.protected) == (
        spelling.words,
        spelling.product_words,
        spelling.protected,
    )
    assert loaded.key("lether") == "leather"
    assert loaded.key("sneekr") == "sneaker"


def test_a_state_saved_without_product_words_reads_every_word_alike(tmp_path: Path) -> None:
    """What models trained before product words were saved hold."""
    (tmp_path / "spelling.json").write_text(
        json.dumps({"words": ["shirt", "walnut"], "protected": []}), encoding="utf-8"
    )
    loaded = CatalogSpelling().from_disk(tmp_path)
    assert loaded.product_words == frozenset()
    assert (loaded.key("shrt"), loaded.key("walnutt")) == ("shrt", "walnut")


@pytest.mark.parametrize(
    ("word", "common"),
    [("cable", True), ("Tables", True), ("START", True), ("tabel", False), ("sneekrs", False),
     ("", False), ("x" * 10_000, False), ("🎉", False)],
)  # fmt: skip
def test_common_words_are_told_from_typos(word: str, common: bool) -> None:
    assert is_common_word(word) is common


def test_every_protected_word_is_common(spelling: CatalogSpelling) -> None:
    assert all(is_common_word(word) for word in spelling.protected)
