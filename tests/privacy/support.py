"""Customers talking to the bot as Rasa and our event broker record them, for privacy tests.

Erasing and purging are about which rows of ours and which of Rasa's tracker events go,
so the tests need both written the way the running stack writes them: Rasa's own SQL
tracker store saving trackers, our `Store` fed the same events as the event broker does.
"""

from __future__ import annotations

import asyncio
from datetime import datetime

from rasa.core.tracker_store import TrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.storage.rasa_tracker import events as rasa_events
from bot.storage.repository import Store
from bot.storage.schema import conversations


def domain() -> Domain:
    """Just enough of a domain for trackers that talk about a product."""
    return Domain.from_dict(
        {
            "intents": ["inform"],
            "slots": {
                "product": {
                    "type": "text",
                    "influence_conversation": False,
                    "mappings": [{"type": "from_entity", "entity": "product"}],
                }
            },
        }
    )


def epoch(moment: datetime) -> float:
    return moment.timestamp()


def session_events(start: datetime, said: str, product: str = "desk") -> list[Event]:
    """One Rasa session as the tracker store writes it: the session start action is
    stamped a few milliseconds before the `session_started` event it returned."""
    at = epoch(start)
    return [
        ActionExecuted("action_session_start", timestamp=at - 0.004),
        SessionStarted(timestamp=at),
        ActionExecuted("action_listen", timestamp=at + 0.001),
        UserUttered(
            said,
            intent={"name": "inform", "confidence": 0.91},
            entities=[{"entity": "product", "value": product}],
            timestamp=at + 10,
        ),
        SlotSet("product", product, timestamp=at + 10.1),
        ActionExecuted("utter_product", timestamp=at + 10.2),
        BotUttered(f"A {product} it is.", data={"buttons": []}, timestamp=at + 10.3),
        ActionExecuted("action_listen", timestamp=at + 10.4),
    ]


class Customer:
    """A customer talking to the bot: Rasa saves the tracker, the event broker feeds `Store`."""

    def __init__(self, sender: str, rasa: TrackerStore, store: Store, domain: Domain) -> None:
        self.sender = sender
        self._rasa = rasa
        self._store = store
        self._domain = domain

    def session(self, start: datetime, said: str, product: str = "desk") -> None:
        new = session_events(start, said, product)
        self.save(new)

    def save(self, new: list[Event]) -> None:
        """Append to the tracker the way Rasa does: load the latest session, add, save."""
        tracker = asyncio.run(self._rasa.retrieve(self.sender)) or DialogueStateTracker(
            self.sender, self._domain.slots
        )
        tracker.update_with_events(new, self._domain, override_timestamp=False)
        asyncio.run(self._rasa.save(tracker))
        for event in new:
            self._store.record_event(self.sender, event.as_dict())

    def finish(self, spec_id: str, rating: int = 5) -> None:
        spec = {"spec_id": spec_id, "product": {"id": "desk"}, "price": {"total": 499.5}}
        self._store.save_specification(self.sender, spec)
        self._store.save_feedback(self.sender, rating, f"great {self.sender}", spec_id)


def conversation_ids(engine: Engine, sender: str) -> list[int]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(conversations.c.id)
                .where(conversations.c.sender_id == sender)
                .order_by(conversations.c.id)
            ).scalars()
        )


def rasa_event_rows(engine: Engine, sender: str) -> list[tuple[str, str | None, float]]:
    with engine.connect() as connection:
        return [
            (row.type_name, row.action_name, row.timestamp)
            for row in connection.execute(
                select(rasa_events).where(rasa_events.c.sender_id == sender).order_by("id")
            )
        ]


def kinds(events: list[Event]) -> list[tuple[str, str | None, float]]:
    """Events as Rasa's table keeps them (its `action_name` is the event's `name`)."""
    return [(event.type_name, event.as_dict().get("name"), event.timestamp) for event in events]
