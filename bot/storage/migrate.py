"""Bring a database to the schema the stores of `bot.storage` expect.

Every process of the stack calls `upgrade_to_head` when it starts, so there is no separate
deployment step to forget; running it on an up-to-date database changes nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection, Engine

from bot.storage.database import create_engine_for

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"

# Alembic keeps the running migration's context in module globals, so two threads of one
# process must not upgrade at once; separate processes are serialised by the database.
_ALEMBIC_IN_USE = threading.Lock()


def alembic_config(connection: Connection) -> Config:
    """Alembic's configuration for migrating through `connection`, without an alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["connection"] = connection
    return config


def upgrade_to_head(url: str) -> None:
    """Apply every migration `url`'s database has not seen yet, in one transaction."""
    engine = create_engine_for(url)
    try:
        # One transaction around the whole upgrade: a process that fails halfway leaves
        # the schema as it found it, and concurrent starts take turns (see env.py).
        with _ALEMBIC_IN_USE, migration_connection(engine) as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()


@contextmanager
def migration_connection(engine: Engine) -> Iterator[Connection]:
    """A connection of `engine` inside one transaction, fit to run migrations in.

    SQLite changes most of a table's definition only by rebuilding it (copy, drop,
    rename), and with foreign keys on, the drop deletes every row referencing the table
    through ON DELETE CASCADE: rebuilding `staff_users` would log all staff out. So on
    SQLite foreign keys are off for the migration, as SQLite's own procedure for schema
    changes prescribes, and `PRAGMA foreign_key_check` must find nothing dangling before
    the transaction commits. The pragma is a no-op inside a transaction, hence set here,
    on the bare driver connection before the transaction begins, and restored after.
    """
    with engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            _set_sqlite_foreign_keys(connection, on=False)
        try:
            with connection.begin():
                yield connection
                if sqlite:
                    _require_no_dangling_keys(connection)
        finally:
            if sqlite:
                _set_sqlite_foreign_keys(connection, on=True)


def _set_sqlite_foreign_keys(connection: Connection, *, on: bool) -> None:
    # The driver connection runs in autocommit mode (see database.py), so this statement
    # takes effect at once instead of opening a transaction that would void it.
    cursor = connection.connection.cursor()
    try:
        cursor.execute(f"PRAGMA foreign_keys = {'ON' if on else 'OFF'}")
    finally:
        cursor.close()


def _require_no_dangling_keys(connection: Connection) -> None:
    dangling = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if dangling:
        tables = sorted({row[0] for row in dangling})
        raise RuntimeError(
            f"the migration left rows pointing at nothing in {', '.join(tables)}; "
            "rolled back, nothing was changed"
        )
