from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from bot.review.records import TranscriptMessage
from bot.review.turns import Button, NamedValue, group_turns

AT = datetime(2024, 5, 17, tzinfo=timezone.utc)


def message(position: int, sender: str, text: str, **extra: Any) -> TranscriptMessage:
    values: dict[str, Any] = {
        "intent": None,
        "confidence": None,
        "entities": [],
        "buttons": [],
        "slot_changes": None,
        "model_id": None,
        "flagged_at": None,
        "flagged_by": None,
        **extra,
    }
    return TranscriptMessage(
        id=position + 1, position=position, sender=sender, timestamp=AT, text=text, **values
    )


def test_no_messages_no_turns() -> None:
    assert group_turns([]) == ()


def test_each_customer_message_starts_a_turn_with_the_replies_that_follow() -> None:
    messages = [
        message(0, "bot", "Hi!", buttons=[{"title": "Desk", "payload": "/choose"}]),
        message(1, "user", "a desk", intent="design", confidence=0.9),
        message(2, "bot", "Which width?"),
        message(3, "bot", "From 100 to 180 cm."),
        message(4, "user", "120"),
        message(5, "user", "no, 140"),
    ]

    opening, desk, width, correction = group_turns(messages)

    assert opening.customer is None
    assert [reply.message.text for reply in opening.replies] == ["Hi!"]
    assert opening.replies[0].buttons == (Button("Desk", "/choose"),)
    assert desk.customer is not None and desk.customer.text == "a desk"
    assert [reply.message.text for reply in desk.replies] == ["Which width?", "From 100 to 180 cm."]
    assert width.customer is not None and width.replies == ()
    assert correction.customer is not None and correction.customer.text == "no, 140"


def test_slot_changes_of_the_whole_turn_in_order_with_repeats() -> None:
    messages = [
        message(0, "user", "walnut desk", slot_changes={"product": "desk", "top": "oak"}),
        message(1, "bot", "Oak or walnut?", slot_changes={"top": "walnut", "width": None}),
        message(2, "user", "thanks"),
    ]

    first, second = group_turns(messages)

    assert first.slot_changes == (
        NamedValue("product", "desk"),
        NamedValue("top", "oak"),
        NamedValue("top", "walnut"),
        NamedValue("width", None),
    )
    assert second.slot_changes == ()


def test_entities_of_the_customer_message() -> None:
    [turn] = group_turns(
        [
            message(
                0,
                "user",
                "red 42",
                entities=[
                    {"entity": "option", "value": "red", "start": 0, "end": 3},
                    {"entity": "number", "value": {"amount": 42}},
                ],
            )
        ]
    )

    assert turn.entities == (NamedValue("option", "red"), NamedValue("number", {"amount": 42}))


def test_odd_stored_values_are_shown_as_well_as_possible() -> None:
    [turn] = group_turns(
        [
            message(0, "user", "x", entities=["junk", {"value": 1}], slot_changes=["junk"]),
            message(1, "bot", "y", buttons=["junk", {"payload": "/only"}, {"title": "T"}, {}]),
        ]
    )

    assert turn.entities == (NamedValue("?", 1),)
    assert turn.slot_changes == ()
    assert turn.replies[0].buttons == (Button("/only", "/only"), Button("T", ""), Button("", ""))


def test_values_read_as_text_or_json() -> None:
    assert NamedValue("option", "navy blue").text == "navy blue"
    assert NamedValue("number", {"amount": 1.6, "unit": "m"}).text == '{"amount": 1.6, "unit": "m"}'
    assert NamedValue("width", 120).text == "120"
    assert NamedValue("monogram", "Zoë <3").text == "Zoë <3"
    assert NamedValue("done", True).text == "true"


def test_a_turn_names_the_model_that_handled_it() -> None:
    messages = [
        message(0, "bot", "Hi!"),
        message(1, "user", "a desk", model_id="m1"),
        message(2, "bot", "Which width?", model_id="m1"),
        message(3, "user", "120"),
        message(4, "bot", "Noted.", model_id="m2"),
        message(5, "user", "thanks", model_id=""),
    ]

    opening, desk, width, thanks = group_turns(messages)

    assert opening.model_id is None
    assert desk.model_id == "m1"
    assert width.model_id == "m2"  # the customer's message predates model ids
    assert thanks.model_id is None
