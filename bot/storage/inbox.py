"""The NLU inbox: customer messages a trainer should look at, and what they decided.

A customer message is waiting in the inbox while it has text, the bot understood it
poorly (intent confidence below the threshold) or staff flagged it, and no trainer has
reviewed it yet. A review is kept, not a flag cleared: it records what an accepted
message became in the training data, which `accepted_corrections` hands to the story
export, and it keeps a discarded message from coming back.

Reviews live in `nlu_reviews`, one per message: the primary key, not a check before
writing, decides which of two trainers deciding at once wins. A review dies with its
message (ON DELETE CASCADE), so erasure, retention and a refused transcript take the
annotated customer text in `example` with them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import exists, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, Select

from bot.review.filters import MAX_OFFSET, MAX_PAGE_SIZE
from bot.storage.review import require_staff_email
from bot.storage.schema import (
    ACCEPTED,
    DISCARDED,
    INTENT_LENGTH,
    USER,
    conversations,
    messages,
    nlu_reviews,
)
from bot.storage.validation import NUL, is_row_id, require_aware, require_id, require_int

__all__ = [
    "ACCEPTED",
    "DISCARDED",
    "AlreadyReviewed",
    "InboxItem",
    "InboxPage",
    "InboxStore",
    "Review",
]

DECISIONS = (ACCEPTED, DISCARDED)


class AlreadyReviewed(Exception):
    """The message has a review already; the first decision stands."""


@dataclass(frozen=True)
class InboxItem:
    """A customer message as the trainer reviews it, with what the bot understood.

    `entities` are as stored (Rasa's dicts: entity, value, start, end, ...), `model_id`
    names the model that understood the message (None before migration 0003).
    """

    message_id: int
    conversation_id: int
    sender_id: str
    position: int
    timestamp: datetime
    text: str
    intent: str | None
    confidence: float | None
    entities: list[dict[str, Any]]
    model_id: str | None
    flagged_at: datetime | None
    flagged_by: str | None


@dataclass(frozen=True)
class InboxPage:
    """One page of waiting messages and how many wait in all."""

    items: tuple[InboxItem, ...]
    total: int


@dataclass(frozen=True)
class Review:
    """A trainer's decision on a message; `intent` and `example` only when accepted."""

    message_id: int
    decision: str
    intent: str | None
    example: str | None
    reviewed_by: str
    reviewed_at: datetime


class InboxStore:
    """The NLU inbox of one database.

    Lookups answer None for ids that do not name a customer message, however odd;
    changes raise `LookupError` for those, and `ValueError` for values that may not be
    kept (with a message meant for staff).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def pending(self, threshold: float, *, limit: int = 50, offset: int = 0) -> InboxPage:
        """One page of the messages waiting for review, newest first.

        Newest first because the newest were understood by the model now serving:
        older ones may have been fixed by a retrain since, and a trainer who works
        through the top of the list improves what customers meet today. A message is
        low-confidence when its confidence is below `threshold` (as in the console's
        list); a message without a confidence waits only if flagged. Raises
        `ValueError` unless 0 <= threshold <= 1, 1 <= limit <= MAX_PAGE_SIZE and
        0 <= offset <= MAX_OFFSET.
        """
        # NaN fails the range check too: it compares False with everything.
        if (
            isinstance(threshold, bool)
            or not isinstance(threshold, (int, float))
            or not 0 <= threshold <= 1
        ):
            raise ValueError(f"threshold must be a number from 0 to 1, got {threshold!r:.40}")
        require_int(limit, what="limit", low=1, high=MAX_PAGE_SIZE)
        require_int(offset, what="offset", low=0, high=MAX_OFFSET)
        waiting = (
            _customer_messages(),
            messages.c.text.is_not(None),
            messages.c.text != "",
            or_(messages.c.confidence < threshold, messages.c.flagged_at.is_not(None)),
            ~exists().where(nlu_reviews.c.message_id == messages.c.id),
        )
        page = (
            _items()
            .where(*waiting)
            .order_by(messages.c.timestamp.desc(), messages.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as connection:
            items = tuple(_item(row) for row in connection.execute(page))
            if offset == 0 and len(items) < limit:
                total = len(items)
            else:
                count = select(func.count()).select_from(messages).where(*waiting)
                total = connection.execute(count).scalar_one()
        return InboxPage(items=items, total=total)

    def item(self, message_id: int) -> InboxItem | None:
        """The customer message `message_id`, reviewed or not; None if there is none."""
        if not is_row_id(message_id):
            return None
        query = _items().where(messages.c.id == message_id, _customer_messages())
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        return None if row is None else _item(row)

    def review_of(self, message_id: int) -> Review | None:
        """The trainer's decision on message `message_id`, or None if it has none."""
        if not is_row_id(message_id):
            return None
        with self._engine.connect() as connection:
            row = connection.execute(
                select(nlu_reviews).where(nlu_reviews.c.message_id == message_id)
            ).first()
        return None if row is None else Review(**row._mapping)

    def flag(self, message_id: int, by: str, at: datetime) -> None:
        """Send customer message `message_id` to the inbox, as `by` asked at `at`.

        Flagging a flagged message changes nothing, so who flagged it first stays
        visible. Raises `LookupError` if there is no such customer message.
        """
        flagger = require_staff_email(by)
        moment = require_aware(at, what="flag time")
        self._update(
            message_id,
            messages.c.flagged_at.is_(None),
            flagged_at=moment,
            flagged_by=flagger,
        )

    def unflag(self, message_id: int) -> None:
        """Take the flag off; `LookupError` if there is no such customer message.

        A message the bot understood poorly stays in the inbox all the same.
        """
        self._update(message_id, flagged_at=None, flagged_by=None)

    def record_review(
        self,
        message_id: int,
        *,
        decision: str,
        intent: str | None,
        example: str | None,
        by: str,
        at: datetime,
    ) -> Review:
        """Keep a trainer's decision on customer message `message_id`, and return it.

        An accepted message needs the intent and the example (Rasa's markup, as written
        to the training data); a discarded one has neither. Raises `ValueError` for
        values that do not fit that, `LookupError` if there is no such customer message,
        `AlreadyReviewed` if it has a review (even one recorded a moment ago by someone
        else).
        """
        review = Review(
            message_id=message_id,
            decision=decision,
            intent=intent,
            example=example,
            reviewed_by=require_staff_email(by),
            reviewed_at=require_aware(at, what="review time"),
        )
        _check_decision(review)
        if not is_row_id(message_id):
            raise _unknown(message_id)
        try:
            with self._engine.begin() as connection:
                if not _is_customer_message(connection, message_id):
                    raise _unknown(message_id)
                connection.execute(insert(nlu_reviews).values(**asdict(review)))
        except IntegrityError:
            # The key is taken (someone else was quicker), or the message was erased
            # between the check and the insert: a fresh look tells which.
            if self.review_of(message_id) is not None:
                raise AlreadyReviewed(f"message {message_id} has been reviewed already") from None
            raise _unknown(message_id) from None
        return review

    def accepted_corrections(
        self, conversation_id: int
    ) -> dict[int, tuple[str | None, str | None]]:
        """The accepted reviews of a conversation, keyed by which customer message they fix.

        The key counts the conversation's customer messages from 1, in the order they
        were said (`position`): 3 is the customer's third message. It is the numbering
        of the console's transcript and of `bot.training.stories`' corrections, whose
        story has one user step per customer message, as Rasa logged one user event
        per message we store. The value is (intent, example). An unknown conversation,
        or one without a transcript, has none.
        """
        if not is_row_id(conversation_id):
            return {}
        query = (
            select(nlu_reviews.c.decision, nlu_reviews.c.intent, nlu_reviews.c.example)
            .select_from(messages)
            .outerjoin(nlu_reviews, nlu_reviews.c.message_id == messages.c.id)
            .where(messages.c.conversation_id == conversation_id, _customer_messages())
            .order_by(messages.c.position)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return {
            number: (row.intent, row.example)
            for number, row in enumerate(rows, start=1)
            if row.decision == ACCEPTED
        }

    def _update(self, message_id: int, *conditions: ColumnElement[bool], **values: object) -> None:
        """Set `values` on the customer message if `conditions` hold; `LookupError` if absent."""
        if not is_row_id(message_id):
            raise _unknown(message_id)
        with self._engine.begin() as connection:
            if not _is_customer_message(connection, message_id):
                raise _unknown(message_id)
            connection.execute(
                update(messages).where(messages.c.id == message_id, *conditions).values(**values)
            )


def _customer_messages() -> ColumnElement[bool]:
    return messages.c.sender == USER


def _items() -> Select:
    """The columns of an `InboxItem`, from a message and its conversation."""
    return select(
        messages.c.id.label("message_id"),
        messages.c.conversation_id,
        conversations.c.sender_id,
        messages.c.position,
        messages.c.timestamp,
        messages.c.text,
        messages.c.intent,
        messages.c.confidence,
        messages.c.entities,
        messages.c.model_id,
        messages.c.flagged_at,
        messages.c.flagged_by,
    ).join(conversations, conversations.c.id == messages.c.conversation_id)


def _item(row: Row) -> InboxItem:
    return InboxItem(**{**row._mapping, "text": row.text or ""})


def _is_customer_message(connection: Connection, message_id: int) -> bool:
    found = connection.execute(
        select(messages.c.id).where(messages.c.id == message_id, _customer_messages())
    ).first()
    return found is not None


def _check_decision(review: Review) -> None:
    """Refuse a review the training data could not be told from."""
    if review.decision not in DECISIONS:
        raise ValueError(
            f"decision must be {ACCEPTED!r} or {DISCARDED!r}, not {review.decision!r:.40}"
        )
    if review.decision == DISCARDED:
        if review.intent is not None or review.example is not None:
            raise ValueError("a discarded message has no intent or example")
        return
    require_id(review.intent, what="intent", max_length=INTENT_LENGTH)
    example = review.example
    if not isinstance(example, str) or not example.strip() or NUL in example:
        raise ValueError("an accepted message needs its example: text, without NUL")


def _unknown(message_id: object) -> LookupError:
    return LookupError(f"there is no customer message {message_id!r:.40}")
