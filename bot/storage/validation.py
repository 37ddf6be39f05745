"""Checks and clean-ups applied to values before they reach the database.

The database would catch some of these itself, but differently per backend: SQLite
ignores VARCHAR lengths and accepts NUL characters, PostgreSQL rejects both with a driver
error. Checking here makes every backend behave the same and fail with a `ValueError`
that says what was wrong.
"""

from __future__ import annotations

from datetime import datetime
from typing import TypeGuard

from bot.storage.schema import SENDER_ID_LENGTH

NUL = "\x00"
REPLACEMENT_CHARACTER = "\ufffd"

MAX_ROW_ID = 2**31 - 1
"""The largest id a row of ours can have: our ids are INTEGER keys, whose largest value
on PostgreSQL this is. SQLite is held to the same bound, so both answer alike."""
_ROW_ID_DIGITS = len(str(MAX_ROW_ID))
NOT_A_WHOLE_NUMBER = (
    "must be a whole number as the console shows it (digits 0-9 only, "
    "no sign, spaces or leading zeros)"
)
OUT_OF_RANGE = f"must be between 1 and {MAX_ROW_ID}"


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


def is_sender_id(value: object) -> TypeGuard[str]:
    """Whether `value` could be a sender id we store (see `is_storable_id`)."""
    return is_storable_id(value, SENDER_ID_LENGTH)


def is_row_id(value: object) -> TypeGuard[int]:
    """Whether `value` could be the id of a row: an int (not a bool) from 1 to `MAX_ROW_ID`.

    Lookups answer "not found" for anything else without asking the database.
    """
    return isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= MAX_ROW_ID


def parse_row_id(text: object) -> int:
    """The row id (a conversation's, a message's) that `text` from a path or a command names.

    The one rule for ids typed or linked: ASCII digits as the console shows them, from 1
    to `MAX_ROW_ID`; no sign, whitespace, leading zero, other digits (full-width, Arabic)
    or notation (1e3, 0x10). Raises `ValueError` whose message completes "the id ...":
    `NOT_A_WHOLE_NUMBER`, or `OUT_OF_RANGE` for a number that can be no id (0, -3, and
    huge ones, measured without converting 100 000 digits). Callers report it their way
    (a CLI's message and exit status, a 404); the text is never echoed back.
    """
    if not isinstance(text, str):
        raise ValueError(NOT_A_WHOLE_NUMBER)
    digits = text.removeprefix("-")
    if not digits or not (digits.isascii() and digits.isdigit()):
        raise ValueError(NOT_A_WHOLE_NUMBER)
    if digits != text or len(digits) > _ROW_ID_DIGITS or not is_row_id(int(digits)):
        raise ValueError(OUT_OF_RANGE)
    if digits.startswith("0"):
        raise ValueError(NOT_A_WHOLE_NUMBER)
    return int(digits)


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
