"""The trainer workflow: the trainer role, model ids and flags on messages, NLU reviews.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01

Columns and a table are added in place. Widening the role CHECK of `staff_users` is the
one change SQLite cannot make in place: alembic's batch mode rebuilds the table (copy,
drop, rename). With foreign keys on, that drop would cascade into `staff_sessions` and
log every staff member out, so the rebuild refuses to run on such a connection;
`bot.storage.migrate.migration_connection` runs migrations with them off.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

_OLD_ROLES = ("support", "admin")
_NEW_ROLES = (*_OLD_ROLES, "trainer")

_NEW_MESSAGE_COLUMNS = (
    ("model_id", sa.String(64)),
    ("flagged_at", sa.DateTime(timezone=True)),
    ("flagged_by", sa.String(320)),
)


def upgrade() -> None:
    """Add the message columns and `nlu_reviews`, and allow the trainer role."""
    for name, type_ in _NEW_MESSAGE_COLUMNS:
        op.add_column("messages", sa.Column(name, type_, nullable=True))

    op.create_table(
        "nlu_reviews",
        sa.Column(
            "message_id",
            sa.Integer,
            sa.ForeignKey("messages.id", ondelete="CASCADE", name="fk_nlu_reviews_message_id"),
            primary_key=True,
            autoincrement=False,
        ),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("intent", sa.String(255), nullable=True),
        sa.Column("example", sa.Text, nullable=True),
        sa.Column("reviewed_by", sa.String(320), nullable=False),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("decision IN ('accepted', 'discarded')", name="ck_nlu_reviews_decision"),
    )

    _allow_roles(_NEW_ROLES)


def downgrade() -> None:
    """Undo `upgrade`; refused while an account has the trainer role.

    Silently deleting or demoting those accounts would be a surprise; an admin decides.
    """
    trainers = (
        op.get_bind()
        .execute(sa.text("SELECT count(*) FROM staff_users WHERE role = 'trainer'"))
        .scalar_one()
    )
    if trainers:
        raise RuntimeError(
            f"{trainers} staff account(s) have the trainer role, which the older schema "
            "does not know; give them another role or remove them first"
        )
    _allow_roles(_OLD_ROLES)
    op.drop_table("nlu_reviews")
    for name, _ in _NEW_MESSAGE_COLUMNS:
        op.drop_column("messages", name)


def _allow_roles(roles: tuple[str, ...]) -> None:
    """Replace the role CHECK of `staff_users` (a table rebuild on SQLite)."""
    _refuse_cascading_rebuild()
    allowed = ", ".join(f"'{role}'" for role in roles)
    with op.batch_alter_table("staff_users") as batch:
        batch.drop_constraint("ck_staff_users_role", type_="check")
        batch.create_check_constraint("ck_staff_users_role", f"role IN ({allowed})")


def _refuse_cascading_rebuild() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    if bind.exec_driver_sql("PRAGMA foreign_keys").scalar_one():
        raise RuntimeError(
            "SQLite foreign keys are on, so rebuilding staff_users would delete every "
            "staff session; migrate through bot.storage.migrate.migration_connection"
        )
