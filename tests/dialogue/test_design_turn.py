from __future__ import annotations

from dataclasses import replace

import pytest

from bot.catalog.model import Catalog
from bot.dialogue import payloads
from bot.dialogue.design_turn import interpret
from bot.dialogue.refusals import Refusal
from bot.dialogue.state import DesignState, Turn
from tests.demo_catalog import CATALOG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return CATALOG


def said(outcome) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text or "" for r in outcome.replies)


DESK = DesignState(product="desk", design={"width": 180, "depth": 80})


def test_the_when_side_of_a_rule_given_later_is_the_one_taken_back(catalog: Catalog) -> None:
    state = DesignState(product="sneaker", design={"size": 40, "color": "white"})
    outcome = interpret(catalog, state, Turn("suede please", "inform", asked="material"))
    assert "material" not in outcome.state.design
    assert outcome.state.design["color"] == "white"
    assert "Suede is not offered in white." in said(outcome)
    assert "or change the upper colour" in said(outcome)


def test_a_number_rule_says_what_is_possible(catalog: Catalog) -> None:
    state = DesignState(product="desk", design={"width": 190, "depth": 80})
    outcome = interpret(catalog, state, Turn("bamboo", "inform", asked="top"))
    assert "top" not in outcome.state.design
    assert "Bamboo tops are made up to 180 cm wide." in said(outcome)


def test_a_correction_that_breaks_a_rule_keeps_the_old_value(catalog: Catalog) -> None:
    state = DesignState(
        product="desk",
        design={"width": 180, "depth": 80, "top": "bamboo", "frame": "dual"},
        quantity=1,
    )
    outcome = interpret(catalog, state, Turn("make it 190 wide", "inform", asked="confirmed"))
    assert outcome.state.design["width"] == 180
    assert "180 cm" in said(outcome)


def test_yes_and_no_answer_a_yes_no_attribute(catalog: Catalog) -> None:
    yes = interpret(catalog, DESK, Turn("sure", "affirm", asked="cable_tray"))
    no = interpret(catalog, DESK, Turn("nah", "deny", asked="cable_tray"))
    assert yes.state.design["cable_tray"] is True
    assert no.state.design["cable_tray"] is False


def test_no_skips_an_optional_attribute_but_not_a_required_one(catalog: Catalog) -> None:
    state = DesignState(product="sneaker", design={"size": 42})
    skipped = interpret(catalog, state, Turn("no", "deny", asked="monogram"))
    assert skipped.state.skipped == ("monogram",)
    required = interpret(catalog, state, Turn("no", "deny", asked="material"))
    assert required.state == state
    assert "upper material" in said(required)


def test_naming_an_attribute_without_a_value_asks_it_again(catalog: Catalog) -> None:
    state = DesignState(product="sneaker", design={"size": 42, "laces": "red"}, quantity=1)
    outcome = interpret(
        catalog, state, Turn("I'd like to change the laces", "inform", asked="confirmed")
    )
    assert "laces" not in outcome.state.design
    assert outcome.state.confirmed is None


def test_quantity_out_of_range_is_refused_with_the_limits(catalog: Catalog) -> None:
    state = DesignState(product="tshirt", design={"color": "red"})
    outcome = interpret(catalog, state, Turn("600", "inform", asked="quantity"))
    assert outcome.state.quantity is None
    assert "500" in said(outcome)
    accepted = interpret(catalog, state, Turn("a dozen", "inform", asked="quantity"))
    assert accepted.state.quantity == 12


def test_an_unknown_option_is_named_and_the_valid_ones_listed(catalog: Catalog) -> None:
    state = DesignState(product="tshirt", design={})
    outcome = interpret(catalog, state, Turn("purple", "inform", asked="color"))
    assert outcome.state.design == {}
    assert "purple" in said(outcome) and "Heather grey" in said(outcome)


def test_two_products_at_once_asks_which(catalog: Catalog) -> None:
    outcome = interpret(catalog, DesignState(), Turn("sneakers or a desk", "design_product"))
    assert outcome.state.product is None
    assert "Custom sneakers or Standing desk" in said(outcome)


def test_asking_for_a_product_mid_design_without_naming_one_is_a_question(catalog: Catalog) -> None:
    outcome = interpret(catalog, DESK, Turn("I want to design something", "design_product"))
    assert outcome.understood is False
    assert outcome.state == DESK


def test_naming_the_current_product_again_changes_nothing(catalog: Catalog) -> None:
    outcome = interpret(catalog, DESK, Turn("the standing desk", "design_product", asked="top"))
    assert outcome.state == DESK
    assert outcome.replies == []


def test_an_unrelated_answer_to_the_product_question_is_not_silently_ignored(
    catalog: Catalog,
) -> None:
    outcome = interpret(catalog, DesignState(), Turn("purple", "inform", asked="product"))
    assert outcome.state.product is None
    assert "which product" in said(outcome)


@pytest.mark.parametrize(
    "intent", ["greet", "out_of_scope", "thank", "nlu_fallback", "bot_challenge"]
)
def test_any_words_can_be_a_print_text_whatever_nlu_thought(catalog: Catalog, intent: str) -> None:
    state = DesignState(product="tshirt", design={"color": "navy", "size": "m"})
    outcome = interpret(catalog, state, Turn("Atelier Nord", intent, asked="print_text"))
    assert outcome.state.design["print_text"] == "Atelier Nord"


def test_a_question_still_interrupts_a_free_text_answer(catalog: Catalog) -> None:
    state = DesignState(product="tshirt", design={"color": "navy", "size": "m"})
    outcome = interpret(catalog, state, Turn("how much is it?", "ask_price", asked="print_text"))
    assert outcome.understood is False and outcome.state == state


def panels(outcome) -> list[dict]:  # type: ignore[no-untyped-def]
    return [dict(r.custom) for r in outcome.replies if r.custom and r.custom["type"] == "design"]


def test_every_change_ends_with_the_live_design_panel(catalog: Catalog) -> None:
    chosen = interpret(catalog, DesignState(), Turn("custom sneakers", "design_product"))
    assert panels(chosen) == [
        {
            "type": "design",
            "product": {"id": "sneaker", "name": "Custom sneakers"},
            "options": [],
            "quantity": None,
            "currency": "EUR",
            "unit": 89.0,
            "discount": None,
            "total": None,
            "lead_time_days": 10,
        }
    ]
    assert chosen.replies[-1].text is None and not chosen.replies[-1].buttons

    state = DesignState(product="sneaker", design={"size": 42})
    leather = interpret(catalog, state, Turn("leather", "inform", asked="material"))
    [panel] = panels(leather)
    assert [(o["attribute"], o["label"], o["price"]) for o in panel["options"]] == [
        ("size", "42 EU", 0.0),
        ("material", "Full-grain leather", 25.0),
    ]
    assert panel["unit"] == 114.0 and panel["lead_time_days"] == 13 and panel["total"] is None


def test_the_panel_prices_the_quantity_once_known(catalog: Catalog) -> None:
    state = DesignState(product="tshirt", design={"color": "red"})
    [panel] = panels(interpret(catalog, state, Turn("a dozen", "inform", asked="quantity")))
    assert panel["quantity"] == 12 and panel["discount"] == 0.1
    assert panel["total"] == round(panel["unit"] * 12 * 0.9, 2)


def test_a_switch_shows_the_new_product_and_a_correction_the_new_value(catalog: Catalog) -> None:
    switched = interpret(catalog, DESK, Turn("actually sneakers", "design_product", asked="top"))
    assert [p["product"]["id"] for p in panels(switched)] == ["sneaker"]

    done = DesignState(product="sneaker", design={"size": 42, "laces": "white"}, quantity=2)
    red = interpret(catalog, done, Turn("make the laces red", "inform", asked="confirmed"))
    [panel] = panels(red)
    assert {o["attribute"]: o["label"] for o in panel["options"]}["laces"] == "Red"
    assert panel["quantity"] == 2 and panel["total"] is not None


@pytest.mark.parametrize(
    ("state", "turn"),
    [
        (DESK, Turn("the standing desk", "design_product", asked="top")),
        (DESK, Turn("purple", "inform", asked="top")),
        (DESK, Turn("how much is it?", "ask_price", asked="top")),
        (DesignState(product="sneaker"), Turn("no", "deny", asked="material")),
    ],
    ids=["same-product", "invalid-value", "question", "refused-skip"],
)
def test_no_panel_when_nothing_changed(catalog: Catalog, state: DesignState, turn: Turn) -> None:
    outcome = interpret(catalog, state, turn)
    assert outcome.state == state and panels(outcome) == []


def test_a_refused_value_leaves_the_panel_alone_but_the_rest_of_the_turn_counts(
    catalog: Catalog,
) -> None:
    state = DesignState(product="sneaker", design={"size": 40, "color": "white"})
    outcome = interpret(catalog, state, Turn("suede please", "inform", asked="material"))
    assert panels(outcome) == []
    assert "Suede is not offered in white." in said(outcome)


def test_a_product_button_starts_the_product_and_sets_nothing_else(catalog: Catalog) -> None:
    button = Turn.from_message(
        '/design_product{"product":"sneaker"}',
        "design_product",
        entities=({"entity": "product", "value": "sneaker"},),
        asked="product",
    )
    assert interpret(catalog, DesignState(), button).state == DesignState(product="sneaker")
    midway = DesignState(product="sneaker", design={"size": 42})
    assert interpret(catalog, midway, replace(button, asked="monogram")).state == midway


# --- refusals, for the shop's insight ----------------------------------------------


def test_a_rule_clash_is_recorded_with_the_undone_side_first(catalog: Catalog) -> None:
    state = DesignState(product="sneaker", design={"size": 40, "color": "white"})
    outcome = interpret(catalog, state, Turn("suede please", "inform", asked="material"))
    assert outcome.refusals == [
        Refusal("conflict", "material", "suede", other_attribute="color", other_value="white")
    ]


def test_a_clash_with_a_number_names_it_without_a_trailing_zero(catalog: Catalog) -> None:
    state = DesignState(product="desk", design={"width": 190, "depth": 80})
    outcome = interpret(catalog, state, Turn("bamboo", "inform", asked="top"))
    assert outcome.refusals == [
        Refusal("conflict", "top", "bamboo", other_attribute="width", other_value="190")
    ]
    corrected = interpret(
        catalog,
        DesignState(product="desk", design={"width": 180, "top": "bamboo"}),
        Turn("make it 190.0 wide", "inform", asked="confirmed"),
    )
    assert corrected.refusals == [
        Refusal("conflict", "width", "190", other_attribute="top", other_value="bamboo")
    ]


def test_values_the_catalog_does_not_offer_are_recorded_as_said(catalog: Catalog) -> None:
    colour = interpret(
        catalog, DesignState(product="tshirt"), Turn("purple", "inform", asked="color")
    )
    size = interpret(catalog, DesignState(product="sneaker"), Turn("48", "inform", asked="size"))
    assert colour.refusals == [Refusal("unavailable", "color", "purple")]
    assert size.refusals == [Refusal("unavailable", "size", "48")]


def test_a_refused_free_text_is_recorded_without_the_customers_words(catalog: Catalog) -> None:
    state = DesignState(product="tshirt", design={"color": "navy", "size": "m"})
    outcome = interpret(catalog, state, Turn("x" * 31, "inform", asked="print_text"))
    assert outcome.refusals == [Refusal("unavailable", "print_text", None)]


@pytest.mark.parametrize(
    ("state", "turn"),
    [
        (DESK, Turn("oak", "inform", asked="top")),
        (DESK, Turn("how much is it?", "ask_price", asked="top")),
        (DesignState(product="tshirt"), Turn("600", "inform", asked="quantity")),
    ],
    ids=["accepted", "question", "quantity"],
)
def test_nothing_refused_by_the_catalogs_values_or_rules_records_nothing(
    catalog: Catalog, state: DesignState, turn: Turn
) -> None:
    assert interpret(catalog, state, turn).refusals == []


# --- every way a turn reshapes the design --------------------------------------------

CONFIRMED = DesignState(
    product="sneaker",
    design={
        "size": 42,
        "material": "leather",
        "color": "navy",
        "sole": "white",
        "laces": "white",
        "monogram": "JD",
    },
    quantity=2,
    confirmed=True,
)


def clicked(payload: str, intent: str, asked: str, **entities: str) -> Turn:
    named = tuple({"entity": name, "value": value} for name, value in entities.items())
    return Turn.from_message(payload, intent, entities=named, asked=asked)


@pytest.mark.parametrize(
    ("state", "turn", "expected"),
    [
        (
            CONFIRMED,
            clicked(payloads.change_attribute("laces"), "inform", "confirmed", attribute="laces"),
            replace(
                CONFIRMED,
                design={k: v for k, v in CONFIRMED.design.items() if k != "laces"},
                confirmed=None,
            ),
        ),
        (
            CONFIRMED,
            clicked(
                payloads.change_attribute(payloads.QUANTITY),
                "inform",
                "confirmed",
                attribute=payloads.QUANTITY,
            ),
            replace(CONFIRMED, quantity=None, confirmed=None),
        ),
        (
            CONFIRMED,
            clicked(
                payloads.choose_option("cable_tray", "yes"),
                "inform",
                "confirmed",
                attribute="cable_tray",
                option="yes",
            ),
            CONFIRMED,
        ),
        (
            CONFIRMED,
            Turn("no monogram after all", "inform", asked="confirmed"),
            replace(
                CONFIRMED,
                design={k: v for k, v in CONFIRMED.design.items() if k != "monogram"},
                skipped=("monogram",),
                confirmed=None,
            ),
        ),
        (
            DesignState(product="desk", design={"width": 180}),
            clicked(payloads.yes(), "affirm", "cable_tray"),
            DesignState(product="desk", design={"width": 180, "cable_tray": True}),
        ),
        (
            replace(CONFIRMED, confirmed=None),
            Turn("yes", "affirm", asked="confirmed"),
            CONFIRMED,
        ),
        (
            replace(CONFIRMED, confirmed=None),
            Turn("yes, 600 pairs", "affirm", asked="confirmed"),
            replace(CONFIRMED, confirmed=None),
        ),
        (
            DesignState(product="sneaker", design={"size": 42}),
            Turn("classic sneakers", "inform", asked="material"),
            DesignState(product="sneaker", design={"size": 42}),
        ),
    ],
    ids=[
        "change-button-clears-the-attribute",
        "change-button-clears-the-quantity",
        "option-button-for-an-attribute-the-product-lacks",
        "declining-an-optional-drops-its-value",
        "yes-button-answers-a-yes-no-attribute",
        "yes-at-the-summary-confirms",
        "yes-with-a-refused-quantity-confirms-nothing",
        "unknown-words-with-the-product-name-are-no-option",
    ],
)
def test_each_way_a_turn_reshapes_the_design(
    catalog: Catalog, state: DesignState, turn: Turn, expected: DesignState
) -> None:
    outcome = interpret(catalog, state, turn)
    assert outcome.state == expected
    assert outcome.refusals == []
