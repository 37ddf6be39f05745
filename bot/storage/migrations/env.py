"""Alembic environment: migrate the connection `bot.storage.migrate` hands over.

There is no alembic.ini and no URL in here on purpose: the URL comes from the same
settings as everywhere else, and `upgrade_to_head` opens the connection (with our SQLite
tuning) and passes it in `config.attributes["connection"]`.
"""

from __future__ import annotations

from alembic import context
from sqlalchemy import text
from sqlalchemy.engine import Connection

# Any constant works as long as it is always the same; it names the lock in
# pg_advisory_xact_lock, which PostgreSQL releases at the end of the transaction.
_POSTGRES_MIGRATION_LOCK = 0x7A170B


def _run(connection: Connection) -> None:
    context.configure(connection=connection)
    with context.begin_transaction():
        if connection.dialect.name == "postgresql":
            # Every process upgrades at start; without the lock, two of them could both
            # see an empty database and both try to create the tables. (SQLite needs no
            # lock: our engine's BEGIN IMMEDIATE already serialises them.)
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _POSTGRES_MIGRATION_LOCK}
            )
        context.run_migrations()


_run(context.config.attributes["connection"])
