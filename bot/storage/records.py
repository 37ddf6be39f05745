"""What the store hands back when reading conversations: immutable, JSON-ready values.

The web app serialises these as its API responses, so `to_dict` is the one place that
decides how a conversation looks in JSON (ISO-8601 datetimes, None for missing values).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


@dataclass(frozen=True)
class Message:
    """One utterance of a conversation, in the order it was said (`position` from 0)."""

    position: int
    sender: str
    timestamp: datetime
    text: str | None
    intent: str | None
    confidence: float | None
    entities: list[Any]
    buttons: list[Any]
    custom: Any
    slot_changes: dict[str, Any] | None
    """The slots set while this was the latest message ({name: value}, in order)."""

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "position": self.position,
            "sender": self.sender,
            "timestamp": _iso(self.timestamp),
            "text": self.text,
            "intent": self.intent,
            "confidence": self.confidence,
            "entities": self.entities,
            "buttons": self.buttons,
            "custom": self.custom,
            "slot_changes": self.slot_changes,
        }


@dataclass(frozen=True)
class Feedback:
    """The customer's rating of a conversation."""

    rating: int
    comment: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"rating": self.rating, "comment": self.comment}


@dataclass(frozen=True)
class ConversationSummary:
    """One line of the conversation list; `rating` and `spec_id` are the latest ones."""

    sender_id: str
    product: str | None
    status: str
    started_at: datetime
    ended_at: datetime | None
    message_count: int
    rating: int | None
    spec_id: str | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "sender_id": self.sender_id,
            "product": self.product,
            "status": self.status,
            "started_at": _iso(self.started_at),
            "ended_at": _iso(self.ended_at),
            "message_count": self.message_count,
            "rating": self.rating,
            "spec_id": self.spec_id,
        }


@dataclass(frozen=True)
class ConversationDetail(ConversationSummary):
    """A whole conversation: its summary plus what was said, the latest spec and feedback.

    A subclass so that everything that shows a summary can show a detail too.
    """

    messages: tuple[Message, ...]
    spec: dict[str, Any] | None
    feedback: Feedback | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the summary's keys plus `messages`, `spec` and `feedback`."""
        return {
            **super().to_dict(),
            "messages": [message.to_dict() for message in self.messages],
            "spec": self.spec,
            "feedback": None if self.feedback is None else self.feedback.to_dict(),
        }
