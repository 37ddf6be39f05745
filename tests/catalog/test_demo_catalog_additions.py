"""Our additions to the demo catalog: descriptions and the words customers use."""

import pytest

from bot.catalog.loader import load_catalog
from bot.catalog.model import Product
from bot.settings import DEFAULT_CATALOG_PATH

CATALOG = load_catalog(DEFAULT_CATALOG_PATH)


def one_sentence(text: str | None) -> bool:
    return text is not None and text.endswith(".") and ". " not in text and text[0].isupper()


@pytest.mark.parametrize("product", CATALOG.products, ids=lambda p: p.id)
def test_every_product_and_option_has_a_one_sentence_description(product: Product) -> None:
    undescribed = [product.id] if not one_sentence(product.description) else []
    undescribed += [
        f"{attribute.id}: {option.id}"
        for attribute in product.attributes
        for option in attribute.options
        if not one_sentence(option.description)
    ]

    assert undescribed == []


@pytest.mark.parametrize(
    ("product_id", "attribute_id", "words"),
    [
        ("sneaker", "size", {"shoe size"}),
        ("sneaker", "color", {"colour", "color"}),
        ("sneaker", "sole", {"soles", "outsole"}),
        ("sneaker", "laces", {"lace", "shoelaces"}),
        ("sneaker", "monogram", {"initials"}),
        ("desk", "width", {"wide"}),
        ("desk", "depth", {"deep"}),
        ("desk", "top", {"top", "tabletop", "desktop", "surface"}),
        ("desk", "frame_color", {"frame colour", "frame color"}),
        ("desk", "cable_tray", {"cable tray", "cable management"}),
        ("tshirt", "print_text", {"text", "slogan", "wording"}),
        ("tshirt", "print_position", {"position", "placement"}),
    ],
)
def test_attributes_answer_to_customer_words(
    product_id: str, attribute_id: str, words: set[str]
) -> None:
    product = CATALOG.product(product_id)
    assert product is not None
    attribute = product.attribute(attribute_id)
    assert attribute is not None

    assert words <= set(attribute.also_called)
