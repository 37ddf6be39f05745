"""Seeding conversations for review tests through the real write paths where they exist.

Messages, products, specs and ratings go through `Store` with Rasa-shaped events; the
columns the event broker fills in other ways (hand-over, consent, confidence, slot
changes, review marks) are set with plain SQL afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from bot.storage.repository import Store
from bot.storage.schema import conversations, messages

T0 = 1_700_000_000.0
"""2023-11-14 22:13:20 UTC."""
DAY = 86_400.0


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(T0 + seconds, tz=timezone.utc)


@dataclass(frozen=True)
class Said:
    """One message: the customer's (with what NLU saw) or the bot's (with buttons)."""

    sender: str
    text: str
    intent: str | None = None
    confidence: float | None = None
    entities: list[dict[str, Any]] = field(default_factory=list)
    buttons: list[dict[str, Any]] = field(default_factory=list)
    slot_changes: dict[str, Any] | None = None
    model_id: str | None = None


def user(text: str, intent: str = "inform", confidence: float = 0.95, **extra: Any) -> Said:
    return Said("user", text, intent, confidence, **extra)


def bot(text: str, **extra: Any) -> Said:
    return Said("bot", text, **extra)


def spec_document(spec_id: str, product: str) -> dict[str, Any]:
    """A specification as the contract defines it."""
    return {
        "schema_version": 1,
        "spec_id": spec_id,
        "conversation_id": "seeded",
        "created_at": "2024-05-17T14:03:12Z",
        "product": {"id": product, "name": product.title()},
        "options": {"colour": {"value": "red", "label": "Red", "price": 5}},
        "quantity": 2,
        "price": {
            "currency": "EUR",
            "unit": 105.0,
            "subtotal": 210.0,
            "discount": 0.0,
            "total": 210.0,
        },
        "lead_time_days": 7,
        "notes": [],
        "status": "confirmed",
    }


@dataclass
class Seeder:
    """Creates conversations in one database; `conversation` returns the new id."""

    engine: Engine
    store: Store

    def conversation(
        self,
        sender: str,
        *,
        started: float = 0.0,
        said: Sequence[Said] = (),
        product: str | None = None,
        spec_id: str | None = None,
        ratings: Sequence[int] = (),
        **columns: Any,
    ) -> int:
        """A conversation started `started` seconds after T0, then `columns` set by SQL."""
        self.store.record_event(sender, {"event": "session_started", "timestamp": T0 + started})
        for number, message in enumerate(said, start=1):
            self.store.record_event(sender, _event(message, T0 + started + number))
        if product is not None:
            self.store.record_event(
                sender,
                {"event": "slot", "name": "product", "value": product, "timestamp": T0 + started},
            )
        if spec_id is not None:
            self.store.save_specification(sender, spec_document(spec_id, product or "desk"))
        for rating in ratings:
            self.store.save_feedback(sender, rating, f"rated {rating}", None)
        with self.engine.begin() as connection:
            conversation_id = connection.execute(
                select(conversations.c.id)
                .where(conversations.c.sender_id == sender)
                .order_by(conversations.c.id.desc())
                .limit(1)
            ).scalar_one()
            if columns:
                connection.execute(
                    update(conversations)
                    .where(conversations.c.id == conversation_id)
                    .values(**columns)
                )
            for position, message in enumerate(said):
                if message.slot_changes is not None:
                    connection.execute(
                        update(messages)
                        .where(
                            messages.c.conversation_id == conversation_id,
                            messages.c.position == position,
                        )
                        .values(slot_changes=message.slot_changes)
                    )
        return conversation_id


def message_ids(engine: Engine, conversation_id: int) -> list[int]:
    """The ids of a seeded conversation's messages in the order they were said.

    Seeding returns only the conversation's id; tests address single messages by these.
    """
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(messages.c.id)
                .where(messages.c.conversation_id == conversation_id)
                .order_by(messages.c.position)
            ).scalars()
        )


def _event(message: Said, timestamp: float) -> dict[str, Any]:
    # Rasa stamps every event with the id of the model that logged it.
    stamp = {} if message.model_id is None else {"metadata": {"model_id": message.model_id}}
    return {**_bare_event(message, timestamp), **stamp}


def _bare_event(message: Said, timestamp: float) -> dict[str, Any]:
    if message.sender == "user":
        return {
            "event": "user",
            "timestamp": timestamp,
            "text": message.text,
            "parse_data": {
                "intent": {"name": message.intent, "confidence": message.confidence},
                "entities": message.entities,
            },
        }
    return {
        "event": "bot",
        "timestamp": timestamp,
        "text": message.text,
        "data": {"buttons": message.buttons},
    }
