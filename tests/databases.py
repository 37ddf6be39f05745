"""Test databases on both backends, migrated once per session and emptied for each test.

Migrating a database costs far more than most tests that use it, so each backend is
migrated once per session (`migrated_databases`) and every test gets it emptied:

- SQLite: a template file migrated once; each test gets its own copy in its `tmp_path`.
- PostgreSQL (TEST_DATABASE_URL, a scratch database: everything in it is dropped or
  truncated): migrated once; before each test, tables the migrations did not create
  (Rasa's `events`, made by a tracker store or a test) are dropped, as a fresh database
  lacks them, and every other table but `alembic_version` is truncated in one statement
  with RESTART IDENTITY, so ids start at 1 again and rows a failed test left behind never
  reach the next one. A database no longer at the head revision is migrated afresh.

Tests about migrations themselves (upgrade, downgrade, older revisions, reflection) take
`empty_database_url` instead: nothing in it, not even `alembic_version`. On PostgreSQL
that drops everything before and after the test, and the next test asking for a migrated
database migrates it again.

A conftest offers these fixtures by importing them; `migrated_databases` is imported by
tests/conftest.py, so every package shares the one template and the one migration.
"""

from __future__ import annotations

import functools
import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import Connection, Engine, make_url

from bot.storage.database import create_engine_for
from bot.storage.migrate import MIGRATIONS_DIR, upgrade_to_head
from bot.storage.repository import Store

EXTERNAL_DATABASE_VARIABLE = "TEST_DATABASE_URL"
VERSIONS = "alembic_version"
BACKENDS = ["sqlite", "external"]
"""The parameters of `database_url` and `empty_database_url` (test ids `[sqlite]`, ...)."""


def external_database_url() -> str:
    """TEST_DATABASE_URL, or skip the test: PostgreSQL runs only where one is provided.

    Under pytest-xdist each worker gets a database of its own beside it, named after
    the worker (`tailor_test_gw0`, ...) and created on first use, so one worker's
    truncation never empties the tables another worker's test is using.
    """
    url = os.environ.get(EXTERNAL_DATABASE_VARIABLE)
    if not url:
        pytest.skip(f"{EXTERNAL_DATABASE_VARIABLE} is not set (a scratch PostgreSQL database)")
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    return _worker_database(url, worker) if worker else url


@functools.cache
def _worker_database(url: str, worker: str) -> str:
    """`url` with the database named for `worker`, created if it does not exist yet."""
    base = make_url(url)
    name = f"{base.database}_{worker}"
    engine = create_engine(url, isolation_level="AUTOCOMMIT", future=True)
    try:
        with engine.connect() as connection:
            exists = connection.execute(
                text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
            ).first()
            if not exists:
                quoted = connection.dialect.identifier_preparer.quote(name)
                connection.execute(text(f"CREATE DATABASE {quoted}"))
    finally:
        engine.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


def drop_everything(url: str) -> None:
    """Drop every table of `url`'s database, `alembic_version` and Rasa's `events` too."""
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            tables = MetaData()
            tables.reflect(connection)
            tables.drop_all(connection)
    finally:
        engine.dispose()


def _table_names(connection: Connection) -> set[str]:
    return set(
        connection.execute(
            text("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
        ).scalars()
    )


class MigratedDatabases:
    """One migrated database per backend for the whole session, emptied for each test."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._template: Path | None = None
        self._external: Engine | None = None
        self._external_url = ""
        self._tables: set[str] = set()  # those of the migrated PostgreSQL database
        self._head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()

    def sqlite(self, database: Path) -> str:
        """The URL of `database`, made a copy of the session's migrated SQLite template."""
        if self._template is None:
            template = self._folder / "tailor.db"
            upgrade_to_head(f"sqlite:///{template}")
            # The last connection closed checkpointed the WAL: one file is the database.
            assert not template.with_name("tailor.db-wal").exists()
            self._template = template
        database.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(self._template, database)
        return f"sqlite:///{database}"

    def sqlite_at(self, url: str) -> str:
        """`url`, a SQLite file not yet created, made a copy of the migrated template."""
        database = make_url(url).database
        assert database and not Path(database).exists(), url
        return self.sqlite(Path(database))

    def external(self) -> str:
        """TEST_DATABASE_URL migrated to head with every table empty (or skip the test)."""
        url = external_database_url()
        if self._external is None:
            self._external = create_engine_for(url)
            self._external_url = url
        with self._external.begin() as connection:
            tables = _table_names(connection)
            if self._tables and self._tables <= tables:
                quote = connection.dialect.identifier_preparer.quote
                # Tables a test created (Rasa's `events`) go, as in a fresh database.
                if created := tables - self._tables:
                    names = ", ".join(quote(name) for name in sorted(created))
                    connection.execute(text(f"DROP TABLE {names} CASCADE"))
                names = ", ".join(quote(name) for name in sorted(self._tables - {VERSIONS}))
                connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
                migrated = [self._head] == list(
                    connection.execute(text(f"SELECT version_num FROM {VERSIONS}")).scalars()
                )
            else:
                migrated = False
        if not migrated:
            # First use, or an `empty_database_url` test dropped it: migrate from scratch.
            drop_everything(url)
            upgrade_to_head(url)
            with self._external.connect() as connection:
                self._tables = _table_names(connection)
        return url

    def empty_external(self) -> str:
        """TEST_DATABASE_URL with nothing in it (or skip the test)."""
        url = external_database_url()
        drop_everything(url)
        return url

    def close(self) -> None:
        """Leave the scratch PostgreSQL database empty, as a session's tests found it."""
        if self._external is not None:
            self._external.dispose()
            drop_everything(self._external_url)


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory: pytest.TempPathFactory) -> Iterator[MigratedDatabases]:
    """The session's migrated databases, to hand out emptied to each test."""
    databases = MigratedDatabases(tmp_path_factory.mktemp("migrated"))
    yield databases
    databases.close()


@pytest.fixture(params=BACKENDS)
def database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_databases: MigratedDatabases
) -> str:
    """A migrated database with empty tables: a SQLite file of the test's own, or
    TEST_DATABASE_URL (skipped when unset)."""
    if request.param == "sqlite":
        return migrated_databases.sqlite(tmp_path / "tailor.db")
    return migrated_databases.external()


@pytest.fixture(params=BACKENDS)
def empty_database_url(
    request: pytest.FixtureRequest, tmp_path: Path, migrated_databases: MigratedDatabases
) -> Iterator[str]:
    """A database without any table, not even `alembic_version`, for migration tests:
    SQLite in a not-yet-existing folder, or TEST_DATABASE_URL, dropped before and after."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'not-yet-created' / 'tailor.db'}"
        return
    url = migrated_databases.empty_external()
    yield url
    drop_everything(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on `database_url`'s migrated, empty database, to look behind the store's back."""
    engine = create_engine_for(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    """A store on `database_url`'s migrated, empty database."""
    return Store(engine)
