"""Words before an attribute that say whether the customer wants it.

"no monogram", "without a cable tray" decline; "with a cable tray", "add a cable tray"
ask for it. Separate from the product's vocabulary because these words mean the same
for every product.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.understanding.text import Token
from bot.understanding.vocabulary.phrases import PhraseMatcher

_DECLINING = (
    "no", "without", "skip", "not", "don't want", "dont want", "do not want", "don't need",
    "dont need", "do not need", "no need for", "leave out", "remove", "drop",
)  # fmt: skip
_WANTING = (
    "with", "add", "plus", "include", "including", "and", "want", "need", "like", "love",
    "also", "also with",
)  # fmt: skip
_ARTICLES = frozenset({"a", "an", "the", "any", "some", "my", "its"})
"""Skipped between a cue and its attribute: "without a cable tray"."""

_MATCHER: PhraseMatcher[bool] = PhraseMatcher(
    [(phrase, False) for phrase in _DECLINING] + [(phrase, True) for phrase in _WANTING]
)


class Cues:
    """The wanting and declining cues of one message."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        """Find the cues of `tokens` once; `wanted` then looks them up per attribute."""
        self._tokens = tokens
        self._ending_at = {match.end: match.payloads[0] for match in _MATCHER.find(tokens)}

    def wanted(self, start: int) -> bool | None:
        """True if a wanting cue ends right before token `start`, False if a declining one.

        Articles in between are skipped; punctuation in between breaks the link.
        """
        at = start
        while at > 0 and not self._tokens[at].breaks_before:
            if at in self._ending_at:
                return self._ending_at[at]
            if self._tokens[at - 1].folded not in _ARTICLES:
                return None
            at -= 1
        return None
