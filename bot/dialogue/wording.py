"""How amounts, values and lists are written in the bot's messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal


def money(amount: Decimal, currency: str) -> str:
    """An amount the way a shop prints it: two decimals and the currency."""
    return f"{amount:.2f} {currency}"


def price_delta(amount: Decimal, currency: str) -> str:
    """What an option adds to the unit price, or nothing when it is free."""
    return f" (+{money(amount, currency)})" if amount > 0 else ""


def percent(rate: Decimal | float) -> str:
    """A discount rate as a percentage without float noise: 0.10 -> '10%', 0.125 -> '12.5%'.

    Floats (rates read back from a stored spec's JSON) go through `str` so 0.07 stays 7.
    """
    return f"{(Decimal(str(rate)) * 100).normalize():f}%"


def one_of(items: Sequence[str], conjunction: str = "or") -> str:
    """'a', 'a or b', 'a, b or c': lists read like a sentence."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def capitalised(text: str) -> str:
    """First letter upper case, the rest untouched ('upper colour' -> 'Upper colour')."""
    return text[:1].upper() + text[1:]
