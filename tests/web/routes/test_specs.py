from __future__ import annotations

from typing import Any

import httpx
import pytest

from bot.storage.repository import Store

HOSTILE_IDS = [
    "x" * 10_000,
    "a" * 129,
    "%2E%2E%2Fetc%2Fpasswd",
    "..%2F..%2Fetc%2Fpasswd",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "%C3%BCn%C3%AFc%C3%B6d%C3%A9-id",
    "id%00with-nul",
    "id%20with%20spaces",
    "'%20OR%20'1'='1",
]


@pytest.fixture
def saved(store: Store, spec: dict[str, Any]) -> dict[str, Any]:
    store.save_specification(spec["conversation_id"], spec)
    return spec


def test_json_is_the_stored_spec(client: httpx.Client, saved: dict[str, Any]) -> None:
    response = client.get(f"/api/specs/{saved['spec_id']}")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.json() == saved


def test_json_unknown_id(client: httpx.Client, saved: dict[str, Any]) -> None:
    response = client.get("/api/specs/doesNotExist123")

    assert response.status_code == 404
    assert response.json() == {"detail": "No specification with this id."}


def test_json_id_is_case_sensitive(client: httpx.Client, saved: dict[str, Any]) -> None:
    assert client.get(f"/api/specs/{saved['spec_id'].upper()}").status_code == 404


@pytest.mark.parametrize("spec_id", ["", *HOSTILE_IDS])
def test_json_malformed_ids_are_not_found(
    client: httpx.Client, saved: dict[str, Any], spec_id: str
) -> None:
    response = client.get(f"/api/specs/{spec_id}")

    assert response.status_code == 404
    assert response.json() == {"detail": "No specification with this id."}


def test_json_id_with_a_trailing_path_is_not_found(
    client: httpx.Client, saved: dict[str, Any]
) -> None:
    assert client.get(f"/api/specs/{saved['spec_id']}/extra").status_code == 404


def test_page_shows_the_spec(client: httpx.Client, saved: dict[str, Any]) -> None:
    response = client.get(f"/specs/{saved['spec_id']}")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    html = response.text
    for expected in [
        "Atelier &lt;Test&gt; &amp; Co",
        "Custom sneakers",
        "<td>Upper material</td><td>Full-grain leather</td>",
        '<td class="num">25.00 EUR</td>',
        "<td>Monogram</td><td>JD</td>",
        '<td class="num">12.50 EUR</td>',
        "Gift wrapping, please",
        '<td class="num">126.50 EUR</td>',
        '<td class="num">12</td>',
        '<td class="num">1,518.00 EUR</td>',
        '<td class="num">10%</td>',
        '<td class="num">1,366.20 EUR</td>',
        "13 days",
        "2024-05-17",
        saved["spec_id"],
        f'href="/api/specs/{saved["spec_id"]}"',
        "@media print",
    ]:
        assert expected in html


def test_page_loads_nothing_from_elsewhere(client: httpx.Client, saved: dict[str, Any]) -> None:
    html = client.get(f"/specs/{saved['spec_id']}").text

    assert "<script" not in html
    assert "<link" not in html
    assert "src=" not in html
    assert "http://" not in html
    assert "https://" not in html


def test_page_escapes_what_customers_typed(
    client: httpx.Client, store: Store, spec: dict[str, Any]
) -> None:
    spec["product"]["name"] = "<img src=x onerror=alert(1)>"
    spec["options"]["monogram"]["label"] = "<script>alert(1)</script>"
    spec["options"]['"><b>key'] = {"value": "x", "label": "x", "price": 0}
    spec["notes"] = ["</li><script>alert(2)</script>"]
    store.save_specification(spec["conversation_id"], spec)

    html = client.get(f"/specs/{spec['spec_id']}").text

    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;/li&gt;&lt;script&gt;alert(2)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_page_keeps_non_ascii_text(
    client: httpx.Client, store: Store, spec: dict[str, Any]
) -> None:
    spec["product"]["name"] = "Baskets personnalisées"
    spec["options"]["monogram"]["label"] = "Zoë 東京 🚀"
    store.save_specification(spec["conversation_id"], spec)

    response = client.get(f"/specs/{spec['spec_id']}")

    assert "charset=utf-8" in response.headers["content-type"]
    assert "Baskets personnalisées" in response.text
    assert "Zoë 東京 🚀" in response.text


def test_page_of_a_spec_without_options_or_notes(
    client: httpx.Client, store: Store, spec: dict[str, Any]
) -> None:
    spec["options"] = {}
    del spec["notes"]
    store.save_specification(spec["conversation_id"], spec)

    html = client.get(f"/specs/{spec['spec_id']}").text

    assert "No options chosen." in html
    assert "Notes" not in html


@pytest.mark.parametrize("spec_id", ["", "doesNotExist123", *HOSTILE_IDS])
def test_page_not_found_is_friendly_html(
    client: httpx.Client, saved: dict[str, Any], spec_id: str
) -> None:
    response = client.get(f"/specs/{spec_id}")

    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "We could not find that specification" in response.text
    assert "<script>" not in response.text
