"""How amounts, values, lists and product names are written in the bot's messages."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from bot.understanding.text import singular


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


def product_phrase(name: str, *, article: bool = True) -> str:
    """A catalog product name as a sentence needs it: "a standing desk", "custom sneakers".

    The catalog writes names as headings ("Standing desk", "Printed T-shirt"), which
    buttons and lists show as they are. In a sentence the heading's capital goes
    (only a first word written like an ordinary word loses it: "T-shirt" and "XL" keep
    theirs), and a singular name takes "a" or "an" by its first letter; a plural
    ("Custom sneakers") takes none. `article=False` gives the bare phrase, for
    "your standing desk".
    """
    first, _, rest = name.strip().partition(" ")
    if first[:1].isupper() and first[1:2].islower():
        first = first[:1].lower() + first[1:]
    phrase = f"{first} {rest}" if rest else first
    last = phrase.rsplit(" ", 1)[-1].casefold()
    if not article or singular(last) != last:
        return phrase
    return with_article(phrase)


def with_article(phrase: str) -> str:
    """'a' or 'an' before `phrase`, by its first letter: 'a desk', 'an upper colour'."""
    if not phrase:
        return phrase
    return f"{'an' if phrase[0].casefold() in 'aeiou' else 'a'} {phrase}"
