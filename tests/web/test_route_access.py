"""Every route of the app is either on the public list below or refuses anonymous requests.

The routes come from the app itself, so a route added later is checked too: it refuses
anonymous requests (console pages redirect to the login, APIs answer 401, POSTs never
succeed), or it is added to `PUBLIC` on purpose.
"""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi.routing import APIRoute

from bot.settings import Settings
from bot.web.app import create_app
from bot.web.staff_session import SESSION_COOKIE

from .staff_fixtures import LoggedIn

PUBLIC = {
    ("GET", "/"),
    ("GET", "/healthz"),
    ("GET", "/widget.js"),
    ("GET", "/widget.css"),
    ("GET", "/static/{name}"),
    ("GET", "/specs/{spec_id:path}"),
    ("GET", "/api/specs/{spec_id:path}"),
    ("GET", "/staff/login"),
    ("POST", "/staff/login"),
}
"""What anyone may request: the shop, the widget, shared specs, health, the login form."""

_PARAMETER = re.compile(r"\{[^}:]+(?::[^}]+)?\}")


def routes(settings: Settings) -> list[tuple[str, str]]:
    """(method, path template) of every route the app serves."""
    app = create_app(settings)
    return sorted(
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute)
        for method in route.methods
    )


def concrete(path: str) -> str:
    """A requestable path: every parameter filled with a plausible value."""
    return _PARAMETER.sub("1", path)


def test_the_public_list_names_only_real_routes(settings: Settings) -> None:
    assert set(routes(settings)) >= PUBLIC


def test_public_routes_answer_anonymous_requests(client: httpx.Client) -> None:
    for method, path in PUBLIC:
        response = client.request(method, concrete(path))
        assert response.status_code not in (303, 401), f"{method} {path}"


def test_anonymous_requests_are_refused_everywhere_but_the_public_routes(
    client: httpx.Client, settings: Settings
) -> None:
    checked = 0
    for method, path in routes(settings):
        if (method, path) in PUBLIC:
            continue
        url = concrete(path)
        response = client.request(method, url, data={"csrf_token": "x"})
        where = f"{method} {url}"
        if path.startswith("/api/"):
            assert response.status_code == 401, where
        elif method == "GET":
            assert response.status_code == 303, where
            assert response.headers["location"].startswith("/staff/login?next="), where
        else:
            assert response.status_code in (303, 401, 403), where
        assert SESSION_COOKIE not in response.headers.get("set-cookie", ""), where
        checked += 1
    assert checked >= 5  # logout, accounts (page, unlock, role, remove), /staff, the API ...


def test_every_console_post_needs_the_csrf_token(
    staff_client: LoggedIn, settings: Settings
) -> None:
    posts = [
        path
        for method, path in routes(settings)
        if method == "POST" and (method, path) not in PUBLIC and path.startswith("/staff")
    ]
    assert "/staff/logout" in posts
    for path in posts:
        response = staff_client.client.post(concrete(path), data={"csrf_token": "forged"})
        assert response.status_code == 403, path
    # None of them did anything: the session (logout was among them) still works.
    assert staff_client.client.get("/staff").status_code == 303
    assert staff_client.client.get("/staff").headers["location"] == "/staff/conversations"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH"])
def test_other_methods_change_nothing(client: httpx.Client, method: str) -> None:
    for path in ("/staff/login", "/staff/logout", "/staff/accounts"):
        assert client.request(method, path).status_code == 405
