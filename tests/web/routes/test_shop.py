from __future__ import annotations

import html
import re

import httpx
import pytest

from bot.settings import Settings

from ..support import SHOP_NAME

CSP = "content-security-policy"


def directives(policy: str) -> dict[str, str]:
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


def test_the_front_page_shows_every_product_with_a_design_button(client: httpx.Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    page = response.text
    for name, price in [("Custom sneakers", "89"), ("Standing desk", "299"), ("T-shirt", "")]:
        assert name in page
        assert f"from {price}" in page
    buttons = re.findall(r'data-chat-start="([^"]*)"', page)
    assert [html.unescape(b) for b in buttons] == [
        '/design_product{"product":"sneaker"}',
        '/design_product{"product":"desk"}',
        '/design_product{"product":"tshirt"}',
    ]


def test_the_widget_is_embedded_with_exactly_one_script_tag(
    client: httpx.Client, settings: Settings
) -> None:
    page = client.get("/").text

    [script] = re.findall(r"<script[^>]*>", page)
    assert 'src="/widget.js"' in script and " defer" in script
    assert f'data-bot-url="{settings.rasa_url}"' in script
    assert "</script>" in page and page.count("<script") == 1
    assert "<style" not in page and "style=" not in page


def test_the_shop_name_from_the_catalog_is_escaped(client: httpx.Client) -> None:
    page = client.get("/").text

    assert html.escape(SHOP_NAME, quote=True) in page
    assert SHOP_NAME not in page


def test_the_page_may_run_only_our_script_and_talk_only_to_the_bot(
    client: httpx.Client, settings: Settings
) -> None:
    response = client.get("/")

    assert len(response.headers.get_list(CSP)) == 1
    policy = directives(response.headers[CSP])
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["connect-src"] == settings.rasa_url
    assert "unsafe-inline" not in response.headers[CSP]
    assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize(
    "query",
    [
        "?product=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "?product=unknown",
        "?" + "x" * 5_000,
        "?%00=%00",
    ],
    ids=["script", "unknown-product", "huge", "nul"],
)
def test_query_strings_change_nothing(client: httpx.Client, query: str) -> None:
    response = client.get(f"/{query}")

    assert response.status_code == 200
    assert "<script>alert" not in response.text and "unknown" not in response.text


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_the_page_is_read_only(client: httpx.Client, method: str) -> None:
    assert client.request(method, "/", content=b"x" * 1000).status_code == 405
