"""Our tables as SQLAlchemy Core objects, which the repository queries.

Migration 0001 creates the same tables but spells them out itself, because a migration has
to keep describing the schema as it was when written; tests/storage/test_schema.py checks
that the migrated database and these definitions agree. The tables sit next to Rasa's own
`events` table (its SQL tracker store) in the same database, hence names that do not clash.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

SENDER_ID_LENGTH = 255
PRODUCT_ID_LENGTH = 64
SPEC_ID_LENGTH = 128
INTENT_LENGTH = 255
STATUS_LENGTH = 16
MESSAGE_SENDER_LENGTH = 4

ACTIVE = "active"
COMPLETED = "completed"
ABANDONED = "abandoned"

USER = "user"
BOT = "bot"

MIN_RATING = 1
MAX_RATING = 5


class UTCDateTime(TypeDecorator):
    """A timezone-aware UTC datetime on every backend.

    SQLite has no time zone support and hands back naive datetimes; PostgreSQL hands back
    the session's zone. Callers always get UTC and must always give an aware datetime, so
    a local time can never be stored by mistake.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC on the way in; refuse naive values, whose zone is unknown."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"refusing to store a naive datetime: {value!r}")
        return value.astimezone(timezone.utc)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Label SQLite's naive values (stored as UTC) and normalise PostgreSQL's zone."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


def _conversation_id(table: str, *, indexed: bool) -> Column:
    """The column tying a row to its conversation; deleting a conversation deletes its rows."""
    foreign_key = ForeignKey(
        "conversations.id", ondelete="CASCADE", name=f"fk_{table}_conversation_id"
    )
    return Column("conversation_id", Integer, foreign_key, nullable=False, index=indexed)


metadata = MetaData()

conversations = Table(
    "conversations",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(SENDER_ID_LENGTH), nullable=False, index=True),
    Column("product", String(PRODUCT_ID_LENGTH), nullable=True),
    Column("status", String(STATUS_LENGTH), nullable=False),
    Column("started_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime, nullable=True),
    CheckConstraint(
        f"status IN ('{ACTIVE}', '{COMPLETED}', '{ABANDONED}')", name="ck_conversations_status"
    ),
)

messages = Table(
    "messages",
    metadata,
    Column("id", Integer, primary_key=True),
    # No index of its own: the unique (conversation_id, position) constraint serves lookups.
    _conversation_id("messages", indexed=False),
    Column("position", Integer, nullable=False),
    Column("sender", String(MESSAGE_SENDER_LENGTH), nullable=False),
    Column("timestamp", UTCDateTime, nullable=False),
    Column("text", Text, nullable=True),
    Column("intent", String(INTENT_LENGTH), nullable=True),
    Column("confidence", Float, nullable=True),
    Column("entities", JSON, nullable=False),
    Column("buttons", JSON, nullable=False),
    # None becomes SQL NULL, not the JSON text 'null': "no payload" reads as IS NULL.
    Column("custom", JSON(none_as_null=True), nullable=True),
    UniqueConstraint("conversation_id", "position", name="uq_messages_conversation_position"),
    CheckConstraint(f"sender IN ('{USER}', '{BOT}')", name="ck_messages_sender"),
)

specifications = Table(
    "specifications",
    metadata,
    Column("spec_id", String(SPEC_ID_LENGTH), primary_key=True),
    _conversation_id("specifications", indexed=True),
    Column("product", String(PRODUCT_ID_LENGTH), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("document", JSON, nullable=False),
)

feedback = Table(
    "feedback",
    metadata,
    Column("id", Integer, primary_key=True),
    _conversation_id("feedback", indexed=True),
    # A rating outlives the specification it was given for.
    Column(
        "spec_id",
        String(SPEC_ID_LENGTH),
        ForeignKey("specifications.spec_id", ondelete="SET NULL", name="fk_feedback_spec_id"),
        nullable=True,
    ),
    Column("rating", Integer, nullable=False),
    Column("comment", Text, nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint(f"rating BETWEEN {MIN_RATING} AND {MAX_RATING}", name="ck_feedback_rating"),
)
