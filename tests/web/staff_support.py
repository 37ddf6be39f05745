"""Staff accounts and logins for web tests: how a test becomes a logged-in staff member.

`add_staff` writes the account straight into the app's database (the app must be
running, which migrates it: use the `client` fixture), its password hashed with the
cheap hasher the test apps use; `log_in` goes through the real login form, so every
test that logs in also exercises it.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

import httpx

from bot.staff.accounts import StaffUser
from bot.storage.database import create_engine_for
from bot.storage.staff import StaffDirectory
from tests.cheap_passwords import CHEAP_PASSWORDS

ADMIN_EMAIL = "admin@shop.example"
SUPPORT_EMAIL = "support@shop.example"
TRAINER_EMAIL = "trainer@shop.example"
PASSWORD = "correct horse battery staple"

_CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_staff(database_url: str, email: str, role: str, password: str = PASSWORD) -> StaffUser:
    """Create a staff account in the (already migrated) database at `database_url`."""
    engine = create_engine_for(database_url)
    try:
        directory = StaffDirectory(engine, CHEAP_PASSWORDS)
        return directory.add(email, role, password, datetime.now(timezone.utc))
    finally:
        engine.dispose()


def csrf_field(page: str) -> str:
    """The value of the first `csrf_token` hidden field on an HTML page."""
    match = _CSRF_FIELD.search(page)
    assert match is not None, "the page has no csrf_token field"
    return match.group(1)


def log_in(client: httpx.Client, email: str, password: str = PASSWORD) -> str:
    """Log `client` in through the login form; returns the session's CSRF token.

    The session cookie stays on the client. The token is read from the logout form the
    login page shows to someone already logged in.
    """
    form = client.get("/staff/login")
    assert form.status_code == 200, form.text
    response = client.post(
        "/staff/login",
        data={"email": email, "password": password, "csrf_token": csrf_field(form.text)},
    )
    assert response.status_code == 303, f"login failed ({response.status_code}): {response.text}"
    page = client.get("/staff/login")
    assert page.status_code == 200, page.text
    return csrf_field(page.text)
