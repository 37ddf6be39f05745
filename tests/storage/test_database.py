from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError

from bot.storage.database import SQLITE_BUSY_TIMEOUT_MS, create_engine_for, ensure_sqlite_folder


def _pragma(url: str, name: str) -> object:
    engine = create_engine_for(url)
    try:
        with engine.connect() as connection:
            return connection.exec_driver_sql(f"PRAGMA {name}").scalar_one()
    finally:
        engine.dispose()


def test_sqlite_parent_folders_are_created(tmp_path: Path) -> None:
    database = tmp_path / "a" / "b" / "tailor.db"

    engine = create_engine_for(f"sqlite:///{database}")
    with engine.connect() as connection:
        connection.execute(text("SELECT 1"))
    engine.dispose()

    assert database.is_file()


@pytest.mark.parametrize(
    ("pragma", "expected"),
    [("journal_mode", "wal"), ("busy_timeout", SQLITE_BUSY_TIMEOUT_MS), ("foreign_keys", 1)],
)
def test_sqlite_connections_are_tuned(tmp_path: Path, pragma: str, expected: object) -> None:
    assert _pragma(f"sqlite:///{tmp_path / 'tailor.db'}", pragma) == expected


def test_sqlite_foreign_keys_are_enforced(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'tailor.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE parent (id INTEGER PRIMARY KEY)"))
        connection.execute(
            text("CREATE TABLE child (parent_id INTEGER NOT NULL REFERENCES parent (id))")
        )
    with pytest.raises(IntegrityError), engine.begin() as connection:
        connection.execute(text("INSERT INTO child (parent_id) VALUES (42)"))
    engine.dispose()


def test_sqlite_connection_can_be_used_from_another_thread(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'tailor.db'}")
    results: list[int] = []
    errors: list[BaseException] = []
    with engine.connect() as connection:

        def query() -> None:
            try:
                results.append(connection.execute(text("SELECT 1")).scalar_one())
            except BaseException as error:  # re-raised in the test thread
                errors.append(error)

        worker = threading.Thread(target=query)
        worker.start()
        worker.join()
    engine.dispose()

    assert errors == []
    assert results == [1]


def test_in_memory_sqlite_works_and_creates_no_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    engine = create_engine_for("sqlite://")
    with engine.connect() as connection:
        assert connection.execute(text("SELECT 2")).scalar_one() == 2
    engine.dispose()

    assert list(tmp_path.iterdir()) == []


def test_other_databases_get_an_engine_without_connecting() -> None:
    engine = create_engine_for("postgresql://user:secret@db.invalid:5432/tailor")

    assert engine.dialect.name == "postgresql"
    assert engine.url.database == "tailor"


@pytest.mark.parametrize(
    "url",
    ["postgresql://db.invalid/{folder}/x", "sqlite:///:memory:", "sqlite:///file:{folder}/x.db"],
)
def test_only_sqlite_files_get_a_folder(tmp_path: Path, url: str) -> None:
    folder = tmp_path / "never"

    ensure_sqlite_folder(make_url(url.format(folder=folder)))

    assert not folder.exists()
