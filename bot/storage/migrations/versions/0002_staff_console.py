"""The staff console: review marks, consent, hand-over, tags, notes, insights, staff accounts.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

Only additions: new nullable columns on `conversations` and `messages` (SQLite adds
those in place) and new tables. Nothing is rebuilt, because on SQLite rebuilding
`conversations` means dropping it, and the drop would cascade into every message, spec
and rating.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_NEW_CONVERSATION_COLUMNS = (
    ("handed_over_at", sa.DateTime(timezone=True)),
    ("contact", sa.String(320)),
    ("consent", sa.Boolean(create_constraint=False)),
    ("last_question", sa.String(64)),
    ("summary_shown_at", sa.DateTime(timezone=True)),
    ("min_confidence", sa.Float),
    ("reviewed_at", sa.DateTime(timezone=True)),
    ("reviewed_by", sa.String(320)),
)


def _conversation_id(table: str) -> sa.Column:
    return sa.Column(
        "conversation_id",
        sa.Integer,
        sa.ForeignKey("conversations.id", ondelete="CASCADE", name=f"fk_{table}_conversation_id"),
        nullable=False,
    )


def upgrade() -> None:
    """Add the columns, the index and the six tables."""
    for name, type_ in _NEW_CONVERSATION_COLUMNS:
        op.add_column("conversations", sa.Column(name, type_, nullable=True))
    op.create_index("ix_conversations_started_at", "conversations", ["started_at"])
    op.add_column("messages", sa.Column("slot_changes", sa.JSON, nullable=True))

    op.create_table(
        "conversation_tags",
        _conversation_id("conversation_tags"),
        sa.Column("tag", sa.String(64), nullable=False),
        sa.Column("tagged_by", sa.String(320), nullable=False),
        sa.Column("tagged_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("conversation_id", "tag", name="pk_conversation_tags"),
    )
    op.create_index("ix_conversation_tags_tag", "conversation_tags", ["tag"])

    op.create_table(
        "conversation_notes",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_id("conversation_notes"),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_conversation_notes_conversation_id", "conversation_notes", ["conversation_id"]
    )

    op.create_table(
        "design_insights",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_id("design_insights"),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("product", sa.String(64), nullable=False),
        sa.Column("attribute", sa.String(64), nullable=False),
        sa.Column("value", sa.String(255), nullable=True),
        sa.Column("other_attribute", sa.String(64), nullable=True),
        sa.Column("other_value", sa.String(255), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('conflict', 'unavailable')", name="ck_design_insights_kind"),
    )
    op.create_index("ix_design_insights_conversation_id", "design_insights", ["conversation_id"])

    op.create_table(
        "staff_users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("email", sa.String(320), nullable=False, unique=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("role IN ('support', 'admin')", name="ck_staff_users_role"),
    )

    op.create_table(
        "staff_sessions",
        sa.Column("token_hash", sa.String(64), primary_key=True),
        sa.Column(
            "user_id",
            sa.Integer,
            sa.ForeignKey("staff_users.id", ondelete="CASCADE", name="fk_staff_sessions_user_id"),
            nullable=False,
        ),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_staff_sessions_user_id", "staff_sessions", ["user_id"])

    op.create_table(
        "login_throttle",
        sa.Column("email", sa.String(320), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failure_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
    )


def downgrade() -> None:
    """Drop the tables, the index and the added columns (SQLite 3.35+ drops in place)."""
    for table in (
        "login_throttle",
        "staff_sessions",
        "staff_users",
        "design_insights",
        "conversation_notes",
        "conversation_tags",
    ):
        op.drop_table(table)
    op.drop_column("messages", "slot_changes")
    op.drop_index("ix_conversations_started_at", "conversations")
    for name, _ in _NEW_CONVERSATION_COLUMNS:
        op.drop_column("conversations", name)
