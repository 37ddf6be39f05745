from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import httpx
import pytest

from bot.settings import Settings
from bot.web.staff_auth import DISABLED_DETAIL, INVALID_DETAIL

from .support import STAFF_TOKEN

STAFF_PATHS = ["/api/conversations", "/api/conversations/customer-42"]


def _assert_unauthorised(response: httpx.Response, detail: str) -> None:
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": detail}
    assert STAFF_TOKEN not in response.text


@pytest.mark.parametrize("path", STAFF_PATHS)
@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer wrong-token",
        f"Bearer {STAFF_TOKEN}x",
        f"Bearer {STAFF_TOKEN[:-1]}",
        f"Basic {STAFF_TOKEN}",
        STAFF_TOKEN,
        f"Bearer {'A' * 10_000}",
        "Bearer <script>alert(1)</script>",
    ],
)
def test_rejects_missing_or_wrong_tokens(
    client: httpx.Client, path: str, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}

    _assert_unauthorised(client.get(path, headers=headers), INVALID_DETAIL)


def test_rejects_non_ascii_tokens(client: httpx.Client) -> None:
    headers = {"Authorization": "Bearer tökén-東京".encode()}

    _assert_unauthorised(client.get("/api/conversations", headers=headers), INVALID_DETAIL)


def test_accepts_the_staff_token(client: httpx.Client, staff_headers: dict[str, str]) -> None:
    assert client.get("/api/conversations", headers=staff_headers).status_code == 200


def test_scheme_is_case_insensitive(client: httpx.Client) -> None:
    headers = {"Authorization": f"bearer {STAFF_TOKEN}"}

    assert client.get("/api/conversations", headers=headers).status_code == 200


@pytest.mark.parametrize("path", STAFF_PATHS)
@pytest.mark.parametrize("authorization", [None, "Bearer", f"Bearer {STAFF_TOKEN}"])
def test_disabled_without_a_configured_token(
    start_app: Callable[[Settings], httpx.Client],
    settings: Settings,
    path: str,
    authorization: str | None,
) -> None:
    client = start_app(replace(settings, staff_api_token=None))
    headers = {} if authorization is None else {"Authorization": authorization}

    _assert_unauthorised(client.get(path, headers=headers), DISABLED_DETAIL)
