"""Finding products by every name, synonym and misspelling the NLU's entities know."""

from __future__ import annotations

import random
import re
from collections.abc import Iterator

import pytest
from rapidfuzz.distance import DamerauLevenshtein

from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog, Product
from bot.settings import DEFAULT_CATALOG_PATH
from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.pipeline import CatalogVocabulary
from bot.understanding.vocabulary.products import find_products
from bot.understanding.vocabulary.spelling import (
    COMPONENT,
    MIN_TYPO_LENGTH,
    PRODUCT_WORD_EDITS,
    CatalogSpelling,
    is_common_word,
)
from bot.understanding.vocabulary.vocabulary import product_phrases

from ..support import choice, option, product, timed


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("I'd like to design my own trainers", ["sneaker"]),
        ("team t-shirts", ["tshirt"]),
        ("a standing desk 160 wide", ["desk"]),
        ("tshirt", ["tshirt"]),
        ("T shirts for the club", ["tshirt"]),
        ("a sit-stand desk", ["desk"]),
        ("sit stand desk", ["desk"]),
        ("Custom Sneakers", ["sneaker"]),
        ("new kicks", ["sneaker"]),
        ("a workstation and some tees", ["desk", "tshirt"]),
        ("shirts and shoes and more shirts", ["tshirt", "sneaker"]),
        ("I'd like some custom sneekrs", ["sneaker"]),
        ("can I get custom trainners?", ["sneaker"]),
        ("a stnading desk", ["desk"]),
        ("black tshrits", ["tshirt"]),
        ("a black shirt", ["tshirt"]),  # "shirt" is also how the shirt colour is named
        ("how do I restore an old wooden desk?", ["desk"]),  # found; the dialogue decides
        ("I'm just looking", []),
        ("outstanding", []),
        ("guarantee", []),
        ("comfortable", []),
        ("", []),
    ],
)
def test_demo_products(catalog: Catalog, message: str, found: list[str]) -> None:
    assert [p.id for p in find_products(message, catalog)] == found


def test_a_new_product_is_found_by_its_catalog_names() -> None:
    mug = product("mug", choice("glaze", option("matte")), name="Ceramic mug", also_called=("cup",))
    shop = Catalog(shop="Test", currency="EUR", products=(mug,))
    for message in ["a ceramic mug", "two cups please", "MUGS", "mug"]:
        assert find_products(message, shop) == [mug], message
    assert find_products("a ceramic plate", shop) == []


def test_hostile_input_is_answered_quickly(catalog: Catalog, hostile: str) -> None:
    found = timed(lambda: find_products(hostile, catalog))
    assert all(p in catalog.products for p in found)


def test_products_come_from_the_catalog_passed_even_when_an_equal_one_was_seen_first() -> None:
    first = load_catalog(DEFAULT_CATALOG_PATH)
    second = load_catalog(DEFAULT_CATALOG_PATH)
    assert first == second
    find_products("team t-shirts", first)
    (found,) = find_products("team t-shirts", second)
    assert found is second.product("tshirt")


NOT_PRODUCT_WORDS = [
    "start", "short", "skirt", "shift", "sheet", "smart", "speaker", "snake", "sneer",
    "stable", "tablet", "label", "cable tray", "trainee", "training", "costume", "custody",
    "customer", "printer", "printing", "standard", "strand", "stamp", "sand", "deck",
    "disk", "tea", "sir", "team", "am I covered for overdrafts", "a self-driving car",
]  # fmt: skip
"""Common English words one or two edits from a product word, and off-topic phrases."""


@pytest.mark.parametrize("message", NOT_PRODUCT_WORDS)
def test_words_that_only_look_like_product_words_name_no_product(
    catalog: Catalog, message: str
) -> None:
    assert find_products(message, catalog) == []


def test_every_name_and_synonym_of_every_product_is_found(catalog: Catalog) -> None:
    for item in catalog.products:
        for phrase in product_phrases(item):
            assert find_products(phrase, catalog) == [item], phrase


@pytest.fixture(scope="module")
def spelling(catalog: Catalog) -> CatalogSpelling:
    """The spelling component of the catalog's pipeline, whose notions the test reuses."""
    component: CatalogSpelling = CatalogVocabulary.build(catalog.products).nlp.get_pipe(COMPONENT)
    return component


EDITS = ("deletion", "insertion", "substitution", "transposition")
LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _edit(word: str, kind: str, rng: random.Random) -> str:
    at = rng.randrange(len(word))
    if kind == "deletion":
        return word[:at] + word[at + 1 :]
    if kind == "insertion":
        return word[:at] + rng.choice(LETTERS) + word[at:]
    if kind == "substitution":
        return word[:at] + rng.choice(LETTERS.replace(word[at], "")) + word[at + 1 :]
    at = min(at, len(word) - 2)
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def misspellings(word: str, samples: int = 3) -> Iterator[str]:
    """Each kind of edit once, and each pair of kinds twice over, `samples` times each."""
    rng = random.Random(word)
    for _ in range(samples):
        for first in EDITS:
            yield _edit(word, first, rng)
            for second in EDITS:
                yield _edit(_edit(word, first, rng), second, rng)


def _is_its_typo(spelling: CatalogSpelling, typed: str, meant: str) -> bool:
    """Whether `typed` can only be a typo of `meant`, as the component sees words.

    Not when the typo is itself a catalog word or a common English word (as the
    component's guard sees it: `is_common_word`, whose words near the catalog it never
    corrects), nor when, read as a key (plural -s dropped), it is further than two edits
    from `meant` or no nearer to it than to some other catalog word.
    """
    key = normalize_word(typed)
    if key in spelling.words or is_common_word(key) or key == meant:
        return False
    distance = DamerauLevenshtein.distance(key, meant)
    others = (DamerauLevenshtein.distance(key, word) for word in spelling.words if word != meant)
    return distance <= PRODUCT_WORD_EDITS and distance < min(others)


def _misspelt_phrases(item: Product, spelling: CatalogSpelling) -> Iterator[tuple[str, str]]:
    """`(phrase, misspelt phrase)`: one word of five letters or more misspelt at a time."""
    for phrase in product_phrases(item):
        for word in re.finditer(r"[A-Za-z]+", phrase):
            meant = normalize_word(word.group())
            if len(meant) < MIN_TYPO_LENGTH:
                continue
            for typo in misspellings(word.group().lower()):
                if _is_its_typo(spelling, typo, meant):
                    yield phrase, phrase[: word.start()] + typo + phrase[word.end() :]


def test_one_and_two_edit_misspellings_of_product_words_are_found(
    catalog: Catalog, spelling: CatalogSpelling
) -> None:
    tried = 0
    for item in catalog.products:
        for phrase, misspelt in _misspelt_phrases(item, spelling):
            tried += 1
            assert find_products(misspelt, catalog) == [item], (phrase, misspelt)
    assert tried > 500  # the filters left plenty of typos to try
