"""The login form: CSRF, credentials, lockout and slow-down, redirects, hostile input."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import httpx
import pytest
from argon2 import extract_parameters
from argon2.profiles import get_default_parameters
from sqlalchemy import select

from bot.settings import Settings
from bot.staff.accounts import ADMIN, SUPPORT
from bot.staff.lockout import LOCK_DURATION, MAX_FAILURES, failure_delay
from bot.storage.database import create_engine_for
from bot.storage.schema import staff_users
from bot.storage.staff import StaffDirectory
from bot.web.app import create_app
from bot.web.routes.staff_login import LOGIN_CSRF_COOKIE, WRONG_CREDENTIALS
from bot.web.staff_session import SESSION_COOKIE

from ..staff_fixtures import LoggedIn, Paced
from ..staff_support import ADMIN_EMAIL, PASSWORD, SUPPORT_EMAIL, add_staff, csrf_field, log_in
from ..support import another_client, run_app


def form_token(client: httpx.Client, path: str = "/staff/login") -> str:
    page = client.get(path)
    assert page.status_code == 200
    return csrf_field(page.text)


def attempt(client: httpx.Client, email: str, password: str, **extra: str) -> httpx.Response:
    data = {"email": email, "password": password, "csrf_token": form_token(client), **extra}
    return client.post("/staff/login", data=data)


@pytest.fixture
def admin(client: httpx.Client, settings: Settings) -> str:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    return ADMIN_EMAIL


@pytest.fixture
def paced_admin(paced: Paced, settings: Settings) -> Paced:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    return paced


def test_the_login_form(client: httpx.Client) -> None:
    response = client.get("/staff/login?next=/staff/dashboard")

    assert response.status_code == 200
    assert 'name="email"' in response.text and 'type="password"' in response.text
    assert '<input type="hidden" name="next" value="/staff/dashboard">' in response.text
    cookie = response.headers["set-cookie"].lower()
    assert cookie.startswith(LOGIN_CSRF_COOKIE)
    for attribute in ("httponly", "samesite=strict", "path=/staff/login", "max-age=3600"):
        assert attribute in cookie
    assert csrf_field(response.text) == client.cookies[LOGIN_CSRF_COOKIE]


def test_two_open_login_forms_both_work(client: httpx.Client, admin: str) -> None:
    first = form_token(client)
    assert form_token(client) == first


def test_the_right_password_logs_in_and_returns_to_next(client: httpx.Client, admin: str) -> None:
    response = attempt(client, " Admin@Shop.Example ", PASSWORD, next="/staff/dashboard?x=1")

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/dashboard?x=1"
    assert SESSION_COOKIE in client.cookies
    assert client.get("/staff/accounts").status_code == 200


@pytest.mark.parametrize(
    "next_path", ["//evil.example", "https://evil.example/staff", "/\\evil.example", "/specs/x"]
)
def test_logins_never_redirect_off_the_console(
    client: httpx.Client, admin: str, next_path: str
) -> None:
    response = attempt(client, ADMIN_EMAIL, PASSWORD, next=next_path)

    assert response.headers["location"] == "/staff/conversations"


def test_the_login_page_knows_who_is_logged_in(client: httpx.Client, admin: str) -> None:
    log_in(client, ADMIN_EMAIL)

    page = client.get("/staff/login?next=/staff/accounts")

    assert "You are logged in as admin@shop.example" in page.text
    assert 'href="/staff/accounts"' in page.text
    assert 'name="password"' not in page.text


@pytest.mark.parametrize(
    ("data", "cookie"),
    [
        ({}, True),  # no token in the form
        ({"csrf_token": ""}, True),
        ({"csrf_token": "A" * 43}, True),  # a wrong token
        ({"csrf_token": "copied"}, False),  # the right token, but no cookie to match
    ],
)
def test_the_login_form_needs_its_csrf_token(
    client: httpx.Client, admin: str, data: dict[str, str], cookie: bool
) -> None:
    token = form_token(client)
    if data.get("csrf_token") == "copied":
        data = {"csrf_token": token}
    if not cookie:
        client.cookies.clear()

    response = client.post(
        "/staff/login", data={"email": ADMIN_EMAIL, "password": PASSWORD, **data}
    )

    assert response.status_code == 403
    assert "login form had expired" in response.text
    assert SESSION_COOKIE not in client.cookies
    assert csrf_field(response.text)  # a fresh form to try again with


def test_another_browsers_login_token_is_refused(client: httpx.Client, admin: str) -> None:
    with another_client(client) as other:
        foreign = form_token(other)
    form_token(client)

    response = client.post(
        "/staff/login", data={"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": foreign}
    )

    assert response.status_code == 403


def test_logins_posted_by_other_sites_are_refused(client: httpx.Client, admin: str) -> None:
    data = {"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": form_token(client)}

    response = client.post("/staff/login", data=data, headers={"Origin": "https://evil.example"})

    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_wrong_passwords_and_unknown_accounts_read_the_same(
    paced_admin: Paced,
) -> None:
    client = paced_admin.client
    wrong = attempt(client, ADMIN_EMAIL, "not the password")
    unknown = attempt(client, "nobody@shop.example", "not the password")

    assert wrong.status_code == unknown.status_code == 401
    assert WRONG_CREDENTIALS in wrong.text
    assert wrong.text.replace(ADMIN_EMAIL, "E") == unknown.text.replace("nobody@shop.example", "E")
    assert SESSION_COOKIE not in client.cookies


def test_failures_slow_down_and_five_lock_the_account(paced_admin: Paced) -> None:
    client = paced_admin.client
    statuses = [attempt(client, ADMIN_EMAIL, f"guess number {n}").status_code for n in range(5)]

    assert statuses == [401] * (MAX_FAILURES - 1) + [429]
    assert paced_admin.sleeps == [failure_delay(n) for n in range(1, MAX_FAILURES + 1)]
    assert paced_admin.sleeps[0] > 0

    paced_admin.advance(timedelta(minutes=1))
    locked = attempt(client, ADMIN_EMAIL, PASSWORD)  # even the right password
    assert locked.status_code == 429
    assert "Try again in 14 minutes" in locked.text
    assert SESSION_COOKIE not in client.cookies
    assert paced_admin.sleeps[-1] == 0.0  # a locked name is answered without checking

    paced_admin.advance(LOCK_DURATION)
    assert attempt(client, ADMIN_EMAIL, PASSWORD).status_code == 303


def test_unknown_names_are_locked_the_same_way(paced_admin: Paced) -> None:
    client = paced_admin.client
    known = [attempt(client, ADMIN_EMAIL, "guess").status_code for _ in range(MAX_FAILURES)]
    unknown = [
        attempt(client, "ghost@shop.example", "guess").status_code for _ in range(MAX_FAILURES)
    ]

    assert known == unknown
    assert paced_admin.sleeps[:MAX_FAILURES] == paced_admin.sleeps[MAX_FAILURES:]


def test_a_success_resets_the_count(paced_admin: Paced) -> None:
    client = paced_admin.client
    for _ in range(MAX_FAILURES - 1):
        attempt(client, ADMIN_EMAIL, "guess")
    assert attempt(client, ADMIN_EMAIL, PASSWORD).status_code == 303
    client.cookies.clear()

    assert attempt(client, ADMIN_EMAIL, "guess").status_code == 401
    assert paced_admin.sleeps[-1] == failure_delay(1)


def test_a_locked_admin_is_shown_on_the_accounts_page_and_can_be_unlocked(
    paced_admin: Paced, settings: Settings
) -> None:
    add_staff(settings.database_url, SUPPORT_EMAIL, SUPPORT)
    client = paced_admin.client
    for _ in range(MAX_FAILURES):
        attempt(client, SUPPORT_EMAIL, "guess")
    csrf = log_in(client, ADMIN_EMAIL)

    assert "locked until 09:15 UTC" in client.get("/staff/accounts").text
    response = client.post(
        "/staff/accounts/unlock", data={"email": SUPPORT_EMAIL, "csrf_token": csrf}
    )
    assert response.status_code == 303
    assert "locked until" not in client.get("/staff/accounts").text


@pytest.mark.parametrize(
    ("email", "password", "status", "says"),
    [
        ("", PASSWORD, 400, "Enter your e-mail and your password"),
        ("   ", PASSWORD, 400, "Enter your e-mail and your password"),
        (ADMIN_EMAIL, "", 400, "Enter your e-mail and your password"),
        (None, PASSWORD, 400, "Enter your e-mail and your password"),
        (ADMIN_EMAIL, None, 400, "Enter your e-mail and your password"),
        ("x" * 100_000, PASSWORD, 400, "too long"),
        (ADMIN_EMAIL, "x" * 100_000, 400, "too long"),
        ("' OR 1=1; --", "' OR '1'='1", 401, WRONG_CREDENTIALS),
        ("admin@shop.example'--", PASSWORD, 401, WRONG_CREDENTIALS),
        ("\x00admin@shop.example", PASSWORD, 401, WRONG_CREDENTIALS),
        ("<script>alert(1)</script>", PASSWORD, 401, WRONG_CREDENTIALS),
        ("ädmin@shöp.example", "pässwörd", 401, WRONG_CREDENTIALS),
    ],
)
def test_hostile_or_broken_input_gets_a_clear_answer(
    paced_admin: Paced, email: str | None, password: str | None, status: int, says: str
) -> None:
    client = paced_admin.client
    data = {"csrf_token": form_token(client)}
    if email is not None:
        data["email"] = email
    if password is not None:
        data["password"] = password

    response = client.post("/staff/login", data=data)

    assert response.status_code == status
    assert says in response.text
    assert "<script>alert" not in response.text
    assert response.headers["content-type"].startswith("text/html")


def test_non_utf8_bytes_are_a_failed_login_not_a_crash(paced_admin: Paced) -> None:
    client = paced_admin.client
    token = form_token(client)
    body = b"email=%FF%FEadmin%40shop.example&password=%C3%28xx&csrf_token=" + token.encode()

    response = client.post(
        "/staff/login",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 401
    assert WRONG_CREDENTIALS in response.text


def test_a_raw_invalid_body_is_answered_with_a_page(paced_admin: Paced) -> None:
    client = paced_admin.client
    form_token(client)
    for body, content_type in [
        (b"\xff\xfe\x00garbage", "application/x-www-form-urlencoded"),
        (b'{"email": "admin@shop.example"}', "application/json"),
        (b"", "text/plain"),
    ]:
        response = client.post("/staff/login", content=body, headers={"Content-Type": content_type})
        assert response.status_code == 403, body  # the login token is missing
        assert "login form had expired" in response.text


def test_a_huge_body_is_refused_unread(paced_admin: Paced) -> None:
    client = paced_admin.client
    token = form_token(client)

    response = client.post(
        "/staff/login",
        data={"email": ADMIN_EMAIL, "password": "x" * (2 * 1024 * 1024), "csrf_token": token},
    )

    assert response.status_code == 413


def test_the_login_works_as_multipart_too(client: httpx.Client, admin: str) -> None:
    token = form_token(client)

    response = client.post(
        "/staff/login",
        files={
            "email": (None, ADMIN_EMAIL),
            "password": (None, PASSWORD),
            "csrf_token": (None, token),
        },
    )

    assert response.status_code == 303


def test_logout_then_back_to_the_login_page(staff_client: LoggedIn) -> None:
    client = staff_client.client
    response = client.post("/staff/logout", data={"csrf_token": staff_client.csrf_token})

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login"
    assert SESSION_COOKIE not in client.cookies
    assert client.get("/staff").headers["location"].startswith("/staff/login")


def test_anonymous_logout_is_sent_to_login(client: httpx.Client) -> None:
    response = client.post("/staff/logout", data={"csrf_token": "whatever"})

    assert response.status_code == 303
    assert response.headers["location"].startswith("/staff/login")


def test_production_hashing_is_argon2_default_profile_and_logs_in(settings: Settings) -> None:
    """The one login at production cost: every other test's app and accounts hash cheaply.

    The account is made as `tailor staff add` makes it, the app is built as production
    builds it (no hasher given), and the hash after the login (which rehashes hashes made
    with other parameters) carries argon2-cffi's default parameters.
    """
    with run_app(create_app(settings)) as client:
        engine = create_engine_for(settings.database_url)
        try:
            now = datetime.now(timezone.utc)
            StaffDirectory(engine).add(ADMIN_EMAIL, ADMIN, PASSWORD, now)
            log_in(client, ADMIN_EMAIL)
            with engine.connect() as connection:
                stored = connection.execute(select(staff_users.c.password_hash)).scalar_one()
        finally:
            engine.dispose()
        assert client.get("/staff/accounts").status_code == 200

    assert extract_parameters(stored) == get_default_parameters()
