"""The admins' accounts page: listing, unlocking, roles, removal, and who may do it."""

from __future__ import annotations

import httpx
import pytest

from bot.settings import Settings
from bot.staff.accounts import ADMIN, SUPPORT
from bot.storage.database import create_engine_for
from bot.storage.staff import StaffDirectory

from ..staff_fixtures import LoggedIn
from ..staff_support import ADMIN_EMAIL, SUPPORT_EMAIL, add_staff, log_in
from ..support import another_client

OTHER = "other@shop.example"


def directory(settings: Settings) -> StaffDirectory:
    return StaffDirectory(create_engine_for(settings.database_url))


def post(staff: LoggedIn, action: str, **data: str) -> httpx.Response:
    return staff.client.post(
        f"/staff/accounts/{action}", data={"csrf_token": staff.csrf_token, **data}
    )


def test_the_page_lists_every_account(admin_client: LoggedIn, settings: Settings) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)

    page = admin_client.client.get("/staff/accounts")

    assert page.status_code == 200
    assert ADMIN_EMAIL in page.text and OTHER in page.text
    assert "never" in page.text  # OTHER has not logged in
    assert "UTC" in page.text  # the admin's own last login
    assert page.text.count('action="/staff/accounts/remove"') == 1  # not for oneself


def test_an_admin_changes_a_role(admin_client: LoggedIn, settings: Settings) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)

    response = post(admin_client, "role", email=OTHER, role=ADMIN)

    assert response.status_code == 303
    assert response.headers["location"] == "/staff/accounts?notice=role"
    assert directory(settings).find(OTHER).role == ADMIN  # type: ignore[union-attr]
    assert "The role was changed." in admin_client.client.get(response.headers["location"]).text


def test_an_admin_removes_an_account_and_its_sessions(
    admin_client: LoggedIn, settings: Settings
) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)
    with another_client(admin_client.client) as other:
        log_in(other, OTHER)

        response = post(admin_client, "remove", email=OTHER)

        assert response.status_code == 303
        assert directory(settings).find(OTHER) is None
        assert other.get("/staff").headers["location"].startswith("/staff/login")


def test_unlocking_an_unlocked_account_says_so(admin_client: LoggedIn, settings: Settings) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)

    response = post(admin_client, "unlock", email=OTHER)

    assert response.headers["location"] == "/staff/accounts?notice=not-locked"


@pytest.mark.parametrize(
    ("action", "data"),
    [("remove", {}), ("role", {"role": SUPPORT})],
)
def test_admins_cannot_remove_or_demote_themselves(
    admin_client: LoggedIn, settings: Settings, action: str, data: dict[str, str]
) -> None:
    response = post(admin_client, action, email=ADMIN_EMAIL.upper(), **data)

    assert response.status_code == 400
    assert "ask another admin" in response.text
    assert directory(settings).find(ADMIN_EMAIL).role == ADMIN  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("action", "data", "status", "says"),
    [
        ("role", {"email": OTHER, "role": "root"}, 400, "The role must be one of"),
        ("role", {"email": OTHER}, 400, "The role must be one of"),
        ("role", {"email": "ghost@shop.example", "role": SUPPORT}, 404, "no such account"),
        ("remove", {"email": "ghost@shop.example"}, 404, "no such account"),
        ("remove", {}, 400, "did not say which account"),
        ("remove", {"email": "   "}, 400, "did not say which account"),
        ("remove", {"email": "x" * 100_000}, 404, "no such account"),
        ("remove", {"email": "'; DROP TABLE staff_users; --"}, 404, "no such account"),
        ("remove", {"email": "<script>alert(1)</script>"}, 404, "no such account"),
        ("unlock", {"email": "nul\x00@shop.example"}, 303, ""),
    ],
)
def test_bad_input_gets_a_clear_page_and_changes_nothing(
    admin_client: LoggedIn,
    settings: Settings,
    action: str,
    data: dict[str, str],
    status: int,
    says: str,
) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)

    response = post(admin_client, action, **data)

    assert response.status_code == status
    assert says in response.text
    assert "<script>alert" not in response.text
    assert directory(settings).find(OTHER).role == SUPPORT  # type: ignore[union-attr]


@pytest.mark.parametrize("action", ["unlock", "role", "remove"])
@pytest.mark.parametrize("token", [None, "", "wrong"])
def test_admin_actions_need_the_csrf_token(
    admin_client: LoggedIn, settings: Settings, action: str, token: str | None
) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)
    data = {"email": OTHER, "role": ADMIN}
    if token is not None:
        data["csrf_token"] = token

    response = admin_client.client.post(f"/staff/accounts/{action}", data=data)

    assert response.status_code == 403
    assert directory(settings).find(OTHER).role == SUPPORT  # type: ignore[union-attr]


def test_another_sessions_token_does_not_work_for_admin_actions(
    admin_client: LoggedIn, staff_client: LoggedIn, settings: Settings
) -> None:
    response = admin_client.client.post(
        "/staff/accounts/remove",
        data={"email": SUPPORT_EMAIL, "csrf_token": staff_client.csrf_token},
    )

    assert response.status_code == 403
    assert directory(settings).find(SUPPORT_EMAIL) is not None


@pytest.mark.parametrize("action", ["unlock", "role", "remove"])
def test_support_staff_cannot_manage_accounts(
    staff_client: LoggedIn, settings: Settings, action: str
) -> None:
    add_staff(settings.database_url, OTHER, SUPPORT)

    response = post(staff_client, action, email=OTHER, role=ADMIN)

    assert response.status_code == 403
    assert "Only admins" in response.text
    assert directory(settings).find(OTHER).role == SUPPORT  # type: ignore[union-attr]


def test_notices_come_from_a_fixed_list(admin_client: LoggedIn) -> None:
    page = admin_client.client.get("/staff/accounts?notice=<b>pwned</b>")

    assert page.status_code == 200
    assert "pwned" not in page.text
