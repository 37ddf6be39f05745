"""Real rasa_sdk Trackers and dispatchers for the actions, on a throwaway database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from bot.settings import PROJECT_ROOT

SENDER = "customer-1"


@pytest.fixture(scope="session")
def domain() -> dict[str, Any]:
    return Domain.load(PROJECT_ROOT / "domain.yml").as_dict()


@pytest.fixture(autouse=True)
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Every test gets its own SQLite file; the cached settings and store are reset."""
    url = f"sqlite:///{tmp_path / 'tailor.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://shop.example")
    resources.settings.cache_clear()
    resources.store.cache_clear()
    yield url
    resources.settings.cache_clear()
    resources.store.cache_clear()


@pytest.fixture
def dispatcher() -> CollectingDispatcher:
    return CollectingDispatcher()


def tracker(
    text: str = "",
    intent: str | None = "inform",
    *,
    slots: dict[str, Any] | None = None,
    entities: list[dict[str, Any]] | None = None,
    requested_slot: str | None = None,
    active_loop: str | None = "design_form",
    since: list[dict[str, Any]] | None = None,
) -> Tracker:
    """A tracker whose latest message is `text`, as Rasa sends it to the action server.

    `since` are the events that happened after that message (actions run, slots set).
    """
    all_slots: dict[str, Any] = {"requested_slot": requested_slot, **(slots or {})}
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.99} if intent else {},
        "entities": entities or [],
    }
    return Tracker(
        sender_id=SENDER,
        slots=all_slots,
        latest_message=message,
        events=[{"event": "user", "text": text, "parse_data": message}, *(since or [])],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def texts(dispatcher: CollectingDispatcher) -> str:
    """Everything the action said, one message per line."""
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def slots_of(events: list[dict[str, Any]]) -> dict[str, Any]:
    """The slot values a list of events sets (last write wins)."""
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
