from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog.model import AttributeType, Design, DesignValue, Product
from bot.pricing import PriceLine, PricingError, quote
from tests.demo_catalog import CATALOG, DESK, SNEAKER, TSHIRT

FULL_SNEAKER = {
    "size": 42,
    "material": "leather",
    "color": "navy",
    "sole": "gum",
    "laces": "reflective",
    "monogram": "JD",
}
FULL_DESK = {
    "width": 160,
    "depth": 80,
    "top": "oak",
    "frame": "dual",
    "frame_color": "black",
    "cable_tray": True,
}
FULL_TSHIRT = {
    "color": "black",
    "size": "xxl",
    "print_text": "Team Nord",
    "print_position": "both",
    "print_color": "gold",
}


def test_full_sneaker_quote() -> None:
    result = quote(SNEAKER, FULL_SNEAKER, 2, "EUR")

    assert result.lines == (
        PriceLine("size", "shoe size", 42, "42 EU", Decimal(0)),
        PriceLine("material", "upper material", "leather", "Full-grain leather", Decimal(25)),
        PriceLine("color", "upper colour", "navy", "Navy", Decimal(0)),
        PriceLine("sole", "sole", "gum", "Gum rubber", Decimal(0)),
        PriceLine("laces", "laces", "reflective", "Reflective", Decimal(5)),
        PriceLine("monogram", "monogram", "JD", "JD", Decimal(10)),
    )
    assert (result.currency, result.base_price) == ("EUR", Decimal(89))
    assert result.unit == Decimal(129)  # 89 + 25 + 5 + 10
    assert (result.quantity, result.subtotal) == (2, Decimal(258))
    assert (result.discount, result.total) == (Decimal(0), Decimal("258.00"))
    assert result.lead_time_days == 15  # 10 + leather 3 + monogram 2


def test_full_desk_quote() -> None:
    result = quote(DESK, FULL_DESK, 1, "EUR")

    # 299 + width 60 + oak 120 + dual motor 400 + cable tray 35
    assert result.unit == Decimal(914)
    assert result.lead_time_days == 17  # 14 + oak 3
    assert [line.label for line in result.lines] == [
        "160 cm",
        "80 cm",
        "Solid oak",
        "Electric, dual motor",
        "Black",
        "Yes",
    ]


@pytest.mark.parametrize(
    ("width", "surcharge"),
    [(100, 0), (120, 0), (130, 15), (160, 60), (170, 75), (200, 120)],
)
def test_width_surcharge(width: int, surcharge: int) -> None:
    result = quote(DESK, {"width": width}, 1, "EUR")

    assert result.lines[0].price == Decimal(surcharge)
    assert result.unit == Decimal(299 + surcharge)


def test_number_without_surcharge_adds_nothing() -> None:
    assert quote(DESK, {"depth": 90}, 1, "EUR").unit == Decimal(299)


@pytest.mark.parametrize(("answer", "price"), [(True, 35), (False, 0)])
def test_cable_tray_is_charged_only_when_wanted(answer: bool, price: int) -> None:
    result = quote(DESK, {"cable_tray": answer}, 1, "EUR")

    assert result.lines == (
        PriceLine("cable_tray", "cable tray", answer, "Yes" if answer else "No", Decimal(price)),
    )
    assert result.unit == Decimal(299 + price)


def test_monogram_adds_price_and_lead_time_only_when_given() -> None:
    with_monogram = quote(SNEAKER, {"monogram": "AB"}, 1, "EUR")
    without = quote(SNEAKER, {}, 1, "EUR")

    assert with_monogram.unit - without.unit == Decimal(10)
    assert with_monogram.lead_time_days - without.lead_time_days == 2


@pytest.mark.parametrize(
    ("material", "price", "days"),
    [("canvas", 0, 0), ("leather", 25, 3), ("suede", 30, 3), ("knit", 15, 0)],
)
def test_option_price_and_lead_time(material: str, price: int, days: int) -> None:
    result = quote(SNEAKER, {"material": material}, 1, "EUR")

    assert result.unit == Decimal(89 + price)
    assert result.lead_time_days == 10 + days


@pytest.mark.parametrize(
    ("top", "days"), [("laminate", 14), ("bamboo", 14), ("oak", 17), ("walnut", 21)]
)
def test_desk_top_lead_times(top: str, days: int) -> None:
    assert quote(DESK, {"top": top}, 1, "EUR").lead_time_days == days


@pytest.mark.parametrize(
    ("quantity", "discount", "total"),
    [
        (1, "0", "26.00"),
        (9, "0", "234.00"),
        (10, "0.1", "234.00"),
        (49, "0.1", "1146.60"),
        (50, "0.2", "1040.00"),
        (99, "0.2", "2059.20"),
        (100, "0.3", "1820.00"),
        (500, "0.3", "9100.00"),
    ],
)
def test_volume_discount_tiers(quantity: int, discount: str, total: str) -> None:
    result = quote(TSHIRT, FULL_TSHIRT, quantity, "EUR")

    assert result.unit == Decimal(26)  # 18 + XXL 2 + both sides 4 + gold 2
    assert result.subtotal == Decimal(26 * quantity)
    assert result.discount == Decimal(discount)
    assert result.total == Decimal(total)
    assert str(result.total) == total


def test_empty_design_costs_the_base_price() -> None:
    result = quote(TSHIRT, {}, 1, "EUR")

    assert result.lines == ()
    assert (result.unit, result.total, result.lead_time_days) == (Decimal(18), Decimal("18.00"), 5)


def test_partial_design_lists_only_answered_attributes_in_catalog_order() -> None:
    result = quote(SNEAKER, {"laces": "red", "size": 40}, 1, "EUR")

    assert [line.attribute_id for line in result.lines] == ["size", "laces"]


def test_values_are_stored_in_their_checked_form() -> None:
    result = quote(SNEAKER, {"material": "Full-grain leather", "size": "41.5"}, 1, "EUR")

    assert [(line.value, line.label) for line in result.lines] == [
        (41.5, "41.5 EU"),
        ("leather", "Full-grain leather"),
    ]


@pytest.mark.parametrize(
    ("design", "quantity", "message"),
    [
        ({"colour": "red"}, 1, "Custom sneakers has no attribute 'colour'"),
        (
            {"material": "gold"},
            1,
            "Cannot price the upper material: 'gold' is not an upper material",
        ),
        ({"size": 50}, 1, "Cannot price the shoe size: 50 is above the largest shoe size, 47 EU."),
        ({"monogram": "#"}, 1, "Cannot price the monogram: The monogram can only contain"),
        ({}, 0, "Cannot price Custom sneakers: 0 is below the smallest order, 1 pair."),
        ({}, 11, "Cannot price Custom sneakers: 11 is above the largest order, 10 pairs."),
        ({}, True, "Cannot price Custom sneakers: 'True' is not a number of pairs."),
    ],
)
def test_designs_that_do_not_fit_have_no_price(
    design: dict[str, DesignValue], quantity: int, message: str
) -> None:
    with pytest.raises(PricingError, match=f"^{message}"):
        quote(SNEAKER, design, quantity, "EUR")


# --- properties -----------------------------------------------------------------------


@st.composite
def designs(draw: st.DrawFn, product: Product) -> dict[str, DesignValue]:
    """A valid, possibly partial design of `product`: any subset of valid values."""
    design: dict[str, DesignValue] = {}
    for attribute in product.attributes:
        if not draw(st.booleans()):
            continue
        if attribute.type is AttributeType.CHOICE:
            design[attribute.id] = draw(st.sampled_from([o.id for o in attribute.options]))
        elif attribute.type is AttributeType.NUMBER:
            assert attribute.min is not None and attribute.max is not None and attribute.step
            steps = int((attribute.max - attribute.min) / attribute.step)
            value = attribute.min + attribute.step * draw(st.integers(0, steps))
            design[attribute.id] = (
                int(value) if value == value.to_integral_value() else float(value)
            )
        elif attribute.type is AttributeType.TEXT:
            design[attribute.id] = draw(st.text(alphabet="ABCXYZ0123", min_size=1, max_size=8))
        else:
            design[attribute.id] = draw(st.booleans())
    return design


@st.composite
def priced(draw: st.DrawFn) -> tuple[Product, Design, int]:
    product = draw(st.sampled_from(CATALOG.products))
    quantity = draw(st.integers(product.quantity.min, product.quantity.max))
    return product, draw(designs(product)), quantity


@given(priced())
def test_total_is_the_discounted_subtotal_rounded_to_cents(
    case: tuple[Product, Design, int],
) -> None:
    product, design, quantity = case
    result = quote(product, design, quantity, "EUR")

    assert result.subtotal == result.unit * quantity
    expected = (result.subtotal * (1 - result.discount)).quantize(Decimal("0.01"), ROUND_HALF_UP)
    assert result.total == expected
    assert result.total.as_tuple().exponent == -2


@given(priced())
def test_unit_is_base_plus_lines_and_never_below_base(case: tuple[Product, Design, int]) -> None:
    product, design, quantity = case
    result = quote(product, design, quantity, "EUR")

    assert result.unit == product.base_price + sum(line.price for line in result.lines)
    assert result.unit >= product.base_price
    assert all(line.price >= 0 for line in result.lines)


@given(priced())
def test_lead_time_is_at_least_the_products(case: tuple[Product, Design, int]) -> None:
    product, design, quantity = case
    assert quote(product, design, quantity, "EUR").lead_time_days >= product.lead_time_days


@given(priced())
def test_discount_is_the_highest_reached_tier(case: tuple[Product, Design, int]) -> None:
    product, design, quantity = case
    reached = [t.discount for t in product.quantity.discounts if t.min_quantity <= quantity]

    assert quote(product, design, quantity, "EUR").discount == (reached[-1] if reached else 0)


@given(priced(), st.data())
def test_price_per_unit_never_rises_with_quantity(
    case: tuple[Product, Design, int], data: st.DataObject
) -> None:
    product, design, quantity = case
    more = data.draw(st.integers(quantity, product.quantity.max))

    fewer_total = quote(product, design, quantity, "EUR").total
    more_total = quote(product, design, more, "EUR").total

    assert more_total / more <= fewer_total / quantity


@given(priced(), st.data())
def test_adding_an_answer_never_lowers_the_price(
    case: tuple[Product, Design, int], data: st.DataObject
) -> None:
    product, design, quantity = case
    full = {**data.draw(designs(product)), **design}

    assert (
        quote(product, full, quantity, "EUR").unit >= quote(product, design, quantity, "EUR").unit
    )
