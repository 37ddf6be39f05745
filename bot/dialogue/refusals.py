"""What the catalog turned down in a customer's turn, as plain values for the shop.

The design turn explains every refusal to the customer in words; a `Refusal` says the
same in a structured form, so the staff dashboard can count the values customers ask
for that the catalog does not offer and the rule clashes they run into most.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from bot.catalog.model import Attribute, AttributeType
from bot.catalog.numbers import format_number

UNAVAILABLE = "unavailable"
CONFLICT = "conflict"

RefusalKind = Literal["unavailable", "conflict"]


@dataclass(frozen=True)
class Refusal:
    """One value the catalog refused.

    'unavailable': `value` is not offered for `attribute` (as the customer put it).
    'conflict': a rule forbids `value` for `attribute` together with the kept
    `other_value` for `other_attribute`; the customer's newer side, `attribute`, was
    taken back. Values are text (see `value_text`); None hides a customer's free text.
    """

    kind: RefusalKind
    attribute: str
    value: str | None
    other_attribute: str | None = None
    other_value: str | None = None


def value_text(attribute: Attribute, value: object) -> str | None:
    """`value` as the dashboard groups it: option ids, '41.5' or '160', 'yes' or 'no'.

    Free-text attributes give None: a print text is the customer's own words, and
    counting them would only collect personal messages, not a gap in the catalog.
    """
    if attribute.type is AttributeType.TEXT:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float, Decimal)):
        return format_number(value)
    return str(value)
