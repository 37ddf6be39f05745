"""The real demo catalog for tests, loaded once, with its three products at hand."""

from __future__ import annotations

from bot.catalog.loader import load_catalog
from bot.catalog.model import Product
from bot.settings import DEFAULT_CATALOG_PATH

CATALOG = load_catalog(DEFAULT_CATALOG_PATH)


def product(product_id: str) -> Product:
    """A demo product by id; a typo in a test fails loudly."""
    found = CATALOG.product(product_id)
    assert found is not None, product_id
    return found


SNEAKER = product("sneaker")
DESK = product("desk")
TSHIRT = product("tshirt")
