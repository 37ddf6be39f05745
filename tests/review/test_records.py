from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import datetime, timezone

import pytest

from bot.storage.records import ConversationDetail, ConversationSummary, Feedback, Message

STARTED = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
SUMMARY_FIELDS = {
    "sender_id": "abc",
    "product": "desk",
    "status": "completed",
    "started_at": STARTED,
    "ended_at": None,
    "message_count": 1,
    "rating": 4,
    "spec_id": "spec-0001",
}
MESSAGE = Message(
    position=0,
    sender="user",
    timestamp=STARTED,
    text="hi 🙂",
    intent="greet",
    confidence=0.5,
    entities=[],
    buttons=[],
    custom=None,
    slot_changes={"product": "desk", "design": {"width": 160}},
)


def test_summary_is_json_ready_with_iso_datetimes() -> None:
    summary = ConversationSummary(**SUMMARY_FIELDS)

    assert json.loads(json.dumps(summary.to_dict())) == {
        **SUMMARY_FIELDS,
        "started_at": "2024-05-01T09:30:00+00:00",
    }


def test_detail_has_the_summary_keys_plus_its_contents() -> None:
    detail = ConversationDetail(
        **SUMMARY_FIELDS,
        messages=(MESSAGE,),
        spec={"spec_id": "spec-0001"},
        feedback=Feedback(rating=4, comment=None),
    )

    as_dict = json.loads(json.dumps(detail.to_dict()))

    assert as_dict == {
        **ConversationSummary(**SUMMARY_FIELDS).to_dict(),
        "messages": [
            {
                "position": 0,
                "sender": "user",
                "timestamp": "2024-05-01T09:30:00+00:00",
                "text": "hi 🙂",
                "intent": "greet",
                "confidence": 0.5,
                "entities": [],
                "buttons": [],
                "custom": None,
                "slot_changes": {"product": "desk", "design": {"width": 160}},
            }
        ],
        "spec": {"spec_id": "spec-0001"},
        "feedback": {"rating": 4, "comment": None},
    }


def test_detail_without_spec_or_feedback() -> None:
    detail = ConversationDetail(**SUMMARY_FIELDS, messages=(), spec=None, feedback=None)

    assert (detail.to_dict()["spec"], detail.to_dict()["feedback"]) == (None, None)


def test_records_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        MESSAGE.text = "changed"  # type: ignore[misc]
