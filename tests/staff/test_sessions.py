from __future__ import annotations

from datetime import datetime, timedelta, timezone

from bot.staff.sessions import (
    ABSOLUTE_LIFETIME,
    IDLE_TIMEOUT,
    TOUCH_INTERVAL,
    is_live,
    needs_touch,
)

START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
EXPIRES = START + ABSOLUTE_LIFETIME


def test_a_fresh_session_is_live() -> None:
    assert is_live(START, EXPIRES, START)


def test_idle_sessions_end() -> None:
    assert is_live(START, EXPIRES, START + IDLE_TIMEOUT - timedelta(seconds=1))
    assert not is_live(START, EXPIRES, START + IDLE_TIMEOUT)


def test_activity_keeps_a_session_alive_but_not_beyond_its_lifetime() -> None:
    seen = EXPIRES - timedelta(minutes=5)
    assert is_live(seen, EXPIRES, EXPIRES - timedelta(seconds=1))
    assert not is_live(seen, EXPIRES, EXPIRES)


def test_last_seen_is_written_at_most_once_a_minute() -> None:
    assert not needs_touch(START, START + TOUCH_INTERVAL - timedelta(seconds=1))
    assert needs_touch(START, START + TOUCH_INTERVAL)
