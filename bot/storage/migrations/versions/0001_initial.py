"""Conversations, their messages, specifications and feedback.

Revision ID: 0001
Revises:
Create Date: 2024-11-23
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _conversation_id(table: str) -> sa.Column:
    return sa.Column(
        "conversation_id",
        sa.Integer,
        sa.ForeignKey("conversations.id", ondelete="CASCADE", name=f"fk_{table}_conversation_id"),
        nullable=False,
    )


def upgrade() -> None:
    """Create the four tables."""
    op.create_table(
        "conversations",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("sender_id", sa.String(255), nullable=False),
        sa.Column("product", sa.String(64), nullable=True),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "status IN ('active', 'completed', 'abandoned')", name="ck_conversations_status"
        ),
    )
    op.create_index("ix_conversations_sender_id", "conversations", ["sender_id"])

    op.create_table(
        "messages",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_id("messages"),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("sender", sa.String(4), nullable=False),
        sa.Column("timestamp", sa.DateTime(timezone=True), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
        sa.Column("intent", sa.String(255), nullable=True),
        sa.Column("confidence", sa.Float, nullable=True),
        sa.Column("entities", sa.JSON, nullable=False),
        sa.Column("buttons", sa.JSON, nullable=False),
        sa.Column("custom", sa.JSON, nullable=True),
        sa.UniqueConstraint(
            "conversation_id", "position", name="uq_messages_conversation_position"
        ),
        sa.CheckConstraint("sender IN ('user', 'bot')", name="ck_messages_sender"),
    )

    op.create_table(
        "specifications",
        sa.Column("spec_id", sa.String(128), primary_key=True),
        _conversation_id("specifications"),
        sa.Column("product", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("document", sa.JSON, nullable=False),
    )
    op.create_index("ix_specifications_conversation_id", "specifications", ["conversation_id"])

    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer, primary_key=True),
        _conversation_id("feedback"),
        sa.Column(
            "spec_id",
            sa.String(128),
            sa.ForeignKey(
                "specifications.spec_id", ondelete="SET NULL", name="fk_feedback_spec_id"
            ),
            nullable=True,
        ),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("comment", sa.Text, nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="ck_feedback_rating"),
    )
    op.create_index("ix_feedback_conversation_id", "feedback", ["conversation_id"])


def downgrade() -> None:
    """Drop the four tables, children first."""
    op.drop_table("feedback")
    op.drop_table("specifications")
    op.drop_table("messages")
    op.drop_table("conversations")
