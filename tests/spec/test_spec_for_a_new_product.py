"""A fourth product added to the catalog works end to end without any code change."""

import copy
from decimal import Decimal
from typing import Any

import yaml

from bot.catalog.loader import parse_catalog
from bot.catalog.model import Catalog
from bot.catalog.validation import (
    Accepted,
    Rejected,
    allowed_options,
    check_quantity,
    check_value,
    describe_allowed,
    describe_valid,
    find_conflicts,
)
from bot.pricing import quote
from bot.settings import DEFAULT_CATALOG_PATH
from bot.spec import build_specification

MUG: dict[str, Any] = {
    "id": "mug",
    "name": "Photo mug",
    "description": "A stoneware mug with your name on it.",
    "also_called": ["mug", "cup"],
    "base_price": 12.5,
    "lead_time_days": 3,
    "quantity": {
        "min": 1,
        "max": 24,
        "unit": "mug",
        "discounts": [{"min_quantity": 6, "discount": 0.15}],
    },
    "attributes": [
        {
            "id": "capacity",
            "name": "capacity",
            "type": "number",
            "unit": "ml",
            "min": 250,
            "max": 450,
            "step": 50,
            "surcharge": {"above": 350, "per": 50, "price": 1.25},
        },
        {
            "id": "finish",
            "name": "glaze finish",
            "type": "choice",
            "options": [
                {"id": "gloss", "label": "Gloss"},
                {"id": "matte", "label": "Matte", "price": 1.5, "lead_time_days": 1},
                {"id": "enamel", "label": "Enamel", "price": 4, "lead_time_days": 2},
            ],
        },
        {
            "id": "name",
            "name": "name",
            "type": "text",
            "optional": True,
            "max_length": 12,
            "allowed": "letters, digits and spaces",
            "price": 2.5,
        },
        {"id": "gift_box", "name": "gift box", "type": "yes_no", "price": 3, "lead_time_days": 1},
    ],
    "rules": [
        {
            "when": {"finish": "enamel"},
            "forbid": {"capacity": {"above": 300}},
            "message": "Enamel mugs are made up to 300 ml.",
        }
    ],
}


def shop_with_mugs() -> Catalog:
    data = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    data["products"].append(copy.deepcopy(MUG))
    return parse_catalog(data, source="catalog-with-mugs.yml")


CATALOG = shop_with_mugs()
PRODUCT = CATALOG.product("mug")
assert PRODUCT is not None
CAPACITY = PRODUCT.attribute("capacity")
assert CAPACITY is not None
DESIGN = {"capacity": 400, "finish": "matte", "name": "Ada", "gift_box": True}


def test_answers_are_checked_from_the_new_data() -> None:
    assert check_value(CAPACITY, "400 ml") == Accepted(400, "400 ml")
    assert isinstance(check_value(CAPACITY, 375), Rejected)
    assert describe_valid(CAPACITY) == "a capacity from 250 to 450 ml, in steps of 50"
    assert check_quantity(PRODUCT, "6 mugs") == Accepted(6, "6 mugs")


def test_the_new_rule_applies() -> None:
    assert describe_allowed(PRODUCT, {"finish": "enamel"}, "capacity") == "up to 300 ml"
    assert [o.id for o in allowed_options(PRODUCT, {"capacity": 400}, "finish")] == [
        "gloss",
        "matte",
    ]
    conflicts = find_conflicts(PRODUCT, {"finish": "enamel", "capacity": 350})
    assert [c.rule.message for c in conflicts] == ["Enamel mugs are made up to 300 ml."]


def test_the_new_product_is_priced_by_the_header_formula() -> None:
    result = quote(PRODUCT, DESIGN, 6, CATALOG.currency)

    # 12.5 + capacity 1.25 + matte 1.5 + name 2.5 + gift box 3
    assert result.unit == Decimal("20.75")
    assert result.subtotal == Decimal("124.50")
    assert result.discount == Decimal("0.15")
    assert result.total == Decimal("105.83")  # 105.825 rounded half up
    assert result.lead_time_days == 5  # 3 + matte 1 + gift box 1


def test_the_new_product_gets_a_valid_specification() -> None:
    spec = build_specification(CATALOG, PRODUCT, DESIGN, 6, "conversation-mug")

    assert spec["product"] == {"id": "mug", "name": "Photo mug"}
    assert spec["options"]["capacity"] == {"value": 400, "label": "400 ml", "price": 1.25}
    assert spec["options"]["gift_box"] == {"value": True, "label": "Yes", "price": 3}
    assert spec["price"] == {
        "currency": "EUR",
        "unit": 20.75,
        "subtotal": 124.5,
        "discount": 0.15,
        "total": 105.83,
    }
