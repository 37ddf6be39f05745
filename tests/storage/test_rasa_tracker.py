from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, literal, select
from sqlalchemy.engine import Engine

from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.storage import rasa_tracker
from bot.storage.privacy import PrivacyStore
from bot.storage.rasa_tracker import (
    BATCH,
    ROUNDING,
    SESSION_START_LEEWAY,
    EventSpan,
    RasaEvents,
    conversation_events,
    conversation_spans,
    epoch_seconds,
    events,
    in_batches,
)
from bot.storage.repository import Store
from bot.storage.schema import UTCDateTime
from tests.privacy import support
from tests.privacy.support import Customer, conversation_ids

T = datetime(2026, 3, 1, 9, 30, 15, 123456, tzinfo=timezone.utc)


def at(seconds: float) -> datetime:
    return T + timedelta(seconds=seconds)


def test_no_conversations_no_spans() -> None:
    assert conversation_spans([], [1.0]) == []


def test_one_conversation_owns_every_event() -> None:
    assert conversation_spans([T], []) == [EventSpan(None, None)]


def test_a_conversation_starts_at_its_session_start_action() -> None:
    second = at(3600).timestamp()
    spans = conversation_spans([T, at(3600)], [T.timestamp() - 0.004, second - 0.004])

    assert spans == [EventSpan(None, second - 0.004), EventSpan(second - 0.004, None)]


def test_the_latest_action_within_the_leeway_wins() -> None:
    start = at(100).timestamp()
    actions = [start - SESSION_START_LEEWAY - 1, start - 5, start - 0.01]

    [_, span] = conversation_spans([T, at(100)], actions)

    assert span.start == start - 0.01


def test_without_a_session_start_action_the_start_itself_counts() -> None:
    start = at(100).timestamp()

    [first, second] = conversation_spans([T, at(100)], [start - SESSION_START_LEEWAY - 1])

    assert first.end == second.start == start - ROUNDING


def test_batches() -> None:
    items = list(range(2 * BATCH + 1))

    assert [len(batch) for batch in in_batches(items)] == [BATCH, BATCH, 1]
    assert [batch for batch in in_batches([])] == []


@pytest.mark.parametrize(
    "moment",
    [T, datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone.utc), at(0.000001)],
)
def test_epoch_seconds_agrees_with_python(engine: Engine, moment: datetime) -> None:
    with engine.connect() as connection:
        seconds = connection.execute(
            select(epoch_seconds(literal(moment, UTCDateTime())))
        ).scalar_one()

    # SQLite's date functions round to the millisecond.
    assert abs(seconds - moment.timestamp()) < ROUNDING * 0.6


def test_a_database_rasa_never_ran_on_reads_as_empty(engine: Engine) -> None:
    with engine.begin() as connection:
        rasa = RasaEvents(connection)

        assert rasa.session_start_times(["a"]) == {"a": []}
        assert rasa.delete([("a", EventSpan(None, None))]) == 0
        assert rasa.delete_sender("a") == 0
        assert rasa.last_event_time("a", EventSpan(None, None)) is None


def test_spans_select_their_events(engine: Engine) -> None:
    with engine.begin() as connection:
        events.create(connection)
        connection.execute(
            insert(events),
            [
                {"sender_id": sender, "type_name": "user", "timestamp": float(second)}
                for sender in ("a", "b")
                for second in range(10)
            ],
        )
        rasa = RasaEvents(connection)

        assert rasa.last_event_time("a", EventSpan(2.0, 5.0)) == 4.0
        assert rasa.delete([("a", EventSpan(2.0, 5.0)), ("b", EventSpan(None, 1.0))]) == 4
        assert rasa.last_event_time("a", EventSpan(None, None)) == 9.0
        assert rasa.delete_sender("a") == 7
        assert rasa.last_event_time("b", EventSpan(None, 1.0)) is None


def test_event_data_reads_a_span_in_logged_order(engine: Engine) -> None:
    with engine.begin() as connection:
        events.create(connection)
        connection.execute(
            insert(events),
            [
                {
                    "sender_id": "a",
                    "type_name": "user",
                    # Rasa's row order wins over timestamps, which can tie or go back.
                    "timestamp": 5.0 - second / 2,
                    "data": json.dumps({"event": "user", "text": f"said {second}"}),
                }
                for second in range(6)
            ],
        )
        rasa = RasaEvents(connection)

        said = [event["text"] for event in rasa.event_data("a", EventSpan(3.0, 5.0))]
        assert said == ["said 1", "said 2", "said 3", "said 4"]
        assert rasa.event_data("b", EventSpan(None, None)) == []


def test_a_database_rasa_never_ran_on_has_no_event_data(engine: Engine, store: Store) -> None:
    store.record_event("a", {"event": "session_started", "timestamp": T.timestamp()})
    [conversation] = conversation_ids(engine, "a")

    with engine.connect() as connection:
        assert RasaEvents(connection).event_data("a", EventSpan(None, None)) == []
        assert conversation_events(connection, conversation) == []


@pytest.fixture
def alice(database_url: str, engine: Engine, store: Store) -> Iterator[Customer]:
    """Alice, whose three conversations Rasa's own tracker store logged."""
    domain = support.domain()
    rasa = DatabaseTrackerStore(domain, url=database_url)
    customer = Customer("alice", rasa, store, domain)
    for hours, said in [(0, "a desk"), (5, "a lamp"), (9, "a chair")]:
        customer.session(at(3600 * hours), said)
    Customer("bob", rasa, store, domain).session(at(60), "a bed")
    yield customer
    rasa.engine.dispose()


def test_each_conversation_reads_exactly_its_own_events(engine: Engine, alice: Customer) -> None:
    ids = conversation_ids(engine, "alice")

    with engine.connect() as connection:
        read = [conversation_events(connection, conversation) for conversation in ids]

    assert [[event["event"] for event in events] for events in read] == [
        ["action", "session_started", "action", "user", "slot", "action", "bot", "action"]
    ] * 3
    assert [events[0]["name"] for events in read] == ["action_session_start"] * 3
    assert [events[3]["text"] for events in read] == ["a desk", "a lamp", "a chair"]
    assert read[1][3]["parse_data"]["intent"] == {"name": "inform", "confidence": 0.91}


def test_erased_or_unknown_conversations_have_no_events(engine: Engine, alice: Customer) -> None:
    _, second, third = conversation_ids(engine, "alice")
    assert PrivacyStore(engine).erase(second) is not None

    with engine.connect() as connection:
        assert conversation_events(connection, second) == []
        assert [e.get("text") for e in conversation_events(connection, third) if "text" in e] == [
            "a chair",
            "A desk it is.",
        ]
        for unknown in (third + 100, 0, -1, 2**63, True):
            assert conversation_events(connection, unknown) == []


def test_a_senders_conversations_are_listed_oldest_first(engine: Engine, alice: Customer) -> None:
    expected = conversation_ids(engine, "alice")

    with engine.connect() as connection:
        assert rasa_tracker.conversation_ids(connection, "alice") == expected
        for nobody in ("carol", "", "x" * 100_000, "a\x00"):
            assert rasa_tracker.conversation_ids(connection, nobody) == []

    assert len(expected) == 3
