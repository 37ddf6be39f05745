from __future__ import annotations

import asyncio
import os
import uuid
from pathlib import Path

import pytest
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
from sqlalchemy import delete, inspect
from sqlalchemy.engine import make_url

from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.storage.migrate import upgrade_to_head

TRACKER_STORE = "bot.rasa_plugins.tracker_store.DatabaseTrackerStore"
T0 = 1_700_000_000.0


def conversation() -> list[Event]:
    return [
        ActionExecuted("action_session_start", timestamp=T0),
        SessionStarted(timestamp=T0 + 1),
        ActionExecuted("action_listen", timestamp=T0 + 2),
        UserUttered(
            "I'd like a desk 🙂",
            intent={"name": "inform", "confidence": 0.98},
            entities=[{"entity": "product", "value": "desk"}],
            timestamp=T0 + 3,
        ),
        SlotSet("product", "desk", timestamp=T0 + 4),
        BotUttered("A desk it is.", data={"buttons": []}, timestamp=T0 + 5),
        ActionExecuted("action_listen", timestamp=T0 + 6),
    ]


def rasa_builds(domain: Domain, url: str | None = None) -> TrackerStore:
    """What `rasa run` does with our endpoints.yml entry."""
    return TrackerStore.create(EndpointConfig(url=url, type=TRACKER_STORE), domain)


def save_then_reload(
    domain: Domain, sender: str, url: str | None = None
) -> tuple[TrackerStore, DialogueStateTracker | None]:
    tracker = DialogueStateTracker.from_events(sender, conversation(), slots=domain.slots)
    asyncio.run(rasa_builds(domain, url).save(tracker))
    reopened = rasa_builds(domain, url)
    return reopened, asyncio.run(reopened.retrieve_full_tracker(sender))


def test_rasa_builds_our_store_from_the_endpoint_type(database_url: str, domain: Domain) -> None:
    store = rasa_builds(domain)

    assert isinstance(store, DatabaseTrackerStore)
    assert store.engine.url == make_url(database_url)


def test_trackers_survive_a_new_store_instance(database_url: str, domain: Domain) -> None:
    _, restored = save_then_reload(domain, "alice")

    assert restored is not None
    assert list(restored.events) == conversation()
    assert restored.get_slot("product") == "desk"
    assert Path(make_url(database_url).database or "").is_file()


def test_unknown_sender_has_no_tracker(database_url: str, domain: Domain) -> None:
    assert asyncio.run(rasa_builds(domain).retrieve("nobody")) is None


def test_an_endpoint_url_wins_over_the_setting(
    database_url: str, domain: Domain, tmp_path: Path
) -> None:
    elsewhere = tmp_path / "elsewhere" / "rasa.db"

    _, restored = save_then_reload(domain, "alice", url=f"sqlite:///{elsewhere}")

    assert restored is not None
    assert elsewhere.is_file()
    assert not Path(make_url(database_url).database or "").exists()


def test_code_can_pass_the_url_directly(domain: Domain, tmp_path: Path) -> None:
    direct = tmp_path / "direct" / "rasa.db"

    store = DatabaseTrackerStore(domain, url=f"sqlite:///{direct}")

    assert store.engine.url == make_url(f"sqlite:///{direct}")
    assert direct.parent.is_dir()


def test_rasas_events_table_lives_beside_our_tables(database_url: str, domain: Domain) -> None:
    upgrade_to_head(database_url)

    store, restored = save_then_reload(domain, "alice")

    assert restored is not None
    assert isinstance(store, DatabaseTrackerStore)
    assert {"events", "conversations", "messages"} <= set(inspect(store.engine).get_table_names())


def test_postgresql_url_parts_reach_rasa(domain: Domain) -> None:
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        pytest.skip("TEST_DATABASE_URL is not set (a scratch PostgreSQL database)")
    sender = f"test-{uuid.uuid4().hex}"

    store, restored = save_then_reload(domain, sender, url=url)

    assert isinstance(store, DatabaseTrackerStore)
    assert store.engine.url == make_url(url)
    assert restored is not None
    assert list(restored.events) == conversation()
    with store.engine.begin() as connection:
        connection.execute(
            delete(store.SQLEvent.__table__).where(store.SQLEvent.sender_id == sender)
        )
