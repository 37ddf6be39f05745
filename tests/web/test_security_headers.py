from __future__ import annotations

import httpx
import pytest

from bot.web.security_headers import HTML_CONTENT_SECURITY_POLICY, widget_page_policy

CSP = "content-security-policy"


@pytest.mark.parametrize(
    "path",
    [
        "/healthz",
        "/api/specs/unknown-id",
        "/api/conversations",
        "/api/conversations?limit=0",
        "/no/such/route",
        "/specs/unknown-id",
        "/",
        "/widget.js",
        "/static/missing.css",
    ],
)
def test_every_response_has_the_basic_headers(client: httpx.Client, path: str) -> None:
    response = client.get(path)

    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"


def test_html_gets_a_policy_that_allows_only_inline_styles(client: httpx.Client) -> None:
    response = client.get("/specs/unknown-id")

    assert response.headers[CSP] == HTML_CONTENT_SECURITY_POLICY
    directives = dict(d.strip().split(" ", 1) for d in HTML_CONTENT_SECURITY_POLICY.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["style-src"] == "'unsafe-inline'"
    assert "script-src" not in directives


def test_json_gets_no_html_policy(client: httpx.Client) -> None:
    assert CSP not in client.get("/healthz").headers


def test_each_header_is_sent_once(client: httpx.Client) -> None:
    response = client.get("/specs/unknown-id")

    assert len(response.headers.get_list("x-content-type-options")) == 1
    assert len(response.headers.get_list(CSP)) == 1


def test_a_page_that_sets_its_own_policy_keeps_it(client: httpx.Client) -> None:
    response = client.get("/")

    assert response.headers[CSP] != HTML_CONTENT_SECURITY_POLICY
    assert len(response.headers.get_list(CSP)) == 1


def test_the_widget_page_policy_adds_only_our_scripts_styles_and_the_bot() -> None:
    strict = dict(d.strip().split(" ", 1) for d in HTML_CONTENT_SECURITY_POLICY.split(";"))
    widget = dict(
        d.strip().split(" ", 1) for d in widget_page_policy("https://bot.example").split(";")
    )

    assert widget.pop("script-src") == "'self'"
    assert widget.pop("style-src") == "'self'"
    assert widget.pop("connect-src") == "https://bot.example"
    assert strict.pop("style-src") == "'unsafe-inline'"
    assert widget == strict
