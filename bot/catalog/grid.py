"""The valid values of a number: `low`, `low + step`, ... up to `high`.

Shoe sizes, desk widths and order quantities are all such grids. Deciding whether a
value lies on one is done with exact fractions, never floats, so 41.5 is a shoe size
and 41.3 is not, whatever binary rounding would say.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from enum import Enum
from fractions import Fraction

from bot.catalog.model import Attribute
from bot.catalog.numbers import decimal_places


class Position(Enum):
    """Where a number lies relative to a grid."""

    BELOW = "below"
    ABOVE = "above"
    OFF_STEP = "off step"
    ON_GRID = "on grid"


@dataclass(frozen=True)
class NumberGrid:
    """`low`, `low + step`, ... `high`; the loader guarantees `high` is on the grid."""

    low: Decimal
    high: Decimal
    step: Decimal

    @property
    def _places(self) -> int:
        """Decimal places every grid value fits in; a value needing more is off the grid."""
        return max(decimal_places(self.low), decimal_places(self.step))

    def position(self, number: Decimal) -> Position:
        """Whether `number` is below, above, between or on the grid's values."""
        if number < self.low:
            return Position.BELOW
        if number > self.high:
            return Position.ABOVE
        # Checked first so the exact fraction below is only ever built from a short number.
        if decimal_places(number) > self._places:
            return Position.OFF_STEP
        on_grid = self._steps_from_low(number).denominator == 1
        return Position.ON_GRID if on_grid else Position.OFF_STEP

    def neighbours(self, number: Decimal) -> tuple[Decimal, ...]:
        """The grid values nearest to `number`, which must lie between `low` and `high`.

        `number` itself when it is on the grid, else the values just below and just above.
        """
        # Cutting extra digits keeps the arithmetic small and cannot skip a grid value,
        # since grid values need at most `_places` digits.
        cut = number.quantize(Decimal(1).scaleb(-(self._places + 1)), rounding=ROUND_FLOOR)
        below = self.low + self.step * math.floor(self._steps_from_low(cut))
        return (below,) if below == number else (below, below + self.step)

    def _steps_from_low(self, number: Decimal) -> Fraction:
        return (Fraction(number) - Fraction(self.low)) / Fraction(self.step)


def grid_of(attribute: Attribute) -> NumberGrid:
    """The grid of a number attribute; ValueError for any other kind of attribute."""
    if attribute.min is None or attribute.max is None or attribute.step is None:
        raise ValueError(f"{attribute.id!r} is not a number attribute")
    return NumberGrid(attribute.min, attribute.max, attribute.step)
