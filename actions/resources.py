"""What every action needs: the catalog, the store, and tracker <-> plain-value glue.

The catalog and the store are built once per action-server process: loading YAML or
opening a database on every turn would make each reply pay for it.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot.catalog.loader import load_catalog
from bot.catalog.model import Attribute, Catalog, Product
from bot.dialogue.pending import pending_question
from bot.dialogue.replies import Reply
from bot.dialogue.state import DesignState, Turn
from bot.settings import Settings, load_settings
from bot.storage.migrate import upgrade_to_head
from bot.storage.repository import Store
from bot.understanding import find_products
from bot.understanding.vocabulary.lexicon import lexicon


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process's settings, read once."""
    return load_settings()


@lru_cache(maxsize=1)
def catalog() -> Catalog:
    """The shop's catalog, loaded and checked once per process."""
    return load_catalog(settings().catalog_path)


def warm_up() -> None:
    """Load the catalog and build the vocabulary pipelines (the catalog's, each product's) now.

    Called by `actions.server` before the action server answers its health check:
    the first customer should not wait seconds for spaCy pipelines to be built.
    """
    find_products("", catalog())
    for product in catalog().products:
        lexicon(product)


@lru_cache(maxsize=1)
def store() -> Store:
    """The conversation store, its schema brought up to date on first use."""
    url = settings().database_url
    upgrade_to_head(url)
    return Store.from_url(url)


def design_state(tracker: Tracker) -> DesignState:
    """The design so far, from the tracker's slots."""
    return DesignState.from_slots(tracker.slots)


def chosen_product(state: DesignState) -> Product | None:
    """The catalog product of the design in progress, if one was chosen."""
    return catalog().product(state.product) if state.product else None


def current_turn(tracker: Tracker) -> Turn:
    """The latest customer message, and which question it answers."""
    message = tracker.latest_message or {}
    requested = tracker.get_slot("requested_slot")
    asked = tracker.get_slot("asked_attribute") if requested == "design_complete" else requested
    return Turn.from_message(
        text=message.get("text") or "",
        intent=(message.get("intent") or {}).get("name"),
        entities=message.get("entities") or (),
        asked=asked,
    )


def ran_since_latest_message(tracker: Tracker, action_name: str) -> bool:
    """Whether `action_name` ran after the customer's latest message.

    A form that takes up a conversation again (the design after a hand-over) is run
    with the message another form already answered; this tells it not to read it again.
    """
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return False
        if event.get("event") == "action" and event.get("name") == action_name:
            return True
    return False


def send(dispatcher: CollectingDispatcher, replies: Iterable[Reply]) -> None:
    """Utter plain replies through Rasa's dispatcher."""
    for reply in replies:
        kwargs: dict[str, Any] = {}
        if reply.text:
            kwargs["text"] = reply.text
        if reply.buttons:
            kwargs["buttons"] = [{"title": b.title, "payload": b.payload} for b in reply.buttons]
        if reply.custom is not None:
            kwargs["json_message"] = dict(reply.custom)
        dispatcher.utter_message(**kwargs)


def ask(
    dispatcher: CollectingDispatcher,
    tracker: Tracker,
    question: Reply,
    attribute: Attribute | None = None,
) -> None:
    """Ask the form's next `question`, or first the confirmation the last answer needs.

    A product switch or a text waiting for a yes or a no (`bot.dialogue.pending`) is
    the question now, whichever slot the form asks for next; `attribute` is the one
    the form is asking, which a pending text is for.
    """
    pending = pending_question(catalog(), design_state(tracker), attribute)
    send(dispatcher, [pending or question])


def slot_events(values: dict[str, Any]) -> list[EventType]:
    """`SlotSet` events for a mapping of slot values."""
    return [SlotSet(name, value) for name, value in values.items()]
