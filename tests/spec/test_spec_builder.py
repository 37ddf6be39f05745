import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

from bot.catalog.model import DesignValue, Product
from bot.spec import SpecificationError, build_specification, validate_specification
from tests.demo_catalog import CATALOG, DESK, SNEAKER, TSHIRT

CREATED = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)


SNEAKER_DESIGN: dict[str, DesignValue] = {
    "size": 41.5,
    "material": "suede",
    "color": "navy",
    "sole": "gum",
    "laces": "reflective",
    "monogram": "AB 12",
}
DESK_DESIGN: dict[str, DesignValue] = {
    "width": 170,
    "depth": 80,
    "top": "walnut",
    "frame": "dual",
    "frame_color": "silver",
    "cable_tray": False,
}
TSHIRT_DESIGN: dict[str, DesignValue] = {
    "color": "navy",
    "size": "m",
    "print_text": "Nord Runners 2024",
    "print_position": "front",
    "print_color": "white",
}


def build(product: Product, design: dict[str, DesignValue], quantity: int = 1) -> dict:
    return build_specification(
        CATALOG,
        product,
        design,
        quantity,
        "conversation-7",
        spec_id="spec-0001",
        created_at=CREATED,
    )


def test_sneaker_specification() -> None:
    spec = build(SNEAKER, SNEAKER_DESIGN, 2)

    assert spec == {
        "schema_version": 1,
        "spec_id": "spec-0001",
        "conversation_id": "conversation-7",
        "created_at": "2024-05-01T09:30:00+00:00",
        "product": {"id": "sneaker", "name": "Custom sneakers"},
        "options": {
            "size": {"value": 41.5, "label": "41.5 EU", "price": 0},
            "material": {"value": "suede", "label": "Suede", "price": 30},
            "color": {"value": "navy", "label": "Navy", "price": 0},
            "sole": {"value": "gum", "label": "Gum rubber", "price": 0},
            "laces": {"value": "reflective", "label": "Reflective", "price": 5},
            "monogram": {"value": "AB 12", "label": "AB 12", "price": 10},
        },
        "quantity": 2,
        "price": {"currency": "EUR", "unit": 134, "subtotal": 268, "discount": 0, "total": 268},
        "lead_time_days": 15,
        "notes": [],
        "status": "confirmed",
    }


def test_desk_specification() -> None:
    spec = build(DESK, DESK_DESIGN)

    assert spec["options"]["width"] == {"value": 170, "label": "170 cm", "price": 75}
    assert spec["options"]["cable_tray"] == {"value": False, "label": "No", "price": 0}
    # 299 + width 75 + walnut 220 + dual motor 400
    assert spec["price"] == {
        "currency": "EUR",
        "unit": 994,
        "subtotal": 994,
        "discount": 0,
        "total": 994,
    }
    assert spec["lead_time_days"] == 21


def test_tshirt_specification_with_discount() -> None:
    spec = build(TSHIRT, TSHIRT_DESIGN, 12)

    assert spec["price"] == {
        "currency": "EUR",
        "unit": 18,
        "subtotal": 216,
        "discount": 0.1,
        "total": 194.4,
    }
    assert spec["quantity"] == 12


@pytest.mark.parametrize(
    ("target", "design"),
    [(SNEAKER, SNEAKER_DESIGN), (DESK, DESK_DESIGN), (TSHIRT, TSHIRT_DESIGN)],
    ids=["sneaker", "desk", "tshirt"],
)
def test_specifications_are_schema_valid_json(target: Product, design: dict) -> None:
    spec = build_specification(CATALOG, target, design, 3, "conversation-7")

    validate_specification(spec)
    assert json.loads(json.dumps(spec)) == spec


def test_skipped_optional_attribute_is_absent() -> None:
    design = {k: v for k, v in SNEAKER_DESIGN.items() if k != "monogram"}

    spec = build(SNEAKER, design)

    assert "monogram" not in spec["options"]
    assert spec["price"]["unit"] == 124


def test_values_are_recorded_in_checked_form() -> None:
    design = {**SNEAKER_DESIGN, "size": "42 EU", "material": "Suede", "monogram": "  AB "}

    options = build(SNEAKER, design)["options"]

    assert options["size"] == {"value": 42, "label": "42 EU", "price": 0}
    assert options["material"]["value"] == "suede"
    assert options["monogram"]["value"] == "AB"


def test_notes_are_kept() -> None:
    spec = build_specification(
        CATALOG, SNEAKER, SNEAKER_DESIGN, 1, "c", notes=["wide fit please", "gift"]
    )
    assert spec["notes"] == ["wide fit please", "gift"]


def test_defaults_are_a_fresh_id_and_now_in_utc() -> None:
    before = datetime.now(timezone.utc).replace(microsecond=0)
    first = build_specification(CATALOG, SNEAKER, SNEAKER_DESIGN, 1, "c")
    second = build_specification(CATALOG, SNEAKER, SNEAKER_DESIGN, 1, "c")

    assert first["spec_id"] != second["spec_id"]
    created = datetime.fromisoformat(str(first["created_at"]))
    assert created.utcoffset() == timedelta(0)
    assert before <= created <= datetime.now(timezone.utc)


def test_created_at_in_another_zone_is_stored_in_utc() -> None:
    paris = datetime(2024, 5, 1, 11, 30, tzinfo=timezone(timedelta(hours=2)))
    spec = build_specification(CATALOG, SNEAKER, SNEAKER_DESIGN, 1, "c", created_at=paris)

    assert spec["created_at"] == "2024-05-01T09:30:00+00:00"


def problems_of(
    target: Product,
    design: dict[str, DesignValue],
    quantity: Any = 1,
    conversation_id: Any = "c",
    created_at: datetime | None = None,
) -> tuple[str, ...]:
    """The problems build_specification reports; quantity and id may be deliberately wrong."""
    with pytest.raises(SpecificationError) as raised:
        build_specification(
            CATALOG, target, design, quantity, conversation_id, created_at=created_at
        )
    return raised.value.problems


def test_incomplete_design_names_what_is_missing() -> None:
    problems = problems_of(SNEAKER, {"size": 42, "material": "canvas"})

    assert problems == ("not chosen yet: upper colour, sole, laces",)


def test_empty_design() -> None:
    assert problems_of(DESK, {}) == (
        "not chosen yet: width, depth, desktop, frame, frame colour, cable tray",
    )


def test_invalid_value_is_explained() -> None:
    problems = problems_of(SNEAKER, {**SNEAKER_DESIGN, "size": 41.3})

    assert problems == ("shoe size: 41.3 is not a valid shoe size: sizes go in steps of 0.5 EU.",)


def test_broken_rule_is_explained() -> None:
    problems = problems_of(DESK, {**DESK_DESIGN, "top": "bamboo", "width": 190})

    assert problems == ("Bamboo tops are made up to 180 cm wide.",)


def test_unknown_attribute_is_refused() -> None:
    assert problems_of(TSHIRT, {**TSHIRT_DESIGN, "font": "serif"}) == (
        "Printed T-shirt has no attribute 'font'",
    )


@pytest.mark.parametrize(
    ("quantity", "problem"),
    [
        (0, "quantity: 0 is below the smallest order, 1 shirt."),
        (501, "quantity: 501 is above the largest order, 500 shirts."),
        (2.5, "quantity: 2.5 is not a whole number of shirts."),
    ],
)
def test_invalid_quantity(quantity: object, problem: str) -> None:
    assert problems_of(TSHIRT, TSHIRT_DESIGN, quantity) == (problem,)


@pytest.mark.parametrize("conversation_id", ["", "   ", None])
def test_conversation_id_is_required(conversation_id: object) -> None:
    assert problems_of(TSHIRT, TSHIRT_DESIGN, conversation_id=conversation_id) == (
        "the conversation id must be non-empty text",
    )


def test_naive_created_at_is_refused() -> None:
    assert problems_of(TSHIRT, TSHIRT_DESIGN, created_at=datetime(2024, 5, 1)) == (
        "created_at must carry a time zone, or its UTC time is unknown",
    )


def test_product_from_another_catalog_is_refused() -> None:
    impostor = Product(
        id="tshirt",
        name="Printed T-shirt",
        base_price=Decimal(1),
        lead_time_days=0,
        quantity=TSHIRT.quantity,
        attributes=TSHIRT.attributes,
    )
    assert problems_of(impostor, TSHIRT_DESIGN) == (
        "'Printed T-shirt' is not a product of this catalog",
    )


def test_every_problem_is_reported_at_once() -> None:
    with pytest.raises(SpecificationError) as raised:
        build_specification(
            CATALOG, SNEAKER, {"material": "suede", "color": "white", "size": 99}, 0, "c"
        )

    assert raised.value.problems == (
        "shoe size: 99 is above the largest shoe size, 47 EU.",
        "not chosen yet: sole, laces",
        "Suede is not offered in white.",
        "quantity: 0 is below the smallest order, 1 pair.",
    )
    assert str(raised.value).startswith("Cannot build a specification for Custom sneakers: ")


def test_too_short_spec_id_fails_the_schema() -> None:
    with pytest.raises(SpecificationError, match="spec_id: 'short' is too short"):
        build_specification(CATALOG, SNEAKER, SNEAKER_DESIGN, 1, "c", spec_id="short")
