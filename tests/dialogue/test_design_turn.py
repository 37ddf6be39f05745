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
    assert said(outcome) == "Shall we design custom sneakers or a standing desk? Pick one to start."


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


SHIRT = DesignState(product="tshirt", design={"color": "navy", "size": "m"})


@pytest.mark.parametrize("intent", ["greet", "thank", "bot_challenge", "inform", "goodbye"])
def test_any_words_can_be_a_print_text_whatever_nlu_thought(catalog: Catalog, intent: str) -> None:
    outcome = interpret(catalog, SHIRT, Turn("Atelier Nord", intent, asked="print_text"))
    assert outcome.state.design["print_text"] == "Atelier Nord"


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_off_topic_and_unclear_messages_interrupt_a_text_answer(
    catalog: Catalog, intent: str
) -> None:
    turn = Turn("how do I restore an old wooden desk", intent, asked="print_text")
    outcome = interpret(catalog, SHIRT, turn)
    assert outcome.understood is False and outcome.state == SHIRT


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_an_off_topic_reading_that_names_the_text_asked_is_still_its_answer(
    catalog: Catalog, intent: str
) -> None:
    """ "monogram ABCDEFGHIJK" is a try at the monogram: the catalog refuses it as too
    long, rather than the bot saying it cannot help."""
    sneaker = DesignState(product="sneaker", design={"size": 42})
    outcome = interpret(catalog, sneaker, Turn("monogram ABCDEFGHIJK", intent, asked="monogram"))
    assert outcome.understood and "monogram" not in outcome.state.design
    assert [r.attribute for r in outcome.refusals] == ["monogram"]
    shirt = interpret(catalog, SHIRT, Turn("print the monogram", intent, asked="print_text"))
    assert shirt.understood is False


@pytest.mark.parametrize(
    "intent", ["out_of_scope", "nlu_fallback", "ask_price", "start_over", "greet", "inform"]
)
def test_quoted_words_are_the_text_whatever_nlu_thought(catalog: Catalog, intent: str) -> None:
    turn = Turn('"am I covered for overdrafts?"', intent, asked="print_text")
    outcome = interpret(catalog, SHIRT, turn)
    assert outcome.state.design["print_text"] == "am I covered for overdrafts?"
    assert outcome.state.pending_text is None


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


# --- another product named in a design under way -------------------------------------

SNEAKERS = DesignState(product="sneaker", design={"size": 42, "material": "suede"})


@pytest.mark.parametrize(
    "text",
    [
        "actually I'd rather design a standing desk",
        "let's do a desk instead",
        "can I get a stnading desk?",
        "I want a standing desk",
    ],
)
def test_a_clear_request_for_another_product_switches_at_once(catalog: Catalog, text: str) -> None:
    outcome = interpret(catalog, SNEAKERS, Turn(text, "design_product", asked="color"))
    assert outcome.state == DesignState(product="desk")
    assert said(outcome).startswith("Sure, let's design a standing desk instead.")
    assert [p["product"]["id"] for p in panels(outcome)] == ["desk"]


def test_a_product_button_is_a_clear_request(catalog: Catalog) -> None:
    button = clicked(payloads.choose_product("desk"), "design_product", "color", product="desk")
    assert interpret(catalog, SNEAKERS, button).state == DesignState(product="desk")


@pytest.mark.parametrize(
    ("text", "intent"),
    [("black desk", "inform"), ("a standing desk", "design_product"), ("desk?", "inform")],
)
def test_another_product_named_without_asking_to_switch_is_left_to_confirm(
    catalog: Catalog, text: str, intent: str
) -> None:
    outcome = interpret(catalog, SNEAKERS, Turn(text, intent, asked="color"))
    assert outcome.state == replace(SNEAKERS, pending_product="desk")  # "black": no colour
    assert outcome.replies == []  # the form's next question is the confirmation


@pytest.mark.parametrize(
    ("text", "intent", "asked"),
    [
        ("HELLO DESK", "greet", "print_text"),
        ("thanks, I love my desk", "thank", "print_text"),
        ("are you a bot that sells desks", "bot_challenge", "print_text"),
        ("yes, and a desk", "affirm", "print_position"),
        ("no desk for me", "deny", "print_position"),
    ],
)
def test_with_any_other_intent_a_product_word_switches_nothing(
    catalog: Catalog, text: str, intent: str, asked: str
) -> None:
    outcome = interpret(catalog, SHIRT, Turn(text, intent, asked=asked))
    assert outcome.state.product == "tshirt" and outcome.state.pending_product is None
    assert "desk" not in said(outcome).lower()


def test_an_off_topic_question_naming_a_product_is_a_digression_everywhere(
    catalog: Catalog,
) -> None:
    question = "how do I restore an old wooden desk?"
    for asked in ("print_text", "color", "quantity", "confirmed"):
        outcome = interpret(catalog, SHIRT, Turn(question, "out_of_scope", asked=asked))
        assert outcome.understood is False and outcome.state == SHIRT, asked


SWITCH_ASKED = replace(SNEAKERS, pending_product="desk")


@pytest.mark.parametrize(
    "turn",
    [
        Turn("yes please", "affirm", asked="color"),
        Turn("sure", None, asked="color"),
        clicked(payloads.yes(), "affirm", "color"),
    ],
    ids=["typed", "typed-nlu-missed", "button"],
)
def test_yes_switches_to_the_pending_product(catalog: Catalog, turn: Turn) -> None:
    outcome = interpret(catalog, SWITCH_ASKED, turn)
    assert outcome.state == DesignState(product="desk")
    assert said(outcome).startswith("Sure, let's design a standing desk instead.")
    assert [p["product"]["id"] for p in panels(outcome)] == ["desk"]


@pytest.mark.parametrize(
    "turn",
    [Turn("no thanks", "deny", asked="color"), clicked(payloads.no(), "deny", "color")],
    ids=["typed", "button"],
)
def test_no_keeps_the_design_and_carries_on(catalog: Catalog, turn: Turn) -> None:
    outcome = interpret(catalog, SWITCH_ASKED, turn)
    assert outcome.state == SNEAKERS
    assert said(outcome) == "OK, let's carry on with your custom sneakers."
    assert panels(outcome) == []


def test_anything_else_drops_the_pending_switch_and_is_read_as_usual(catalog: Catalog) -> None:
    outcome = interpret(catalog, SWITCH_ASKED, Turn("sand", "inform", asked="color"))
    assert outcome.state == replace(SNEAKERS, design={**SNEAKERS.design, "color": "sand"})
    other = interpret(catalog, SWITCH_ASKED, Turn("make it size 43", "inform", asked="color"))
    assert other.state == replace(SNEAKERS, design={**SNEAKERS.design, "size": 43})
    nothing = interpret(catalog, SWITCH_ASKED, Turn("", "greet", asked="monogram"))
    assert nothing.state == SNEAKERS and "didn't catch a monogram" in said(nothing)


def test_a_question_leaves_the_switch_pending_for_after_the_answer(catalog: Catalog) -> None:
    outcome = interpret(catalog, SWITCH_ASKED, Turn("how much is a desk?", "ask_price", "color"))
    assert outcome.understood is False and outcome.state == SWITCH_ASKED


def test_a_pending_product_the_catalog_lost_switches_nothing(catalog: Catalog) -> None:
    forged = replace(SNEAKERS, pending_product="<script>")
    outcome = interpret(catalog, forged, Turn("yes", "affirm", asked="color"))
    assert outcome.state == SNEAKERS


# --- text answers that read as a question ------------------------------------------

MONOGRAM = DesignState(product="sneaker", design={"size": 42})


@pytest.mark.parametrize(
    ("state", "text", "intent", "asked", "held"),
    [
        (SHIRT, "am I covered for overdrafts", "inform", "print_text",
         "am I covered for overdrafts"),
        (SHIRT, "how does a self-driving car brake?", "greet", "print_text",
         "how does a self-driving car brake?"),
        (SHIRT, "please tell me the time", "inform", "print_text", "tell me the time"),
        (MONOGRAM, "can you do JD", "inform", "monogram", "do JD"),
    ],
)  # fmt: skip
def test_a_text_that_reads_as_a_question_is_held_for_confirmation(
    catalog: Catalog, state: DesignState, text: str, intent: str, asked: str, held: str
) -> None:
    outcome = interpret(catalog, state, Turn(text, intent, asked=asked))
    assert outcome.state == replace(state, pending_text=held)
    assert outcome.replies == []  # the form's next question is the confirmation


@pytest.mark.parametrize(
    ("state", "text", "intent", "asked"),
    [
        (SHIRT, "NO SLEEP", "deny", "print_text"),
        (SHIRT, "Nord Runners 2026", "inform", "print_text"),
        (SHIRT, "HELLO WORLD", "greet", "print_text"),
        (MONOGRAM, "JD 23", "inform", "monogram"),
    ],
)
def test_plain_texts_are_taken_at_once(
    catalog: Catalog, state: DesignState, text: str, intent: str, asked: str
) -> None:
    outcome = interpret(catalog, state, Turn(text, intent, asked=asked))
    assert outcome.state.design[asked] == text and outcome.state.pending_text is None


TEXT_ASKED = replace(SHIRT, pending_text="am I covered for overdrafts")


@pytest.mark.parametrize(
    "turn",
    [Turn("yes", "affirm", asked="print_text"), clicked(payloads.yes(), "affirm", "print_text")],
    ids=["typed", "button"],
)
def test_yes_takes_the_pending_text(catalog: Catalog, turn: Turn) -> None:
    outcome = interpret(catalog, TEXT_ASKED, turn)
    assert outcome.state == replace(
        SHIRT, design={**SHIRT.design, "print_text": "am I covered for overdrafts"}
    )


def test_a_confirmed_text_goes_through_the_catalogs_checks(catalog: Catalog) -> None:
    too_long = replace(SHIRT, pending_text="what is the meaning of life, the universe and all?")
    outcome = interpret(catalog, too_long, Turn("yes", "affirm", asked="print_text"))
    assert outcome.state == SHIRT
    assert "at most 30 characters" in said(outcome)
    assert outcome.refusals == [Refusal("unavailable", "print_text", None)]


def test_no_drops_the_pending_text_and_the_question_is_asked_again(catalog: Catalog) -> None:
    outcome = interpret(catalog, TEXT_ASKED, Turn("no", "deny", asked="print_text"))
    assert outcome.state == SHIRT and outcome.replies == []


@pytest.mark.parametrize(
    ("text", "intent", "taken"),
    [("NO SLEEP", "deny", "NO SLEEP"), ('"am I covered?"', "out_of_scope", "am I covered?")],
)
def test_a_new_text_instead_of_a_yes_or_no_is_read_as_usual(
    catalog: Catalog, text: str, intent: str, taken: str
) -> None:
    outcome = interpret(catalog, TEXT_ASKED, Turn(text, intent, asked="print_text"))
    assert outcome.state == replace(SHIRT, design={**SHIRT.design, "print_text": taken})


@pytest.mark.parametrize(
    "text", ["", "x" * 10_000, "?" * 10_000, "🎉🎉", "<script>alert(1)</script>?", "\x00\x1b?"]
)
def test_hostile_text_answers_never_crash_or_print_unconfirmed_questions(
    catalog: Catalog, text: str
) -> None:
    for state in (SHIRT, TEXT_ASKED, replace(SHIRT, pending_product="desk")):
        outcome = interpret(catalog, state, Turn(text, "inform", asked="print_text"))
        printed = outcome.state.design.get("print_text")
        assert printed is None or len(printed) <= 30
        assert outcome.state.product == "tshirt"
