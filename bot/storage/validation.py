"""Checks and clean-ups applied to values before they reach the database.

The database would catch some of these itself, but differently per backend: SQLite
ignores VARCHAR lengths and accepts NUL characters, PostgreSQL rejects both with a driver
error. Checking here makes every backend behave the same and fail with a `ValueError`
that says what was wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeGuard

NUL = "\x00"
REPLACEMENT_CHARACTER = "\ufffd"


def clean_text(text: str | None) -> str | None:
    """`text` with NUL characters replaced by U+FFFD, which every backend can store.

    Replaced rather than dropped so a reader can still see that something was there.
    """
    return None if text is None else text.replace(NUL, REPLACEMENT_CHARACTER)


def clip(text: str | None, length: int) -> str | None:
    """`text` cleaned and cut to `length` characters, for labels that must fit a column."""
    cleaned = clean_text(text)
    return None if cleaned is None else cleaned[:length]


def is_storable_id(value: object, max_length: int) -> TypeGuard[str]:
    """Whether `value` could be a key we store: a non-empty str that fits, without NUL.

    Lookups use this to answer "not found" for keys that cannot exist, without sending
    them to a database that might choke on them.
    """
    return isinstance(value, str) and 0 < len(value) <= max_length and NUL not in value


def require_id(value: object, *, what: str, max_length: int) -> str:
    """`value` if `is_storable_id`, else a `ValueError` naming `what`."""
    if not is_storable_id(value, max_length):
        raise ValueError(
            f"{what} must be a non-empty string of at most {max_length} characters "
            f"without NUL, got {_preview(value)}"
        )
    return value


def require_int(value: object, *, what: str, low: int, high: int) -> int:
    """`value` if it is an int in [low, high] (bools excluded), else a `ValueError`."""
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{what} must be an integer from {low} to {high}, got {_preview(value)}")
    return value


def require_aware(moment: datetime, *, what: str) -> datetime:
    """`moment` if it is a timezone-aware datetime, else a `ValueError` naming `what`.

    A naive one's zone is unknown: comparing it with stored UTC times would be off by
    the server's offset, silently.
    """
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise ValueError(f"{what} must be a timezone-aware datetime, got {_preview(moment)}")
    return moment


def _preview(value: object) -> str:
    # Error messages end up in logs; a 100,000-character sender id should not.
    shown = repr(value)
    return shown if len(shown) <= 80 else f"{shown[:77]}..."
