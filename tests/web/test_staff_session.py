"""Sessions as the browser sees them: cookies, expiry, logout, CSRF, roles, API access."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from fastapi import APIRouter

from bot.settings import Settings
from bot.staff.accounts import ADMIN, SUPPORT, TRAINER
from bot.staff.sessions import IDLE_TIMEOUT
from bot.web.staff_pages import STAFF_CONTENT_SECURITY_POLICY
from bot.web.staff_session import (
    MAX_FORM_BYTES,
    SESSION_COOKIE,
    CsrfTrainerDep,
    TrainerDep,
)

from .staff_fixtures import LoggedIn, Paced
from .staff_support import ADMIN_EMAIL, PASSWORD, SUPPORT_EMAIL, add_staff, csrf_field, log_in
from .support import another_client, build_app, run_app


def login_response(client: httpx.Client, headers: dict[str, str] | None = None) -> httpx.Response:
    form = client.get("/staff/login")
    return client.post(
        "/staff/login",
        data={"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": csrf_field(form.text)},
        headers=headers or {},
    )


def session_cookie(response: httpx.Response) -> list[str]:
    cookies = [c for c in response.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)]
    assert len(cookies) == 1, response.headers.get_list("set-cookie")
    return [part.strip().lower() for part in cookies[0].split(";")]


def is_login_redirect(response: httpx.Response) -> bool:
    return response.status_code == 303 and response.headers["location"].startswith(
        "/staff/login?next="
    )


def test_the_session_cookie_is_script_proof_and_same_site(
    client: httpx.Client, settings: Settings
) -> None:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)

    attributes = session_cookie(login_response(client))

    assert "httponly" in attributes
    assert "samesite=strict" in attributes
    assert "path=/" in attributes
    assert "secure" not in attributes  # plain http: a Secure cookie would never come back


def test_the_cookie_is_secure_behind_an_https_proxy(
    served_client: httpx.Client, settings: Settings
) -> None:
    # uvicorn applies X-Forwarded-Proto from a trusted proxy (loopback): a real server.
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)

    response = login_response(served_client, headers={"X-Forwarded-Proto": "https"})

    assert "secure" in session_cookie(response)


def test_the_cookie_is_secure_when_the_site_is_https(
    start_app: Callable[[Settings], httpx.Client], settings: Settings
) -> None:
    client = start_app(replace(settings, public_base_url="https://shop.example"))
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    form = client.get("/staff/login")
    (login_cookie,) = form.headers.get_list("set-cookie")
    assert "secure" in login_cookie.lower()

    # httpx keeps Secure cookies off plain http, as browsers do; this test speaks http.
    response = client.post(
        "/staff/login",
        data={"email": ADMIN_EMAIL, "password": PASSWORD, "csrf_token": csrf_field(form.text)},
        headers={"Cookie": login_cookie.split(";")[0]},
    )

    assert "secure" in session_cookie(response)


def test_a_planted_session_cookie_is_replaced_at_login(
    client: httpx.Client, settings: Settings
) -> None:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    planted = "A" * 43
    client.cookies.set(SESSION_COOKIE, planted)

    response = login_response(client)

    issued = session_cookie(response)[0].split("=", 1)[1]
    assert issued != planted.lower()
    with another_client(client, cookies={SESSION_COOKIE: planted}) as attacker:
        assert is_login_redirect(attacker.get("/staff/accounts"))


def test_each_login_gets_a_new_session(client: httpx.Client, settings: Settings) -> None:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    first = log_in(client, ADMIN_EMAIL)
    first_cookie = client.cookies[SESSION_COOKIE]
    with another_client(client) as other:
        second = log_in(other, ADMIN_EMAIL)
        assert other.cookies[SESSION_COOKIE] != first_cookie
    assert first != second


@pytest.mark.parametrize(
    "cookie", ["", "garbage", "A" * 43, "A" * 10_000, "'; DROP TABLE staff_sessions; --"]
)
def test_forged_cookies_are_anonymous(client: httpx.Client, cookie: str) -> None:
    client.cookies.set(SESSION_COOKIE, cookie)

    assert is_login_redirect(client.get("/staff/conversations"))


def test_anonymous_pages_redirect_to_login_and_back(client: httpx.Client) -> None:
    response = client.get("/staff/accounts?notice=role")

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login?next=%2Fstaff%2Faccounts%3Fnotice%3Drole"


def test_forms_posted_after_the_session_ended_go_to_the_home_page(client: httpx.Client) -> None:
    response = client.post("/staff/logout", data={"csrf_token": "x"})

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login?next=%2Fstaff%2Fconversations"


def test_idle_sessions_expire(paced: Paced, settings: Settings) -> None:
    add_staff(settings.database_url, ADMIN_EMAIL, ADMIN)
    log_in(paced.client, ADMIN_EMAIL)

    paced.advance(IDLE_TIMEOUT - timedelta(minutes=1))
    assert paced.client.get("/staff/accounts").status_code == 200
    paced.advance(IDLE_TIMEOUT - timedelta(minutes=1))  # activity slid the timeout
    assert paced.client.get("/staff/accounts").status_code == 200
    paced.advance(IDLE_TIMEOUT)
    assert is_login_redirect(paced.client.get("/staff/accounts"))


def test_logout_ends_the_session_on_the_server(
    staff_client: LoggedIn,
) -> None:
    stolen = staff_client.client.cookies[SESSION_COOKIE]

    response = staff_client.client.post(
        "/staff/logout", data={"csrf_token": staff_client.csrf_token}
    )

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/login"
    cleared = session_cookie(response)
    assert cleared[0] in (f'{SESSION_COOKIE}=""', f"{SESSION_COOKIE}=")
    assert "max-age=0" in cleared
    with another_client(staff_client.client, cookies={SESSION_COOKIE: stolen}) as replay:
        assert is_login_redirect(replay.get("/staff/conversations"))
        assert replay.get("/api/conversations").status_code == 401


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"csrf_token": ""},
        {"csrf_token": "wrong"},
        {"csrf_token": "x" * 100_000},
        {"csrf_token": "ünïcödé"},
    ],
)
def test_logout_needs_the_session_csrf_token(
    staff_client: LoggedIn,
    data: dict[str, str],
) -> None:
    response = staff_client.client.post("/staff/logout", data=data)

    assert response.status_code == 403
    assert "expired or did not come from the console" in response.text
    assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY
    assert staff_client.client.get("/staff/accounts").status_code == 403  # still logged in


def test_another_sessions_csrf_token_is_refused(
    staff_client: LoggedIn,
    admin_client: LoggedIn,
) -> None:
    response = staff_client.client.post(
        "/staff/logout", data={"csrf_token": admin_client.csrf_token}
    )

    assert response.status_code == 403


def test_the_csrf_token_may_come_as_a_header(staff_client: LoggedIn) -> None:
    response = staff_client.client.post(
        "/staff/logout", headers={"X-CSRF-Token": staff_client.csrf_token}
    )

    assert response.status_code == 303


@pytest.mark.parametrize("origin", ["https://evil.example", "null", "http://127.0.0.1:1"])
def test_posts_from_other_origins_are_refused(
    staff_client: LoggedIn,
    origin: str,
) -> None:
    response = staff_client.client.post(
        "/staff/logout", data={"csrf_token": staff_client.csrf_token}, headers={"Origin": origin}
    )

    assert response.status_code == 403
    assert "another site" in response.text


@pytest.mark.parametrize("own", [True, False])
def test_posts_from_our_own_origins_pass(
    staff_client: LoggedIn,
    own: bool,
) -> None:
    url = staff_client.client.base_url
    own_origin = f"{url.scheme}://{url.netloc.decode()}"
    origin = own_origin if own else "http://shop.example"  # PUBLIC_BASE_URL

    response = staff_client.client.post(
        "/staff/logout", data={"csrf_token": staff_client.csrf_token}, headers={"Origin": origin}
    )

    assert response.status_code == 303


def test_oversized_forms_are_refused_unread(staff_client: LoggedIn) -> None:
    response = staff_client.client.post(
        "/staff/logout",
        data={"csrf_token": staff_client.csrf_token, "filler": "x" * MAX_FORM_BYTES},
    )

    assert response.status_code == 413
    assert "too large" in response.text


def test_support_staff_cannot_open_admin_pages(staff_client: LoggedIn) -> None:
    response = staff_client.client.get("/staff/accounts")

    assert response.status_code == 403
    assert "Only admins" in response.text
    assert response.headers["cache-control"] == "no-store"


def test_a_console_session_opens_the_staff_api(
    start_app: Callable[[Settings], httpx.Client], settings: Settings
) -> None:
    client = start_app(replace(settings, staff_api_token=None))
    add_staff(settings.database_url, SUPPORT_EMAIL, SUPPORT)
    assert client.get("/api/conversations").status_code == 401

    log_in(client, SUPPORT_EMAIL)

    assert client.get("/api/conversations").status_code == 200
    assert client.get("/api/conversations/nobody").status_code == 404


def test_the_home_page_leads_to_the_conversations(staff_client: LoggedIn) -> None:
    response = staff_client.client.get("/staff")

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/conversations"


# Trainer pages: no console route of this module's own uses them, so a probe app does.

PROBE = "/staff/probe"


@pytest.fixture
def probe(settings: Settings) -> Iterator[httpx.Client]:
    """The app plus one page and one form that only trainers and admins may use."""
    app = build_app(settings)
    router = APIRouter()

    @router.get(PROBE)
    def page(staff: TrainerDep) -> dict[str, str]:
        return {"page": staff.user.email}

    @router.post(PROBE)
    def form(staff: CsrfTrainerDep) -> dict[str, str]:
        return {"form": staff.user.email}

    app.include_router(router)
    with run_app(app) as client:
        yield client


@pytest.mark.parametrize("role", [TRAINER, ADMIN])
def test_trainers_and_admins_may_train(probe: httpx.Client, settings: Settings, role: str) -> None:
    email = f"{role}@shop.example"
    add_staff(settings.database_url, email, role)
    csrf_token = log_in(probe, email)

    assert probe.get(PROBE).json() == {"page": email}
    assert probe.post(PROBE, data={"csrf_token": csrf_token}).json() == {"form": email}
    refused = probe.post(PROBE, data={"csrf_token": "forged"})
    assert refused.status_code == 403
    assert "expired or did not come from the console" in refused.text


def test_support_staff_may_not_train(probe: httpx.Client, settings: Settings) -> None:
    add_staff(settings.database_url, SUPPORT_EMAIL, SUPPORT)
    csrf_token = log_in(probe, SUPPORT_EMAIL)

    for response in (probe.get(PROBE), probe.post(PROBE, data={"csrf_token": csrf_token})):
        assert response.status_code == 403
        assert "Only trainers and admins can do this." in response.text
        assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY


def test_anonymous_trainer_pages_go_to_the_login(probe: httpx.Client) -> None:
    assert is_login_redirect(probe.get(PROBE))
    assert probe.post(PROBE, data={"csrf_token": "x"}).status_code == 303
