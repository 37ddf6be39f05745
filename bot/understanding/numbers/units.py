"""Units a customer writes after a number, and converting between them.

The catalog states each number attribute in one unit (desk width in cm, shoe size in
EU); customers say "1.6 m" or "1m60". Keeping the unit table here, in one place, lets
the number finder recognise exactly the units this module can convert.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bot.understanding.text import fold

_ALIASES: dict[str, str] = {
    "mm": "mm",
    "millimeter": "mm",
    "millimeters": "mm",
    "millimetre": "mm",
    "millimetres": "mm",
    "cm": "cm",
    "cms": "cm",
    "centimeter": "cm",
    "centimeters": "cm",
    "centimetre": "cm",
    "centimetres": "cm",
    "m": "m",
    "meter": "m",
    "meters": "m",
    "metre": "m",
    "metres": "m",
    "eu": "eu",
}
"""Every spelling of a unit the number finder accepts, and its normal name."""

PREFIX_UNITS = ("eu",)
"""Units also written before the number ("EU 42")."""

UNIT_PATTERN = "|".join(re.escape(alias) for alias in sorted(_ALIASES, key=len, reverse=True))
"""Regular expression alternation of the spellings, longest first so "mm" beats "m"."""

_METRES: dict[str, Decimal] = {"mm": Decimal("0.001"), "cm": Decimal("0.01"), "m": Decimal(1)}


def normalize_unit(unit: str) -> str:
    """The normal name of a unit ("Centimetres" -> "cm"); unknown units are just folded."""
    folded = fold(unit).strip()
    return _ALIASES.get(folded, folded)


def convert(value: Decimal, from_unit: str | None, to_unit: str | None) -> Decimal | None:
    """`value` in `from_unit` expressed in `to_unit`, or None if the units do not compare.

    A number said without a unit is taken as said: a customer who answers "41.5" to a
    size question means EU 41.5. A unit said for a unitless attribute ("2 m" as a
    number of shelves) does not compare.
    """
    if from_unit is None:
        return value
    if to_unit is None:
        return None
    source, target = normalize_unit(from_unit), normalize_unit(to_unit)
    if source == target:
        return value
    if source in _METRES and target in _METRES:
        return tidy(value * _METRES[source] / _METRES[target])
    return None


def tidy(value: Decimal) -> Decimal:
    """`value` written as a person would: 160 rather than 160.00 or 1.6E+2."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
