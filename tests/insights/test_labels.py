from __future__ import annotations

import dataclasses

import pytest

from bot.catalog.model import Catalog
from bot.insights.labels import NO_QUESTION, NO_VALUE, Labels, display
from tests.demo_catalog import CATALOG, DESK, SNEAKER

LABELS = Labels(CATALOG)


def test_products_by_name_unknown_ones_by_id() -> None:
    assert LABELS.product("sneaker") == "Custom sneakers"
    assert LABELS.product("mug") == "mug"
    assert LABELS.product(None) == "no product"


def test_attributes_by_the_catalogs_name() -> None:
    assert LABELS.attribute("sneaker", "color") == "upper colour"
    assert LABELS.attribute("tshirt", "color") == "shirt colour"
    assert LABELS.attribute("sneaker", "heel") == "heel"
    assert LABELS.attribute("mug", "color") == "color"


@pytest.mark.parametrize(
    ("product", "attribute", "value", "label"),
    [
        ("sneaker", "material", "suede", "Suede"),
        ("sneaker", "sole", "white", "White rubber"),  # the option of *that* attribute
        ("sneaker", "color", "white", "White"),
        ("desk", "frame", "single", "Electric, single motor"),
        ("desk", "width", "180", "180 cm"),
        ("sneaker", "size", "42.5", "42.5 EU"),
        ("desk", "width", "250 cm", "250 cm"),  # the customer's words, as given
        ("desk", "width", "very wide", "very wide"),
        ("desk", "cable_tray", "yes", "yes"),
        ("sneaker", "color", "purple", "purple"),
        ("sneaker", "monogram", None, NO_VALUE),
        ("mug", "handle", "big", "big"),
        ("sneaker", "heel", "high", "high"),
    ],
)
def test_values(product: str, attribute: str, value: str | None, label: str) -> None:
    assert LABELS.value(product, attribute, value) == label


@pytest.mark.parametrize(
    ("product", "question", "label"),
    [
        (None, "transcript_consent", "consent to keep the transcript"),
        (None, "product", "which product"),
        ("desk", "top", "desktop"),
        ("desk", "quantity", "quantity"),
        ("desk", "confirmed", "the summary"),
        ("desk", "rating", "rating"),
        ("desk", "feedback_comment", "feedback comment"),
        ("desk", "contact", "contact details for staff"),
        ("desk", None, NO_QUESTION),
        (None, None, NO_QUESTION),
        (None, "top", "desktop"),  # only the desk has a top
        (None, "color", "color"),  # two products call their colours differently
        ("desk", "something_new", "something_new"),
    ],
)
def test_questions(product: str | None, question: str | None, label: str) -> None:
    assert LABELS.question(product, question) == label


def test_rank_follows_the_catalog_with_unknown_ids_last() -> None:
    ordered = sorted(
        [
            ("mug", None),
            ("desk", "top"),
            ("desk", "gone"),
            ("sneaker", "laces"),
            ("desk", "width"),
            ("sneaker", "size"),
            ("cup", None),
        ],
        key=lambda pair: LABELS.rank(*pair),
    )

    assert ordered == [
        ("sneaker", "size"),
        ("sneaker", "laces"),
        ("desk", "width"),
        ("desk", "top"),
        ("desk", "gone"),
        ("cup", None),
        ("mug", None),
    ]


def test_free_text_is_not_counted_as_a_choice() -> None:
    assert not LABELS.is_choice_like("sneaker", "monogram")
    assert not LABELS.is_choice_like("tshirt", "print_text")
    assert LABELS.is_choice_like("sneaker", "material")
    assert LABELS.is_choice_like("sneaker", "size")
    assert LABELS.is_choice_like("desk", "cable_tray")
    assert LABELS.is_choice_like("sneaker", "removed_since")


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("plain", "plain"),
        ("two\nlines\tand  spaces", "two lines and spaces"),
        ("nul\x00bell\x07escape\x1b[31m", "nul bell escape [31m"),
        ("right\u202eto left", "right to left"),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),
        ("x" * 500, "x" * 39 + "…"),
    ],
)
def test_display_is_one_short_visible_line(raw: str, shown: str) -> None:
    assert display(raw) == shown


def test_customer_words_are_cleaned_for_display() -> None:
    assert (
        LABELS.value("sneaker", "color", "pur\x00ple\n" + "e" * 300) == "pur ple " + "e" * 31 + "…"
    )


def test_catalog_names_are_cleaned_too() -> None:
    renamed = dataclasses.replace(DESK, name="Desk\x1b[2J & <b>co</b>")
    catalog = Catalog(shop="Shop", currency="EUR", products=(renamed, SNEAKER))

    assert Labels(catalog).product("desk") == "Desk [2J & <b>co</b>"
