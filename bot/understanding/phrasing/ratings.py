"""A 1-5 star rating from a free answer: "5", "four stars", "3/5", "★★★★"."""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import pairwise

from bot.understanding.numbers.number_mentions import NumberMention, find_numbers
from bot.understanding.text import cap

BEST = 5
"""Ratings run from 1 to this; anything else ("10", "0") is not a rating."""

_OUT_OF = re.compile(r"\s*(?:/|out\s+of|of)\s*", re.IGNORECASE)
_STARS = "★⭐"
_BESIDE_A_RATING = frozenset(".,;:!/" + _STARS)
"""Characters that may touch a rating besides spaces ("5!", "3/5", "4★"). A number in
brackets or code, like the 1 of "alert(1)", is not somebody rating."""


def parse_rating(text: str) -> int | None:
    """The rating said in `text`, or None when there is none or it is unclear.

    "3/5" and "3 out of 5" count as 3; other scales ("8/10") are None rather than a
    guess. Several different numbers ("3 or 4") are None too: better to ask again.
    """
    text = cap(text)
    numbers = [number for number in find_numbers(text) if _stands_alone(text, number)]
    for first, second in pairwise(numbers):
        if _OUT_OF.fullmatch(text, first.end, second.start):
            return _rating(first.value) if second.value == BEST else None
    if numbers:
        values = {number.value for number in numbers}
        return _rating(values.pop()) if len(values) == 1 else None
    return _rating(Decimal(sum(text.count(star) for star in _STARS)))


def _stands_alone(text: str, number: NumberMention) -> bool:
    before = text[number.start - 1 : number.start]
    after = text[number.end : number.end + 1]
    return all(not c or c.isspace() or c in _BESIDE_A_RATING for c in (before, after))


def _rating(value: Decimal) -> int | None:
    """`value` as a rating if it is a whole number from 1 to BEST."""
    if value != value.to_integral_value() or not 1 <= value <= BEST:
        return None
    return int(value)
