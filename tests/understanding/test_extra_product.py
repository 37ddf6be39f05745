"""The extra product (tests/catalogs) is read like the demo ones, with no code of its own.

What the live stack's NLU and actions do with its words starts here: the NLU component
reports `find_entities` (and marks them for DIET), the dialogue finds the product with
`find_products` and reads the answers with `extract`.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.understanding import Extraction, extract, find_products
from bot.understanding.entities import find_entities
from bot.understanding.vocabulary.pipeline import CatalogVocabulary
from tests.catalogs import CATALOG, PRODUCT

D = Decimal
E = Extraction


@pytest.fixture(scope="module")
def vocabulary() -> CatalogVocabulary:
    return CatalogVocabulary.build(CATALOG.products)


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("a kitchen clock please", ["clock"]),
        ("custom clocks", ["clock"]),
        ("I'd like to design a clock", ["clock"]),
        ("kitchen-clock", ["clock"]),
        ("two timepieces", ["clock"]),
        ("sneakers or a clock", ["sneaker", "clock"]),
        ("what is terrazzo?", []),
    ],
)
def test_the_product_is_found_by_its_name_and_synonyms(message: str, found: list[str]) -> None:
    assert [product.id for product in find_products(message, CATALOG)] == found


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("a kitchen clock please", [("product", "clock", "kitchen clock")]),
        ("custom clocks", [("product", "clock", "clocks")]),
        ("12 clocks", [("quantity", 12, "12 clocks")]),
        ("12 kitchen clocks", [("quantity", 12, "12 kitchen clocks")]),
        ("a terrazzo face", [("option", "terrazzo", "terrazzo"), ("attribute", "dial", "face")]),
        ("terazzo", [("option", "terrazzo", "terazzo")]),
        ("birch plywood", [("option", "birch", "birch plywood")]),
        ("cement dial", [("option", "concrete", "cement"), ("attribute", "dial", "dial")]),
        ("no engraving", [("attribute", "dedication", "engraving")]),
        ("sweep movement please", [("attribute", "silent", "sweep movement")]),
        (
            "40 cm diameter",
            [("number", 40, "40 cm"), ("attribute", "diameter", "diameter")],
        ),
        (
            "I'd like a kitchen clock, 30 cm in diameter, with a terrazzo face and a silent "
            "movement",
            [
                ("product", "clock", "kitchen clock"),
                ("number", 30, "30 cm"),
                ("attribute", "diameter", "diameter"),
                ("option", "terrazzo", "terrazzo"),
                ("attribute", "dial", "face"),
                ("attribute", "silent", "silent movement"),
            ],
        ),
    ],
)
def test_the_nlu_entities_mark_the_products_words(
    vocabulary: CatalogVocabulary, message: str, expected: list[tuple[str, object, str]]
) -> None:
    entities = find_entities(vocabulary, message)
    assert [(e.kind, e.value, message[e.start : e.end]) for e in entities] == expected


@pytest.mark.parametrize(
    ("message", "asked", "expected"),
    [
        # number with its unit, in digits and in words
        ("forty centimetres", "diameter", E({"diameter": D(40)})),
        ("thirty five", "diameter", E({"diameter": D(35)})),
        ("40 cm diameter", None, E({"diameter": D(40)})),
        # choice, by label, synonym and colour word
        ("cement", "dial", E({"dial": "concrete"})),
        ("the speckled one", "dial", E({"dial": "terrazzo"})),
        ("plywood please", "dial", E({"dial": "birch"})),
        ("black", "dial", E({"dial": "black"})),
        ("make the dial terrazzo", None, E({"dial": "terrazzo"})),
        # optional text, given or declined by its name or a synonym
        ("FOR ANNA 1987", "dedication", E({"dedication": "FOR ANNA 1987"})),
        ("no engraving", "dedication", E(skipped=frozenset({"dedication"}))),
        ("no thanks", "dedication", E(skipped=frozenset({"dedication"}))),
        # yes / no
        ("yes please", "silent", E({"silent": True})),
        # quantity, counted by the unit or the product's name
        ("12 clocks", "quantity", E(quantity=12)),
        ("twelve kitchen clocks", "quantity", E(quantity=12)),
        # several values at once
        (
            "I'd like a kitchen clock, 30 cm in diameter, with a terrazzo face and a silent "
            "movement",
            None,
            E({"diameter": D(30), "dial": "terrazzo", "silent": True}),
        ),
        ("a birch face, 35 cm", None, E({"dial": "birch", "diameter": D(35)})),
    ],
)
def test_answers_about_the_product_are_read_as_its_values(
    message: str, asked: str | None, expected: Extraction
) -> None:
    assert extract(message, PRODUCT, asked) == expected
