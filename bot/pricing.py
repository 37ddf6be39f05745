"""What a design costs and how long it takes, exactly as the catalog header defines it.

    unit     = base price + chosen options + text (when given) + yes/no (when yes)
               + surcharges (for a number above `above`: every started `per` costs `price`)
    subtotal = unit * quantity
    discount = rate of the highest tier whose min_quantity <= quantity, else 0
    total    = subtotal * (1 - discount), rounded half-up to cents
    lead time = product's days + days of every chosen option / given text / yes answer

Works on partial designs too, to answer "how much is it so far?". Values are re-checked
with the catalog's validation (the single place that knows what is valid), so a
design that does not fit the product is refused instead of being priced wrongly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from bot.catalog.model import Attribute, AttributeType, Design, DesignValue, Product
from bot.catalog.validation import Rejected, check_quantity, check_value

CENT = Decimal("0.01")


class PricingError(ValueError):
    """The design or quantity does not fit the product, so it has no price."""


@dataclass(frozen=True)
class PriceLine:
    """One answered attribute: its value, how it reads, and what it adds to the unit price."""

    attribute_id: str
    attribute_name: str
    value: DesignValue
    label: str
    price: Decimal


@dataclass(frozen=True)
class Quote:
    """The price and lead time of a (possibly partial) design in a quantity."""

    currency: str
    base_price: Decimal
    lines: tuple[PriceLine, ...]
    unit: Decimal
    quantity: int
    subtotal: Decimal
    discount: Decimal
    total: Decimal
    lead_time_days: int


def quote(product: Product, design: Design, quantity: int, currency: str) -> Quote:
    """Price `design` (answered attributes only, in catalog order) for `quantity` units.

    Raises PricingError when the design names attributes the product lacks, holds a
    value the attribute does not accept, or the quantity is outside the product's limits.
    """
    unknown = sorted(set(design) - {attribute.id for attribute in product.attributes})
    if unknown:
        raise PricingError(f"{product.name} has no attribute {', '.join(map(repr, unknown))}")
    counted = check_quantity(product, quantity)
    if isinstance(counted, Rejected):
        raise PricingError(f"Cannot price {product.name}: {counted.reason}")
    count = int(counted.value)

    lines: list[PriceLine] = []
    lead_time_days = product.lead_time_days
    for attribute in product.attributes:
        if attribute.id not in design:
            continue
        checked = check_value(attribute, design[attribute.id])
        if isinstance(checked, Rejected):
            raise PricingError(f"Cannot price the {attribute.name}: {checked.reason}")
        price, days = _cost(attribute, checked.value)
        lines.append(PriceLine(attribute.id, attribute.name, checked.value, checked.label, price))
        lead_time_days += days

    unit = product.base_price + sum((line.price for line in lines), Decimal(0))
    subtotal = unit * count
    discount = max(
        (tier.discount for tier in product.quantity.discounts if tier.min_quantity <= count),
        default=Decimal(0),
    )
    total = (subtotal * (1 - discount)).quantize(CENT, rounding=ROUND_HALF_UP)
    return Quote(
        currency=currency,
        base_price=product.base_price,
        lines=tuple(lines),
        unit=unit,
        quantity=count,
        subtotal=subtotal,
        discount=discount,
        total=total,
        lead_time_days=lead_time_days,
    )


def _cost(attribute: Attribute, value: DesignValue) -> tuple[Decimal, int]:
    """What a valid value adds to the unit price, and to the lead time in days."""
    if attribute.type is AttributeType.CHOICE:
        option = next(option for option in attribute.options if option.id == value)
        return option.price, option.lead_time_days
    if attribute.type is AttributeType.NUMBER:
        return _surcharge(attribute, value), 0
    if attribute.type is AttributeType.YES_NO and value is False:
        return Decimal(0), 0
    return attribute.price, attribute.lead_time_days


def _surcharge(attribute: Attribute, value: DesignValue) -> Decimal:
    """`price` for every started `per` above `above` (a 165 cm desk pays for 50 cm)."""
    surcharge = attribute.surcharge
    if surcharge is None:
        return Decimal(0)
    excess = Decimal(str(value)) - surcharge.above
    return math.ceil(excess / surcharge.per) * surcharge.price if excess > 0 else Decimal(0)
