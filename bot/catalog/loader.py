"""Loading the catalog: a YAML file in, a checked and typed `Catalog` out.

Schema (any other key is an error, so typos fail loudly):

    shop: text
    currency: three capital letters (EUR)
    products: list of
      id, name, base_price (>= 0), lead_time_days (whole, >= 0)
      also_called: [names]; description: text                  (optional)
      quantity: {min (whole, >= 1), max (>= min), unit: singular noun,
                 discounts: [{min_quantity, discount in [0, 1)}, ...] (both increasing)}
      attributes: list, in the order they are asked, of
        id, name, type: number | choice | text | yes_no
        optional: true/false; also_called: [names]; description: text   (optional)
        number: unit, min, max, step (> 0, max = min + n * step),
                surcharge: {above, per (> 0), price}                    (optional)
        choice: options: [{id, label, price, lead_time_days, also_called, description}]
        text:   max_length (> 0), allowed: a TextCharset phrase, price, lead_time_days
        yes_no: price, lead_time_days (charged when the answer is yes)
      rules: [{when: CONDITION, forbid: CONDITION, message: text}]     (see rule_parsing)

Ids match ^[a-z][a-z0-9_]*$ and are unique among products, among a product's
attributes and among an attribute's options. Unset prices and lead times are 0.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from pathlib import Path

from bot.catalog.attribute_parsing import parse_attributes
from bot.catalog.errors import CatalogError
from bot.catalog.fields import (
    NOT_NEGATIVE,
    RATE,
    WHOLE_NOT_NEGATIVE,
    WHOLE_POSITIVE,
    Place,
    Section,
    require_unique_ids,
)
from bot.catalog.model import Catalog, DiscountTier, Product, QuantityLimits
from bot.catalog.rule_parsing import parse_rules
from bot.catalog.yaml_file import parse_yaml, read_catalog_file

__all__ = ["CatalogError", "load_catalog", "parse_catalog"]

_CURRENCY = re.compile(r"[A-Z]{3}")
_PRODUCT_REQUIRED = ("id", "name", "base_price", "lead_time_days", "quantity", "attributes")
_PRODUCT_OPTIONAL = ("also_called", "description", "rules")


class _LoadedCatalogs:
    """The catalogs a process loaded, by the SHA-256 of their file's bytes.

    A process normally has one catalog; a few are kept (least recently used go first)
    so that one that switches between files still finds each. Apps run on threads of
    their own, hence the lock.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._catalogs: OrderedDict[bytes, Catalog] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, digest: bytes) -> Catalog | None:
        with self._lock:
            catalog = self._catalogs.get(digest)
            if catalog is not None:
                self._catalogs.move_to_end(digest)
            return catalog

    def put(self, digest: bytes, catalog: Catalog) -> None:
        with self._lock:
            self._catalogs[digest] = catalog
            while len(self._catalogs) > self._size:
                self._catalogs.popitem(last=False)


_LOADED = _LoadedCatalogs(size=8)


def load_catalog(path: Path | str) -> Catalog:
    """The catalog in the YAML file at `path`; CatalogError naming the place of any problem.

    Reading YAML in pure Python (see `yaml_file`) takes about 0.1 s for the demo catalog,
    and a process may load the same catalog more than once (every app a test session
    starts, a Rasa component trained and then loaded): the same bytes always make the
    same catalog, which is immutable, so each content is parsed and checked once. The
    key is the content, not the file's name or time stamps, so an edited file is read
    afresh however soon after the last load; a file that cannot be read, is too big or
    is refused is never remembered, and fails the same way each time.
    """
    path = Path(path)
    data = read_catalog_file(path)
    digest = hashlib.sha256(data).digest()
    catalog = _LOADED.get(digest)
    if catalog is None:
        catalog = parse_catalog(parse_yaml(data, str(path)), source=str(path))
        _LOADED.put(digest, catalog)
    return catalog


def parse_catalog(data: object, source: str = "<catalog>") -> Catalog:
    """The catalog described by already-parsed YAML `data`; `source` names it in errors."""
    place = Place(source)
    if data is None:
        place.fail("the catalog is empty")
    top = Section(data, place, required=("shop", "currency", "products"))
    shop = top.text("shop")
    currency = top.text("currency")
    if not _CURRENCY.fullmatch(currency):
        place.key("currency").fail(
            f"must be a three-letter currency code like EUR, got {currency!r}"
        )
    parsed = [
        (item_place, _product(raw, item_place))
        for item_place, raw in top.items("products", "product", at_least_one=True)
    ]
    require_unique_ids([(item_place, product.id) for item_place, product in parsed], "product")
    return Catalog(shop=shop, currency=currency, products=tuple(p for _, p in parsed))


def _product(raw: object, place: Place) -> Product:
    section = Section(raw, place, required=_PRODUCT_REQUIRED, optional=_PRODUCT_OPTIONAL)
    ident = section.identifier("id")
    name = section.text("name")
    base_price = section.number("base_price", NOT_NEGATIVE)
    lead_time_days = section.whole("lead_time_days", WHOLE_NOT_NEGATIVE)
    quantity = _quantity(section.raw["quantity"], place.key("quantity"))
    attributes = parse_attributes(section)
    return Product(
        id=ident,
        name=name,
        base_price=base_price,
        lead_time_days=lead_time_days,
        quantity=quantity,
        attributes=attributes,
        rules=parse_rules(section, attributes),
        also_called=section.names("also_called"),
        description=section.optional_text("description"),
    )


def _quantity(raw: object, place: Place) -> QuantityLimits:
    section = Section(raw, place, required=("min", "max", "unit"), optional=("discounts",))
    low = section.whole("min", WHOLE_POSITIVE)
    high = section.whole("max", WHOLE_POSITIVE)
    if high < low:
        section.place.key("max").fail(f"must be at least min ({low}), got {high}")
    unit = section.text("unit")
    tiers: list[DiscountTier] = []
    for tier_place, tier in section.items("discounts", "discount tier", at_least_one=False):
        tiers.append(_discount_tier(tier, tier_place, tiers[-1] if tiers else None, high))
    return QuantityLimits(min=low, max=high, unit=unit, discounts=tuple(tiers))


def _discount_tier(
    raw: object, place: Place, previous: DiscountTier | None, max_quantity: int
) -> DiscountTier:
    """One volume discount, checked against the tier before it.

    Tiers must rise in both quantity and rate, or a bigger order could cost more per
    unit than a smaller one.
    """
    section = Section(raw, place, required=("min_quantity", "discount"))
    min_quantity = section.whole("min_quantity", WHOLE_POSITIVE)
    if previous is not None and min_quantity <= previous.min_quantity:
        section.place.key("min_quantity").fail(
            f"must be above the previous tier's {previous.min_quantity}, got {min_quantity}"
        )
    if min_quantity > max_quantity:
        section.place.key("min_quantity").fail(
            f"must be at most the largest order ({max_quantity}), got {min_quantity}"
        )
    discount = section.number("discount", RATE)
    if previous is not None and discount <= previous.discount:
        section.place.key("discount").fail(
            f"must be above the previous tier's {previous.discount}, got {discount}"
        )
    return DiscountTier(min_quantity=min_quantity, discount=discount)
