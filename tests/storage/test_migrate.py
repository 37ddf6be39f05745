from __future__ import annotations

import subprocess
import sys
import threading
from importlib.resources import files

from alembic import command
from alembic.script import ScriptDirectory
from rasa.core.tracker_store import SQLTrackerStore
from sqlalchemy import inspect, text
from sqlalchemy.engine import make_url

from bot.storage.database import create_engine_for, ensure_sqlite_folder
from bot.storage.migrate import MIGRATIONS_DIR, alembic_config, upgrade_to_head
from bot.storage.repository import Store
from bot.storage.schema import metadata

OUR_TABLES = set(metadata.tables)


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
    assert detail.rating == 4


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
    engine = create_engine_for(database_url)
    with engine.begin() as connection:
        command.downgrade(alembic_config(connection), "base")
    engine.dispose()

    assert _tables_and_version(database_url) == ({"alembic_version"}, [])
    upgrade_to_head(database_url)
    assert _tables_and_version(database_url) == (OUR_TABLES | {"alembic_version"}, [_head()])


def test_migrations_are_package_resources() -> None:
    assert (files("bot.storage.migrations") / "env.py").is_file()
    assert (files("bot.storage.migrations") / "script.py.mako").is_file()
    assert (files("bot.storage.migrations.versions") / "0001_initial.py").is_file()
