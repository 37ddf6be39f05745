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

from bot.storage.rasa_events import ProductChosen, SessionStart, Utterance, interpret

T = 1_700_000_000.25
AT = datetime.fromtimestamp(T, tz=timezone.utc)


def test_session_started() -> None:
    assert interpret(SessionStarted(timestamp=T).as_dict()) == SessionStart(at=AT)


def test_user_message_as_rasa_publishes_it() -> None:
    event = UserUttered(
        "a red one",
        intent={"name": "inform", "confidence": 0.93},
        entities=[{"entity": "color", "value": "red", "start": 2, "end": 5}],
        timestamp=T,
    ).as_dict()

    assert interpret(event) == Utterance(
        sender="user",
        at=AT,
        text="a red one",
        intent="inform",
        confidence=0.93,
        entities=[{"entity": "color", "value": "red", "start": 2, "end": 5}],
        buttons=[],
        custom=None,
    )


def test_bot_message_as_rasa_publishes_it() -> None:
    buttons = [{"title": "Leather", "payload": '/inform{"material": "leather"}'}]
    event = BotUttered(
        "Which material?", data={"buttons": buttons, "custom": {"card": 1}}, timestamp=T
    ).as_dict()

    assert interpret(event) == Utterance(
        sender="bot",
        at=AT,
        text="Which material?",
        intent=None,
        confidence=None,
        entities=[],
        buttons=buttons,
        custom={"card": 1},
    )


def test_product_slot() -> None:
    assert interpret(SlotSet("product", "desk", timestamp=T).as_dict()) == ProductChosen(
        at=AT, product="desk"
    )
    assert interpret(SlotSet("product", None, timestamp=T).as_dict()) is None


@pytest.mark.parametrize(
    "event",
    [
        SlotSet("color", "red", timestamp=T).as_dict(),
        ActionExecuted("action_listen", timestamp=T).as_dict(),
        {"event": "restart", "timestamp": T},
        {"event": None},
        {},
    ],
)
def test_events_that_do_not_change_the_log(event: dict[str, Any]) -> None:
    assert interpret(event) is None


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
    utterance = interpret({"event": "user", "timestamp": T, **junk})

    assert isinstance(utterance, Utterance)
    assert (utterance.text, utterance.intent, utterance.confidence) == (None, intent, None)
    assert utterance.entities == []


def test_damaged_bot_event() -> None:
    utterance = interpret({"event": "bot", "timestamp": T, "data": {"buttons": "junk"}})

    assert isinstance(utterance, Utterance)
    assert (utterance.text, utterance.buttons, utterance.custom) == (None, [], None)


def test_missing_timestamp_means_now() -> None:
    before = datetime.now(timezone.utc)
    session = interpret({"event": "session_started"})

    assert isinstance(session, SessionStart)
    assert before <= session.at <= datetime.now(timezone.utc)


@pytest.mark.parametrize("timestamp", [math.nan, math.inf, -math.inf, "yesterday", True, 1e20])
def test_impossible_timestamps_are_refused(timestamp: object) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        interpret({"event": "user", "text": "hi", "timestamp": timestamp})
