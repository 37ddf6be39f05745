"""Seeded typos: the same every run, exactly as far from the word as asked, never English."""

from __future__ import annotations

import pytest
from rapidfuzz.distance import DamerauLevenshtein

from bot.evaluation.misspellings import misspellings
from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.spelling import is_common_word

PRODUCT_WORDS = {"sneaker", "trainer", "table"}


def test_the_same_seed_gives_the_same_typos() -> None:
    first = misspellings("trainers", 1, 3, "seed", PRODUCT_WORDS)
    assert first == misspellings("trainers", 1, 3, "seed", PRODUCT_WORDS)
    assert first != misspellings("trainers", 1, 3, "other seed", PRODUCT_WORDS)
    assert len(set(first)) == 3


@pytest.mark.parametrize("edits", [1, 2])
def test_typos_are_exactly_that_many_edits_from_the_word(edits: int) -> None:
    for typo in misspellings("Workstation", edits, 5, "seed"):
        assert DamerauLevenshtein.distance(typo, "workstation") == edits


def test_another_form_of_the_word_is_no_typo() -> None:
    for typo in misspellings("sneakers", 1, 20, "seed", PRODUCT_WORDS):
        assert normalize_word(typo) != "sneaker"


def test_common_words_are_never_typos() -> None:
    assert is_common_word("cable") and is_common_word("Tables") and not is_common_word("tabel")
    typos = misspellings("table", 1, 30, "seed", PRODUCT_WORDS)
    assert typos and not any(is_common_word(typo) for typo in typos)


def test_only_typos_the_bot_forgives() -> None:
    """Two edits in a short word are forgiven for product words only."""
    assert misspellings("table", 2, 3, "seed", PRODUCT_WORDS)
    assert misspellings("cedar", 2, 3, "seed") == ()


def test_a_word_with_few_typos_gives_fewer() -> None:
    assert len(misspellings("ox", 1, 3, "seed")) == 0
