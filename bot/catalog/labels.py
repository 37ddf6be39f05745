"""How catalog values and customer input are written in messages: '160 cm', '12 shirts'.

Validation labels every accepted answer with these, and pricing and the specification
reuse those labels, so one value never reads two different ways.
"""

from __future__ import annotations

import reprlib
from decimal import Decimal

from bot.catalog.model import Attribute, QuantityLimits
from bot.catalog.numbers import format_number

DISPLAY_LIMIT = 40
"""Longest piece of customer input echoed back in a message, in characters."""

_SIBILANT_ENDINGS = ("s", "x", "z", "ch", "sh")
_VOWELS = "aeiou"


def shorten(text: str, limit: int = DISPLAY_LIMIT) -> str:
    """`text` cut to `limit` characters with an ellipsis, so huge input is never echoed."""
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def shown(raw: object) -> str:
    """Customer input as a message echoes it: on one line and shortened.

    Never `str()` of a whole object: that is unbounded for containers and refuses
    integers of more than 4300 digits.
    """
    if isinstance(raw, str):
        return shorten(" ".join(raw.split()))
    if isinstance(raw, int) and not isinstance(raw, bool):
        return shorten(str(Decimal(raw)))
    if isinstance(raw, (float, Decimal)):
        return shorten(str(raw))
    return shorten(reprlib.repr(raw))


def quoted(raw: object) -> str:
    """Customer input inside a message: in quotes, trimmed and shortened."""
    return f"'{shown(raw)}'"


def with_article(noun: str) -> str:
    """'a shoe size', 'an upper colour'."""
    return f"{'an' if noun[:1].lower() in _VOWELS else 'a'} {noun}"


def plural(noun: str) -> str:
    """Regular English plural of a catalog unit: pair -> pairs, box -> boxes, candy -> candies."""
    if noun.endswith(_SIBILANT_ENDINGS):
        return f"{noun}es"
    if noun.endswith("y") and noun[-2:-1] not in _VOWELS:
        return f"{noun[:-1]}ies"
    return f"{noun}s"


def number_label(attribute: Attribute, number: Decimal | int | float) -> str:
    """A number in the attribute's unit: '41.5 EU', '160 cm'."""
    return f"{format_number(number)} {attribute.unit}"


def count_label(limits: QuantityLimits, count: int) -> str:
    """A quantity in the product's unit: '1 pair', '2 pairs', '12 shirts'."""
    return f"{count} {limits.unit if count == 1 else plural(limits.unit)}"
