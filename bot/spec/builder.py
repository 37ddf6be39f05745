"""Turning a finished design into the specification the workshop builds from.

A specification is a promise to the customer and an order to the workshop, so it is
only built from a design that passes every check again (each value, every required
answer, the combination rules, the quantity), using the very functions the
conversation used, and the result is validated against the contract's schema.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timezone

from bot.catalog.model import Catalog, Design, DesignValue, Product
from bot.catalog.numbers import json_number
from bot.catalog.validation import (
    Rejected,
    check_quantity,
    check_value,
    find_conflicts,
    missing_attributes,
)
from bot.pricing import quote
from bot.spec.errors import SpecificationError
from bot.spec.ids import new_spec_id
from bot.spec.schema import validate_specification

SCHEMA_VERSION = 1
STATUS_CONFIRMED = "confirmed"


def build_specification(
    catalog: Catalog,
    product: Product,
    design: Design,
    quantity: int,
    conversation_id: str,
    *,
    spec_id: str | None = None,
    created_at: datetime | None = None,
    notes: Iterable[str] = (),
) -> dict[str, object]:
    """The confirmed specification of `design`, as JSON-ready data matching the schema.

    Raises SpecificationError listing every problem when the design is incomplete or
    anything in it is invalid. `spec_id` defaults to a fresh unguessable id and
    `created_at` (which must carry a time zone) to now; it is stored in UTC.
    """
    checked, problems = _recheck(catalog, product, design)
    counted = check_quantity(product, quantity)
    if isinstance(counted, Rejected):
        problems.append(f"quantity: {counted.reason}")
    if not isinstance(conversation_id, str) or not conversation_id.strip():
        problems.append("the conversation id must be non-empty text")
    moment = created_at or datetime.now(timezone.utc)
    if moment.utcoffset() is None:
        problems.append("created_at must carry a time zone, or its UTC time is unknown")
    if problems:
        raise SpecificationError(f"Cannot build a specification for {product.name}", problems)

    price = quote(product, checked, quantity, catalog.currency)
    spec: dict[str, object] = {
        "schema_version": SCHEMA_VERSION,
        "spec_id": new_spec_id() if spec_id is None else spec_id,
        "conversation_id": conversation_id,
        "created_at": moment.astimezone(timezone.utc).isoformat(timespec="seconds"),
        "product": {"id": product.id, "name": product.name},
        "options": {
            line.attribute_id: {
                "value": line.value,
                "label": line.label,
                "price": json_number(line.price),
            }
            for line in price.lines
        },
        "quantity": price.quantity,
        "price": {
            "currency": price.currency,
            "unit": json_number(price.unit),
            "subtotal": json_number(price.subtotal),
            "discount": json_number(price.discount),
            "total": json_number(price.total),
        },
        "lead_time_days": price.lead_time_days,
        "notes": list(notes),
        "status": STATUS_CONFIRMED,
    }
    validate_specification(spec)
    return spec


def _recheck(
    catalog: Catalog, product: Product, design: Design
) -> tuple[dict[str, DesignValue], list[str]]:
    """The design's values in their checked form, and everything wrong with it."""
    problems: list[str] = []
    if catalog.product(product.id) != product:
        problems.append(f"{product.name!r} is not a product of this catalog")
    unknown = sorted(set(design) - {attribute.id for attribute in product.attributes})
    if unknown:
        problems.append(f"{product.name} has no attribute {', '.join(map(repr, unknown))}")

    checked: dict[str, DesignValue] = {}
    for attribute in product.attributes:
        if attribute.id not in design:
            continue
        result = check_value(attribute, design[attribute.id])
        if isinstance(result, Rejected):
            problems.append(f"{attribute.name}: {result.reason}")
        else:
            checked[attribute.id] = result.value

    # When confirming, an optional attribute without an answer has been skipped.
    optional = {attribute.id for attribute in product.attributes if attribute.optional}
    missing = missing_attributes(product, design, skipped=optional)
    if missing:
        problems.append(f"not chosen yet: {', '.join(attribute.name for attribute in missing)}")
    problems.extend(conflict.rule.message for conflict in find_conflicts(product, checked))
    return checked, problems
