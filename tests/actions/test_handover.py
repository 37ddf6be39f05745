"""Handing over to staff: marking, asking for a contact, keeping it, resuming the design."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import select, text

from actions import resources
from actions.design_form import ValidateDesignForm
from actions.handover import (
    ActionAskHandoverContact,
    ActionConfirmHandOver,
    ActionHandOver,
    ValidateHandoverForm,
)
from bot.storage.database import create_engine_for
from bot.storage.schema import conversations
from tests.actions.conftest import SENDER, slots_of, texts, tracker

CONTACT = "handover_contact"


def conversation(database: str) -> Any:
    engine = create_engine_for(database)
    with engine.connect() as connection:
        row = connection.execute(
            select(conversations).where(conversations.c.sender_id == SENDER)
        ).one()
    engine.dispose()
    return row


@pytest.mark.parametrize(("active_loop", "resume"), [("design_form", True), (None, False),
                                                     ("feedback_form", False)])  # fmt: skip
def test_handing_over_marks_the_conversation_and_remembers_a_design_in_progress(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    database: str,
    active_loop: str | None,
    resume: bool,
) -> None:
    events = ActionHandOver().run(
        dispatcher,
        tracker("can I talk to a person", "request_human", active_loop=active_loop),
        domain,
    )

    assert slots_of(events) == {"resume_design": resume, CONTACT: None}
    assert "pass this conversation on to the team at Atelier Nord" in texts(dispatcher)
    assert conversation(database).handed_over_at is not None


async def validate(dispatcher: CollectingDispatcher, domain: dict[str, Any], **kwargs: Any) -> dict:
    events = await ValidateHandoverForm().run(
        dispatcher, tracker(active_loop="handover_form", requested_slot=CONTACT, **kwargs), domain
    )
    return slots_of(events)


@pytest.mark.parametrize(
    ("message", "intent", "contact"),
    [
        ("jane.doe@example.com", "inform", "jane.doe@example.com"),
        ("call me on +49 30 1234567 please", "nlu_fallback", "+49 30 1234567"),
        ("/deny", "deny", ""),
        ("no thanks", "deny", ""),
    ],
)
async def test_the_contact_or_a_no_ends_the_form(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    message: str,
    intent: str,
    contact: str,
) -> None:
    slots = await validate(dispatcher, domain, text=message, intent=intent)

    assert slots == {CONTACT: contact}
    assert dispatcher.messages == []


@pytest.mark.parametrize(
    ("message", "intent"),
    [("tomorrow after lunch", "inform"), ("how much are desks?", "ask_price"),
     ("", None), ("x" * 10_000, "out_of_scope"), ("<script>alert(1)</script>", "nlu_fallback")],
    ids=["no-contact", "question", "empty", "huge", "script"],
)  # fmt: skip
async def test_anything_else_is_asked_again(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], message: str, intent: str | None
) -> None:
    slots = await validate(dispatcher, domain, text=message, intent=intent)

    assert slots == {CONTACT: None}
    assert texts(dispatcher) == "Sorry, I didn't find an e-mail address or a phone number there."


async def test_the_request_itself_is_no_answer(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = await ValidateHandoverForm().run(
        dispatcher,
        tracker("get me a human at jane@example.com", "request_human", active_loop="design_form"),
        domain,
    )

    assert slots_of(events) == {}


@pytest.mark.parametrize(("consent", "says"), [(None, "they'll read this conversation"),
                                               (True, "they'll read this conversation"),
                                               (False, "we keep no transcript")])  # fmt: skip
def test_the_contact_question_says_what_a_no_means(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], consent: bool | None, says: str
) -> None:
    ActionAskHandoverContact().run(
        dispatcher, tracker(slots={"transcript_consent": consent}), domain
    )

    [question] = dispatcher.messages
    assert "e-mail address or a phone number" in question["text"] and says in question["text"]
    assert [b["payload"] for b in question["buttons"]] == ["/deny"]


def test_the_contact_is_kept_for_staff_and_the_customer_told_when(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], database: str
) -> None:
    events = ActionConfirmHandOver().run(
        dispatcher,
        tracker(slots={CONTACT: "jane.doe@example.com", "resume_design": True}, active_loop=None),
        domain,
    )

    assert slots_of(events) == {CONTACT: None}
    assert texts(dispatcher) == (
        "Thanks, someone from Atelier Nord will get back to you at jane.doe@example.com "
        "within one working day. Meanwhile, let's carry on with your design."
    )
    assert conversation(database).contact == "jane.doe@example.com"


def test_without_a_contact_staff_read_the_conversation(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = ActionConfirmHandOver().run(
        dispatcher, tracker(slots={CONTACT: "", "resume_design": False}, active_loop=None), domain
    )

    assert slots_of(events) == {CONTACT: None}
    assert texts(dispatcher) == "Thanks, someone from Atelier Nord will read this conversation."
    assert resources.store().get_conversation(SENDER) is None  # nothing to store


def test_a_contact_that_cannot_be_kept_is_not_promised(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    database: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    resources.store()  # migrates the database
    engine = create_engine_for(database)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE conversations"))
    engine.dispose()

    with caplog.at_level(logging.ERROR, logger="actions.handover"):
        events = ActionConfirmHandOver().run(
            dispatcher, tracker(slots={CONTACT: "jane@example.com"}, active_loop=None), domain
        )

    assert slots_of(events) == {CONTACT: None}
    assert "couldn't pass on your details" in texts(dispatcher)
    assert "get back to you" not in texts(dispatcher)
    [logged] = caplog.records
    assert logged.exc_info is not None


def test_a_failed_mark_still_hands_over(
    dispatcher: CollectingDispatcher,
    domain: dict[str, Any],
    database: str,
    caplog: pytest.LogCaptureFixture,
) -> None:
    resources.store()
    engine = create_engine_for(database)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE conversations"))
    engine.dispose()

    with caplog.at_level(logging.ERROR, logger="actions.handover"):
        events = ActionHandOver().run(dispatcher, tracker(active_loop=None), domain)

    assert slots_of(events) == {"resume_design": False, CONTACT: None}
    assert "pass this conversation on" in texts(dispatcher)
    assert len(caplog.records) == 1


def test_the_design_resumes_without_reading_the_contact_as_a_design_answer(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    """The number answered the hand-over; read again, it would earn a 'Sorry, ...'."""
    resumed = tracker(
        "0171 2345678",
        "inform",
        slots={"product": "sneaker", "design": {}, "asked_attribute": "size"},
        requested_slot=None,
        active_loop=None,
        since=[
            {"event": "action", "name": "handover_form"},
            {"event": "active_loop", "name": None},
            {"event": "action", "name": "action_confirm_hand_over"},
            {"event": "action", "name": "design_form"},
        ],
    )

    assert ValidateDesignForm().run(dispatcher, resumed, domain) == []
    assert dispatcher.messages == []
