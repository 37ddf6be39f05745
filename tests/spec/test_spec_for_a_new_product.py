"""A fourth product added to the catalog works end to end without any code change.

The product is the tests' extra product (tests/catalogs/extra_product.yml), which the
demo catalog, the code and the training data know nothing of.
"""

from decimal import Decimal

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
from bot.spec import build_specification
from tests.catalogs import CATALOG, PRODUCT

DIAMETER = PRODUCT.attribute("diameter")
assert DIAMETER is not None
DESIGN = {"diameter": 40, "dial": "terrazzo", "dedication": "FOR ANNA", "silent": True}


def test_answers_are_checked_from_the_new_data() -> None:
    assert check_value(DIAMETER, "40 cm") == Accepted(40, "40 cm")
    assert isinstance(check_value(DIAMETER, 37), Rejected)
    assert describe_valid(DIAMETER) == "a diameter from 25 to 45 cm, in steps of 5"
    assert check_quantity(PRODUCT, "12 clocks") == Accepted(12, "12 clocks")


def test_the_new_rule_applies() -> None:
    assert describe_allowed(PRODUCT, {"dial": "concrete"}, "diameter") == "up to 35 cm"
    assert [o.id for o in allowed_options(PRODUCT, {"diameter": 40}, "dial")] == [
        "birch",
        "terrazzo",
        "black",
    ]
    conflicts = find_conflicts(PRODUCT, {"dial": "concrete", "diameter": 40})
    assert [c.rule.message for c in conflicts] == ["Concrete dials are made up to 35 cm across."]


def test_the_new_product_is_priced_by_the_header_formula() -> None:
    result = quote(PRODUCT, DESIGN, 12, CATALOG.currency)

    # 59 + diameter 12 (two started 5 cm above 30) + terrazzo 35 + dedication 9 + silent 8
    assert result.unit == Decimal("123")
    assert result.subtotal == Decimal("1476")
    assert result.discount == Decimal("0.1")
    assert result.total == Decimal("1328.40")
    assert result.lead_time_days == 14  # 7 + terrazzo 5 + dedication 2


def test_the_new_product_gets_a_valid_specification() -> None:
    spec = build_specification(CATALOG, PRODUCT, DESIGN, 12, "conversation-clock")

    assert spec["product"] == {"id": "clock", "name": "Kitchen clock"}
    assert spec["options"]["diameter"] == {"value": 40, "label": "40 cm", "price": 12}
    assert spec["options"]["silent"] == {"value": True, "label": "Yes", "price": 8}
    assert spec["price"] == {
        "currency": "EUR",
        "unit": 123,
        "subtotal": 1476,
        "discount": 0.1,
        "total": 1328.4,
    }
