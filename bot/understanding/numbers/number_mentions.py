"""Numbers in a message, with their units: "41,5", "forty-two", "1m60", "160x80 cm".

Returns every number with its character span, leaving the decision of what it
measures (size, width, quantity) to the caller, which knows the product.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from bot.understanding.numbers.number_words import find_word_numbers
from bot.understanding.numbers.units import PREFIX_UNITS, UNIT_PATTERN, normalize_unit, tidy
from bot.understanding.text import Coverage, cap, mask, tokenize

MAX_DIGITS = 15
"""Longer digit runs are phone numbers or noise, not sizes or quantities."""

_DIGITS = re.compile(
    r"(?<![0-9.,])(?P<int>[0-9]{1,3}(?:,[0-9]{3})+(?![0-9])|[0-9]+)(?:[.,](?P<frac>[0-9]+))?"
)
"""Decimal point or comma ("41.5", "41,5"); a comma before exactly three digits groups
thousands ("1,000"). ASCII digits only, so `Decimal` always accepts the text."""

_METRES_AND_CENTIMETRES = re.compile(
    r"(?<![0-9.,])(?P<metres>[0-9]{1,2}) ?m ?(?P<centimetres>[0-9]{2})(?![0-9])", re.IGNORECASE
)
"""The way heights and widths are said in much of Europe: "1m60" is 1.60 m."""

_UNIT_AFTER = re.compile(rf"\s{{0,3}}(?P<unit>{UNIT_PATTERN})(?![^\W\d_])", re.IGNORECASE)
_UNIT_AFTER_WORDS = re.compile(rf"\s{{1,3}}(?P<unit>{UNIT_PATTERN})(?![^\W\d_])", re.IGNORECASE)
_UNIT_BEFORE = re.compile(
    rf"(?<![^\W_])(?P<unit>{'|'.join(PREFIX_UNITS)})\s{{0,3}}$", re.IGNORECASE
)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half(?![^\W_])", re.IGNORECASE)
_TIMES_PATTERN = r"\s{0,3}(?:[x\u00d7*]|by)\s{0,3}"
"""Between the numbers of a size given as "160x80", "160 * 80" or "160 by 80" (or with
the multiplication sign)."""
_TIMES = re.compile(_TIMES_PATTERN, re.IGNORECASE)
_TIMES_BEFORE = re.compile(rf"[0-9]{_TIMES_PATTERN}$", re.IGNORECASE)
_ASCII_DIGITS = frozenset("0123456789")
_LOOKBACK = 8
"""Characters before a number that can hold a prefix unit or a "160x" (bounded on purpose)."""


@dataclass(frozen=True)
class NumberMention:
    """A number said in a message: its value, normalised unit, and character span."""

    value: Decimal
    unit: str | None
    start: int
    end: int


def find_numbers(text: str) -> list[NumberMention]:
    """Every number in `text` (digits or words), in order.

    A number glued to letters that are not a unit ("2XL", "3rd", "A4"), or to digits of
    another script ("\u00b20"), is not a number.
    In a size like "160x80 cm" the unit after the last number applies to all of them.
    """
    text = cap(text)
    mentions = _digit_mentions(text)
    digits = Coverage(len(text), ((mention.start, mention.end) for mention in mentions))
    tokens = tokenize(text)
    for number in find_word_numbers(tokens):
        start, end = tokens[number.start].start, tokens[number.end - 1].end
        if digits.overlaps(start, end):
            continue
        mentions.append(_with_suffixes(text, Decimal(number.value), start, end, _UNIT_AFTER_WORDS))
    mentions.sort(key=lambda mention: mention.start)
    return _share_units(text, mentions)


def dimension_runs(text: str, mentions: list[NumberMention]) -> list[list[NumberMention]]:
    """`mentions` grouped into runs joined by "x" or "by" ("160x80"); single numbers alone."""
    runs: list[list[NumberMention]] = []
    for mention in mentions:
        if runs and _TIMES.fullmatch(text, runs[-1][-1].end, mention.start):
            runs[-1].append(mention)
        else:
            runs.append([mention])
    return runs


def _digit_mentions(text: str) -> list[NumberMention]:
    mentions: list[NumberMention] = []
    for match in _METRES_AND_CENTIMETRES.finditer(text):
        if _glued_after(text, match.end()) or _glued_before(text, match.start()):
            continue
        value = Decimal(match["metres"]) + Decimal(match["centimetres"]) / 100
        mentions.append(NumberMention(tidy(value), "m", match.start(), match.end()))
    for match in _DIGITS.finditer(mask(text, [(m.start, m.end) for m in mentions])):
        digits = match["int"].replace(",", "")
        if len(digits) + len(match["frac"] or "") > MAX_DIGITS:
            continue
        value = Decimal(f"{digits}.{match['frac']}" if match["frac"] else digits)
        mention = _with_suffixes(text, value, match.start(), match.end(), _UNIT_AFTER)
        mention = _with_prefix_unit(text, mention)
        if mention is not None and not _glued_after(text, mention.end):
            mentions.append(mention)
    return mentions


def _with_suffixes(
    text: str, value: Decimal, start: int, end: int, unit_after: re.Pattern[str]
) -> NumberMention:
    """The number extended by "and a half" and by a unit written after it."""
    half = _AND_A_HALF.match(text, end)
    if half:
        value, end = value + Decimal("0.5"), half.end()
    unit = unit_after.match(text, end)
    if unit:
        return NumberMention(tidy(value), normalize_unit(unit["unit"]), start, unit.end())
    return NumberMention(tidy(value), None, start, end)


def _with_prefix_unit(text: str, mention: NumberMention) -> NumberMention | None:
    """The mention with a unit written before it ("EU 42"), None if glued to other letters."""
    before = text[max(0, mention.start - _LOOKBACK) : mention.start]
    prefix = _UNIT_BEFORE.search(before)
    if prefix and mention.unit is None:
        start = mention.start - len(before) + prefix.start()
        return replace(mention, unit=normalize_unit(prefix["unit"]), start=start)
    if _glued_before(text, mention.start) and not prefix:
        return None
    return mention


def _glued_before(text: str, start: int) -> bool:
    """Whether a letter touches the number's left side, other than the "x" of "160x80"."""
    if start == 0 or not text[start - 1].isalnum():
        return False
    return _TIMES_BEFORE.search(text[max(0, start - _LOOKBACK) : start]) is None


def _glued_after(text: str, end: int) -> bool:
    """Whether a letter touches the number's right side, other than the "x" of "160x80"."""
    if end >= len(text) or not text[end].isalnum():
        return False
    times = _TIMES.match(text, end)
    return times is None or text[times.end() : times.end() + 1] not in _ASCII_DIGITS


def _share_units(text: str, mentions: list[NumberMention]) -> list[NumberMention]:
    """In "160x80 cm" the 160 is in cm too: the run's last unit fills the others'."""
    shared: list[NumberMention] = []
    for run in dimension_runs(text, mentions):
        unit = run[-1].unit
        shared.extend(m if m.unit or unit is None else replace(m, unit=unit) for m in run)
    return shared
