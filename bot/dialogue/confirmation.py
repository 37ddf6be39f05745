"""The message that hands the customer their confirmed specification."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from bot.dialogue.replies import Reply
from bot.dialogue.wording import money, product_phrase


def confirmation_reply(spec: Mapping[str, Any], link: str) -> Reply:
    """Confirm with the link, total and lead time; rich clients get a card payload."""
    price = spec["price"]
    total = money(Decimal(str(price["total"])), price["currency"])
    text = (
        f"Your {product_phrase(spec['product']['name'], article=False)} design is confirmed! "
        f"Here is your specification, ready to share: {link}\n"
        f"Total: {total}. Lead time: {spec['lead_time_days']} days."
    )
    card = {
        "type": "specification",
        "spec_id": spec["spec_id"],
        "url": link,
        "product": spec["product"]["name"],
        "total": price["total"],
        "currency": price["currency"],
        "lead_time_days": spec["lead_time_days"],
    }
    return Reply(text=text, custom=card)
