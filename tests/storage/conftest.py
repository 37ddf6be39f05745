"""Databases for storage tests: a fresh SQLite file each time, and PostgreSQL on request.

Set TEST_DATABASE_URL to a scratch PostgreSQL database (everything in it is dropped
before and after each test) to run every storage test against PostgreSQL as well.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import MetaData
from sqlalchemy.engine import Engine

from bot.storage.database import create_engine_for
from bot.storage.migrate import upgrade_to_head
from bot.storage.repository import Store


def _drop_everything(url: str) -> None:
    engine = create_engine_for(url)
    try:
        with engine.begin() as connection:
            tables = MetaData()
            tables.reflect(connection)
            tables.drop_all(connection)
    finally:
        engine.dispose()


@pytest.fixture(params=["sqlite", "external"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: SQLite in a not-yet-existing folder, or TEST_DATABASE_URL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'not-yet-created' / 'tailor.db'}"
        return
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (a scratch PostgreSQL database)")
    _drop_everything(url)
    yield url
    _drop_everything(url)


@pytest.fixture
def engine(database_url: str) -> Iterator[Engine]:
    """An engine on a freshly migrated database, for looking behind the store's back."""
    upgrade_to_head(database_url)
    engine = create_engine_for(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def store(engine: Engine) -> Store:
    """A store on a freshly migrated database."""
    return Store(engine)
