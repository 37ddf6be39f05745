"""What a story is made of: a reviewed conversation, its Rasa events, the inbox's corrections.

The command line (`tailor transcripts to-story`) and the staff console turn
conversations into stories through here, so both refuse the same conversations with
the same reasons: one nobody reviewed (someone has to vouch for it), one whose
customer declined a transcript, and one whose Rasa events are gone (purged or erased).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from bot.catalog.labels import quoted
from bot.review.records import ConversationReview, ConversationSummary
from bot.storage.inbox import InboxStore
from bot.storage.rasa_tracker import conversation_events, conversation_ids
from bot.storage.review import ReviewStore


class StoryRefused(ValueError):
    """The conversation cannot become a story; the message says why, for staff."""


@dataclass(frozen=True)
class StorySource:
    """A conversation fit to become a story, and what the story is made from."""

    conversation: ConversationReview
    events: list[dict[str, Any]]
    """Rasa's tracker events of the conversation, in order."""
    accepted: dict[int, tuple[str | None, str | None]]
    """The NLU inbox's accepted corrections: customer message number -> (intent, example)."""

    @property
    def default_name(self) -> str:
        """A story name that says where the story came from."""
        return default_story_name(self.conversation.summary)


def default_story_name(summary: ConversationSummary) -> str:
    """The name a conversation's story gets unless the trainer gives one."""
    return (
        f"Reviewed conversation {summary.id} "
        f"({summary.product or 'no product'}, {summary.started_at:%Y-%m-%d})"
    )


def latest_conversation_id(engine: Engine, sender_id: str) -> int:
    """The sender's latest conversation, or StoryRefused if there is none."""
    with engine.connect() as connection:
        ids = conversation_ids(connection, sender_id)
    if not ids:
        raise StoryRefused(f"there is no conversation of sender {quoted(sender_id)}")
    return ids[-1]


def story_source(
    engine: Engine, conversation_id: int, *, sender_id: str | None = None
) -> StorySource:
    """Conversation `conversation_id` (of `sender_id`, when given) ready to be a story.

    Raises StoryRefused when it cannot become one.
    """
    # One connection at a time: on SQLite each transaction holds the write lock.
    conversation = _reviewed(ReviewStore(engine), conversation_id, sender_id)
    with engine.connect() as connection:
        events = conversation_events(connection, conversation_id)
    if not events:
        raise StoryRefused(
            f"Rasa holds no events of conversation {conversation_id} (its transcript was "
            "purged or erased, or Rasa keeps its trackers in another database): nothing to "
            "make a story of"
        )
    accepted = InboxStore(engine).accepted_corrections(conversation_id)
    return StorySource(conversation, events, accepted)


def _reviewed(
    store: ReviewStore, conversation_id: int, sender_id: str | None
) -> ConversationReview:
    conversation = store.conversation(conversation_id)
    if conversation is None:
        raise StoryRefused(f"there is no conversation {conversation_id}")
    summary = conversation.summary
    if sender_id is not None and summary.sender_id != sender_id:
        raise StoryRefused(
            f"conversation {conversation_id} is not one of sender {quoted(sender_id)}"
        )
    if conversation.consent is False:
        raise StoryRefused(
            f"the customer declined to have conversation {conversation_id} kept: it cannot "
            "become a story"
        )
    if summary.reviewed_at is None:
        raise StoryRefused(
            f"conversation {conversation_id} has not been reviewed: read it in the staff "
            "console and mark it reviewed first"
        )
    return conversation
