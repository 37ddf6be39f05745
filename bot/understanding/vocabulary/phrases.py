"""Finding known phrases in a message, and the spellings of a phrase.

The matcher finds fixed English phrasings (cue words, yes/no, lead-ins, requests);
the catalog's words are found by the spaCy pipeline (`pipeline`), which indexes each
catalog phrase under the same `spellings`. So both share one notion of a word:
case-insensitive, whole words only ("tan" never inside "standing"), regular plurals,
and hyphen, space or nothing between the words of a phrase ("sit-stand", "sit stand",
"sitstand").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import product
from typing import Generic, TypeVar

from bot.understanding.text import Token, fold, normalize_word, tokenize

T = TypeVar("T")

MAX_JOINED_WORDS = 4
"""Phrases up to this many words also match with their words run together.

The variants grow as 2**(words - 1); real catalog names are short, and a longer phrase
still matches when written with spaces or hyphens.
"""


@dataclass(frozen=True)
class PhraseMatch(Generic[T]):
    """Tokens `[start, end)` of a message that spell a phrase, and what the phrase means.

    A phrase can mean several things at once ("white" names an option of three sneaker
    attributes); deciding between them is the caller's job.
    """

    start: int
    end: int
    payloads: tuple[T, ...]


class PhraseMatcher(Generic[T]):
    """Finds the phrases it was built with, longest first, never overlapping."""

    def __init__(self, entries: Iterable[tuple[str, T]]) -> None:
        """Index `(phrase, payload)` pairs; a phrase given twice keeps every payload."""
        index: dict[tuple[str, ...], list[T]] = {}
        for phrase, payload in entries:
            for key in spellings(phrase):
                payloads = index.setdefault(key, [])
                if payload not in payloads:
                    payloads.append(payload)
        self._index = {key: tuple(payloads) for key, payloads in index.items()}
        self._longest = max((len(key) for key in self._index), default=0)

    def find(self, tokens: Sequence[Token]) -> list[PhraseMatch[T]]:
        """Every phrase in `tokens`, in text order.

        When phrases overlap the longest wins ("navy blue" over "navy"), then the
        leftmost, so each word belongs to at most one match.
        """
        candidates = [
            (start, end)
            for start in range(len(tokens))
            for end in range(start + 1, _clause_end(tokens, start, self._longest) + 1)
            if _key(tokens, start, end) in self._index
        ]
        candidates.sort(key=lambda span: (span[0] - span[1], span[0]))
        taken = [False] * len(tokens)
        chosen: list[tuple[int, int]] = []
        for start, end in candidates:
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                chosen.append((start, end))
        return [
            PhraseMatch(start, end, self._index[_key(tokens, start, end)])
            for start, end in sorted(chosen)
        ]

    def match_at(self, tokens: Sequence[Token], start: int) -> PhraseMatch[T] | None:
        """The longest phrase that starts exactly at token `start`, if any."""
        for end in range(_clause_end(tokens, start, self._longest), start, -1):
            payloads = self._index.get(_key(tokens, start, end))
            if payloads is not None:
                return PhraseMatch(start, end, payloads)
        return None


def _clause_end(tokens: Sequence[Token], start: int, longest: int) -> int:
    """The furthest end of a phrase starting at `start`, which stops at punctuation.

    So "shirts, size L" holds no "shirt size".
    """
    end = min(start + 1, len(tokens))
    while end < min(start + longest, len(tokens)) and not tokens[end].breaks_before:
        end += 1
    return end


def _key(tokens: Sequence[Token], start: int, end: int) -> tuple[str, ...]:
    return tuple(token.norm for token in tokens[start:end])


def spellings(phrase: str) -> Iterator[tuple[str, ...]]:
    """The phrase's words, and (for short phrases) every way of running them together.

    The first spelling is always the words apart, which callers use as the phrase's key.
    """
    words = [fold(token.text) for token in tokenize(phrase)]
    if not words:
        return
    if len(words) > MAX_JOINED_WORDS:
        yield tuple(normalize_word(word) for word in words)
        return
    for joins in product((False, True), repeat=len(words) - 1):
        groups = [words[0]]
        for word, joined in zip(words[1:], joins, strict=True):
            if joined:
                groups[-1] += word
            else:
                groups.append(word)
        yield tuple(normalize_word(group) for group in groups)
