"""Engines for the stack's database, tuned so several processes can share one SQLite file.

Rasa (tracker store and event broker), the action server and the web app all open the
same database. PostgreSQL handles that on its own; SQLite needs help: WAL lets readers
work while one process writes, a busy timeout makes a writer wait for the lock instead of
failing at once, and foreign keys are off unless asked for on every connection.
"""

from __future__ import annotations

from pathlib import Path
from sqlite3 import Connection as SQLiteConnection
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import URL, Connection, Engine, make_url
from sqlalchemy.future import create_engine

SQLITE_BUSY_TIMEOUT_MS = 30_000


def is_sqlite(url: URL) -> bool:
    """Whether `url` points at SQLite, whatever the driver name (`sqlite`, `sqlite+pysqlite`)."""
    return url.get_backend_name() == "sqlite"


def ensure_sqlite_folder(url: URL) -> None:
    """Create the folder of an SQLite database file, which SQLite will not do itself.

    The default database lives under `var/`, which is git-ignored and so absent from a
    fresh checkout. In-memory databases and `file:` URIs are left alone.
    """
    database = url.database
    if not is_sqlite(url) or not database or database == ":memory:":
        return
    if database.startswith("file:"):
        return
    Path(database).parent.mkdir(parents=True, exist_ok=True)


def create_engine_for(url: str) -> Engine:
    """A 2.0-style engine for any SQLAlchemy URL; SQLite gets the settings of the module doc."""
    parsed = make_url(url)
    if not is_sqlite(parsed):
        # Our processes run for days and outlive server restarts and idle timeouts; the
        # pre-ping replaces a dead pooled connection instead of failing someone's message.
        return create_engine(parsed, pool_pre_ping=True)

    ensure_sqlite_folder(parsed)
    # Connections move between threads (Rasa's event loop executor, the web server's
    # workers); SQLite only allows that when told to, and each is used by one at a time.
    engine = create_engine(parsed, connect_args={"check_same_thread": False})
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: SQLiteConnection, _record: Any) -> None:
    # Python's sqlite3 would issue its own deferred BEGIN before the first write only, so a
    # read-then-write (the next message position) would not be one transaction; switching
    # its transaction handling off lets `_begin_immediate` start every transaction instead.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA journal_mode = WAL")
    finally:
        cursor.close()


def _begin_immediate(connection: Connection) -> None:
    # Taking the write lock up front means a transaction never has to upgrade a stale read
    # snapshot to a write, which in WAL mode fails at once (SQLITE_BUSY_SNAPSHOT) instead of
    # waiting out the busy timeout. SQLite allows one writer anyway; this only orders them.
    connection.exec_driver_sql("BEGIN IMMEDIATE")
