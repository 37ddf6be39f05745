"""Button payloads in Rasa's `/intent{json}` form.

A payload bypasses NLU: Rasa turns it into the intent and entities verbatim, so a
click is understood exactly. Only these functions write payloads, and
`bot.dialogue.state.Turn` reads their entities back.
"""

from __future__ import annotations

import json

ENTITY_PRODUCT = "product"
ENTITY_ATTRIBUTE = "attribute"
ENTITY_OPTION = "option"
ENTITY_RATING = "rating"

QUANTITY = "quantity"
"""Pseudo attribute id used by the 'change something' buttons for the quantity."""


def is_payload(text: str) -> bool:
    """Whether a message is a button payload rather than words the customer typed."""
    return text.startswith("/")


def _payload(intent: str, entities: dict[str, object] | None = None) -> str:
    return f"/{intent}{json.dumps(entities, separators=(',', ':'))}" if entities else f"/{intent}"


def choose_product(product_id: str) -> str:
    """Start (or switch to) designing a product."""
    return _payload("design_product", {ENTITY_PRODUCT: product_id})


def choose_option(attribute_id: str, option_id: str) -> str:
    """Answer a choice attribute."""
    return _payload("inform", {ENTITY_ATTRIBUTE: attribute_id, ENTITY_OPTION: option_id})


def change_attribute(attribute_id: str) -> str:
    """Ask to change an attribute (or the quantity) without naming a new value yet."""
    return _payload("inform", {ENTITY_ATTRIBUTE: attribute_id})


def rate(stars: int) -> str:
    """Give a rating from a star button."""
    return _payload("inform", {ENTITY_RATING: stars})


def yes() -> str:
    """Confirm, or answer a yes/no attribute with yes."""
    return _payload("affirm")


def no() -> str:
    """Decline: skip an optional attribute, answer no, or ask to change the summary."""
    return _payload("deny")
