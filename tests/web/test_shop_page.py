from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bot.web.shop_page import price_tag, shop_page
from tests.demo_catalog import CATALOG, SNEAKER


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal(89), "89 EUR"),
        (Decimal("89.00"), "89 EUR"),
        (Decimal("89.5"), "89.50 EUR"),
        (Decimal(1299), "1,299 EUR"),
        (Decimal(0), "0 EUR"),
    ],
)
def test_price_tags_show_cents_only_when_there_are_some(amount: Decimal, expected: str) -> None:
    assert price_tag(amount, "EUR") == expected


def test_one_card_per_product_in_catalog_order_each_starting_its_product() -> None:
    page = shop_page(CATALOG, bot_url="https://bot.example")

    assert page.shop == CATALOG.shop and page.bot_url == "https://bot.example"
    assert [card.name for card in page.products] == [p.name for p in CATALOG.products]
    assert page.products[0].from_price == "89 EUR"
    assert page.products[0].payload == '/design_product{"product":"sneaker"}'
    assert page.products[0].description == SNEAKER.description


def test_a_product_without_description_gets_an_empty_one() -> None:
    catalog = replace(CATALOG, products=(replace(SNEAKER, description=None),))
    assert shop_page(catalog, bot_url="").products[0].description == ""
