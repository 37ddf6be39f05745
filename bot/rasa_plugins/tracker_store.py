"""Rasa's SQL tracker store, configured by the stack's single DATABASE_URL.

Rasa's built-in `type: SQL` wants the database split into dialect, host, port, db, ...
in endpoints.yml, which would be a second place to configure the database and could
drift from the `DATABASE_URL` every other process reads. endpoints.yml says instead

    tracker_store:
      type: bot.rasa_plugins.tracker_store.DatabaseTrackerStore

and optionally `url: <SQLAlchemy URL>` to point it elsewhere. Rasa stores trackers in its
own `events` table, beside (never inside) our tables, through its own engine: on SQLite
that engine waits sqlite3's default 5 s for a lock and shares the WAL journal our engines
switch the file to (the event broker, which Rasa creates first, migrates through one).
"""

from __future__ import annotations

from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import make_url

from bot.settings import load_settings
from bot.storage.database import ensure_sqlite_folder


class DatabaseTrackerStore(SQLTrackerStore):
    """An `SQLTrackerStore` on one SQLAlchemy URL, by default the stack's database."""

    def __init__(
        self,
        domain: Domain | None = None,
        host: str | None = None,
        event_broker: EventBroker | None = None,
        *,
        url: str | None = None,
        **kwargs: Any,
    ) -> None:
        """Connect to `url`, else `host`, else the `DATABASE_URL` setting.

        Rasa builds custom tracker stores as `cls(host=<endpoint url>, domain=...,
        event_broker=..., **other endpoint keys)`, so an endpoints.yml `url` arrives as
        `host`; `url` is for code that builds the store itself.
        """
        database_url = make_url(url or host or load_settings().database_url)
        ensure_sqlite_folder(database_url)
        super().__init__(
            domain=domain,
            dialect=database_url.drivername,
            host=database_url.host,
            port=database_url.port,
            db=database_url.database,
            username=database_url.username,
            password=database_url.password,
            query=dict(database_url.query),
            event_broker=event_broker,
            **kwargs,
        )
