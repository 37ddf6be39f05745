"""The login throttle: each failed login slows the next answer, five lock the name out.

Pure policy over a `Throttle` record and a clock, so it is tested without waiting;
`bot.storage.staff` keeps the records and the login route does the waiting. Failures are
counted per login name as typed (lower-cased), whether or not an account has it, so the
lockout reveals nothing about which accounts exist.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

MAX_FAILURES = 5
"""Consecutive failures that lock a login name."""
LOCK_DURATION = timedelta(minutes=15)
"""How long a locked name stays locked; a success or `tailor staff unlock` resets it."""
FIRST_DELAY_SECONDS = 0.5
"""The wait before answering the first failure; it doubles with each further one."""
MAX_DELAY_SECONDS = 4.0
"""The longest wait: enough to slow a script, short enough not to look like a hang."""


@dataclass(frozen=True)
class Throttle:
    """What is known about one login name's recent failures."""

    failures: int
    last_failure_at: datetime
    locked_until: datetime | None = None


def locked_until(throttle: Throttle | None, now: datetime) -> datetime | None:
    """When the lock on this name ends, or None if it is not locked at `now`."""
    if throttle is None or throttle.locked_until is None or throttle.locked_until <= now:
        return None
    return throttle.locked_until


def after_failure(throttle: Throttle | None, now: datetime) -> Throttle:
    """The record after one more failure at `now`.

    A lock that has run out starts a fresh count, so the owner gets their attempts back
    instead of being locked again by their first typo.
    """
    if throttle is None or (throttle.locked_until is not None and throttle.locked_until <= now):
        failures = 1
    else:
        failures = throttle.failures + 1
    lock = now + LOCK_DURATION if failures >= MAX_FAILURES else None
    return Throttle(failures=failures, last_failure_at=now, locked_until=lock)


def failure_delay(failures: int) -> float:
    """Seconds to wait before answering the `failures`-th consecutive failure."""
    if failures <= 0:
        return 0.0
    return min(FIRST_DELAY_SECONDS * 2 ** (failures - 1), MAX_DELAY_SECONDS)


def minutes_left(until: datetime, now: datetime) -> int:
    """Whole minutes until `until`, rounded up (a lock with 10 s left says 1 minute)."""
    return max(1, math.ceil((until - now).total_seconds() / 60))
