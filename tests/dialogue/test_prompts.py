from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from bot.catalog.model import Attribute, AttributeType, Product
from bot.dialogue.prompts import (
    ask_attribute,
    ask_handover_contact,
    ask_transcript_consent,
    change_example,
    change_menu,
    design_update,
    handed_over,
    summary,
)
from bot.dialogue.state import DesignState
from tests.demo_catalog import CATALOG, DESK, SNEAKER, TSHIRT


def attribute(product: Product, attribute_id: str) -> Attribute:
    found = product.attribute(attribute_id)
    assert found is not None
    return found


def test_a_rule_narrows_the_buttons_and_the_range_that_are_offered() -> None:
    suede = DesignState(product="sneaker", design={"material": "suede"})
    colours = ask_attribute(CATALOG, SNEAKER, suede, attribute(SNEAKER, "color"))
    assert "White" not in [b.title for b in colours.buttons]

    bamboo = DesignState(product="desk", design={"top": "bamboo"})
    width = ask_attribute(CATALOG, DESK, bamboo, attribute(DESK, "width"))
    assert width.text is not None and "up to 180 cm" in width.text


def test_the_change_example_fits_the_product_and_the_choices() -> None:
    shirt = DesignState(product="tshirt", design={"color": "black"})
    assert change_example(TSHIRT, shirt) == "make the shirt colour white"
    assert "make the shirt colour white" in (
        summary(CATALOG, TSHIRT, replace(shirt, quantity=1)).text or ""
    )
    assert "make the shirt colour white" in (change_menu(TSHIRT, shirt).text or "")


def test_a_product_without_choices_gets_a_quantity_example() -> None:
    plain = Product(
        id="poster",
        name="Poster",
        base_price=Decimal(5),
        lead_time_days=1,
        quantity=replace(TSHIRT.quantity, unit="poster", max=20),
        attributes=(
            Attribute(id="caption", name="caption", type=AttributeType.TEXT, max_length=20),
        ),
    )
    assert change_example(plain, DesignState(product="poster")) == "make it 20 posters"


def test_the_summary_carries_a_design_panel_for_rich_clients() -> None:
    state = DesignState(
        product="desk",
        design={
            "width": 160,
            "depth": 70,
            "top": "oak",
            "frame": "manual",
            "frame_color": "white",
            "cable_tray": True,
        },
        quantity=2,
    )
    panel = summary(CATALOG, DESK, state).custom
    assert panel is not None
    assert panel["type"] == "design" and panel["quantity"] == 2
    assert panel["unit"] == 299 + 60 + 120 + 35
    assert [o["attribute"] for o in panel["options"]][:2] == ["width", "depth"]


def test_the_design_update_is_the_summary_panel_with_unknowns_left_null() -> None:
    state = DesignState(product="desk", design={"width": 160, "depth": 70, "top": "oak"})
    live = design_update(CATALOG, state)
    assert live.text is None and live.buttons == ()
    assert live.custom is not None
    assert live.custom["quantity"] is None and live.custom["total"] is None
    assert live.custom["discount"] is None

    priced = summary(CATALOG, DESK, replace(state, quantity=1)).custom
    assert priced is not None
    unknown = ("quantity", "total", "discount")
    assert {k: v for k, v in live.custom.items() if k not in unknown} == {
        k: v for k, v in priced.items() if k not in unknown
    }


def test_without_a_product_the_design_update_empties_the_panel() -> None:
    assert design_update(CATALOG, DesignState()).custom == {"type": "design", "product": None}


def test_the_consent_question_is_one_short_question_with_yes_and_no() -> None:
    question = ask_transcript_consent()
    assert question.text is not None and question.text.count("?") == 1
    assert "design and rating are kept either way" in question.text
    assert [(b.title, b.payload) for b in question.buttons] == [
        ("Yes, keep it", "/affirm"),
        ("No thanks", "/deny"),
    ]


def test_the_contact_question_says_what_no_means() -> None:
    kept = ask_handover_contact(transcript_kept=True)
    not_kept = ask_handover_contact(transcript_kept=False)
    assert "they'll read this conversation" in (kept.text or "")
    assert "no transcript" in (not_kept.text or "")
    assert [b.payload for b in kept.buttons] == [b.payload for b in not_kept.buttons] == ["/deny"]


@pytest.mark.parametrize(
    ("contact", "kept", "resuming", "expected"),
    [
        ("jane@example.com", True, False,
         "Thanks, someone from Atelier Nord will get back to you at jane@example.com "
         "within one working day."),
        (None, True, False, "Thanks, someone from Atelier Nord will read this conversation."),
        (None, True, True,
         "Thanks, someone from Atelier Nord will read this conversation. "
         "Meanwhile, let's carry on with your design."),
    ],
)  # fmt: skip
def test_the_customer_hears_what_happens_next(
    contact: str | None, kept: bool, resuming: bool, expected: str
) -> None:
    reply = handed_over(CATALOG, contact, transcript_kept=kept, resuming=resuming)
    assert reply.text == expected


def test_without_transcript_or_contact_nothing_is_promised() -> None:
    reply = handed_over(CATALOG, None, transcript_kept=False, resuming=False)
    assert "can't get back to you" in (reply.text or "")
    assert "will read" not in (reply.text or "")


@pytest.mark.parametrize(
    ("product", "state", "heading"),
    [
        (TSHIRT, DesignState(product="tshirt", quantity=1), "Here is your printed T-shirt design:"),
        (
            SNEAKER,
            DesignState(product="sneaker", quantity=1),
            "Here is your custom sneakers design:",
        ),
        (DESK, DesignState(product="desk", quantity=1), "Here is your standing desk design:"),
    ],
)
def test_the_summary_names_the_product_naturally(
    product: Product, state: DesignState, heading: str
) -> None:
    assert (summary(CATALOG, product, state).text or "").startswith(heading + "\n")
