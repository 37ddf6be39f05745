"""The NLU's context-free entities, on the demo catalog and on a catalog made up here."""

from __future__ import annotations

import pytest

from bot.catalog.model import Catalog
from bot.understanding.entities import Entity, find_entities
from bot.understanding.vocabulary.pipeline import CatalogVocabulary

from .support import choice, option, product, timed


@pytest.fixture(scope="module")
def vocabulary(catalog: Catalog) -> CatalogVocabulary:
    return CatalogVocabulary.build(catalog.products)


def _found(vocabulary: CatalogVocabulary, message: str) -> list[tuple[str, object, str]]:
    return [(e.kind, e.value, message[e.start : e.end]) for e in find_entities(vocabulary, message)]


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # options by label, id and synonym, any case, plural, hyphen or space
        ("Full-Grain Leather please", [("option", "leather", "Full-Grain Leather")]),
        ("navy-blue", [("option", "navy", "navy-blue")]),
        ("navy blue", [("option", "navy", "navy blue")]),
        ("dual motor", [("option", "dual", "dual motor")]),
        ("dual-motor frame", [("option", "dual", "dual-motor"), ("attribute", "frame", "frame")]),
        ("two motors", [("option", "dual", "two motors")]),
        ("2XL", [("option", "xxl", "2XL")]),
        (
            "REFLECTIVE laces",
            [("option", "reflective", "REFLECTIVE"), ("attribute", "laces", "laces")],
        ),
        # close misspellings of longer words
        ("lether", [("option", "leather", "lether")]),
        ("walnutt top", [("option", "walnut", "walnutt"), ("attribute", "top", "top")]),
        ("resycled knit", [("option", "knit", "resycled knit")]),
        ("sneekers", [("product", "sneaker", "sneekers")]),
        # shared words: the entity is the option; which attribute is the dialogue's call
        ("white sole", [("option", "white", "white"), ("attribute", "sole", "sole")]),
        ("red laces", [("option", "red", "red"), ("attribute", "laces", "laces")]),
        (
            "black print on a white shirt",
            [
                ("option", "black", "black"),
                ("attribute", "print", "print"),
                ("option", "white", "white"),
                ("product", "tshirt", "shirt"),
            ],
        ),
        # T-shirt "grey" or desk "silver": a phrase with two ids keeps its key as value
        ("grey", [("option", "gray", "grey")]),
        # numbers in digits and words, with units as said
        ("size forty two", [("attribute", "size", "size"), ("number", 42, "forty two")]),
        ("41.5", [("number", 41.5, "41.5")]),
        ("1.6 m wide", [("number", 1.6, "1.6 m"), ("attribute", "width", "wide")]),
        ("160cm", [("number", 160, "160cm")]),
        ("1m60", [("number", 1.6, "1m60")]),
        ("80 cm deep", [("number", 80, "80 cm"), ("attribute", "depth", "deep")]),
        # quantities
        ("2 pairs", [("quantity", 2, "2 pairs")]),
        ("60 shirts", [("quantity", 60, "60 shirts")]),
        ("a dozen tees", [("quantity", 12, "a dozen tees")]),
        ("40 team shirts", [("quantity", 40, "40 team shirts")]),
        # quoted free text is never options or numbers
        (
            "print 'NO SLEEP' on it",
            [("attribute", "print", "print"), ("text", "NO SLEEP", "NO SLEEP")],
        ),
        ('monogram " JD 23 "', [("attribute", "monogram", "monogram"), ("text", "JD 23", "JD 23")]),
        ("print 'RED 5'", [("attribute", "print", "print"), ("text", "RED 5", "RED 5")]),
    ],
)
def test_tricky_phrasings(
    vocabulary: CatalogVocabulary, message: str, expected: list[tuple[str, object, str]]
) -> None:
    assert _found(vocabulary, message) == expected


@pytest.mark.parametrize(
    "message",
    ["whine and cheese", "the weather is nice", "write me a poem", "while you wait", "short"],
)
def test_common_words_near_catalog_words_are_not_corrected(
    vocabulary: CatalogVocabulary, message: str
) -> None:
    assert _found(vocabulary, message) == []


def test_a_new_product_and_its_synonyms_need_no_code() -> None:
    bike = product(
        "bike",
        choice("saddle", option("brooks", "Brooks leather", "honey saddle")),
        choice("frame_colour", option("teal", "Teal", "turquoise"), name="frame colour"),
        name="City bike",
        unit="bike",
        also_called=("bicycle", "cruiser"),
    )
    vocabulary = CatalogVocabulary.build([bike])
    assert _found(vocabulary, "Two bicycles with a turqoise frame colour and a honey-saddle") == [
        ("quantity", 2, "Two bicycles"),
        ("option", "teal", "turqoise"),
        ("attribute", "frame_colour", "frame colour"),
        ("option", "brooks", "honey-saddle"),
    ]


def test_a_phrase_with_several_ids_keeps_its_words_as_value(
    vocabulary: CatalogVocabulary,
) -> None:
    """ "print" names three T-shirt attributes: the value says so rather than guess."""
    [entity] = find_entities(vocabulary, "print")
    assert entity == Entity("attribute", "print", 0, 5)


def test_bad_input_is_read_quickly_and_calmly(vocabulary: CatalogVocabulary, hostile: str) -> None:
    entities = timed(lambda: find_entities(vocabulary, hostile))
    for entity in entities:
        assert 0 <= entity.start < entity.end <= 1_000


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        # spaCy splits "whats" and "im" like "what's" and "i'm": no T-shirt sizes
        ("whats the score", []),
        ("ok im off", []),
        ("size M please", [("attribute", "size", "size"), ("option", "m", "M")]),
        # a bare "one" is a pronoun; counted, or with a unit, it is a number
        ("the beige one", [("option", "sand", "beige")]),
        ("one for me and one for my wife", []),
        ("one desk", [("quantity", 1, "one desk")]),
        ("forty one", [("number", 41, "forty one")]),
    ],
)
def test_catalog_words_are_whole_words_and_one_is_no_number(
    vocabulary: CatalogVocabulary, message: str, expected: list[tuple[str, object, str]]
) -> None:
    assert _found(vocabulary, message) == expected
