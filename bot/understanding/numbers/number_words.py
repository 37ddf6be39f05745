"""Numbers spelled out in English: "forty-two", "one hundred and sixty", "a dozen".

Kept apart from digit parsing because it works on words (tokens) rather than
characters, which is also how a spaCy pipeline will hand them over later.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot.understanding.text import Token

_DIGIT_WORDS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
}
_TEENS = {
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ARTICLES = ("a", "an")

_DETERMINERS = frozenset({"the", "this", "that", "which", "each", "every", "another", "any"})
_PRONOUN_REACH = 3
"""A lone "one" this few words after a determiner stands for a thing ("the red one",
"that navy blue one"), not for the number 1."""


@dataclass(frozen=True)
class WordNumber:
    """A spelled-out number covering tokens `[start, end)`."""

    value: int
    start: int
    end: int


def find_word_numbers(tokens: Sequence[Token]) -> list[WordNumber]:
    """Every spelled-out number in `tokens`, in order; "two three" is two numbers."""
    found: list[WordNumber] = []
    index = 0
    while index < len(tokens):
        parsed = _Reader(tokens, index).number()
        if parsed is None or _is_pronoun_one(tokens, index, parsed[1]):
            index += 1
            continue
        value, end = parsed
        found.append(WordNumber(value, index, end))
        index = end
    return found


def _is_pronoun_one(tokens: Sequence[Token], start: int, end: int) -> bool:
    if end != start + 1 or tokens[start].folded != "one":
        return False
    for at in range(start - 1, max(-1, start - 1 - _PRONOUN_REACH), -1):
        if tokens[at + 1].breaks_before:
            return False
        if tokens[at].folded in _DETERMINERS:
            return True
    return False


class _Reader:
    """A recursive-descent reader of one number starting at a token.

    Grammar (each step may only continue over words not separated by punctuation):
        number   := "half a dozen" | ["a"|"an"] "dozen" | thousands ["dozen"]
        thousands:= hundreds ["thousand" [["and"] hundreds]] | "a" "thousand" ...
        hundreds := below100 ["hundred" [["and"] below100]] | "a" "hundred" ...
        below100 := tens [digit] | teen | digit
    """

    def __init__(self, tokens: Sequence[Token], start: int) -> None:
        self._tokens = tokens
        self._start = start

    def number(self) -> tuple[int, int] | None:
        at = self._start
        if self._words(at, "half", "a", "dozen"):
            return 6, at + 3
        for lead in _ARTICLES:
            if self._words(at, lead, "dozen"):
                return 12, at + 2
        parsed = self._scaled(at, "thousand", self._hundreds)
        if parsed is None:
            return None
        value, end = parsed
        if self._words(end, "dozen"):
            return value * 12, end + 1
        return value, end

    def _hundreds(self, at: int) -> tuple[int, int] | None:
        return self._scaled(at, "hundred", self._below_hundred)

    def _scaled(
        self, at: int, scale: str, smaller: Callable[[int], tuple[int, int] | None]
    ) -> tuple[int, int] | None:
        """`smaller` [scale [["and"] smaller]], or "a" scale ..., multiplied out."""
        multiplier = 10 ** {"hundred": 2, "thousand": 3}[scale]
        if self._words(at, "a", scale):
            count, end = 1, at + 1
        else:
            parsed = smaller(at)
            if parsed is None:
                return None
            count, end = parsed
            if not self._words(end, scale):
                return count, end
        end += 1
        rest_at = end + 1 if self._words(end, "and") else end
        rest = smaller(rest_at)
        if rest is None:
            return count * multiplier, end
        return count * multiplier + rest[0], rest[1]

    def _below_hundred(self, at: int) -> tuple[int, int] | None:
        word = self._word(at)
        if word in _TENS:
            unit = self._word(at + 1)
            if unit in _DIGIT_WORDS and _DIGIT_WORDS[unit] > 0:
                return _TENS[word] + _DIGIT_WORDS[unit], at + 2
            return _TENS[word], at + 1
        for table in (_TEENS, _DIGIT_WORDS):
            if word in table:
                return table[word], at + 1
        return None

    def _word(self, at: int) -> str | None:
        """The folded word at `at`, if it continues the number being read."""
        if at >= len(self._tokens):
            return None
        if at > self._start and self._tokens[at].breaks_before:
            return None
        return self._tokens[at].folded

    def _words(self, at: int, *words: str) -> bool:
        return all(self._word(at + offset) == word for offset, word in enumerate(words))
