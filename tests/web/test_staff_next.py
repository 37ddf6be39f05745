from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from bot.web.staff_next import CONSOLE_HOME, login_url, safe_next


@pytest.mark.parametrize(
    "target",
    [
        "/staff",
        "/staff/conversations",
        "/staff/conversations?product=sneaker&page=2",
        "/staff/conversations/42",
        "/staff/dashboard?start=2026-01-01",
        "/staff/accounts",
    ],
)
def test_console_paths_are_kept(target: str) -> None:
    assert safe_next(target) == target


@pytest.mark.parametrize(
    "target",
    [
        None,
        "",
        "/",
        "/staffing",
        "/api/conversations",
        "//evil.example",
        "//evil.example/staff/x",
        "///evil.example",
        "https://evil.example/staff",
        "http:/staff",
        "javascript:alert(1)",
        "/staff\\..\\..\\evil",
        "/\\evil.example",
        "/staff/\\\\evil.example",
        "/staff/%5c%5cevil.example",
        "/staff//evil.example",
        "/staff/%2f%2fevil.example",
        "/staff/../specs/x",
        "/staff/%2e%2e/specs/x",
        "/staff/./x",
        "/staff/\t/evil",
        "/staff/\r\nSet-Cookie: x=1",
        "/staff/%0d%0aSet-Cookie:%20x=1",
        "/staff/x#fragment",
        "/staff/login",
        "/staff/login?next=/staff",
        "/staff/" + "a" * 3000,
        " /staff",
    ],
)
def test_anything_that_could_leave_the_console_goes_home(target: str | None) -> None:
    assert safe_next(target) == CONSOLE_HOME


def test_login_urls_carry_the_target_encoded() -> None:
    url = login_url("/staff/conversations?tag=vip&page=2")

    parts = urlsplit(url)
    assert parts.path == "/staff/login"
    assert parse_qs(parts.query) == {"next": ["/staff/conversations?tag=vip&page=2"]}


def test_login_urls_never_carry_a_foreign_target() -> None:
    assert login_url("//evil.example") == "/staff/login?next=%2Fstaff%2Fconversations"
