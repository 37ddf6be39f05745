from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from importlib.resources import files
from pathlib import Path

import pytest
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import event, inspect, select, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import IntegrityError

from bot.review.filters import ConversationFilter
from bot.storage.database import create_engine_for, ensure_sqlite_folder
from bot.storage.migrate import (
    MIGRATIONS_DIR,
    alembic_config,
    migration_connection,
    upgrade_to_head,
)
from bot.storage.repository import Store
from bot.storage.review import ReviewStore
from bot.storage.schema import TRAINER, metadata, staff_sessions, staff_users

OUR_TABLES = set(metadata.tables)


@pytest.fixture
def database_url(empty_database_url: str) -> str:
    """Here, unlike elsewhere in tests/storage, a database without any table to migrate."""
    return empty_database_url


def _head() -> str:
    head = ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()
    assert head is not None
    return head


def _tables_and_version(url: str) -> tuple[set[str], list[str]]:
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            versions = list(
                connection.execute(text("SELECT version_num FROM alembic_version")).scalars()
            )
    finally:
        engine.dispose()
    return tables, versions


def test_upgrade_creates_our_tables_in_an_empty_database(database_url: str) -> None:
    upgrade_to_head(database_url)

    tables, versions = _tables_and_version(database_url)
    assert tables == OUR_TABLES | {"alembic_version"}
    assert versions == [_head()]


def test_upgrade_twice_changes_nothing_and_keeps_data(database_url: str) -> None:
    upgrade_to_head(database_url)
    Store.from_url(database_url).save_feedback("kept", 4, None, None)

    upgrade_to_head(database_url)

    tables, versions = _tables_and_version(database_url)
    assert tables == OUR_TABLES | {"alembic_version"}
    assert versions == [_head()]
    detail = Store.from_url(database_url).get_conversation("kept")
    assert detail is not None
    assert detail.summary.rating == 4


def test_upgrade_leaves_rasas_events_table_alone(database_url: str) -> None:
    ensure_sqlite_folder(make_url(database_url))
    rasa_store = SQLTrackerStore(host=database_url)
    with rasa_store.engine.begin() as connection:
        connection.execute(
            SQLTrackerStore.SQLEvent.__table__.insert().values(sender_id="s", type_name="user")
        )
    rasa_store.engine.dispose()

    upgrade_to_head(database_url)

    tables, _ = _tables_and_version(database_url)
    assert tables == OUR_TABLES | {"alembic_version", "events"}
    engine = create_engine_for(database_url)
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM events")).scalar_one() == 1
    engine.dispose()


def test_processes_starting_together_all_upgrade(database_url: str) -> None:
    script = (
        "import sys; from bot.storage.migrate import upgrade_to_head; upgrade_to_head(sys.argv[1])"
    )
    processes = [
        subprocess.Popen([sys.executable, "-c", script, database_url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]

    failures = [process.stderr.read() for process in processes if process.wait() != 0]

    assert failures == []
    assert _tables_and_version(database_url)[1] == [_head()]


def test_threads_of_one_process_can_upgrade_together(database_url: str) -> None:
    errors: list[BaseException] = []

    def start_process() -> None:
        try:
            upgrade_to_head(database_url)
        except BaseException as error:  # collected and asserted in the test thread
            errors.append(error)

    workers = [threading.Thread(target=start_process) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert errors == []
    assert _tables_and_version(database_url)[1] == [_head()]


def test_downgrade_to_base_removes_our_tables_and_upgrade_restores_them(
    database_url: str,
) -> None:
    upgrade_to_head(database_url)
    _migrate(database_url, command.downgrade, "base")

    assert _tables_and_version(database_url) == ({"alembic_version"}, [])
    upgrade_to_head(database_url)
    assert _tables_and_version(database_url) == (OUR_TABLES | {"alembic_version"}, [_head()])


def test_migrations_are_package_resources() -> None:
    assert (files("bot.storage.migrations") / "env.py").is_file()
    assert (files("bot.storage.migrations") / "script.py.mako").is_file()
    assert (files("bot.storage.migrations.versions") / "0001_initial.py").is_file()


# Migration 0003 rebuilds staff_users on SQLite --------------------------------------

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)


def _migrate(url: str, step: Callable[[Config, str], None], revision: str) -> None:
    """`command.upgrade` or `command.downgrade` to `revision`, the way migrate.py runs them."""
    engine = create_engine_for(url)
    try:
        with migration_connection(engine) as connection:
            step(alembic_config(connection), revision)
    finally:
        engine.dispose()


def _add_staff(engine: Engine, email: str, role: str) -> int:
    with engine.begin() as connection:
        return connection.execute(
            staff_users.insert().values(email=email, role=role, password_hash="x", created_at=NOW)
        ).inserted_primary_key[0]


def _logged_in_staff_at_0002(url: str) -> Engine:
    """A database at revision 0002 with an admin who has a live session."""
    _migrate(url, command.upgrade, "0002")
    engine = create_engine_for(url)
    user_id = _add_staff(engine, "admin@shop.example", "admin")
    with engine.begin() as connection:
        connection.execute(
            staff_sessions.insert().values(
                token_hash="h" * 64,
                user_id=user_id,
                csrf_token="c" * 64,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW,
            )
        )
    return engine


def _sessions(engine: Engine) -> list[str]:
    with engine.connect() as connection:
        return list(connection.execute(select(staff_sessions.c.token_hash)).scalars())


def test_the_trainer_role_arrives_without_logging_anyone_out(database_url: str) -> None:
    engine = _logged_in_staff_at_0002(database_url)
    with pytest.raises(IntegrityError):
        _add_staff(engine, "early@shop.example", TRAINER)

    upgrade_to_head(database_url)

    assert _sessions(engine) == ["h" * 64]
    _add_staff(engine, "trainer@shop.example", TRAINER)
    with pytest.raises(IntegrityError):
        _add_staff(engine, "typo@shop.example", "trainee")
    engine.dispose()


def test_downgrading_past_0003_waits_for_trainers_and_keeps_sessions(database_url: str) -> None:
    engine = _logged_in_staff_at_0002(database_url)
    upgrade_to_head(database_url)
    _add_staff(engine, "trainer@shop.example", TRAINER)

    with pytest.raises(RuntimeError, match=r"1 staff account.* trainer role"):
        _migrate(database_url, command.downgrade, "0002")
    assert _tables_and_version(database_url)[1] == [_head()]

    with engine.begin() as connection:
        connection.execute(staff_users.delete().where(staff_users.c.role == TRAINER))
    _migrate(database_url, command.downgrade, "0002")

    assert _tables_and_version(database_url)[1] == ["0002"]
    assert _sessions(engine) == ["h" * 64]
    with pytest.raises(IntegrityError):
        _add_staff(engine, "trainer@shop.example", TRAINER)
    engine.dispose()


def test_sqlite_refuses_the_rebuild_while_foreign_keys_would_cascade(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/tailor.db"
    engine = _logged_in_staff_at_0002(url)

    # Foreign keys on, as in every transaction but migration_connection's.
    with (
        pytest.raises(RuntimeError, match="would delete every staff session"),
        engine.begin() as connection,
    ):
        command.upgrade(alembic_config(connection), "head")

    assert _sessions(engine) == ["h" * 64]
    assert _tables_and_version(url)[1] == ["0002"]
    engine.dispose()


def test_a_migration_leaving_dangling_rows_is_rolled_back(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/tailor.db"
    upgrade_to_head(url)
    engine = create_engine_for(url)

    with (
        pytest.raises(RuntimeError, match="pointing at nothing in staff_sessions"),
        migration_connection(engine) as connection,
    ):
        connection.execute(
            staff_sessions.insert().values(
                token_hash="h" * 64,
                user_id=404,
                csrf_token="c" * 64,
                created_at=NOW,
                last_seen_at=NOW,
                expires_at=NOW,
            )
        )

    assert _sessions(engine) == []
    engine.dispose()


# Migration 0004: a trigram index for message search on PostgreSQL ------------------

LIMITED_ROLE = "tailor_test_no_extensions"


def _postgresql_only(url: str) -> None:
    if make_url(url).get_backend_name() != "postgresql":
        pytest.skip("the trigram index is PostgreSQL's")


def _search_index(engine: Engine) -> str | None:
    with engine.connect() as connection:
        return connection.execute(
            text("SELECT indexdef FROM pg_indexes WHERE indexname = :name"),
            {"name": "ix_messages_text_trigrams"},
        ).scalar_one_or_none()


def test_postgresql_searches_messages_through_the_trigram_index(database_url: str) -> None:
    _postgresql_only(database_url)
    upgrade_to_head(database_url)
    engine = create_engine_for(database_url)
    statements: list[tuple[str, object]] = []

    def record(
        _conn: object, _cursor: object, statement: str, parameters: object, *_: object
    ) -> None:
        if "LIKE" in statement:
            statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", record)
    try:
        assert "gin (lower(text) gin_trgm_ops)" in (_search_index(engine) or "")
        ReviewStore(engine).list(ConversationFilter(search="Walnut 50%"))
        event.remove(engine, "before_cursor_execute", record)
        assert statements, "the search ran no LIKE"
        statement, parameters = statements[0]
        with engine.connect() as connection:
            # Empty tables: only forbidding sequential scans shows what an index can serve.
            connection.execute(text("SET enable_seqscan = off"))
            plan = "\n".join(
                connection.exec_driver_sql(f"EXPLAIN {statement}", parameters).scalars()
            )
    finally:
        engine.dispose()
    assert "ix_messages_text_trigrams" in plan, plan


def test_without_the_right_to_install_pg_trgm_the_migration_succeeds_unindexed(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    _postgresql_only(database_url)
    admin = create_engine_for(database_url)
    limited_url = make_url(database_url).set(username=LIMITED_ROLE, password=None)
    try:
        with admin.begin() as connection:
            connection.execute(text("DROP EXTENSION IF EXISTS pg_trgm CASCADE"))
            connection.execute(text(f"DROP ROLE IF EXISTS {LIMITED_ROLE}"))
            connection.execute(text(f"CREATE ROLE {LIMITED_ROLE} LOGIN"))
            connection.execute(text(f"GRANT CREATE, USAGE ON SCHEMA public TO {LIMITED_ROLE}"))

        with caplog.at_level(logging.WARNING):
            upgrade_to_head(limited_url.render_as_string(hide_password=False))

        assert _tables_and_version(database_url) == (OUR_TABLES | {"alembic_version"}, [_head()])
        assert _search_index(admin) is None
        assert "Message search stays unindexed" in caplog.text
        assert "CREATE EXTENSION pg_trgm; CREATE INDEX" in caplog.text
    finally:
        with admin.begin() as connection:
            connection.execute(text(f"DROP OWNED BY {LIMITED_ROLE}"))
            connection.execute(text(f"DROP ROLE {LIMITED_ROLE}"))
        admin.dispose()


def test_downgrading_0004_drops_the_search_index(database_url: str) -> None:
    upgrade_to_head(database_url)
    _migrate(database_url, command.downgrade, "0003")

    assert _tables_and_version(database_url)[1] == ["0003"]
    if make_url(database_url).get_backend_name() == "postgresql":
        engine = create_engine_for(database_url)
        assert _search_index(engine) is None
        engine.dispose()
