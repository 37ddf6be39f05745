"""The transcript question: asked first by the design form, answered or passed over."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select, text

from actions import resources
from actions.consent import ActionAskTranscriptConsent
from actions.design_form import ValidateDesignForm
from bot.storage.database import create_engine_for
from bot.storage.schema import design_insights
from tests.actions.conftest import SENDER, slots_of, texts, tracker

CONSENT = "transcript_consent"


def validate(dispatcher: CollectingDispatcher, domain: dict[str, Any], **kwargs: Any) -> dict:
    return slots_of(ValidateDesignForm().run(dispatcher, tracker(**kwargs), domain))


def test_the_question_has_a_yes_and_a_no_button(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    assert ActionAskTranscriptConsent().run(dispatcher, tracker(), domain) == []

    [question] = dispatcher.messages
    assert "may we keep a transcript of this chat" in question["text"]
    assert [(b["title"], b["payload"]) for b in question["buttons"]] == [
        ("Yes, keep it", "/affirm"),
        ("No thanks", "/deny"),
    ]


def test_a_switch_left_pending_by_the_first_message_is_asked_first(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    waiting = {"product": "desk", "design": {"width": 180}, "pending_product": "sneaker"}
    ActionAskTranscriptConsent().run(dispatcher, tracker(slots=waiting), domain)
    assert texts(dispatcher) == (
        "Switch to custom sneakers? Your standing desk design so far will be put aside."
    )

    slots = validate(
        CollectingDispatcher(),
        domain,
        text="yes",
        intent="affirm",
        slots=waiting,
        requested_slot=CONSENT,
    )
    assert (slots["product"], slots["pending_product"]) == ("sneaker", None)
    assert CONSENT not in slots  # the yes was for the switch: consent is asked next


@pytest.mark.parametrize(
    ("message", "intent", "consent"),
    [("/affirm", "affirm", True), ("/deny", "deny", False), ("sure, keep it", "affirm", True),
     ("no thanks", "deny", False)],
)  # fmt: skip
def test_yes_or_no_sets_the_consent_and_nothing_else(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    message: str,
    intent: str,
    consent: bool,
) -> None:
    slots = validate(dispatcher, domain, text=message, intent=intent, requested_slot=CONSENT)

    assert slots[CONSENT] is consent
    assert (slots["product"], slots["design"]) == (None, {})


def test_answering_the_design_instead_counts_as_no(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="suede sneakers in size 42",
        intent="design_product",
        requested_slot=CONSENT,
    )

    assert slots[CONSENT] is False
    assert slots["product"] == "sneaker"
    assert slots["design"] == {"size": 42, "material": "suede"}
    assert "no to the transcript" in texts(dispatcher)


@pytest.mark.parametrize("intent", ["ask_price", "out_of_scope", "greet", "request_human"])
def test_a_digression_leaves_the_question_to_be_asked_again(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], intent: str
) -> None:
    events = ValidateDesignForm().run(
        dispatcher, tracker("how much are sneakers?", intent, requested_slot=CONSENT), domain
    )

    assert events == [] and dispatcher.messages == []


@pytest.mark.parametrize(
    "message", ["maybe", "", "x" * 10_000, "<script>alert(1)</script>"],
    ids=["unsure", "empty", "huge", "script"],
)  # fmt: skip
def test_neither_yes_nor_no_is_said_and_asked_again(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], message: str
) -> None:
    slots = validate(dispatcher, domain, text=message, requested_slot=CONSENT)

    assert CONSENT not in slots
    assert texts(dispatcher) == "Sorry, I didn't catch a yes or a no there."


def test_yes_to_another_question_is_no_consent(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = validate(
        dispatcher,
        domain,
        text="yes",
        intent="affirm",
        slots={"product": "desk", "design": {"width": 160}, "asked_attribute": "cable_tray"},
        requested_slot="design_complete",
    )

    assert CONSENT not in slots
    assert slots["design"] == {"width": 160, "cable_tray": True}


# --- what the catalog refused, for the staff dashboard ----------------------------


def test_refused_values_are_recorded_for_the_dashboard(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], database: str
) -> None:
    validate(
        dispatcher,
        domain,
        text="white",
        slots={"product": "sneaker", "design": {"material": "suede"}, "asked_attribute": "color"},
        requested_slot="design_complete",
    )
    validate(
        CollectingDispatcher(),
        domain,
        text="purple",
        slots={"product": "sneaker", "design": {}, "asked_attribute": "color"},
        requested_slot="design_complete",
    )

    engine = create_engine_for(database)
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                design_insights.c.kind,
                design_insights.c.product,
                design_insights.c.attribute,
                design_insights.c.value,
                design_insights.c.other_attribute,
                design_insights.c.other_value,
            ).order_by(design_insights.c.id)
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        ("conflict", "sneaker", "color", "white", "material", "suede"),
        ("unavailable", "sneaker", "color", "purple", None, None),
    ]


def test_a_storage_failure_loses_the_statistic_not_the_turn(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    database: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    resources.store()  # migrates the database
    engine = create_engine_for(database)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE design_insights"))
    engine.dispose()

    with caplog.at_level(logging.ERROR, logger="actions.design_form"):
        slots = validate(
            dispatcher,
            domain,
            text="purple",
            slots={"product": "tshirt", "design": {}, "asked_attribute": "color"},
            requested_slot="design_complete",
        )

    assert slots["design"] == {}
    assert "purple" in texts(dispatcher)
    [logged] = caplog.records
    assert SENDER in logged.getMessage() and logged.exc_info is not None
