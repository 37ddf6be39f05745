"""The catalog as typed, immutable values.

Everything downstream (validation, pricing, understanding, specs) works on these
objects, never on raw YAML, so a catalog that loaded is a catalog that makes sense.
Money is `Decimal` so prices add up exactly; attribute values stored in a design are
JSON-native (`str` option id or text, `int`/`float` number, `bool` yes/no) because
they travel through Rasa slots and into the specification JSON.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

DesignValue = str | int | float | bool
"""A validated value of one attribute, as stored in a design and in a spec."""

Design = Mapping[str, DesignValue]
"""Validated answers of one product, keyed by attribute id (skipped optionals absent)."""


class AttributeType(str, Enum):
    """How an attribute is answered."""

    NUMBER = "number"
    CHOICE = "choice"
    TEXT = "text"
    YES_NO = "yes_no"


class TextCharset(str, Enum):
    """Which characters a text attribute accepts (the catalog's `allowed` phrase)."""

    LETTERS_DIGITS_SPACES = "letters, digits and spaces"
    PRINTABLE_SINGLE_LINE = "any printable characters, no line breaks"


@dataclass(frozen=True)
class Option:
    """One value of a choice attribute."""

    id: str
    label: str
    price: Decimal = Decimal(0)
    lead_time_days: int = 0
    also_called: tuple[str, ...] = ()
    description: str | None = None


@dataclass(frozen=True)
class Surcharge:
    """`price` EUR for every started `per` units above `above` (e.g. desk width)."""

    above: Decimal
    per: Decimal
    price: Decimal


@dataclass(frozen=True)
class Attribute:
    """One thing the customer decides about a product.

    Fields that do not apply to the attribute's type keep their defaults.
    `price` and `lead_time_days` apply to text attributes (when given) and yes/no
    attributes (when yes); choice options carry their own.
    """

    id: str
    name: str
    type: AttributeType
    optional: bool = False
    also_called: tuple[str, ...] = ()
    description: str | None = None
    # number
    unit: str | None = None
    min: Decimal | None = None
    max: Decimal | None = None
    step: Decimal | None = None
    surcharge: Surcharge | None = None
    # choice
    options: tuple[Option, ...] = ()
    # text
    max_length: int | None = None
    allowed: TextCharset | None = None
    # text and yes/no
    price: Decimal = Decimal(0)
    lead_time_days: int = 0

    def option(self, option_id: str) -> Option | None:
        """The option with this id, or None."""
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Condition:
    """One side of a rule: an attribute taking one of `values`, or a number above `above`."""

    attribute: str
    values: tuple[str, ...] = ()
    above: Decimal | None = None

    def matches(self, value: Any) -> bool:
        """Whether a design value satisfies this condition."""
        if value is None:
            return False
        if self.above is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
                return False
            return Decimal(str(value)) > self.above
        return value in self.values


@dataclass(frozen=True)
class Rule:
    """When `when` holds, `forbid` must not: the catalog's combination limits."""

    when: Condition
    forbid: Condition
    message: str


@dataclass(frozen=True)
class DiscountTier:
    """A rate taken off the subtotal from `min_quantity` units on."""

    min_quantity: int
    discount: Decimal


@dataclass(frozen=True)
class QuantityLimits:
    """How many units of a product can be ordered, and the volume discounts."""

    min: int
    max: int
    unit: str
    discounts: tuple[DiscountTier, ...] = ()


@dataclass(frozen=True)
class Product:
    """A customizable product: its attributes in the order they are asked."""

    id: str
    name: str
    base_price: Decimal
    lead_time_days: int
    quantity: QuantityLimits
    attributes: tuple[Attribute, ...]
    rules: tuple[Rule, ...] = ()
    also_called: tuple[str, ...] = ()
    description: str | None = None

    def attribute(self, attribute_id: str) -> Attribute | None:
        """The attribute with this id, or None."""
        return next((a for a in self.attributes if a.id == attribute_id), None)


@dataclass(frozen=True)
class Catalog:
    """What a shop sells and how it may be customized."""

    shop: str
    currency: str
    products: tuple[Product, ...] = field(default_factory=tuple)

    def product(self, product_id: str) -> Product | None:
        """The product with this id, or None."""
        return next((p for p in self.products if p.id == product_id), None)
