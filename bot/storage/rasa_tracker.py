"""Rasa's `events` table (its SQL tracker store) as seen from our side, for erasing and export.

Rasa owns and creates the table; we only ever read and delete, so `events` below
describes just the columns we need and is kept out of our `metadata` (migrations and
schema checks must not think it ours). The table does not exist until Rasa has run
once; `RasaEvents` then reads as empty and deletes nothing.

Which events belong to which of our conversations is decided by time. A conversation
starts at its `session_started` event (`conversations.started_at`), but Rasa writes the
`action_session_start` that produced it a few milliseconds earlier, stamped before the
events it returned. So a conversation's events run from that `action_session_start`
(the sender's first conversation: from the beginning) to the next conversation's
`action_session_start` (the latest conversation: to the end). Timestamps are float
seconds; `started_at` was rounded to microseconds on the way in, hence `ROUNDING`.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import (
    Column,
    Float,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    and_,
    delete,
    false,
    func,
    inspect,
    not_,
    or_,
    select,
)
from sqlalchemy.engine import Connection, Row
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.functions import FunctionElement

from bot.storage.schema import SENDER_ID_LENGTH, conversations
from bot.storage.validation import is_row_id, is_storable_id

SESSION_START_ACTION = "action_session_start"
ACTION_EVENT = "action"

ROUNDING = 0.001
"""Seconds of slack when matching `started_at` with a float timestamp: above the
rounding of our datetimes (microseconds) and of SQLite's date arithmetic (half a
millisecond), far below the time between two things a customer does."""

SESSION_START_LEEWAY = 10.0
"""How long before its `session_started` an `action_session_start` may have been
stamped: Rasa runs the action in-process, taking milliseconds; seconds under load."""

BATCH = 200
"""Senders or spans per statement: few statements for a large purge, and far below
SQLite's limit of 999 bound parameters in one statement."""

events = Table(
    "events",
    MetaData(),
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("action_name", String(255)),
    Column("data", Text),
)

_T = TypeVar("_T")


@dataclass(frozen=True)
class EventSpan:
    """Timestamps `[start, end)` of one conversation's events; None is open-ended."""

    start: float | None
    end: float | None

    def events_of(self, sender_id: str) -> ColumnElement[bool]:
        """The condition selecting the sender's events in this span."""
        bounds = [events.c.sender_id == sender_id]
        if self.start is not None:
            bounds.append(events.c.timestamp >= self.start)
        if self.end is not None:
            bounds.append(events.c.timestamp < self.end)
        return and_(*bounds)


def conversation_spans(
    started: Sequence[datetime], session_starts: Sequence[float]
) -> list[EventSpan]:
    """The event span of each of a sender's conversations, given in creation order.

    `started` holds the conversations' `started_at`, `session_starts` the sender's
    `action_session_start` times. Consecutive spans meet, so every event of the sender
    belongs to exactly one conversation.
    """
    if not started:
        return []
    starts: list[float | None] = [
        None if index == 0 else _span_start(at.timestamp(), session_starts)
        for index, at in enumerate(started)
    ]
    return [EventSpan(start, end) for start, end in zip(starts, [*starts[1:], None], strict=True)]


class RasaEvents:
    """Rasa's `events` table within one transaction of ours."""

    sender_id = events.c.sender_id
    """For conditions that relate events to our tables."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self._exists = inspect(connection).has_table(events.name)

    def session_start_times(self, senders: Collection[str]) -> dict[str, list[float]]:
        """When Rasa ran `action_session_start` for each of `senders`, oldest first."""
        times: dict[str, list[float]] = {sender: [] for sender in senders}
        if not self._exists:
            return times
        for batch in in_batches(times):
            rows = self._connection.execute(
                select(events.c.sender_id, events.c.timestamp)
                .where(
                    events.c.sender_id.in_(batch),
                    _is_session_start_action(),
                    events.c.timestamp.is_not(None),
                )
                .order_by(events.c.timestamp)
            )
            for sender, at in rows:
                times[sender].append(at)
        return times

    def delete(self, spans: Sequence[tuple[str, EventSpan]]) -> int:
        """Delete each sender's events in its span; how many went."""
        if not self._exists:
            return 0
        return sum(
            self._connection.execute(
                delete(events).where(
                    # The IN gives the planner the sender index; the spans filter.
                    events.c.sender_id.in_({sender for sender, _ in batch}),
                    or_(*(span.events_of(sender) for sender, span in batch)),
                )
            ).rowcount
            for batch in in_batches(spans)
        )

    def delete_sender(self, sender_id: str) -> int:
        """Delete all of the sender's events; how many went."""
        if not self._exists:
            return 0
        return self._connection.execute(
            delete(events).where(events.c.sender_id == sender_id)
        ).rowcount

    def delete_before(self, moment: float, where: ColumnElement[bool]) -> int:
        """Delete the events older than `moment` (epoch seconds) that meet `where`."""
        if not self._exists:
            return 0
        return self._connection.execute(
            delete(events).where(events.c.timestamp < moment, where)
        ).rowcount

    def event_data(self, sender_id: str, span: EventSpan) -> list[dict[str, Any]]:
        """The sender's events in `span` as Rasa serialised them (`Event.as_dict()`).

        In the order Rasa logged them, which is its row ids': timestamps can tie.
        """
        if not self._exists:
            return []
        rows = self._connection.execute(
            select(events.c.data).where(span.events_of(sender_id)).order_by(events.c.id)
        ).scalars()
        return [json.loads(data) for data in rows]

    def last_event_time(self, sender_id: str, span: EventSpan) -> float | None:
        """The timestamp of the sender's latest event in `span`, or None."""
        if not self._exists:
            return None
        return self._connection.execute(
            select(func.max(events.c.timestamp)).where(span.events_of(sender_id))
        ).scalar_one()

    def has_events_between(
        self, sender_id: ColumnElement[Any], after: ColumnElement[Any], before: ColumnElement[Any]
    ) -> ColumnElement[bool]:
        """SQL: the sender has events between two of our datetimes (NULL: open-ended).

        For finding, in one query, the conversations whose events are still there. It
        leaves `action_session_start` events out and allows `ROUNDING` at both ends, so
        a neighbouring conversation's session start never makes a conversation look as
        if it still had events; its own `session_started` and every later event count,
        and a conversation's events are always deleted all at once, so none is missed.
        """
        if not self._exists:
            return false()
        return (
            select(events.c.id)
            .where(
                events.c.sender_id == sender_id,
                not_(_is_session_start_action()),
                or_(after.is_(None), events.c.timestamp >= epoch_seconds(after) - ROUNDING),
                or_(before.is_(None), events.c.timestamp < epoch_seconds(before) - ROUNDING),
            )
            .exists()
        )


def conversation_ids(connection: Connection, sender_id: str) -> list[int]:
    """Our ids of the sender's conversations, oldest first; none for an impossible sender id."""
    return [row.id for row in _conversations_of(connection, sender_id)]


def conversation_events(connection: Connection, conversation_id: int) -> list[dict[str, Any]]:
    """Rasa's events of our conversation `conversation_id`, as `RasaEvents.event_data`.

    Empty for an unknown conversation and for one whose events are gone (erased,
    purged, never logged because Rasa's tracker store is elsewhere).
    """
    if not is_row_id(conversation_id):
        return []
    sender = connection.execute(
        select(conversations.c.sender_id).where(conversations.c.id == conversation_id)
    ).scalar_one_or_none()
    if sender is None:
        return []
    started = _conversations_of(connection, sender)
    rasa = RasaEvents(connection)
    spans = conversation_spans(
        [row.started_at for row in started], rasa.session_start_times([sender])[sender]
    )
    [span] = [span for row, span in zip(started, spans, strict=True) if row.id == conversation_id]
    return rasa.event_data(sender, span)


def _conversations_of(connection: Connection, sender_id: str) -> Sequence[Row]:
    if not is_storable_id(sender_id, SENDER_ID_LENGTH):
        return []
    return connection.execute(
        select(conversations.c.id, conversations.c.started_at)
        .where(conversations.c.sender_id == sender_id)
        .order_by(conversations.c.id)
    ).all()


class epoch_seconds(FunctionElement):
    """Seconds since the epoch of one of our UTC datetime columns, as a SQL float.

    Named like the SQL functions it stands for. Compiled per backend: SQLite keeps our
    datetimes as UTC text, PostgreSQL as timestamptz.
    """

    type = Float()
    inherit_cache = True


@compiles(epoch_seconds, "sqlite")
def _sqlite_epoch_seconds(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # julianday() works in whole milliseconds (and a double holds today's day number to
    # about 40 microseconds): off by 0.55 ms at most, within ROUNDING. Exact alternatives
    # would have to name the value twice, evaluating a subquery twice.
    return f"((julianday({compiler.process(element.clauses, **kw)}) - 2440587.5) * 86400.0)"


@compiles(epoch_seconds, "postgresql")
def _postgresql_epoch_seconds(element: epoch_seconds, compiler: Any, **kw: Any) -> str:
    # EXTRACT returns numeric since PostgreSQL 14; the events column is double precision.
    return f"CAST(EXTRACT(EPOCH FROM {compiler.process(element.clauses, **kw)}) AS FLOAT)"


def _is_session_start_action() -> ColumnElement[bool]:
    return and_(events.c.type_name == ACTION_EVENT, events.c.action_name == SESSION_START_ACTION)


def _span_start(started: float, session_starts: Sequence[float]) -> float:
    """Where a (not first) conversation's events begin: its `action_session_start`.

    The latest one stamped up to `SESSION_START_LEEWAY` before the conversation's start;
    without one (events written by hand, or already deleted), the start itself.
    """
    candidates = [
        at for at in session_starts if started - SESSION_START_LEEWAY <= at <= started + ROUNDING
    ]
    return max(candidates, default=started - ROUNDING)


def in_batches(items: Collection[_T]) -> Iterator[list[_T]]:
    """`items` in lists of at most `BATCH`, for statements with one parameter per item."""
    iterator = iter(items)
    while batch := list(islice(iterator, BATCH)):
        yield batch
