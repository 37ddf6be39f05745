from __future__ import annotations

import asyncio
import logging
import shutil
from pathlib import Path
from typing import Any

import pytest
from rasa.core.brokers.broker import EventBroker
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
from rasa.utils.endpoints import EndpointConfig
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError

from bot.rasa_plugins.event_broker import DatabaseEventBroker
from bot.storage.database import create_engine_for
from bot.storage.repository import Store
from bot.storage.schema import conversations, messages

EVENT_BROKER = "bot.rasa_plugins.event_broker.DatabaseEventBroker"
TRACKER_STORE = "bot.rasa_plugins.tracker_store.DatabaseTrackerStore"
T0 = 1_700_000_000.0


def rasa_builds(url: str | None = None) -> EventBroker:
    """What `rasa run` does with our endpoints.yml entry."""
    broker = asyncio.run(EventBroker.create(EndpointConfig(url=url, type=EVENT_BROKER)))
    assert isinstance(broker, DatabaseEventBroker)
    return broker


def published(sender: str, event: Event) -> dict[str, Any]:
    """An event as Rasa's tracker stores hand it to the broker."""
    return {"sender_id": sender, **event.as_dict()}


def test_rasa_builds_our_broker_and_it_migrates_the_database(database_url: str) -> None:
    broker = rasa_builds()

    assert broker.is_ready()
    assert Store.from_url(database_url).list_conversations() == []


def test_published_events_become_the_conversation_log(database_url: str) -> None:
    broker = rasa_builds()
    events = [
        ActionExecuted("action_session_start", timestamp=T0),
        SessionStarted(timestamp=T0 + 1),
        UserUttered(
            "a desk please", intent={"name": "inform", "confidence": 0.9}, timestamp=T0 + 2
        ),
        SlotSet("product", "desk", timestamp=T0 + 3),
        BotUttered("How wide?", data={"buttons": [{"title": "120 cm"}]}, timestamp=T0 + 4),
    ]

    for event in events:
        broker.publish(published("alice", event))

    detail = Store.from_url(database_url).get_conversation("alice")
    assert detail is not None
    assert (detail.summary.product, detail.summary.status, detail.summary.message_count) == (
        "desk",
        "active",
        2,
    )
    assert [(m.sender, m.text, m.intent) for m in detail.messages] == [
        ("user", "a desk please", "inform"),
        ("bot", "How wide?", None),
    ]
    assert detail.messages[1].buttons == [{"title": "120 cm"}]


def test_saving_a_tracker_in_rasa_fills_our_tables(database_url: str, domain: Domain) -> None:
    broker = rasa_builds()
    tracker_store = TrackerStore.create(
        EndpointConfig(type=TRACKER_STORE), domain, event_broker=broker
    )
    tracker = DialogueStateTracker.from_events(
        "alice",
        [
            ActionExecuted("action_session_start", timestamp=T0),
            SessionStarted(timestamp=T0 + 1),
            ActionExecuted("action_listen", timestamp=T0 + 2),
            UserUttered("hi", intent={"name": "greet", "confidence": 1.0}, timestamp=T0 + 3),
            BotUttered("Hello! What would you like to design?", timestamp=T0 + 4),
        ],
        slots=domain.slots,
    )

    asyncio.run(tracker_store.save(tracker))

    detail = Store.from_url(database_url).get_conversation("alice")
    assert detail is not None
    assert [m.text for m in detail.messages] == ["hi", "Hello! What would you like to design?"]


def test_a_customer_who_refuses_the_transcript_leaves_none_in_our_tables(
    database_url: str,
    project_domain: Domain,
) -> None:
    domain = project_domain
    broker = rasa_builds()
    tracker_store = TrackerStore.create(
        EndpointConfig(type=TRACKER_STORE), domain, event_broker=broker
    )
    tracker = DialogueStateTracker.from_events(
        "alice",
        [
            ActionExecuted("action_session_start", timestamp=T0),
            SessionStarted(timestamp=T0 + 1),
            ActionExecuted("action_listen", timestamp=T0 + 2),
            UserUttered("hi, I'm jane@example.com", intent={"name": "greet"}, timestamp=T0 + 3),
            SlotSet("requested_slot", "transcript_consent", timestamp=T0 + 4),
            BotUttered("May we keep a transcript of this chat?", timestamp=T0 + 5),
            UserUttered("/deny", intent={"name": "deny", "confidence": 1.0}, timestamp=T0 + 6),
            SlotSet("transcript_consent", False, timestamp=T0 + 7),
            SlotSet("requested_slot", "product", timestamp=T0 + 8),
            BotUttered("What would you like to design?", timestamp=T0 + 9),
        ],
        slots=domain.slots,
    )

    asyncio.run(tracker_store.save(tracker))

    engine = create_engine_for(database_url)
    with engine.connect() as connection:
        [row] = connection.execute(select(conversations)).all()
        kept = connection.execute(select(func.count()).select_from(messages)).scalar_one()
    engine.dispose()
    assert (row.consent, row.last_question, row.min_confidence, kept) == (
        False,
        "product",
        None,
        0,
    )


def test_an_endpoint_url_wins_over_the_setting(database_url: str, tmp_path: Path) -> None:
    elsewhere = f"sqlite:///{tmp_path / 'elsewhere' / 'log.db'}"
    broker = rasa_builds(url=elsewhere)

    broker.publish(published("alice", UserUttered("hi", timestamp=T0)))

    assert Store.from_url(elsewhere).get_conversation("alice") is not None
    assert not Path(make_url(database_url).database or "").exists()


@pytest.mark.parametrize(
    "event",
    [
        {"event": "user", "text": "no sender"},
        {"sender_id": "x" * 256, "event": "user", "text": "hi"},
        {"sender_id": "alice", "event": "user", "timestamp": float("nan")},
        {"sender_id": "alice", "event": "slot", "name": "product", "value": ["a", "list"]},
        {"sender_id": "alice", "event": "bot", "text": "hi", "data": {"custom": object()}},
    ],
)
def test_bad_events_are_logged_not_raised(
    database_url: str, event: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    broker = rasa_builds()

    with caplog.at_level(logging.ERROR, logger="bot.rasa_plugins.event_broker"):
        broker.publish(event)

    [logged] = caplog.records
    assert logged.exc_info is not None
    assert Store.from_url(database_url).get_conversation("alice") is None


def test_database_failures_are_logged_not_raised(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    broker = rasa_builds()
    engine = create_engine_for(database_url)
    with engine.begin() as connection:
        connection.execute(text("DROP TABLE messages"))
    engine.dispose()

    with caplog.at_level(logging.ERROR, logger="bot.rasa_plugins.event_broker"):
        broker.publish(published("alice", UserUttered("hi", timestamp=T0)))

    [logged] = caplog.records
    assert logged.exc_info is not None
    assert isinstance(logged.exc_info[1], OperationalError)


def test_is_ready_reports_an_unreachable_database(database_url: str) -> None:
    broker = rasa_builds()
    asyncio.run(broker.close())  # a pooled connection would keep the deleted file usable
    shutil.rmtree(Path(make_url(database_url).database or "").parent)

    assert not broker.is_ready()
