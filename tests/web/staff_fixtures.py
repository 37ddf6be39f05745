"""Fixtures for staff console tests, registered for all web tests by tests/web/conftest.py.

`staff_client`, `trainer_client` and `admin_client` are fresh httpx clients of the running app (the
`client` fixture's app, with cookies of their own), each logged in through the real login form.
`paced` runs its own app (in process) whose clock tests move and whose login delays are
recorded instead of slept, for lockout and expiry tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from bot.settings import Settings
from bot.staff.accounts import ADMIN, SUPPORT, TRAINER, StaffUser
from bot.web.staff_session import Clock, Sleep, get_clock, get_sleep

from .staff_support import ADMIN_EMAIL, SUPPORT_EMAIL, TRAINER_EMAIL, add_staff, log_in
from .support import another_client, build_app, run_app

CLIENT_TIMEOUT = 90.0
"""The first training example a test accepts loads spaCy (and TensorFlow) into the app
(a timeout only matters when the app is served over a socket)."""


@dataclass
class LoggedIn:
    """A client with a staff session, the session's CSRF token, and whose session it is."""

    client: httpx.Client
    csrf_token: str
    user: StaffUser


def logged_in(
    stack: ExitStack, client: httpx.Client, settings: Settings, email: str, role: str
) -> LoggedIn:
    """A new client of the app behind `client`, logged in as a new `role` account."""
    user = add_staff(settings.database_url, email, role)
    own = stack.enter_context(another_client(client, timeout=CLIENT_TIMEOUT))
    return LoggedIn(client=own, csrf_token=log_in(own, email), user=user)


@pytest.fixture
def staff_client(client: httpx.Client, settings: Settings) -> Iterator[LoggedIn]:
    """A support staff member (support@shop.example) logged in to the running app."""
    with ExitStack() as stack:
        yield logged_in(stack, client, settings, SUPPORT_EMAIL, SUPPORT)


@pytest.fixture
def trainer_client(client: httpx.Client, settings: Settings) -> Iterator[LoggedIn]:
    """A trainer (trainer@shop.example) logged in to the running app."""
    with ExitStack() as stack:
        yield logged_in(stack, client, settings, TRAINER_EMAIL, TRAINER)


@pytest.fixture
def admin_client(client: httpx.Client, settings: Settings) -> Iterator[LoggedIn]:
    """An admin (admin@shop.example) logged in to the running app."""
    with ExitStack() as stack:
        yield logged_in(stack, client, settings, ADMIN_EMAIL, ADMIN)


@dataclass
class Paced:
    """An app whose time stands still until moved, and the login delays it asked for."""

    client: httpx.Client
    now: datetime = field(default_factory=lambda: datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc))
    sleeps: list[float] = field(default_factory=list)

    def advance(self, delta: timedelta) -> None:
        """Move the app's clock forward."""
        self.now += delta

    def clock(self) -> Clock:
        return lambda: self.now

    def sleep(self) -> Sleep:
        async def record(seconds: float) -> None:
            self.sleeps.append(seconds)

        return record


@pytest.fixture
def paced(settings: Settings) -> Iterator[Paced]:
    """The app with an injected clock and sleep (see `Paced`), on the test settings."""
    app = build_app(settings)
    with run_app(app) as client:
        paced = Paced(client=client)
        app.dependency_overrides[get_clock] = paced.clock
        app.dependency_overrides[get_sleep] = paced.sleep
        yield paced
