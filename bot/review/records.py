"""What the review store hands back: immutable values for the list, transcript and export."""

from __future__ import annotations

from dataclasses import dataclass
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


@dataclass(frozen=True)
class TranscriptMessage:
    """One message as stored, with what the bot understood and which slots it set.

    `model_id` names the Rasa model that understood or chose the message (None for
    messages stored before models were recorded); `flagged_at` and `flagged_by` say
    whether, and by whom, a customer message was sent to the NLU inbox; `id` is what
    flagging it refers to.
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

    def is_low_confidence(self, threshold: float) -> bool:
        """Whether the bot was unsure what this message meant."""
        return is_low_confidence(self.confidence, threshold)


@dataclass(frozen=True)
class Feedback:
    """The customer's latest rating and comment."""

    rating: int
    comment: str | None
    created_at: datetime


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
