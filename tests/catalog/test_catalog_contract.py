"""Our catalog must carry the business's content unchanged; only our additions may differ."""

from dataclasses import replace

import pytest

from bot.catalog.loader import load_catalog
from bot.catalog.model import Attribute, Catalog, Option, Product
from bot.settings import DEFAULT_CATALOG_PATH, PROJECT_ROOT

CONTRACTS = PROJECT_ROOT.parent / "shared" / "contracts"
SHARED_CATALOG = CONTRACTS / "demo-catalog.yml"


def shared_catalog() -> Catalog:
    if not SHARED_CATALOG.is_file():
        pytest.skip(f"the shared contract {SHARED_CATALOG} is not checked out next to the repo")
    return load_catalog(SHARED_CATALOG)


def without_our_additions(catalog: Catalog) -> Catalog:
    """The catalog minus descriptions and attribute `also_called`, which only we add."""
    return replace(catalog, products=tuple(map(_product, catalog.products)))


def _product(product: Product) -> Product:
    return replace(product, description=None, attributes=tuple(map(_attribute, product.attributes)))


def _attribute(attribute: Attribute) -> Attribute:
    return replace(
        attribute,
        description=None,
        also_called=(),
        options=tuple(map(_option, attribute.options)),
    )


def _option(option: Option) -> Option:
    return replace(option, description=None)


def test_our_catalog_carries_the_contract_unchanged() -> None:
    theirs = shared_catalog()
    ours = without_our_additions(load_catalog(DEFAULT_CATALOG_PATH))

    assert ours == theirs


def test_comparison_would_notice_a_changed_price() -> None:
    theirs = shared_catalog()
    ours = load_catalog(DEFAULT_CATALOG_PATH)
    cheaper = replace(ours.products[0], base_price=ours.products[0].base_price - 1)

    assert without_our_additions(replace(ours, products=(cheaper, *ours.products[1:]))) != theirs


def test_the_comma_labels_are_quoted_and_read_whole() -> None:
    """Unquoted, YAML would split `{label: Electric, single motor}` at the comma."""
    frame = shared_catalog().products[1].attribute("frame")
    assert frame is not None

    assert [o.label for o in frame.options] == [
        "Manual crank",
        "Electric, single motor",
        "Electric, dual motor",
    ]
    text = SHARED_CATALOG.read_text(encoding="utf-8")
    assert all(f'label: "{o.label}",' in text for o in frame.options if "," in o.label)
