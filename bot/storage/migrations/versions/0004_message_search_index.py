"""PostgreSQL: a trigram index for the staff console's message search.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

The console searches messages with `lower(text) LIKE '%words%'` (see
`bot.storage.review`), which no B-tree index can serve: PostgreSQL read every message,
257-308 ms median over 175 000 of them (`benchmarks/staff_console.py`). A GIN index
of `lower(text)`'s trigrams serves it: 50-56 ms median in the same benchmark.

The index needs the pg_trgm extension, which ships with PostgreSQL and is trusted from
version 13: a role with CREATE on the database (its owner, say) may install it. Where it
cannot be installed, the migration still succeeds, without the index, and says so in
a warning: search then works as before, only slower. SQLite needs nothing here: its
search reads every message, fast enough at the sizes SQLite is chosen for.

Alembic's autogenerate does not compare expression indexes, so `bot.storage.schema`
does not declare this one; this migration is where it lives.
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

INDEX_NAME = "ix_messages_text_trigrams"
CREATE_INDEX = (
    f"CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON messages USING gin (lower(text) gin_trgm_ops)"
)

logger = logging.getLogger(__name__)


def upgrade() -> None:
    """Install pg_trgm if it can be, then index the messages' lower-cased text with it."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    try:
        with bind.begin_nested():  # a failed CREATE must not abort the whole migration
            bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
    except sa.exc.DBAPIError as error:
        logger.warning(
            "Message search stays unindexed: the pg_trgm extension could not be installed "
            "(%s). To index it, run as the database owner: CREATE EXTENSION pg_trgm; %s;",
            str(error.orig).strip(),
            CREATE_INDEX,
        )
        return
    bind.execute(sa.text(CREATE_INDEX))


def downgrade() -> None:
    """Drop the index; the extension stays, other schemas may use it."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP INDEX IF EXISTS {INDEX_NAME}")
