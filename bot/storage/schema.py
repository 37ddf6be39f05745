"""Our tables as SQLAlchemy Core objects, which the repository queries.

The migrations create the same tables but spell them out themselves, because a migration
has to keep describing the schema as it was when written; tests/storage/test_schema.py checks
that the migrated database and these definitions agree. The tables sit next to Rasa's own
`events` table (its SQL tracker store) in the same database, hence names that do not clash.
"""

from __future__ import annotations

from datetime import datetime, timezone

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
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
EMAIL_LENGTH = 320
"""RFC 5321's limit for an address: 64 for the local part, @, 255 for the domain."""
QUESTION_LENGTH = 64
TAG_LENGTH = 64
INSIGHT_KIND_LENGTH = 16
INSIGHT_VALUE_LENGTH = 255
ROLE_LENGTH = 16
TOKEN_HASH_LENGTH = 64
PASSWORD_HASH_LENGTH = 255
MODEL_ID_LENGTH = 64
"""Rasa's model ids are 32 hex digits; anything longer is not one of them."""
DECISION_LENGTH = 16

ACTIVE = "active"
COMPLETED = "completed"
ABANDONED = "abandoned"

USER = "user"
BOT = "bot"

MIN_RATING = 1
MAX_RATING = 5

CONFLICT = "conflict"
UNAVAILABLE = "unavailable"

SUPPORT = "support"
ADMIN = "admin"
TRAINER = "trainer"

ACCEPTED = "accepted"
DISCARDED = "discarded"


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
    # Added by migration 0002. "Handed to staff" is a moment, not a status: a handed-over
    # conversation still completes or is abandoned, and SQLite cannot change the status
    # CHECK without rebuilding the table (whose DROP would cascade into every message).
    Column("handed_over_at", UTCDateTime, nullable=True),
    # How staff can reach a customer who asked for a person; given for that purpose,
    # kept out of the (redacted) transcript, and erased with the conversation.
    Column("contact", String(EMAIL_LENGTH), nullable=True),
    # None until the customer answers the consent question; False keeps no transcript.
    Column("consent", Boolean(create_constraint=False), nullable=True),
    # The last question the bot asked (product, an attribute id, quantity, ...): where
    # a customer who left dropped off.
    Column("last_question", String(QUESTION_LENGTH), nullable=True),
    Column("summary_shown_at", UTCDateTime, nullable=True),
    # The lowest intent confidence of the customer's messages, kept up to date as they
    # arrive, so "has low-confidence turns" is a comparison instead of a scan of messages.
    Column("min_confidence", Float, nullable=True),
    Column("reviewed_at", UTCDateTime, nullable=True),
    Column("reviewed_by", String(EMAIL_LENGTH), nullable=True),
    CheckConstraint(
        f"status IN ('{ACTIVE}', '{COMPLETED}', '{ABANDONED}')", name="ck_conversations_status"
    ),
)

# The console lists newest first and filters by date range.
Index("ix_conversations_started_at", conversations.c.started_at)

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
    # Added by migration 0002: the slots the bot set while this message was the latest
    # one ({name: value}, in order), so the transcript shows what each turn changed.
    Column("slot_changes", JSON(none_as_null=True), nullable=True),
    # Added by migration 0003: the Rasa model that understood (user) or chose (bot) the
    # message, as Rasa stamps it on every event; None for messages from before 0003.
    Column("model_id", String(MODEL_ID_LENGTH), nullable=True),
    # Staff flagged this customer message for the trainers' NLU inbox.
    Column("flagged_at", UTCDateTime, nullable=True),
    Column("flagged_by", String(EMAIL_LENGTH), nullable=True),
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

conversation_tags = Table(
    "conversation_tags",
    metadata,
    _conversation_id("conversation_tags", indexed=False),
    Column("tag", String(TAG_LENGTH), nullable=False, index=True),
    Column("tagged_by", String(EMAIL_LENGTH), nullable=False),
    Column("tagged_at", UTCDateTime, nullable=False),
    PrimaryKeyConstraint("conversation_id", "tag", name="pk_conversation_tags"),
)

conversation_notes = Table(
    "conversation_notes",
    metadata,
    Column("id", Integer, primary_key=True),
    _conversation_id("conversation_notes", indexed=True),
    Column("author", String(EMAIL_LENGTH), nullable=False),
    Column("body", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
)

design_insights = Table(
    "design_insights",
    metadata,
    Column("id", Integer, primary_key=True),
    _conversation_id("design_insights", indexed=True),
    # 'conflict': a value the catalog's rules forbid with another chosen value
    # (attribute/value clashed with other_attribute/other_value); 'unavailable': a value
    # the catalog does not offer for `attribute` (value as the customer put it).
    Column("kind", String(INSIGHT_KIND_LENGTH), nullable=False),
    Column("product", String(PRODUCT_ID_LENGTH), nullable=False),
    Column("attribute", String(PRODUCT_ID_LENGTH), nullable=False),
    Column("value", String(INSIGHT_VALUE_LENGTH), nullable=True),
    Column("other_attribute", String(PRODUCT_ID_LENGTH), nullable=True),
    Column("other_value", String(INSIGHT_VALUE_LENGTH), nullable=True),
    Column("created_at", UTCDateTime, nullable=False),
    CheckConstraint(f"kind IN ('{CONFLICT}', '{UNAVAILABLE}')", name="ck_design_insights_kind"),
)

nlu_reviews = Table(
    "nlu_reviews",
    metadata,
    # One review per message, enforced by the key: two trainers deciding at once cannot
    # both win. It dies with its message, which is how erasure and retention reach
    # `example`, customer text as the trainer annotated it.
    Column(
        "message_id",
        Integer,
        ForeignKey("messages.id", ondelete="CASCADE", name="fk_nlu_reviews_message_id"),
        primary_key=True,
        autoincrement=False,
    ),
    Column("decision", String(DECISION_LENGTH), nullable=False),
    # What an accepted message was added to the training data as: its intent and the
    # example in Rasa's markup (entity spans annotated); None for discarded ones.
    Column("intent", String(INTENT_LENGTH), nullable=True),
    Column("example", Text, nullable=True),
    Column("reviewed_by", String(EMAIL_LENGTH), nullable=False),
    Column("reviewed_at", UTCDateTime, nullable=False),
    CheckConstraint(f"decision IN ('{ACCEPTED}', '{DISCARDED}')", name="ck_nlu_reviews_decision"),
)

staff_users = Table(
    "staff_users",
    metadata,
    Column("id", Integer, primary_key=True),
    # Stored lower-cased, so the unique constraint is case-insensitive on every backend.
    Column("email", String(EMAIL_LENGTH), nullable=False, unique=True),
    Column("role", String(ROLE_LENGTH), nullable=False),
    Column("password_hash", String(PASSWORD_HASH_LENGTH), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_login_at", UTCDateTime, nullable=True),
    CheckConstraint(f"role IN ('{SUPPORT}', '{ADMIN}', '{TRAINER}')", name="ck_staff_users_role"),
)

staff_sessions = Table(
    "staff_sessions",
    metadata,
    # SHA-256 of the cookie's token: a leaked table opens no session.
    Column("token_hash", String(TOKEN_HASH_LENGTH), primary_key=True),
    Column(
        "user_id",
        Integer,
        ForeignKey("staff_users.id", ondelete="CASCADE", name="fk_staff_sessions_user_id"),
        nullable=False,
        index=True,
    ),
    Column("csrf_token", String(TOKEN_HASH_LENGTH), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("expires_at", UTCDateTime, nullable=False),
)

login_throttle = Table(
    "login_throttle",
    metadata,
    # Keyed by the e-mail as typed (lower-cased), known or not, so lockout reveals
    # nothing about which accounts exist.
    Column("email", String(EMAIL_LENGTH), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", UTCDateTime, nullable=False),
    Column("locked_until", UTCDateTime, nullable=True),
)
