"""The real demo catalog, its products, and hostile messages as fixtures."""

from __future__ import annotations

import pytest

from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog, Product
from bot.settings import DEFAULT_CATALOG_PATH

from .support import HOSTILE


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(DEFAULT_CATALOG_PATH)


@pytest.fixture(scope="session")
def products(catalog: Catalog) -> dict[str, Product]:
    """The demo products by id; tables of phrasings name the product they are about."""
    found = {product.id: product for product in catalog.products}
    assert {"sneaker", "desk", "tshirt"} <= found.keys(), "the demo catalog lost a product"
    return found


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> str:
    return HOSTILE[request.param]
