from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.design_form import (
    ActionAskConfirmed,
    ActionAskDesignComplete,
    ActionAskProduct,
    ActionAskQuantity,
    ValidateDesignForm,
)
from tests.actions.conftest import slots_of, texts, tracker

SNEAKER_DONE = {
    "size": 42,
    "material": "leather",
    "color": "navy",
    "sole": "white",
    "laces": "white",
}


def validate(dispatcher: CollectingDispatcher, domain: dict[str, Any], **kwargs: Any) -> dict:
    return slots_of(ValidateDesignForm().run(dispatcher, tracker(**kwargs), domain))


def test_one_message_fills_product_and_several_attributes(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="suede sneakers in sand with a black sole, size 41.5",
        intent="design_product",
        active_loop=None,
    )
    assert slots["product"] == "sneaker"
    assert slots["design"] == {"size": 41.5, "material": "suede", "color": "sand", "sole": "black"}
    assert slots["design_complete"] is None
    [panel] = [m["custom"] for m in dispatcher.messages]
    assert panel["type"] == "design" and panel["product"]["id"] == "sneaker"
    assert [o["label"] for o in panel["options"]] == ["41.5 EU", "Suede", "Sand", "Black rubber"]
    assert not any(m.get("text") for m in dispatcher.messages)


@pytest.mark.parametrize(
    "intent",
    ["ask_option_info", "ask_price", "out_of_scope", "greet", "nlu_fallback", "start_over"],
)
def test_questions_and_off_topic_fill_no_slot(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], intent: str
) -> None:
    events = ValidateDesignForm().run(
        dispatcher,
        tracker(
            "what's the difference between suede and leather?",
            intent,
            slots={"product": "sneaker", "design": {"size": 42}},
            requested_slot="design_complete",
        ),
        domain,
    )
    assert events == []
    assert dispatcher.messages == []


def test_out_of_range_value_is_explained_and_never_kept(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="50",
        slots={"product": "sneaker", "design": {}, "asked_attribute": "size"},
        requested_slot="design_complete",
    )
    assert slots["design"] == {}
    assert slots["design_complete"] is None
    assert "47" in texts(dispatcher)


def test_rule_clash_keeps_the_earlier_choice_and_offers_alternatives(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="white",
        slots={
            "product": "sneaker",
            "design": {"size": 42, "material": "suede"},
            "asked_attribute": "color",
        },
        requested_slot="design_complete",
    )
    assert slots["design"] == {"size": 42, "material": "suede"}
    said = texts(dispatcher)
    assert "Suede is not offered in white." in said
    choices = [b["title"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert "White" not in choices and "Sand" in choices


def test_button_payload_fills_the_slot_without_nlu(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text='/inform{"attribute":"material","option":"knit"}',
        entities=[
            {"entity": "attribute", "value": "material"},
            {"entity": "option", "value": "knit"},
        ],
        slots={"product": "sneaker", "design": {"size": 42}, "asked_attribute": "material"},
        requested_slot="design_complete",
    )
    assert slots["design"] == {"size": 42, "material": "knit"}


def test_a_forged_payload_cannot_smuggle_an_invalid_option(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="/inform",
        entities=[
            {"entity": "attribute", "value": "material"},
            {"entity": "option", "value": "<script>alert(1)</script>"},
        ],
        slots={"product": "sneaker", "design": {"size": 42}, "asked_attribute": "material"},
        requested_slot="design_complete",
    )
    assert slots["design"] == {"size": 42}
    assert "not" in texts(dispatcher)


def test_confirmation_and_correction_at_the_summary(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    base = {"product": "sneaker", "design": SNEAKER_DONE, "skipped": ["monogram"], "quantity": 1}
    confirmed = validate(
        dispatcher, domain, text="yes", intent="affirm", slots=base, requested_slot="confirmed"
    )
    assert confirmed["confirmed"] is True

    corrected = validate(
        CollectingDispatcher(),
        domain,
        text="actually make the laces red",
        slots={**base, "confirmed": None},
        requested_slot="confirmed",
    )
    assert corrected["design"]["laces"] == "red"
    assert corrected["confirmed"] is None
    assert corrected["design_complete"] is True


def test_no_at_the_summary_offers_what_to_change(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    base = {"product": "sneaker", "design": SNEAKER_DONE, "skipped": ["monogram"], "quantity": 1}
    slots = validate(
        dispatcher, domain, text="no", intent="deny", slots=base, requested_slot="confirmed"
    )
    assert slots["confirmed"] is None
    titles = [b["title"] for m in dispatcher.messages for b in m.get("buttons", [])]
    assert "Laces" in titles and "Quantity" in titles


def test_switching_product_resets_the_design(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="actually I'd rather design a standing desk",
        intent="design_product",
        slots={"product": "sneaker", "design": {"size": 42}, "asked_attribute": "material"},
        requested_slot="design_complete",
    )
    assert slots["product"] == "desk"
    assert slots["design"] == {}
    assert "Sure, let's design a standing desk instead." in texts(dispatcher)


@pytest.mark.parametrize(
    "text",
    ["", "x" * 10_000, "🎉🎉🎉", "ÄÖÜ 漢字 مرحبا", "' OR 1=1; --", "\x00\x01"],
    ids=["empty", "huge", "emoji", "mixed-scripts", "sql", "control-chars"],
)
def test_hostile_input_never_crashes_or_fills_garbage(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], text: str
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text=text,
        slots={"product": "sneaker", "design": {"size": 42}, "asked_attribute": "material"},
        requested_slot="design_complete",
    )
    assert slots["design"] == {"size": 42}
    assert texts(dispatcher)


def test_ask_next_attribute_in_catalog_order_with_buttons(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = ActionAskDesignComplete().run(
        dispatcher, tracker(slots={"product": "sneaker", "design": {"size": 42}}), domain
    )
    assert slots_of(events) == {"asked_attribute": "material"}
    assert dispatcher.messages[0]["text"] == "Which upper material would you like?"
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]][:2] == [
        "Canvas",
        "Full-grain leather (+25.00 EUR)",
    ]


def test_ask_product_offers_every_product(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ActionAskProduct().run(dispatcher, tracker(), domain)
    payloads = [b["payload"] for b in dispatcher.messages[0]["buttons"]]
    assert payloads == [
        '/design_product{"product":"sneaker"}',
        '/design_product{"product":"desk"}',
        '/design_product{"product":"tshirt"}',
    ]


def test_ask_quantity_states_limits_and_discounts(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ActionAskQuantity().run(dispatcher, tracker(slots={"product": "tshirt"}), domain)
    said = texts(dispatcher)
    assert "Between 1 and 500" in said and "10% off" in said and "30% off" in said


def test_summary_prices_the_design(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = {"product": "sneaker", "design": SNEAKER_DONE, "skipped": ["monogram"], "quantity": 2}
    ActionAskConfirmed().run(dispatcher, tracker(slots=slots), domain)
    said = texts(dispatcher)
    assert "Full-grain leather (+25.00 EUR)" in said
    assert "Total: 228.00 EUR" in said and "Lead time: 13 days" in said
    assert dispatcher.messages[0]["custom"]["total"] == 228.0


def _nlu(entity: str, value: object, start: int, end: int) -> dict[str, Any]:
    """An entity as the catalog NLU component reports it for typed text."""
    return {"entity": entity, "value": value, "start": start, "end": end,
            "extractor": "CatalogEntityExtractor"}  # fmt: skip


def test_typed_words_are_read_by_the_dialogue_not_taken_as_button_entities(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    """NLU marks "monogram" as an attribute entity; that is no 'change the monogram'
    button: the customer declined it, and the bot moves on to the quantity."""
    slots = validate(
        dispatcher,
        domain,
        text="no monogram",
        entities=[_nlu("attribute", "monogram", 3, 11)],
        slots={"product": "sneaker", "design": SNEAKER_DONE, "asked_attribute": "monogram"},
        requested_slot="design_complete",
    )
    assert slots["skipped"] == ["monogram"]
    assert "didn't catch" not in texts(dispatcher)


def test_a_first_message_with_a_measure_keeps_it(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="a standing desk 1.8 m wide",
        intent="inform",
        entities=[
            _nlu("product", "desk", 2, 15),
            {**_nlu("number", 1.8, 16, 21), "unit": "m"},
            _nlu("attribute", "width", 22, 26),
        ],
        active_loop=None,
    )
    assert slots["product"] == "desk"
    assert slots["design"] == {"width": 180}


# --- confirmations asked before acting: a product switch, a question-like text --------

SHIRT = {"product": "tshirt", "design": {"color": "navy", "size": "m"}}


def test_another_product_named_mid_design_is_confirmed_before_switching(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="black desk",
        slots={**SHIRT, "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert slots["product"] == "tshirt" and slots["design"] == SHIRT["design"]
    assert slots["pending_product"] == "desk"
    assert dispatcher.messages == []  # the question comes from the form's ask action

    asked = CollectingDispatcher()
    events = ActionAskDesignComplete().run(asked, tracker(slots={**SHIRT, **slots}), domain)
    assert slots_of(events) == {"asked_attribute": "print_text"}
    [question] = asked.messages
    assert question["text"] == (
        "Switch to a standing desk? Your printed T-shirt design so far will be put aside."
    )
    assert [(b["title"], b["payload"]) for b in question["buttons"]] == [
        ("Yes", "/affirm"),
        ("No", "/deny"),
    ]


def test_yes_to_the_switch_starts_the_new_product(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="/affirm",
        intent="affirm",
        slots={**SHIRT, "pending_product": "desk", "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert (slots["product"], slots["design"], slots["pending_product"]) == ("desk", {}, None)
    assert "Sure, let's design a standing desk instead." in texts(dispatcher)


def test_no_to_the_switch_carries_on_with_the_same_question(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="/deny",
        intent="deny",
        slots={**SHIRT, "pending_product": "desk", "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert (slots["product"], slots["design"], slots["pending_product"]) == (
        "tshirt",
        SHIRT["design"],
        None,
    )
    assert texts(dispatcher) == "OK, let's carry on with your printed T-shirt."

    asked = CollectingDispatcher()
    ActionAskDesignComplete().run(asked, tracker(slots={**SHIRT, **slots}), domain)
    assert asked.messages[0]["text"].startswith("What should the print text say?")


@pytest.mark.parametrize(
    ("action", "requested"),
    [(ActionAskQuantity, "quantity"), (ActionAskConfirmed, "confirmed")],
)
def test_every_question_of_the_form_gives_way_to_a_pending_switch(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], action: type, requested: str
) -> None:
    slots = {"product": "sneaker", "design": SNEAKER_DONE, "skipped": ["monogram"], "quantity": 2}
    action().run(dispatcher, tracker(slots={**slots, "pending_product": "desk"}), domain)
    assert texts(dispatcher).startswith("Switch to a standing desk?")


def test_a_text_that_reads_as_a_question_is_confirmed_before_it_is_printed(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="am I covered for overdrafts",
        slots={**SHIRT, "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert slots["design"] == SHIRT["design"]
    assert slots["pending_text"] == "am I covered for overdrafts"

    asked = CollectingDispatcher()
    ActionAskDesignComplete().run(asked, tracker(slots={**SHIRT, **slots}), domain)
    assert asked.messages[0]["text"] == 'Should the print text say "am I covered for overdrafts"?'

    taken = validate(
        CollectingDispatcher(),
        domain,
        text="/affirm",
        intent="affirm",
        slots={**SHIRT, **slots, "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert taken["design"]["print_text"] == "am I covered for overdrafts"
    assert taken["pending_text"] is None


@pytest.mark.parametrize("intent", ["out_of_scope", "nlu_fallback"])
def test_off_topic_at_the_print_text_question_fills_no_slot(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], intent: str
) -> None:
    events = ValidateDesignForm().run(
        dispatcher,
        tracker(
            "how do I restore an old wooden desk?",
            intent,
            slots={**SHIRT, "asked_attribute": "print_text"},
            requested_slot="design_complete",
        ),
        domain,
    )
    assert events == [] and dispatcher.messages == []


@pytest.mark.parametrize(
    "pending",
    [{"pending_product": "<script>"}, {"pending_text": "x" * 10_000}, {"pending_product": ""}],
    ids=["unknown-product", "huge-text", "empty"],
)
def test_malformed_pending_slots_never_crash(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], pending: dict[str, str]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="yes",
        intent="affirm",
        slots={**SHIRT, **pending, "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert slots["product"] == "tshirt"
    assert (slots["pending_product"], slots["pending_text"]) == (None, None)
    assert len(slots["design"].get("print_text", "")) <= 30
