"""What the printable page shows of a stored specification, already formatted.

The template only places strings; every formatting decision (money, percentages,
dates, attribute names) lives here where it can be tested without rendering HTML.
Specs are read as the contract (specification.schema.json) defines them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.catalog.model import Catalog
from bot.dialogue.wording import percent


@dataclass(frozen=True)
class OptionRow:
    """One line of the options table."""

    attribute: str
    label: str
    price: str


@dataclass(frozen=True)
class SpecPage:
    """Everything the specification template displays."""

    shop: str
    spec_id: str
    product: str
    created: str
    options: tuple[OptionRow, ...]
    notes: tuple[str, ...]
    quantity: int
    unit_price: str
    subtotal: str
    discount: str
    total: str
    lead_time_days: int
    json_url: str


def spec_page(spec: Mapping[str, Any], catalog: Catalog, json_url: str) -> SpecPage:
    """Format a contract-conforming spec for display, naming things as the catalog does.

    A spec outlives catalog edits: an attribute the catalog no longer has is shown
    under its id, made readable.
    """
    price = spec["price"]
    currency = price["currency"]
    product = catalog.product(spec["product"]["id"])

    def attribute_name(key: str) -> str:
        attribute = product.attribute(key) if product is not None else None
        return humanise(attribute.name if attribute is not None else key)

    return SpecPage(
        shop=catalog.shop,
        spec_id=spec["spec_id"],
        product=spec["product"]["name"],
        created=created_date(spec["created_at"]),
        options=tuple(
            OptionRow(
                attribute=attribute_name(key),
                label=option["label"],
                price=money(option["price"], currency),
            )
            for key, option in spec["options"].items()
        ),
        notes=tuple(spec.get("notes", ())),
        quantity=spec["quantity"],
        unit_price=money(price["unit"], currency),
        subtotal=money(price["subtotal"], currency),
        discount=percent(price["discount"]),
        total=money(price["total"], currency),
        lead_time_days=spec["lead_time_days"],
        json_url=json_url,
    )


def humanise(key: str) -> str:
    """`upper_material` -> `Upper material`: attribute ids are snake/kebab case."""
    words = re.sub(r"[_\-\s]+", " ", key).strip()
    return words[:1].upper() + words[1:]


def money(amount: float, currency: str) -> str:
    """Two decimals with thousands separators, then the currency code."""
    return f"{amount:,.2f} {currency}"


def created_date(timestamp: str) -> str:
    """The calendar date of an ISO 8601 timestamp; the raw text if it is not one.

    Python 3.10's `fromisoformat` rejects the `Z` suffix, which JSON producers favour.
    """
    try:
        moment = datetime.fromisoformat(timestamp.replace("Z", "+00:00"))
    except ValueError:
        return timestamp
    return moment.date().isoformat()
