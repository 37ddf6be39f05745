"""The extra product is a valid catalog edit, and one the training data has never seen.

The new-product stack (tests/e2e/test_new_product.py) proves that the model understands
a product from the catalog alone; that proof holds only while no training example,
rule or story uses the product's words, so this is checked here rather than trusted.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from bot.catalog.loader import load_catalog
from bot.catalog.model import Product
from bot.layout import DOMAIN_FILE, TEST_STORIES_DIR, TRAINING_DATA
from bot.settings import PROJECT_ROOT
from bot.training.checks import check_catalog, check_project
from tests.catalogs import CATALOG, PRODUCT, catalog_with_extra_product
from tests.demo_catalog import CATALOG as DEMO_CATALOG


def customer_words(product: Product) -> set[str]:
    """Every word the catalog lets a customer use for the product and its choices."""
    phrases = [product.id, product.name, *product.also_called]
    for attribute in product.attributes:
        phrases += [attribute.id, attribute.name, *attribute.also_called]
        for option in attribute.options:
            phrases += [option.id, option.label, *option.also_called]
    return {word for phrase in phrases for word in re.findall(r"[a-z]+", phrase.lower())}


def model_inputs() -> Iterator[Path]:
    """The files whose words the model is trained on or tested with, besides the catalog."""
    yield PROJECT_ROOT / DOMAIN_FILE
    for folder in (TRAINING_DATA, TEST_STORIES_DIR):
        yield from sorted((PROJECT_ROOT / folder).rglob("*.yml"))


def test_the_written_catalog_loads_as_the_demo_catalog_plus_the_product(tmp_path: Path) -> None:
    loaded = load_catalog(catalog_with_extra_product(tmp_path))

    assert loaded == CATALOG
    assert loaded.products == (*DEMO_CATALOG.products, PRODUCT)


def test_tailor_data_check_finds_no_problem_with_the_product() -> None:
    """Each of its attributes can be asked and answered, and each option reached."""
    assert list(check_catalog(CATALOG)) == []


def test_the_product_makes_tailor_data_check_find_nothing_new_in_the_training_data() -> None:
    """No example contradicts the catalog with the product (the data's own problems, if
    any, are `make validate`'s to report)."""
    assert check_project(PROJECT_ROOT, CATALOG) == check_project(PROJECT_ROOT, DEMO_CATALOG)


def test_no_training_file_uses_the_products_words() -> None:
    words = customer_words(PRODUCT) - customer_words_of_the_demo()
    assert PRODUCT.id in words
    found = {
        (word, path.relative_to(PROJECT_ROOT).as_posix())
        for path in model_inputs()
        for word in words
        if re.search(rf"\b{word}(?:e?s)?\b", path.read_text(encoding="utf-8"), re.IGNORECASE)
    }
    assert found == set()


def customer_words_of_the_demo() -> set[str]:
    """The demo catalog's words ("black"): a new product may share them, as real ones do."""
    return {word for product in DEMO_CATALOG.products for word in customer_words(product)}
