"""An event broker that writes Rasa's events into our conversation log.

Rasa hands every new tracker event to the configured broker; turning those events into
conversations and messages here, instead of reading Rasa's `events` table afterwards,
keeps the log in our own schema and current as the conversation happens. endpoints.yml:

    event_broker:
      type: bot.rasa_plugins.event_broker.DatabaseEventBroker

with an optional `url: <SQLAlchemy URL>`; without one, the `DATABASE_URL` setting is used.
"""

from __future__ import annotations

import logging
from asyncio import AbstractEventLoop
from typing import Any

from rasa.core.brokers.broker import EventBroker
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from bot.settings import load_settings
from bot.storage.database import create_engine_for
from bot.storage.migrate import upgrade_to_head
from bot.storage.repository import Store

logger = logging.getLogger(__name__)


class DatabaseEventBroker(EventBroker):
    """Records each published Rasa event with `Store.record_event`."""

    def __init__(self, engine: Engine) -> None:
        """Use an engine whose database is already migrated (`from_endpoint_config` does it)."""
        self._engine = engine
        self._store = Store(engine)

    @classmethod
    async def from_endpoint_config(
        cls,
        broker_config: EndpointConfig,
        event_loop: AbstractEventLoop | None = None,
    ) -> DatabaseEventBroker:
        """Migrate the database, then return a broker writing to it.

        Migrating here means the Rasa server never logs into a schema older than this
        code, even when it starts before the other processes of the stack.
        """
        url = broker_config.url or load_settings().database_url
        upgrade_to_head(url)
        return cls(create_engine_for(url))

    def publish(self, event: dict[str, Any]) -> None:
        """Record `event`; failures are logged, never raised.

        Rasa publishes from inside its message handling, after the tracker is saved: an
        exception here would turn a customer's reply into an error response although
        the conversation itself went fine. The conversation log is worth less than the
        conversation, so a failure costs one log entry and leaves a traceback to act on.
        Writing synchronously is what Rasa's own SQL broker does: a few short statements.
        """
        try:
            self._store.record_event(event["sender_id"], event)
        except Exception:
            logger.exception("Could not record a Rasa %r event", event.get("event"))

    def is_ready(self) -> bool:
        """Whether the database answers."""
        try:
            self._store.ping()
        except SQLAlchemyError:
            return False
        return True

    async def close(self) -> None:
        """Release the database connections."""
        self._engine.dispose()
