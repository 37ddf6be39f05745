from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.dialogue.wording import percent
from bot.web.spec_page import OptionRow, created_date, humanise, money, spec_page
from tests.demo_catalog import CATALOG


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("size", "Size"),
        ("upper_material", "Upper material"),
        ("sole-colour", "Sole colour"),
        ("__lace__style__", "Lace style"),
        ("ümlaut_key", "Ümlaut key"),
        ("", ""),
        ("___", ""),
    ],
)
def test_humanise(key: str, expected: str) -> None:
    assert humanise(key) == expected


@given(st.text())
def test_humanise_never_leaves_separators_at_the_edges(key: str) -> None:
    result = humanise(key)

    assert result == result.strip(" _-")
    assert "_" not in result


@pytest.mark.parametrize(
    ("amount", "expected"),
    [(0, "0.00 EUR"), (12.5, "12.50 EUR"), (1518.0, "1,518.00 EUR")],
)
def test_money(amount: float, expected: str) -> None:
    assert money(amount, "EUR") == expected


@pytest.mark.parametrize(
    ("rate", "expected"),
    [(0, "0%"), (0.1, "10%"), (0.07, "7%"), (0.125, "12.5%"), (0.15, "15%")],
)
def test_percent(rate: float, expected: str) -> None:
    assert percent(rate) == expected


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        ("2024-05-17T14:03:12Z", "2024-05-17"),
        ("2024-05-17T14:03:12.123456+02:00", "2024-05-17"),
        ("2024-05-17", "2024-05-17"),
        ("yesterday", "yesterday"),
        ("", ""),
    ],
)
def test_created_date(timestamp: str, expected: str) -> None:
    assert created_date(timestamp) == expected


def test_spec_page(spec: dict[str, Any]) -> None:
    page = spec_page(spec, catalog=CATALOG, json_url="/api/specs/abc")

    assert page.shop == "Atelier Nord"
    assert page.product == "Custom sneakers"
    assert page.spec_id == spec["spec_id"]
    assert page.created == "2024-05-17"
    assert page.options == (
        OptionRow(attribute="Shoe size", label="42.5 EU", price="0.00 EUR"),
        OptionRow(attribute="Upper material", label="Full-grain leather", price="25.00 EUR"),
        OptionRow(attribute="Monogram", label="JD", price="12.50 EUR"),
    )
    assert page.notes == ("Gift wrapping, please",)
    assert (page.quantity, page.unit_price, page.subtotal) == (12, "126.50 EUR", "1,518.00 EUR")
    assert (page.discount, page.total) == ("10%", "1,366.20 EUR")
    assert page.lead_time_days == 13
    assert page.json_url == "/api/specs/abc"


def test_spec_page_without_notes(spec: dict[str, Any]) -> None:
    del spec["notes"]

    assert spec_page(spec, catalog=CATALOG, json_url="/j").notes == ()


def test_spec_page_uses_the_spec_currency(spec: dict[str, Any]) -> None:
    spec["price"]["currency"] = "CHF"

    page = spec_page(spec, catalog=CATALOG, json_url="/j")

    assert page.total == "1,366.20 CHF"
    assert page.options[1].price == "25.00 CHF"


def test_a_spec_outlives_its_product_in_the_catalog(spec: dict[str, Any]) -> None:
    spec["product"] = {"id": "discontinued_mug", "name": "Mug"}

    page = spec_page(spec, catalog=CATALOG, json_url="/j")

    assert [row.attribute for row in page.options] == ["Size", "Upper material", "Monogram"]
