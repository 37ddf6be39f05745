"""Which attribute the words around a value name: "white sole", "laces: red", "160 wide".

This is how a value that fits several attributes (sneaker "white": upper, sole, laces)
finds its attribute, and how a number finds the measure it gives.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Collection, Iterable, Sequence

from bot.understanding.text import Coverage, Token
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.vocabulary import Sense, SenseKind

BEFORE_REACH = 2
"""How many words may stand between an attribute word and the value after it ("the sole
should be black")."""

COUNTED_REACH = 3
"""How many option words may stand between a number and what it counts ("60 black shirts")."""


def named_attributes(match: PhraseMatch[Sense]) -> frozenset[str]:
    """The attributes a phrase names (several for a shared word like "colour")."""
    return frozenset(
        sense.attribute
        for sense in match.payloads
        if sense.kind is SenseKind.ATTRIBUTE and sense.attribute is not None
    )


class Surroundings:
    """The words around the values of one message."""

    def __init__(
        self,
        tokens: Sequence[Token],
        matches: Iterable[PhraseMatch[Sense]],
        values: Coverage,
    ) -> None:
        """Index `matches` by token; `values` covers the characters of found values.

        A value between a word and another value cuts the link: in "red laces white
        sole" the "laces" does not reach the "white".
        """
        self._tokens = tokens
        self._starts = [token.start for token in tokens]
        self._ends = [token.end for token in tokens]
        self._values = values
        self._at: dict[int, PhraseMatch[Sense]] = {
            index: match for match in matches for index in range(match.start, match.end)
        }

    def tokens_in(self, start: int, end: int) -> tuple[int, int]:
        """Indices `[first, last)` of the tokens touching the characters `[start, end)`.

        A span without words (a quoted emoji) gets an empty range where it stands, so
        the words around it can still be found.
        """
        first = bisect_right(self._ends, start)
        return first, max(first, bisect_left(self._starts, end))

    def attribute_named(self, start: int, end: int, candidates: Collection[str]) -> str | None:
        """The one candidate named right after tokens `[start, end)`, else shortly before.

        A word naming several candidates ("colour" for shirt and print colour) decides
        nothing, so the search goes on past it.
        """
        return self.named_after(end, candidates) or self.named_before(start, candidates)

    def counted_after(self, end: int) -> bool:
        """Whether a counting word (product, "pairs") follows token `end`, past option words."""
        at = end
        while at < len(self._tokens) and not self._tokens[at].breaks_before:
            match = self._at.get(at)
            if match is None:
                return False
            kinds = {sense.kind for sense in match.payloads}
            if kinds & {SenseKind.PRODUCT, SenseKind.QUANTITY}:
                return True
            if SenseKind.OPTION not in kinds or match.end - end > COUNTED_REACH:
                return False
            at = match.end
        return False

    def named_after(self, end: int, candidates: Collection[str]) -> str | None:
        """The one candidate named by the word starting at token `end` ("white sole")."""
        match = self._at.get(end)
        if match is None or match.start != end or self._tokens[end].breaks_before:
            return None
        return _one_of(named_attributes(match), candidates)

    def named_before(
        self, start: int, candidates: Collection[str], reach: int = BEFORE_REACH
    ) -> str | None:
        """The one candidate named at most `reach` words before token `start`.

        The search stops at punctuation, at another value, and at a word right after
        another value, which describes that value: in "a red shirt with white writing"
        the "shirt" is the red one's, not the white one's.
        """
        at = start - 1
        while at >= max(0, start - 1 - reach) and not self._breaks_after(at):
            if self._is_value(at):
                return None
            match = self._at.get(at)
            if match is None:
                at -= 1
                continue
            if self._describes_value_before(match):
                return None
            named = _one_of(named_attributes(match), candidates)
            if named is not None:
                return named
            at = match.start - 1
        return None

    def _breaks_after(self, at: int) -> bool:
        """Whether punctuation ends the clause after token `at` (unknown after the last)."""
        return at + 1 < len(self._tokens) and self._tokens[at + 1].breaks_before

    def _is_value(self, at: int) -> bool:
        return self._values.overlaps(self._tokens[at].start, self._tokens[at].end)

    def _describes_value_before(self, match: PhraseMatch[Sense]) -> bool:
        return (
            match.start > 0
            and not self._breaks_after(match.start - 1)
            and self._is_value(match.start - 1)
        )


def _one_of(named: frozenset[str], candidates: Collection[str]) -> str | None:
    fitting = [attribute for attribute in candidates if attribute in named]
    return fitting[0] if len(fitting) == 1 else None
