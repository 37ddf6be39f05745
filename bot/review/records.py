"""The one read model of a stored conversation: immutable, JSON-ready values.

`bot.storage.review.ReviewStore` builds them with one query for the console's list,
transcript and export and for the API (`/api/conversations` and
`/api/conversations/{sender}`), so `to_dict` is the one place that decides how a
conversation looks in JSON (ISO-8601 datetimes, tags as a list, None for missing values).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any


def is_low_confidence(confidence: float | None, threshold: float) -> bool:
    """Whether the bot was unsure: a known confidence below `threshold`.

    Messages without a confidence (the bot's own, button presses recorded without one)
    are never low: there was nothing to be unsure about.
    """
    return confidence is not None and confidence < threshold


@dataclass(frozen=True)
class ConversationSummary:
    """One row of the conversation list; `rating` and `spec_id` are the latest ones.

    `first_message` is what the customer said first (redacted as stored): the row's
    preview of what the conversation is about.
    """

    id: int
    sender_id: str
    product: str | None
    status: str
    started_at: datetime
    ended_at: datetime | None
    handed_over_at: datetime | None
    message_count: int
    rating: int | None
    spec_id: str | None
    min_confidence: float | None
    reviewed_at: datetime | None
    reviewed_by: str | None
    tags: tuple[str, ...]
    first_message: str | None

    def has_low_confidence(self, threshold: float) -> bool:
        """Whether any customer message of this conversation was understood poorly."""
        return is_low_confidence(self.min_confidence, threshold)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: every field in order, as the list, API and JSON export show it."""
        return {field.name: _json_value(getattr(self, field.name)) for field in fields(self)}


@dataclass(frozen=True)
class TranscriptMessage:
    """One message as stored, with what the bot understood and which slots it set.

    `model_id` names the Rasa model that understood or chose the message (None for
    messages stored before models were recorded); `flagged_at` and `flagged_by` say
    whether, and by whom, a customer message was sent to the NLU inbox; `id` is what
    flagging it refers to; `custom` is a bot message's custom payload (cards, images).
    """

    id: int
    position: int
    sender: str
    timestamp: datetime
    text: str | None
    intent: str | None
    confidence: float | None
    entities: list[Any]
    buttons: list[Any]
    slot_changes: dict[str, Any] | None
    model_id: str | None
    flagged_at: datetime | None
    flagged_by: str | None
    custom: Any = None

    def is_low_confidence(self, threshold: float) -> bool:
        """Whether the bot was unsure what this message meant."""
        return is_low_confidence(self.confidence, threshold)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form of what was said, as the API shows it (no console-only marks)."""
        return {
            "position": self.position,
            "sender": self.sender,
            "timestamp": _json_value(self.timestamp),
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
    """The customer's latest rating and comment."""

    rating: int
    comment: str | None
    created_at: datetime

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form, as the API shows it: the rating and the comment."""
        return {"rating": self.rating, "comment": self.comment}


@dataclass(frozen=True)
class Note:
    """An internal note staff left on a conversation; customers never see these."""

    author: str
    body: str
    created_at: datetime


@dataclass(frozen=True)
class ConversationReview:
    """Everything the transcript page shows about one conversation.

    `consent` is None while unanswered and False when the customer declined: then no
    messages were kept, only the spec and the rating. `contact` is how to reach a
    customer who asked for a person.
    """

    summary: ConversationSummary
    contact: str | None
    consent: bool | None
    last_question: str | None
    summary_shown_at: datetime | None
    messages: tuple[TranscriptMessage, ...]
    spec: dict[str, Any] | None
    feedback: Feedback | None
    notes: tuple[Note, ...]

    @property
    def model_ids(self) -> tuple[str, ...]:
        """The models that served this conversation, each once, in the order they came in.

        More than one when the running model was switched mid-conversation. Empty when
        no message names one: none kept (no consent), or all from before models were
        recorded.
        """
        used = (message.model_id for message in self.messages if message.model_id is not None)
        return tuple(dict.fromkeys(used))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form: the summary's keys plus `messages`, `spec` and `feedback`.

        What `/api/conversations/{sender}` answers; a row of `/api/conversations` is the
        same summary without the three.
        """
        return {
            **self.summary.to_dict(),
            "messages": [message.to_dict() for message in self.messages],
            "spec": self.spec,
            "feedback": None if self.feedback is None else self.feedback.to_dict(),
        }


@dataclass(frozen=True)
class Page:
    """One page of the filtered list and how many conversations match in all."""

    items: tuple[ConversationSummary, ...]
    total: int
    limit: int
    offset: int

    @property
    def number(self) -> int:
        """The 1-based number of this page."""
        return self.offset // self.limit + 1

    @property
    def count(self) -> int:
        """How many pages the matching conversations fill (at least one, maybe empty)."""
        return max(1, -(-self.total // self.limit))

    @property
    def has_previous(self) -> bool:
        """Whether rows come before this page."""
        return self.offset > 0

    @property
    def has_next(self) -> bool:
        """Whether rows come after this page."""
        return self.offset + self.limit < self.total


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value
