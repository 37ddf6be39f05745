"""Text in quotes: 'NO SLEEP', "Go Team", “Tailor”, «Nord».

Quoted words are the customer's literal text, so they are read before anything else
and never taken for options or numbers ("print 'RED 5' on it" orders no red and no 5).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.understanding.text import cap

_QUOTED = re.compile(
    r'"(?P<straight_double>[^"\n]+)"'
    r"|“(?P<curly_double>[^”\n]+)”"
    r"|„(?P<low_double>[^“”\n]+)[“”]"
    r"|«(?P<guillemets>[^»\n]+)»"
    r"|\u2018(?P<curly_single>(?:[^\u2019\n]|\u2019(?=\w))+)\u2019(?!\w)"
    r"|(?<!\w)'(?P<straight_single>(?:[^'\n]|'(?=\w))+)'(?!\w)"
)
"""Single quotes double as apostrophes, so an opening one must not follow a letter
("I'd") and an inner one must be followed by a letter ('Don't stop')."""


@dataclass(frozen=True)
class Quote:
    """Quoted text (`text`, trimmed) and the span `[start, end)` including the quotes."""

    text: str
    start: int
    end: int


def find_quotes(text: str) -> list[Quote]:
    """Every non-blank quoted passage of `text`, in order."""
    quotes = []
    for match in _QUOTED.finditer(cap(text)):
        inner = next(group for group in match.groups() if group is not None).strip()
        if inner:
            quotes.append(Quote(inner, match.start(), match.end()))
    return quotes
