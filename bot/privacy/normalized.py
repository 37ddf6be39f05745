"""Text as the redaction patterns read it, with a way back to the original positions.

Customers (and hostile input) write numbers in ways a plain ASCII pattern misses:
Arabic-Indic or full-width digits, a zero-width space or a right-to-left mark pasted in
the middle of a card number. Rather than teaching every pattern about all of them, the
text is normalized once: invisible format characters are dropped and other digits and
full-width punctuation become their ASCII counterparts. Matches found in the normalized
text are mapped back, so the original text is changed only where something was found
(an emoji's zero-width joiner elsewhere in the message stays as it was).
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass

_INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
"""Soft hyphen, bidirectional marks, embeddings and isolates, zero-width characters and
the byte order mark: characters that show nothing but split a number for a pattern."""

_OTHER_DIGIT = re.compile(r"(?![0-9])\d")

_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: ord(" ")}
"""Full-width forms of ASCII (U+FF01 to U+FF5E: digits, "+", "@", letters) and the
ideographic space, as East Asian keyboards type them."""


@dataclass(frozen=True)
class NormalizedText:
    """`text` normalized for matching, remembering where the original had invisible characters.

    `removed_before[k]` is the normalized position in front of which the k-th removed
    character stood; it maps a normalized position to the original one.
    """

    text: str
    removed_before: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's span of the normalized, non-empty span `[start, end)`.

        Invisible characters inside the span belong to it; those around it do not.
        """
        last = end - 1
        return (
            start + bisect_right(self.removed_before, start),
            last + bisect_right(self.removed_before, last) + 1,
        )


def normalize(text: str) -> NormalizedText:
    """`text` ready for the redaction patterns; plain ASCII text is returned as it is."""
    if text.isascii():
        return NormalizedText(text, ())
    removed = tuple(match.start() - index for index, match in enumerate(_INVISIBLE.finditer(text)))
    visible = _INVISIBLE.sub("", text) if removed else text
    digits = _OTHER_DIGIT.sub(lambda match: str(unicodedata.decimal(match.group())), visible)
    return NormalizedText(digits.translate(_FULL_WIDTH), removed)
