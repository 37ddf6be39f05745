from __future__ import annotations

import json
from dataclasses import FrozenInstanceError
from datetime import datetime, timezone

import pytest

from bot.review.records import ConversationReview, ConversationSummary, Feedback, TranscriptMessage

STARTED = datetime(2024, 5, 1, 9, 30, tzinfo=timezone.utc)
SUMMARY_FIELDS = {
    "id": 7,
    "sender_id": "abc",
    "product": "desk",
    "status": "completed",
    "started_at": STARTED,
    "ended_at": None,
    "handed_over_at": None,
    "message_count": 1,
    "rating": 4,
    "spec_id": "spec-0001",
    "min_confidence": 0.5,
    "reviewed_at": None,
    "reviewed_by": None,
    "tags": ("billing",),
    "first_message": "hi 🙂",
}
MESSAGE = TranscriptMessage(
    id=1,
    position=0,
    sender="user",
    timestamp=STARTED,
    text="hi 🙂",
    intent="greet",
    confidence=0.5,
    entities=[],
    buttons=[],
    slot_changes={"product": "desk", "design": {"width": 160}},
    model_id=None,
    flagged_at=None,
    flagged_by=None,
    custom=None,
)


def review(**changes: object) -> ConversationReview:
    values: dict[str, object] = {
        "summary": ConversationSummary(**SUMMARY_FIELDS),  # type: ignore[arg-type]
        "contact": None,
        "consent": True,
        "last_question": None,
        "summary_shown_at": None,
        "messages": (MESSAGE,),
        "spec": {"spec_id": "spec-0001"},
        "feedback": Feedback(rating=4, comment=None, created_at=STARTED),
        "notes": (),
        **changes,
    }
    return ConversationReview(**values)  # type: ignore[arg-type]


def test_summary_is_json_ready_with_iso_datetimes() -> None:
    summary = ConversationSummary(**SUMMARY_FIELDS)  # type: ignore[arg-type]

    assert json.loads(json.dumps(summary.to_dict())) == {
        **SUMMARY_FIELDS,
        "started_at": "2024-05-01T09:30:00+00:00",
        "tags": ["billing"],
    }


def test_detail_has_the_summary_keys_plus_its_contents() -> None:
    detail = review()

    as_dict = json.loads(json.dumps(detail.to_dict()))

    assert as_dict == {
        **ConversationSummary(**SUMMARY_FIELDS).to_dict(),  # type: ignore[arg-type]
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
    detail = review(messages=(), spec=None, feedback=None)

    assert (detail.to_dict()["spec"], detail.to_dict()["feedback"]) == (None, None)


def test_records_are_frozen() -> None:
    with pytest.raises(FrozenInstanceError):
        MESSAGE.text = "changed"  # type: ignore[misc]
