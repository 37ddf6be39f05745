"""What customers' conversations write: the log of what was said, specs, feedback, insights.

Rasa's event broker records what was said and the action server saves specifications
and feedback, all through `Store`, so the rules below hold whoever writes. Reading a
conversation back goes through `bot.storage.review.ReviewStore`, the one read model the
console and the API share; `Store.list_conversations` and `Store.get_conversation` are
that same read.

- A sender's *latest* conversation (the newest row) receives every write, whatever its
  status: a rating given after the conversation completed still lands beside it.
- A sender with no conversation yet gets one on their first write.
- A new Rasa session opens a new conversation and marks the previous one 'abandoned' if
  it was still 'active'; a latest conversation in which nothing happened yet is reused
  instead, so session restarts do not leave empty conversations behind.
- Customer text is redacted (`bot.privacy.redaction.redact`) before it is stored:
  messages, their entities and payloads, slot changes, insight values and comments.
  Specifications are not: a print text is the product, printed as the customer wrote it.
- A conversation whose customer refused the transcript (`consent` False) keeps no
  messages: they are deleted when the customer says no, and later ones are not stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import delete, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row

from bot.dialogue.refusals import Refusal
from bot.privacy.redaction import redact
from bot.review.filters import MAX_OFFSET, MAX_PAGE_SIZE, ConversationFilter
from bot.review.records import ConversationReview, ConversationSummary
from bot.storage.database import create_engine_for
from bot.storage.rasa_events import (
    ConsentAnswered,
    Interpretation,
    ProductChosen,
    QuestionAsked,
    SessionStart,
    SlotChanged,
    SummaryShown,
    Utterance,
    interpret,
)
from bot.storage.review import ReviewStore
from bot.storage.schema import (
    ABANDONED,
    ACTIVE,
    COMPLETED,
    CONFLICT,
    EMAIL_LENGTH,
    INSIGHT_VALUE_LENGTH,
    INTENT_LENGTH,
    MAX_RATING,
    MIN_RATING,
    MODEL_ID_LENGTH,
    PRODUCT_ID_LENGTH,
    QUESTION_LENGTH,
    SENDER_ID_LENGTH,
    SPEC_ID_LENGTH,
    UNAVAILABLE,
    conversations,
    design_insights,
    feedback,
    messages,
    specifications,
)
from bot.storage.validation import clean_text, clip, is_storable_id, require_id, require_int

__all__ = ["Store", "lock_latest_conversation"]

_SENDER_LOCK_CLASS = 0x7A1  # first key of PostgreSQL advisory locks on one sender's log


class Store:
    """Conversations, specifications, feedback and design insights of one database.

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
        changes = interpret(event)
        if not changes:
            return
        with self._engine.begin() as connection:
            for change in changes:
                _apply(connection, sender, change)

    def mark_handed_over(self, sender_id: str) -> None:
        """Note that the customer asked for a person, on their latest conversation.

        The first request counts: asking again does not move the moment staff see.
        Raises `ValueError` for an invalid sender id.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        now = datetime.now(timezone.utc)
        with self._engine.begin() as connection:
            conversation_id = _latest_or_new(connection, sender, now)
            connection.execute(
                update(conversations)
                .where(conversations.c.id == conversation_id)
                .where(conversations.c.handed_over_at.is_(None))
                .values(handed_over_at=now)
            )

    def save_contact(self, sender_id: str, contact: str) -> None:
        """Keep how staff can reach the customer, with their latest conversation.

        Stored as given, unredacted: the customer gave it for staff to get back to them.
        Raises `ValueError` for an invalid sender id, or a contact that is not a
        non-empty string of at most 320 characters without NUL.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        checked = require_id(contact, what="contact", max_length=EMAIL_LENGTH)
        now = datetime.now(timezone.utc)
        with self._engine.begin() as connection:
            _update_conversation(
                connection, _latest_or_new(connection, sender, now), contact=checked
            )

    def record_insights(self, sender_id: str, product: str, refusals: Iterable[Refusal]) -> None:
        """Keep what the catalog refused in a turn, with the sender's latest conversation.

        Values are redacted and cut to fit their column (255 characters). Raises
        `ValueError`, storing none of them, for an invalid sender or product id, an
        unknown kind, or an attribute id that is not a storable id.
        """
        sender = require_id(sender_id, what="sender id", max_length=SENDER_ID_LENGTH)
        product_id = require_id(product, what="product id", max_length=PRODUCT_ID_LENGTH)
        rows = [_insight_row(refusal) for refusal in refusals]
        if not rows:
            return
        now = datetime.now(timezone.utc)
        with self._engine.begin() as connection:
            conversation_id = _latest_or_new(connection, sender, now)
            connection.execute(
                insert(design_insights),
                [
                    {
                        **row,
                        "conversation_id": conversation_id,
                        "product": product_id,
                        "created_at": now,
                    }
                    for row in rows
                ],
            )

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
                    comment=clean_text(None if comment is None else redact(comment)),
                    created_at=now,
                )
            )
            _update_conversation(connection, conversation_id, status=COMPLETED, ended_at=now)

    def list_conversations(self, *, limit: int = 50, offset: int = 0) -> list[ConversationSummary]:
        """One page of conversations, most recently started first, as the console lists them.

        Raises `ValueError` unless 1 <= limit <= MAX_PAGE_SIZE and 0 <= offset <= MAX_OFFSET
        (`bot.review.filters`, the console's and the API's limits).
        """
        require_int(limit, what="limit", low=1, high=MAX_PAGE_SIZE)
        require_int(offset, what="offset", low=0, high=MAX_OFFSET)
        page = ReviewStore(self._engine).list(ConversationFilter(limit=limit, offset=offset))
        return list(page.items)

    def get_conversation(self, sender_id: str) -> ConversationReview | None:
        """The sender's latest conversation in full, or None: `ReviewStore.latest`."""
        return ReviewStore(self._engine).latest(sender_id)


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
        case ConsentAnswered(at=at, consent=consent):
            conversation_id = _latest_or_new(connection, sender, at)
            if consent:
                _update_conversation(connection, conversation_id, consent=True)
            else:
                _drop_transcripts(connection, sender, conversation_id)
        case QuestionAsked(at=at, question=question):
            _update_conversation(
                connection,
                _latest_or_new(connection, sender, at),
                last_question=clip(question, QUESTION_LENGTH),
            )
        case SummaryShown(at=at):
            connection.execute(
                update(conversations)
                .where(conversations.c.id == _latest_or_new(connection, sender, at))
                .where(conversations.c.summary_shown_at.is_(None))
                .values(summary_shown_at=at)
            )
        case SlotChanged(name=name, value=value):
            _note_slot_change(connection, sender, name, value)


def _redacted(value: Any) -> Any:
    """`value` with every string in it redacted, at any depth of lists and dicts.

    Keys stay as they are: they are names the bot chose (slot, entity and field names).
    """
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _redacted(item) for key, item in value.items()}
    return value


def _insight_row(refusal: Refusal) -> dict[str, Any]:
    """The checked, redacted columns of one refusal."""
    if refusal.kind not in (CONFLICT, UNAVAILABLE):
        raise ValueError(f"insight kind must be {CONFLICT!r} or {UNAVAILABLE!r}")
    other = refusal.other_attribute
    return {
        "kind": refusal.kind,
        "attribute": require_id(
            refusal.attribute, what="insight attribute", max_length=PRODUCT_ID_LENGTH
        ),
        "value": _insight_value(refusal.value),
        "other_attribute": None
        if other is None
        else require_id(other, what="insight attribute", max_length=PRODUCT_ID_LENGTH),
        "other_value": _insight_value(refusal.other_value),
    }


def _insight_value(value: str | None) -> str | None:
    return None if value is None else clip(redact(value), INSIGHT_VALUE_LENGTH)


def _drop_transcripts(connection: Connection, sender: str, conversation_id: int) -> None:
    """Refuse the transcript: delete what was said and mark the conversation.

    Also covers the sender's earlier conversations in which the question was never
    answered: a customer who says no has said it about everything we kept unasked.
    """
    refused = select(conversations.c.id).where(
        conversations.c.sender_id == sender,
        or_(conversations.c.id == conversation_id, conversations.c.consent.is_(None)),
    )
    ids = list(connection.execute(refused).scalars())
    connection.execute(delete(messages).where(messages.c.conversation_id.in_(ids)))
    connection.execute(
        update(conversations)
        .where(conversations.c.id.in_(ids))
        .values(consent=False, min_confidence=None)
    )


def _note_slot_change(connection: Connection, sender: str, name: str, value: Any) -> None:
    """Add `name: value` to the slot changes of the sender's latest message, if there is one.

    A slot set before anything was said (a session start carrying slots over) belongs
    to no turn, and a conversation without a transcript has no turn to note it on.
    """
    latest = lock_latest_conversation(connection, sender)
    if latest is None:
        return
    message = connection.execute(
        select(messages.c.id, messages.c.slot_changes)
        .where(messages.c.conversation_id == latest.id)
        .order_by(messages.c.position.desc())
        .limit(1)
    ).first()
    if message is None:
        return
    changes = {**(message.slot_changes or {}), name: _json_copy(_redacted(value))}
    connection.execute(
        update(messages).where(messages.c.id == message.id).values(slot_changes=changes)
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


def lock_latest_conversation(connection: Connection, sender: str) -> Row | None:
    """The sender's latest conversation, after taking the sender's write lock.

    Public for the other stores that change a sender's rows (erasure) and must not
    interleave with the event broker's writes; the lock lasts until `connection`'s
    transaction ends. The row has id, status, product, consent and handed_over_at.

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
        select(
            conversations.c.id,
            conversations.c.status,
            conversations.c.product,
            conversations.c.consent,
            conversations.c.handed_over_at,
        )
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
    latest = lock_latest_conversation(connection, sender)
    return latest.id if latest is not None else _new_conversation(connection, sender, at)


def _update_conversation(connection: Connection, conversation_id: int, **values: Any) -> None:
    connection.execute(
        update(conversations).where(conversations.c.id == conversation_id).values(**values)
    )


def _start_session(connection: Connection, sender: str, at: datetime) -> None:
    latest = lock_latest_conversation(connection, sender)
    if latest is not None:
        last_said = connection.execute(
            select(func.max(messages.c.timestamp)).where(messages.c.conversation_id == latest.id)
        ).scalar_one()
        if last_said is None and _nothing_happened(latest):
            return  # the new session carries on in this conversation
        if latest.status == ACTIVE:
            # It ended when it went quiet, not when the customer came back; without a
            # transcript, the last moment we know of is as close as we get.
            ended = last_said or _last_known_moment(connection, latest.id)
            _update_conversation(connection, latest.id, status=ABANDONED, ended_at=ended)
    _new_conversation(connection, sender, at)


def _nothing_happened(conversation: Row) -> bool:
    """Whether a conversation without messages is still empty.

    With a transcript, no messages means nothing was said. Without one, messages are
    never kept, so a chosen product or a hand-over is the sign the customer was there.
    """
    if conversation.consent is not False:
        return True
    return conversation.product is None and conversation.handed_over_at is None


def _last_known_moment(connection: Connection, conversation_id: int) -> datetime:
    """The latest moment recorded for a conversation that has no messages."""
    moments = connection.execute(
        select(
            conversations.c.started_at,
            conversations.c.summary_shown_at,
            conversations.c.handed_over_at,
            select(func.max(specifications.c.created_at))
            .where(specifications.c.conversation_id == conversation_id)
            .scalar_subquery(),
            select(func.max(design_insights.c.created_at))
            .where(design_insights.c.conversation_id == conversation_id)
            .scalar_subquery(),
        ).where(conversations.c.id == conversation_id)
    ).one()
    return max(moment for moment in moments if moment is not None)


def _append_message(connection: Connection, conversation_id: int, utterance: Utterance) -> None:
    """Store what was said, unless the customer refused the transcript.

    A customer message's confidence also lowers the conversation's `min_confidence`.
    """
    consent = connection.execute(
        select(conversations.c.consent).where(conversations.c.id == conversation_id)
    ).scalar_one()
    if consent is False:
        return
    if utterance.confidence is not None:
        connection.execute(
            update(conversations)
            .where(conversations.c.id == conversation_id)
            .where(
                or_(
                    conversations.c.min_confidence.is_(None),
                    conversations.c.min_confidence > utterance.confidence,
                )
            )
            .values(min_confidence=utterance.confidence)
        )
    last_position = connection.execute(
        select(func.max(messages.c.position)).where(messages.c.conversation_id == conversation_id)
    ).scalar_one()
    connection.execute(
        insert(messages).values(
            conversation_id=conversation_id,
            position=0 if last_position is None else last_position + 1,
            sender=utterance.sender,
            timestamp=utterance.at,
            text=clean_text(_redacted(utterance.text)),
            # Users can type "/any_name" to set an intent; a label too long for its column
            # must not cost us the message.
            intent=clip(utterance.intent, INTENT_LENGTH),
            confidence=utterance.confidence,
            entities=_json_copy(_redacted(utterance.entities)),
            buttons=_json_copy(utterance.buttons),
            custom=_json_copy(_redacted(utterance.custom)),
            model_id=_model_id(utterance.model_id),
        )
    )


def _model_id(value: str | None) -> str | None:
    """`value` if it can be the id of a model (Rasa's are 32 hex digits), else None.

    It only labels the message, so anything else (too long, control characters) is
    dropped rather than costing us the message.
    """
    if value is None or not 0 < len(value) <= MODEL_ID_LENGTH or not value.isprintable():
        return None
    return value


def _spec_owner(connection: Connection, spec_id: str) -> str | None:
    """The sender whose conversation holds specification `spec_id`, or None."""
    if not is_storable_id(spec_id, SPEC_ID_LENGTH):
        return None
    return connection.execute(
        select(conversations.c.sender_id)
        .join(specifications, specifications.c.conversation_id == conversations.c.id)
        .where(specifications.c.spec_id == spec_id)
    ).scalar_one_or_none()
