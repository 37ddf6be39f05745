from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, literal, select
from sqlalchemy.engine import Engine

from bot.storage.rasa_tracker import (
    BATCH,
    ROUNDING,
    SESSION_START_LEEWAY,
    EventSpan,
    RasaEvents,
    conversation_spans,
    epoch_seconds,
    events,
    in_batches,
)
from bot.storage.schema import UTCDateTime

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
