"""Which conversations may become stories, and what a story is made from."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rasa.shared.core.domain import Domain
from sqlalchemy import update
from sqlalchemy.engine import Engine

from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.storage.inbox import ACCEPTED, InboxStore
from bot.storage.rasa_tracker import RasaEvents
from bot.storage.repository import Store
from bot.storage.review import ReviewStore
from bot.storage.schema import conversations
from bot.storage.story_source import StoryRefused, latest_conversation_id, story_source
from tests.privacy.support import Customer, conversation_ids

TRAINER = "trainer@shop.example"
STARTED = datetime(2026, 11, 2, 9, tzinfo=timezone.utc)


@pytest.fixture
def alice(engine: Engine, database_url: str, store: Store, project_domain: Domain) -> list[int]:
    """Alice's two conversations (a desk, then a lamp), as Rasa and our broker store them."""
    domain = project_domain
    rasa = DatabaseTrackerStore(domain, url=database_url)
    customer = Customer("alice", rasa, store, domain)
    customer.session(STARTED, "a desk please")
    customer.session(STARTED + timedelta(days=1), "a lamp", product="lamp")
    rasa.engine.dispose()
    return conversation_ids(engine, "alice")


def review(engine: Engine, conversation_id: int) -> int:
    assert ReviewStore(engine).set_reviewed(conversation_id, TRAINER, True)
    return conversation_id


def test_a_reviewed_conversation_brings_its_events_and_corrections(
    engine: Engine, alice: list[int]
) -> None:
    first = review(engine, alice[0])
    inbox = InboxStore(engine)
    message = inbox.pending(1.0).items[-1]
    inbox.record_review(
        message.message_id,
        decision=ACCEPTED,
        intent="design_product",
        example="a [desk](product) please",
        by=TRAINER,
        at=STARTED,
    )

    source = story_source(engine, first, sender_id="alice")

    said = [event["text"] for event in source.events if event["event"] == "user"]
    assert said == ["a desk please"]
    assert source.accepted == {1: ("design_product", "a [desk](product) please")}
    assert source.default_name == f"Reviewed conversation {first} (desk, 2026-11-02)"


def test_the_latest_conversation_of_a_sender(engine: Engine, alice: list[int]) -> None:
    assert latest_conversation_id(engine, "alice") == alice[-1]
    with pytest.raises(StoryRefused, match="no conversation of sender"):
        latest_conversation_id(engine, "nobody")


def test_an_unreviewed_conversation_is_refused(engine: Engine, alice: list[int]) -> None:
    with pytest.raises(StoryRefused, match="has not been reviewed"):
        story_source(engine, alice[0])


def test_a_declined_transcript_is_refused(engine: Engine, alice: list[int]) -> None:
    declined = review(engine, alice[0])
    with engine.begin() as connection:
        connection.execute(
            update(conversations).where(conversations.c.id == declined).values(consent=False)
        )

    with pytest.raises(StoryRefused, match="declined"):
        story_source(engine, declined)


def test_another_senders_conversation_is_refused(engine: Engine, alice: list[int]) -> None:
    with pytest.raises(StoryRefused, match="not one of sender"):
        story_source(engine, review(engine, alice[0]), sender_id="bob")


@pytest.mark.parametrize("conversation_id", [10**9, 0, -1])
def test_an_unknown_conversation_is_refused(engine: Engine, conversation_id: int) -> None:
    with pytest.raises(StoryRefused, match="no conversation"):
        story_source(engine, conversation_id)


def test_a_conversation_without_rasa_events_is_refused(engine: Engine, alice: list[int]) -> None:
    purged = review(engine, alice[0])
    with engine.begin() as connection:
        RasaEvents(connection).delete_sender("alice")

    with pytest.raises(StoryRefused, match="no events"):
        story_source(engine, purged)
