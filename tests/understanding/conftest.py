"""The real demo catalog, its products, and hostile messages as fixtures."""

from __future__ import annotations

import pytest

from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog, Product
from bot.settings import DEFAULT_CATALOG_PATH
from bot.understanding import find_products
from bot.understanding.vocabulary.lexicon import lexicon

from .support import HOSTILE


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The demo catalog, its vocabularies already built.

    They are built once per process, on first use: built here, that one-time cost is
    never inside a test that times a call (`support.timed`), whatever order the tests
    run in on a worker.
    """
    loaded = load_catalog(DEFAULT_CATALOG_PATH)
    find_products("", loaded)
    for product in loaded.products:
        lexicon(product)
    return loaded


@pytest.fixture(scope="session")
def products(catalog: Catalog) -> dict[str, Product]:
    """The demo products by id; tables of phrasings name the product they are about."""
    found = {product.id: product for product in catalog.products}
    assert {"sneaker", "desk", "tshirt"} <= found.keys(), "the demo catalog lost a product"
    return found


@pytest.fixture(params=sorted(HOSTILE), ids=sorted(HOSTILE))
def hostile(request: pytest.FixtureRequest) -> str:
    return HOSTILE[request.param]
