"""Reading the customer's rating and comment."""

from __future__ import annotations

from bot.understanding import parse_rating

MAX_COMMENT_LENGTH = 5000
"""Long enough for any honest comment; bounds what one message can make us store."""

_NO_COMMENT = frozenset({"no", "nope", "none", "nothing", "no comment", "no thanks", "skip", "n/a"})


def read_rating(value: object) -> int | None:
    """A rating from 1 to 5 from a button value (number) or the customer's words."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and 1 <= value <= 5 else None
    return parse_rating(str(value))


def read_comment(text: str, *, declined: bool) -> str:
    """The comment as written, or "" when the customer said they have none."""
    comment = text.strip()
    if declined or comment.lower().strip(" .!") in _NO_COMMENT:
        return ""
    return comment[:MAX_COMMENT_LENGTH]
