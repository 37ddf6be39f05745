"""What the demo shop's front page shows of the catalog, already formatted.

Like `spec_page`, the template only places strings; the wording of prices and the
payload each "Design yours" button sends are decided here, where they are tested.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.model import Catalog
from bot.dialogue import payloads


@dataclass(frozen=True)
class ProductCard:
    """One product on the shop page, and what its button asks the bot."""

    name: str
    description: str
    from_price: str
    payload: str


@dataclass(frozen=True)
class ShopPage:
    """Everything the shop template displays, and where the widget finds the bot."""

    shop: str
    products: tuple[ProductCard, ...]
    bot_url: str


def shop_page(catalog: Catalog, bot_url: str) -> ShopPage:
    """One card per catalog product, in catalog order; the button starts that product."""
    return ShopPage(
        shop=catalog.shop,
        products=tuple(
            ProductCard(
                name=product.name,
                description=product.description or "",
                from_price=price_tag(product.base_price, catalog.currency),
                payload=payloads.choose_product(product.id),
            )
            for product in catalog.products
        ),
        bot_url=bot_url,
    )


def price_tag(amount: Decimal, currency: str) -> str:
    """A shop-window price: '89 EUR', '1,299 EUR', cents only when there are some."""
    digits = f"{amount:,.0f}" if amount == amount.to_integral_value() else f"{amount:,.2f}"
    return f"{digits} {currency}"
