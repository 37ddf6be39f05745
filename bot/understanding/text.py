"""The words of a customer's message, with where they are in it.

Every matcher of this package reads the same tokens, so "T-shirts", "t shirt" and
"tshirt" compare equal everywhere, and every match maps back to the exact characters
the customer typed (text values keep their case and punctuation).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

MAX_CHARS = 1000
"""Only this many characters of a message are read.

Chat answers are a few words; anything longer is a paste or an attack. Reading a bounded
prefix keeps every step (some of which compare each token with a few neighbours) fast
enough that no message can stall the action server.
"""

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
"""Letters and digits; an inner apostrophe stays inside ("it's" must not yield size "s")."""

_CLAUSE_BREAK = re.compile(r"[,;.!?]\s|\n")
"""Punctuation that separates "laces red, sole white" into independent clauses; only
when followed by a space, so "41.5", "A.B." and "1,60" stay in one piece."""

_SPELLING = {"colour": "color", "grey": "gray", "aluminium": "aluminum"}
"""British and American spellings a customer mixes freely with the catalog's."""

_SINGULAR_MIN_LENGTH = 4
"""Shorter words keep a final "s": "xs" is a size, "yes" is not a plural."""


@dataclass(frozen=True)
class Token:
    """One word of a message.

    `norm` is the comparison key (folded, singular, one spelling); `breaks_before` tells
    whether clause punctuation separates this word from the previous one.
    """

    text: str
    start: int
    end: int
    folded: str
    norm: str
    breaks_before: bool


def cap(text: str) -> str:
    """The part of a message that is read (see `MAX_CHARS`)."""
    return text[:MAX_CHARS]


def fold(word: str) -> str:
    """Case-insensitive form, with full-width letters and curly apostrophes made plain."""
    return unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")


def singular(word: str) -> str:
    """A crude singular that maps a word and its regular plural to the same key.

    It only has to be consistent (applied to catalog phrases and messages alike), not
    correct English: "sizes" and "size" both become "size", "boxes" and "box" "box".
    """
    if len(word) < _SINGULAR_MIN_LENGTH or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("s"):
        return word[:-1]
    return word


def normalize_word(word: str) -> str:
    """The key two words must share to be the same word."""
    return _key(fold(word))


def _key(folded: str) -> str:
    key = singular(folded)
    return _SPELLING.get(key, key)


def tokenize(text: str) -> list[Token]:
    """The words of `text`, in order."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        folded = fold(match.group())
        breaks = (
            bool(tokens) and _CLAUSE_BREAK.search(text, previous_end, match.start()) is not None
        )
        tokens.append(
            Token(
                text=match.group(),
                start=match.start(),
                end=match.end(),
                folded=folded,
                norm=_key(folded),
                breaks_before=breaks,
            )
        )
        previous_end = match.end()
    return tokens


class Coverage:
    """Which characters of a message earlier steps have claimed.

    Checking a span costs its length, not the number of claimed spans, so a message
    full of numbers or quotes stays linear.
    """

    def __init__(self, length: int, spans: Iterable[tuple[int, int]]) -> None:
        """Claim the characters of `spans` in a message of `length` characters."""
        self._claimed = bytearray(length)
        for start, end in spans:
            self._claimed[start:end] = b"\x01" * (end - start)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether any character of `[start, end)` is claimed."""
        return self._claimed.find(1, start, end) != -1


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """`text` with the given character spans blanked out, offsets unchanged.

    Lets a later finder (numbers) ignore what an earlier one already claimed (an option
    like "2XL" or "two motors", a quoted print text) without re-mapping positions.
    """
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
