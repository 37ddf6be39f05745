"""Staff sessions: how long a login lasts, and what a request learns from one.

A session ends after `IDLE_TIMEOUT` without a request (sliding) and, whatever the
activity, `ABSOLUTE_LIFETIME` after login, so a stolen cookie stops working on its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.staff.accounts import StaffUser

IDLE_TIMEOUT = timedelta(hours=8)
"""A working day: a console left open overnight asks for the password again."""
ABSOLUTE_LIFETIME = timedelta(days=7)
TOUCH_INTERVAL = timedelta(minutes=1)
"""`last_seen_at` is written at most this often, not on every request."""


@dataclass(frozen=True)
class StaffSession:
    """A logged-in staff member and the CSRF token their forms must send back."""

    user: StaffUser
    csrf_token: str


def is_live(last_seen_at: datetime, expires_at: datetime, now: datetime) -> bool:
    """Whether a session seen last at `last_seen_at` still admits requests at `now`."""
    return now < expires_at and now < last_seen_at + IDLE_TIMEOUT


def needs_touch(last_seen_at: datetime, now: datetime) -> bool:
    """Whether `last_seen_at` is stale enough to be worth a write."""
    return now - last_seen_at >= TOUCH_INTERVAL
