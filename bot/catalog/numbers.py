"""Numbers as customers write them and as designs store them.

Customers answer "41,5", "160 cm" or 42; designs store JSON-native numbers (they travel
through Rasa slots into the specification JSON), while all arithmetic happens on
`Decimal` so that 0.5-steps and prices stay exact.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from decimal import Decimal

from bot.catalog.naming import normalise

_NUMBER_THEN_REST = re.compile(r"([+-]?(?:\d+(?:[.,]\d+)?|[.,]\d+))\s*(.*)", re.DOTALL)
"""Matched against trimmed text, so no pattern ends in optional whitespace: that would
backtrack quadratically on hostile input like '4  x  y'."""


def parse_number(raw: object, units: Collection[str] = ()) -> Decimal | None:
    """`raw` as an exact finite Decimal, or None when it is not a number.

    Accepts int, float, Decimal and text such as "41.5", "41,5" or "160 cm" (the text
    may end in one of `units`, compared case-insensitively). Booleans are not numbers
    here although Python says they are: "yes" is never a shoe size.
    """
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        number = Decimal(str(raw))
    elif isinstance(raw, Decimal):
        number = raw
    elif isinstance(raw, str):
        match = _NUMBER_THEN_REST.fullmatch(raw.strip())
        if match is None:
            return None
        digits, unit = match.groups()
        if unit and normalise(unit) not in {normalise(u) for u in units}:
            return None
        number = Decimal(digits.replace(",", "."))
    else:
        return None
    return number if number.is_finite() else None


def decimal_places(number: Decimal) -> int:
    """How many digits after the point `number` really needs (41.50 -> 1, 160 -> 0).

    Computed from the digits themselves, not through a Decimal context, so it is exact
    however many digits a hostile input carries.
    """
    _, digits, exponent = number.as_tuple()
    if not isinstance(exponent, int) or exponent >= 0:
        return 0
    trailing_zeros = 0
    for digit in reversed(digits):
        if digit:
            break
        trailing_zeros += 1
    return max(0, -exponent - trailing_zeros)


def json_number(number: Decimal) -> int | float:
    """`number` as JSON wants it: an int when whole (160), else a float (41.5)."""
    return int(number) if number == number.to_integral_value() else float(number)


def format_number(number: Decimal | int | float) -> str:
    """`number` for people: no exponent, no trailing zeros ('41.5', '160')."""
    exact = Decimal(str(number)) if isinstance(number, float) else Decimal(number)
    text = format(exact, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
