from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker

from bot.storage.rasa_events import (
    ConsentAnswered,
    ProductChosen,
    QuestionAsked,
    SessionStart,
    SlotChanged,
    SummaryShown,
    Utterance,
    interpret,
)

T = 1_700_000_000.25
AT = datetime.fromtimestamp(T, tz=timezone.utc)


def test_session_started() -> None:
    assert interpret(SessionStarted(timestamp=T).as_dict()) == (SessionStart(at=AT),)


MODEL_ID = "3f9c2a7d5e1b4c8a9d0e6f2b1a3c5d7e"


def test_user_message_as_rasa_publishes_it() -> None:
    uttered = UserUttered(
        "a red one",
        intent={"name": "inform", "confidence": 0.93},
        entities=[{"entity": "color", "value": "red", "start": 2, "end": 5}],
        timestamp=T,
    )
    tracker = DialogueStateTracker("s", slots=[])
    tracker.model_id = MODEL_ID  # as Rasa's message processor sets it
    tracker.update(uttered)  # which stamps the event with the model's id
    event = uttered.as_dict()

    assert interpret(event) == (
        Utterance(
            sender="user",
            at=AT,
            text="a red one",
            intent="inform",
            confidence=0.93,
            entities=[{"entity": "color", "value": "red", "start": 2, "end": 5}],
            buttons=[],
            custom=None,
            model_id=MODEL_ID,
        ),
    )


def test_bot_message_as_rasa_publishes_it() -> None:
    buttons = [{"title": "Leather", "payload": '/inform{"material": "leather"}'}]
    event = BotUttered(
        "Which material?",
        data={"buttons": buttons, "custom": {"card": 1}},
        metadata={"model_id": MODEL_ID, "assistant_id": "tailor"},
        timestamp=T,
    ).as_dict()

    assert interpret(event) == (
        Utterance(
            sender="bot",
            at=AT,
            text="Which material?",
            intent=None,
            confidence=None,
            entities=[],
            buttons=buttons,
            custom={"card": 1},
            model_id=MODEL_ID,
        ),
    )


@pytest.mark.parametrize("metadata", [None, [], "m", {}, {"model_id": None}, {"model_id": 42}])
def test_a_message_without_a_readable_model_id_has_none(metadata: Any) -> None:
    for event in (
        UserUttered("hi", timestamp=T).as_dict(),
        BotUttered("hi", timestamp=T).as_dict(),
    ):
        [utterance] = interpret({**event, "metadata": metadata})

        assert isinstance(utterance, Utterance) and utterance.model_id is None


def slot(name: str, value: Any) -> tuple[object, ...]:
    return interpret(SlotSet(name, value, timestamp=T).as_dict())


def test_product_slot() -> None:
    assert slot("product", "desk") == (
        SlotChanged(at=AT, name="product", value="desk"),
        ProductChosen(at=AT, product="desk"),
    )
    assert slot("product", None) == (SlotChanged(at=AT, name="product", value=None),)


def test_any_slot_is_a_change_of_the_latest_turn() -> None:
    design = {"width": 160, "top": "oak"}
    assert slot("design", design) == (SlotChanged(at=AT, name="design", value=design),)
    assert slot("color", "red") == (SlotChanged(at=AT, name="color", value="red"),)


@pytest.mark.parametrize("consent", [True, False])
def test_the_consent_slot_answers_the_transcript_question(consent: bool) -> None:
    assert slot("transcript_consent", consent) == (
        SlotChanged(at=AT, name="transcript_consent", value=consent),
        ConsentAnswered(at=AT, consent=consent),
    )


@pytest.mark.parametrize("value", [None, "yes", 1, [True]])
def test_a_consent_slot_that_is_no_yes_or_no_answers_nothing(value: Any) -> None:
    assert slot("transcript_consent", value) == (
        SlotChanged(at=AT, name="transcript_consent", value=value),
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [("requested_slot", "product"), ("requested_slot", "quantity"),
     ("requested_slot", "rating"), ("requested_slot", "transcript_consent"),
     ("asked_attribute", "material")],
)  # fmt: skip
def test_questions_asked(name: str, value: str) -> None:
    assert slot(name, value) == (
        SlotChanged(at=AT, name=name, value=value),
        QuestionAsked(at=AT, question=value),
    )


def test_the_attribute_question_is_named_by_asked_attribute_not_requested_slot() -> None:
    assert slot("requested_slot", "design_complete") == (
        SlotChanged(at=AT, name="requested_slot", value="design_complete"),
    )


def test_asking_for_confirmation_shows_the_summary() -> None:
    assert slot("requested_slot", "confirmed") == (
        SlotChanged(at=AT, name="requested_slot", value="confirmed"),
        QuestionAsked(at=AT, question="confirmed"),
        SummaryShown(at=AT),
    )


@pytest.mark.parametrize(("name", "value"), [("requested_slot", None), ("asked_attribute", None),
                                             ("asked_attribute", 42)])  # fmt: skip
def test_no_question_is_no_question(name: str, value: Any) -> None:
    assert slot(name, value) == (SlotChanged(at=AT, name=name, value=value),)


@pytest.mark.parametrize(
    "event",
    [
        ActionExecuted("action_listen", timestamp=T).as_dict(),
        {"event": "restart", "timestamp": T},
        {"event": "slot", "name": None, "value": "x", "timestamp": T},
        {"event": "slot", "name": ["product"], "value": "desk", "timestamp": T},
        {"event": None},
        {},
    ],
)
def test_events_that_do_not_change_the_log(event: dict[str, Any]) -> None:
    assert interpret(event) == ()


@pytest.mark.parametrize(
    ("junk", "intent"),
    [
        ({"parse_data": None}, None),
        ({"parse_data": "junk", "text": 42}, None),
        ({"parse_data": {"intent": None, "entities": None}}, None),
        ({"parse_data": {"intent": {"name": 7, "confidence": "high"}, "entities": "junk"}}, None),
        ({"parse_data": {"intent": {"name": "x", "confidence": math.nan}, "entities": {}}}, "x"),
        ({"parse_data": {"intent": {"name": "x", "confidence": 10**400}}}, "x"),
    ],
)
def test_damaged_user_events_keep_what_makes_sense(
    junk: dict[str, Any], intent: str | None
) -> None:
    (utterance,) = interpret({"event": "user", "timestamp": T, **junk})

    assert isinstance(utterance, Utterance)
    assert (utterance.text, utterance.intent, utterance.confidence) == (None, intent, None)
    assert utterance.entities == []


def test_damaged_bot_event() -> None:
    (utterance,) = interpret({"event": "bot", "timestamp": T, "data": {"buttons": "junk"}})

    assert isinstance(utterance, Utterance)
    assert (utterance.text, utterance.buttons, utterance.custom) == (None, [], None)


def test_missing_timestamp_means_now() -> None:
    before = datetime.now(timezone.utc)
    (session,) = interpret({"event": "session_started"})

    assert isinstance(session, SessionStart)
    assert before <= session.at <= datetime.now(timezone.utc)


@pytest.mark.parametrize("timestamp", [math.nan, math.inf, -math.inf, "yesterday", True, 1e20])
def test_impossible_timestamps_are_refused(timestamp: object) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        interpret({"event": "user", "text": "hi", "timestamp": timestamp})
