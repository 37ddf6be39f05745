from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from bot.staff.lockout import (
    LOCK_DURATION,
    MAX_DELAY_SECONDS,
    MAX_FAILURES,
    Throttle,
    after_failure,
    failure_delay,
    locked_until,
    minutes_left,
)

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)


def fail(times: int, start: Throttle | None = None, at: datetime = NOW) -> Throttle | None:
    throttle = start
    for _ in range(times):
        throttle = after_failure(throttle, at)
    return throttle


def test_the_policy_is_five_failures_for_fifteen_minutes() -> None:
    assert MAX_FAILURES == 5
    assert timedelta(minutes=15) == LOCK_DURATION


def test_failures_below_the_limit_do_not_lock() -> None:
    throttle = fail(MAX_FAILURES - 1)
    assert throttle is not None and throttle.failures == MAX_FAILURES - 1
    assert locked_until(throttle, NOW) is None


def test_the_fifth_failure_locks_for_fifteen_minutes() -> None:
    throttle = fail(MAX_FAILURES)
    assert throttle is not None
    assert locked_until(throttle, NOW) == NOW + LOCK_DURATION
    assert locked_until(throttle, NOW + LOCK_DURATION - timedelta(seconds=1)) is not None
    assert locked_until(throttle, NOW + LOCK_DURATION) is None


def test_a_failure_after_the_lock_ran_out_starts_a_fresh_count() -> None:
    later = NOW + LOCK_DURATION + timedelta(seconds=1)
    throttle = after_failure(fail(MAX_FAILURES), later)
    assert throttle.failures == 1
    assert locked_until(throttle, later) is None


def test_no_record_means_not_locked() -> None:
    assert locked_until(None, NOW) is None


def test_delays_grow_and_are_capped() -> None:
    delays = [failure_delay(n) for n in range(12)]
    assert delays[0] == 0.0
    assert 0 < delays[1] < delays[2] < delays[3]
    assert delays == sorted(delays)
    assert delays[-1] == max(delays) == MAX_DELAY_SECONDS


@pytest.mark.parametrize(
    ("left", "minutes"),
    [
        (timedelta(seconds=1), 1),
        (timedelta(minutes=1), 1),
        (timedelta(seconds=61), 2),
        (LOCK_DURATION, 15),
    ],
)
def test_minutes_left_round_up(left: timedelta, minutes: int) -> None:
    assert minutes_left(NOW + left, NOW) == minutes
