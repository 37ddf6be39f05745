"""The demo catalog plus a fourth product the training data has never seen.

The product is defined once, in `extra_product.yml`; the catalog is the demo catalog
with it appended, read with the catalog loader's own strict YAML reading. Unit tests
use the parsed `CATALOG`; the live stack that proves a catalog edit plus retraining is
enough (tests/e2e/conftest.py) is trained on the file `catalog_with_extra_product`
writes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from bot.catalog.loader import parse_catalog
from bot.catalog.model import Product
from bot.catalog.yaml_file import parse_yaml, read_catalog_file
from bot.settings import DEFAULT_CATALOG_PATH

EXTRA_PRODUCT_FILE = Path(__file__).with_name("extra_product.yml")
CATALOG_FILE_NAME = "catalog-with-extra-product.yml"
SOURCE = f"{DEFAULT_CATALOG_PATH.name} + {EXTRA_PRODUCT_FILE.name}"
"""How errors name the combined catalog: each half is a file of its own."""


def _read(path: Path) -> Any:
    return parse_yaml(read_catalog_file(path), str(path))


def catalog_data() -> dict[str, Any]:
    """The demo catalog's data with the extra product appended, read afresh each call."""
    data = _read(DEFAULT_CATALOG_PATH)
    data["products"].append(_read(EXTRA_PRODUCT_FILE))
    return data


def catalog_with_extra_product(target: Path) -> Path:
    """Write the catalog into the folder `target`; return the file's path.

    The same content on every run, so Rasa's training cache recognises it (the catalog
    entity component's fingerprint is the file's content).
    """
    path = target / CATALOG_FILE_NAME
    path.write_text(yaml.safe_dump(catalog_data(), sort_keys=False, allow_unicode=True))
    return path


CATALOG = parse_catalog(catalog_data(), source=SOURCE)
PRODUCT: Product = CATALOG.products[-1]
"""The extra product, as the bot reads it (appended, so last)."""
