"""Console pages: their headers, their layout, and nothing a script could run."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request

from bot.staff.accounts import ADMIN, SUPPORT, StaffUser
from bot.staff.sessions import StaffSession
from bot.web.staff_pages import (
    STAFF_CONTENT_SECURITY_POLICY,
    render_anonymous_staff_page,
    render_staff,
    staff_error_page,
)
from bot.web.staff_session import StaffPageError

from .staff_fixtures import LoggedIn

STAFF_TEMPLATES = Path(__file__).resolve().parents[2] / "bot" / "web" / "templates" / "staff"


def request(path: str = "/staff/conversations") -> Request:
    return Request(
        {"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""}
    )


def session(role: str) -> StaffSession:
    return StaffSession(
        user=StaffUser(id=7, email=f"{role}@shop.example", role=role), csrf_token="t0ken"
    )


def test_the_policy_allows_no_scripts_and_only_our_own_files() -> None:
    directives = dict(
        part.strip().split(" ", 1) for part in STAFF_CONTENT_SECURITY_POLICY.split(";")
    )

    assert directives == {
        "default-src": "'none'",
        "style-src": "'self'",
        "img-src": "'self'",
        "form-action": "'self'",
        "base-uri": "'none'",
        "frame-ancestors": "'none'",
    }


def test_pages_get_the_policy_and_are_never_stored() -> None:
    response = render_staff(request(), "staff/error.html", session(SUPPORT), message="x")

    assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY
    assert response.headers["cache-control"] == "no-store"
    assert response.status_code == 200


def test_the_layout_shows_who_is_logged_in_and_a_protected_logout() -> None:
    html = render_staff(request(), "staff/error.html", session(SUPPORT), message="x").body.decode()

    assert "support@shop.example" in html
    assert re.search(
        r'<form[^>]*method="post" action="/staff/logout">\s*.*?'
        r'<input type="hidden" name="csrf_token" value="t0ken">',
        html,
        re.DOTALL,
    )
    assert '<link rel="stylesheet" href="/static/staff.css">' in html


def test_only_admins_see_the_accounts_link() -> None:
    support = render_staff(request(), "staff/error.html", session(SUPPORT), message="x")
    admin = render_staff(request(), "staff/error.html", session(ADMIN), message="x")

    assert 'href="/staff/accounts"' not in support.body.decode()
    assert 'href="/staff/accounts"' in admin.body.decode()
    assert 'href="/staff/conversations" aria-current="page"' in admin.body.decode()


def test_customer_text_is_escaped() -> None:
    html = render_staff(
        request(), "staff/error.html", session(SUPPORT), message="<script>alert(1)</script>"
    ).body.decode()

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_anonymous_pages_have_no_nav_and_the_same_headers() -> None:
    response = render_anonymous_staff_page(request("/staff/login"), "staff/error.html", message="x")

    assert "/staff/logout" not in response.body.decode()
    assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY
    assert response.headers["cache-control"] == "no-store"


def test_errors_become_pages_with_their_status() -> None:
    response = staff_error_page(request(), StaffPageError(418, "Nothing <b>brewing</b>."))

    assert response.status_code == 418
    assert "Nothing &lt;b&gt;brewing&lt;/b&gt;." in response.body.decode()


def test_other_errors_are_not_swallowed() -> None:
    with pytest.raises(KeyError):
        staff_error_page(request(), KeyError("boom"))


@pytest.mark.parametrize("template", sorted(STAFF_TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_no_console_template_carries_scripts_or_inline_styles(template: Path) -> None:
    # The policy would block them anyway; finding them here is cheaper than in a browser.
    html = template.read_text(encoding="utf-8").lower()

    assert "<script" not in html
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son[a-z]+=", html)
    assert "|safe" not in html.replace(" ", "")
    assert "http://" not in html and "https://" not in html


@pytest.mark.parametrize("template", sorted(STAFF_TEMPLATES.glob("*.html")), ids=lambda p: p.name)
def test_every_post_form_sends_the_csrf_token(template: Path) -> None:
    html = template.read_text(encoding="utf-8")

    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, re.DOTALL | re.IGNORECASE):
        if re.search(r'method="post"', form, re.IGNORECASE):
            assert '<input type="hidden" name="csrf_token" value="{{ csrf_token }}">' in form


def test_the_stylesheet_is_served(client: httpx.Client) -> None:
    response = client.get("/static/staff.css")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/css")
    assert "@import" not in response.text and "url(http" not in response.text


def test_the_login_page_has_the_console_headers(client: httpx.Client) -> None:
    response = client.get("/staff/login")

    assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"


def test_logged_in_pages_are_never_stored(admin_client: LoggedIn) -> None:
    response = admin_client.client.get("/staff/accounts")

    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["content-security-policy"] == STAFF_CONTENT_SECURITY_POLICY
