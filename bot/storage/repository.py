"""The only place that reads or writes our tables.

Rasa's event broker records what was said, the action server saves specifications and
feedback, the web app lists and shows conversations: all through `Store`, so the rules
below hold whoever writes.

- A sender's *latest* conversation (the newest row) receives every write, whatever its
  status: a rating given after the conversation completed still lands beside it.
- A sender with no conversation yet gets one on their first write.
- A new Rasa session opens a new conversation and marks the previous one 'abandoned' if
  it was still 'active'; a latest conversation in which nothing was said yet is reused
  instead, so session restarts do not leave empty conversations behind.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import fields
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.sql import ColumnElement, Select

from bot.storage.database import create_engine_for
from bot.storage.rasa_events import (
    Interpretation,
    ProductChosen,
    SessionStart,
    Utterance,
    interpret,
)
from bot.storage.records import ConversationDetail, ConversationSummary, Feedback, Message
from bot.storage.schema import (
    ABANDONED,
    ACTIVE,
    COMPLETED,
    INTENT_LENGTH,
    MAX_RATING,
    MIN_RATING,
    PRODUCT_ID_LENGTH,
    SENDER_ID_LENGTH,
    SPEC_ID_LENGTH,
    conversations,
    feedback,
    messages,
    specifications,
)
from bot.storage.validation import clean_text, clip, is_storable_id, require_id, require_int

__all__ = ["ConversationDetail", "ConversationSummary", "Store"]

MAX_PAGE_SIZE = 500
MAX_OFFSET = 2**63 - 1  # the largest OFFSET both SQLite and PostgreSQL accept
_SENDER_LOCK_CLASS = 0x7A1  # first key of PostgreSQL advisory locks on one sender's log


class Store:
    """Conversations, specifications and feedback of one database.

    Methods that write raise `ValueError` for input the database must not hold (see each
    method); methods that look something up return None for keys that cannot exist
    instead of raising, because "not found" is the true answer.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def from_url(cls, url: str) -> Store:
        """A store on a new engine for `url`.

        Runs no migrations: the process that owns start-up calls
        `bot.storage.migrate.upgrade_to_head` once, not every object that needs a store.
        """
        return cls(create_engine_for(url))

    def ping(self) -> None:
        """Raise unless the database answers; for health checks."""
        with self._engine.connect() as connection:
            connection.execute(select(1))

    def record_event(self, sender_id: str, event: Mapping[str, Any]) -> None:
        """Apply one Rasa event, as Rasa's event brokers publish it, to the sender's log.

        Raises `ValueError` for an invalid sender id, event timestamp or product slot value.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        change = interpret(event)
        if change is None:
            return
        with self._engine.begin() as connection:
            _apply(connection, sender, change)

    def save_specification(self, sender_id: str, spec: Mapping[str, Any]) -> None:
        """Keep a confirmed specification with the sender's latest conversation.

        The conversation's product becomes the spec's. Raises `ValueError` when the spec
        has no usable `spec_id` or `product.id`, is not JSON, or its `spec_id` is taken.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        spec_id = require_id(spec.get("spec_id"), what="spec_id", max_length=SPEC_ID_LENGTH)
        product_field = spec.get("product")
        product = require_id(
            product_field.get("id") if isinstance(product_field, Mapping) else None,
            what="product id",
            max_length=PRODUCT_ID_LENGTH,
        )
        document = _json_copy(spec)
        now = datetime.now(timezone.utc)
        with self._engine.begin() as connection:
            if _spec_owner(connection, spec_id) is not None:
                raise ValueError("a specification with this spec_id already exists")
            conversation_id = _latest_or_new(connection, sender, now)
            connection.execute(
                insert(specifications).values(
                    spec_id=spec_id,
                    conversation_id=conversation_id,
                    product=product,
                    created_at=now,
                    document=document,
                )
            )
            _update_conversation(connection, conversation_id, product=product)

    def get_specification(self, spec_id: str) -> dict[str, Any] | None:
        """The document saved under `spec_id`, or None."""
        if not is_storable_id(spec_id, SPEC_ID_LENGTH):
            return None
        with self._engine.connect() as connection:
            return connection.execute(
                select(specifications.c.document).where(specifications.c.spec_id == spec_id)
            ).scalar_one_or_none()

    def save_feedback(
        self, sender_id: str, rating: int, comment: str | None, spec_id: str | None
    ) -> None:
        """Keep the customer's rating and complete their latest conversation.

        Raises `ValueError` unless `rating` is an int from 1 to 5, `comment` a string or
        None, and `spec_id`, if given, names a specification of this sender.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        checked_rating = require_int(rating, what="rating", low=MIN_RATING, high=MAX_RATING)
        if comment is not None and not isinstance(comment, str):
            raise ValueError(f"comment must be a string or None, not {type(comment).__name__}")
        now = datetime.now(timezone.utc)
        with self._engine.begin() as connection:
            if spec_id is not None and _spec_owner(connection, spec_id) != sender:
                raise ValueError("spec_id does not name a specification of this sender")
            conversation_id = _latest_or_new(connection, sender, now)
            connection.execute(
                insert(feedback).values(
                    conversation_id=conversation_id,
                    spec_id=spec_id,
                    rating=checked_rating,
                    comment=clean_text(comment),
                    created_at=now,
                )
            )
            _update_conversation(connection, conversation_id, status=COMPLETED, ended_at=now)

    def list_conversations(self, *, limit: int = 50, offset: int = 0) -> list[ConversationSummary]:
        """One page of conversations, most recently started first.

        Raises `ValueError` unless 1 <= limit <= MAX_PAGE_SIZE and 0 <= offset <= MAX_OFFSET.
        """
        require_int(limit, what="limit", low=1, high=MAX_PAGE_SIZE)
        require_int(offset, what="offset", low=0, high=MAX_OFFSET)
        query = (
            _summaries()
            .order_by(conversations.c.started_at.desc(), conversations.c.id.desc())
            .limit(limit)
            .offset(offset)
        )
        with self._engine.connect() as connection:
            return [
                ConversationSummary(**_fields_of(ConversationSummary, row))
                for row in connection.execute(query)
            ]

    def get_conversation(self, sender_id: str) -> ConversationDetail | None:
        """The sender's latest conversation in full, or None if they have none."""
        if not is_storable_id(sender_id, SENDER_ID_LENGTH):
            return None
        latest = (
            _summaries()
            .where(conversations.c.sender_id == sender_id)
            .order_by(conversations.c.id.desc())
            .limit(1)
        )
        with self._engine.connect() as connection:
            summary = connection.execute(latest).first()
            if summary is None:
                return None
            said = connection.execute(
                select(messages)
                .where(messages.c.conversation_id == summary.id)
                .order_by(messages.c.position)
            )
            spec = connection.execute(
                _latest_spec(summary.id, specifications.c.document)
            ).scalar_one_or_none()
            rated = connection.execute(
                _latest_feedback(summary.id, feedback.c.rating, feedback.c.comment)
            ).first()
            return ConversationDetail(
                **_fields_of(ConversationSummary, summary),
                messages=tuple(Message(**_fields_of(Message, row)) for row in said),
                spec=spec,
                feedback=None if rated is None else Feedback(rated.rating, rated.comment),
            )


def _apply(connection: Connection, sender: str, change: Interpretation) -> None:
    match change:
        case SessionStart(at=at):
            _start_session(connection, sender, at)
        case Utterance(at=at):
            _append_message(connection, _latest_or_new(connection, sender, at), change)
        case ProductChosen(at=at, product=value):
            product = require_id(value, what="product slot value", max_length=PRODUCT_ID_LENGTH)
            _update_conversation(
                connection, _latest_or_new(connection, sender, at), product=product
            )


def _json_copy(value: Any) -> Any:
    """`value` round-tripped through JSON, or a `ValueError`.

    Rejects now, clearly, what the database's JSON columns could not hold (Decimal, NaN,
    arbitrary objects), and leaves the stored value independent of the caller's object.
    """
    try:
        return json.loads(json.dumps(value, allow_nan=False))
    except (TypeError, ValueError) as error:
        raise ValueError(f"not storable as JSON: {error}") from error


def _latest_locked(connection: Connection, sender: str) -> Row | None:
    """The sender's latest conversation, after taking the sender's write lock.

    Without the lock two writers could both see no conversation and create one each, or
    both take the same next message position. On SQLite our engine's BEGIN IMMEDIATE
    already serialises all writers; PostgreSQL gets a transaction-scoped advisory lock per
    sender (the two-key form, so it never meets the migrations' single-key lock).
    """
    if connection.dialect.name == "postgresql":
        connection.execute(
            select(func.pg_advisory_xact_lock(_SENDER_LOCK_CLASS, func.hashtext(sender)))
        )
    return connection.execute(
        select(conversations.c.id, conversations.c.status)
        .where(conversations.c.sender_id == sender)
        .order_by(conversations.c.id.desc())
        .limit(1)
    ).first()


def _new_conversation(connection: Connection, sender: str, at: datetime) -> int:
    result = connection.execute(
        insert(conversations).values(sender_id=sender, status=ACTIVE, started_at=at)
    )
    return result.inserted_primary_key[0]


def _latest_or_new(connection: Connection, sender: str, at: datetime) -> int:
    latest = _latest_locked(connection, sender)
    return latest.id if latest is not None else _new_conversation(connection, sender, at)


def _update_conversation(connection: Connection, conversation_id: int, **values: Any) -> None:
    connection.execute(
        update(conversations).where(conversations.c.id == conversation_id).values(**values)
    )


def _start_session(connection: Connection, sender: str, at: datetime) -> None:
    latest = _latest_locked(connection, sender)
    if latest is not None:
        last_said = connection.execute(
            select(func.max(messages.c.timestamp)).where(messages.c.conversation_id == latest.id)
        ).scalar_one()
        if last_said is None:
            return  # nothing said yet: the new session carries on in this conversation
        if latest.status == ACTIVE:
            # It ended when it went quiet, not when the customer came back.
            _update_conversation(connection, latest.id, status=ABANDONED, ended_at=last_said)
    _new_conversation(connection, sender, at)


def _append_message(connection: Connection, conversation_id: int, utterance: Utterance) -> None:
    last_position = connection.execute(
        select(func.max(messages.c.position)).where(messages.c.conversation_id == conversation_id)
    ).scalar_one()
    connection.execute(
        insert(messages).values(
            conversation_id=conversation_id,
            position=0 if last_position is None else last_position + 1,
            sender=utterance.sender,
            timestamp=utterance.at,
            text=clean_text(utterance.text),
            # Users can type "/any_name" to set an intent; a label too long for its column
            # must not cost us the message.
            intent=clip(utterance.intent, INTENT_LENGTH),
            confidence=utterance.confidence,
            entities=_json_copy(utterance.entities),
            buttons=_json_copy(utterance.buttons),
            custom=_json_copy(utterance.custom),
        )
    )


def _spec_owner(connection: Connection, spec_id: str) -> str | None:
    """The sender whose conversation holds specification `spec_id`, or None."""
    if not is_storable_id(spec_id, SPEC_ID_LENGTH):
        return None
    return connection.execute(
        select(conversations.c.sender_id)
        .join(specifications, specifications.c.conversation_id == conversations.c.id)
        .where(specifications.c.spec_id == spec_id)
    ).scalar_one_or_none()


def _latest_spec(conversation_id: ColumnElement | int, *columns: Any) -> Select:
    return (
        select(*columns)
        .where(specifications.c.conversation_id == conversation_id)
        .order_by(specifications.c.created_at.desc())
        .limit(1)
    )


def _latest_feedback(conversation_id: ColumnElement | int, *columns: Any) -> Select:
    return (
        select(*columns)
        .where(feedback.c.conversation_id == conversation_id)
        .order_by(feedback.c.id.desc())
        .limit(1)
    )


def _summaries() -> Select:
    """Conversations with what a summary shows about their messages, spec and feedback."""
    conversation_id = conversations.c.id
    message_count = (
        select(func.count()).where(messages.c.conversation_id == conversation_id).scalar_subquery()
    )
    return select(
        conversations,
        message_count.label("message_count"),
        _latest_feedback(conversation_id, feedback.c.rating).scalar_subquery().label("rating"),
        _latest_spec(conversation_id, specifications.c.spec_id).scalar_subquery().label("spec_id"),
    )


def _fields_of(record_type: type, row: Row) -> dict[str, Any]:
    """The columns of `row` that `record_type` (a dataclass) has fields for, by name."""
    return {field.name: row._mapping[field.name] for field in fields(record_type)}
