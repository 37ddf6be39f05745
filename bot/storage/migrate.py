"""Bring a database to the schema `repository.Store` expects.

Every process of the stack calls `upgrade_to_head` when it starts, so there is no separate
deployment step to forget; running it on an up-to-date database changes nothing.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Connection

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
        with _ALEMBIC_IN_USE, engine.begin() as connection:
            command.upgrade(alembic_config(connection), "head")
    finally:
        engine.dispose()
