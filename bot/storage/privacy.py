"""Forgetting conversations: erasure on request, retention, and transcripts without consent.

Our tables and Rasa's tracker events both hold what a customer said, so every operation
here deletes from both, in one transaction: a failure leaves everything as it was.

- `erase` / `erase_sender`: a conversation (or all of a sender's) and every row of it,
  in our tables (through the ON DELETE CASCADE foreign keys) and Rasa's events.
- `purge_transcripts`: conversations older than the retention period lose their
  messages, Rasa events and contact; the conversation row, specification, feedback,
  tags, notes and insights stay, because the dashboard's aggregates are built on them.
- `drop_unconsented`: conversations that ended without the customer's consent lose
  their messages and Rasa events. Our messages go as soon as the customer says no; Rasa
  keeps its events until the conversation is over, because it needs them to go on.

Which of a sender's Rasa events belong to which conversation: `bot.storage.rasa_tracker`.
Purges are idempotent and find what is left to delete with one query, so running them
every few minutes costs little once the backlog is gone.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Table, and_, case, delete, exists, func, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.sql import ColumnElement, Select

from bot.settings import MAX_RETENTION_DAYS
from bot.storage.rasa_tracker import EventSpan, RasaEvents, conversation_spans, in_batches
from bot.storage.repository import lock_latest_conversation
from bot.storage.schema import (
    ACTIVE,
    conversations,
    messages,
    metadata,
)
from bot.storage.validation import is_row_id, is_sender_id, require_aware, require_int

RASA_EVENTS = "events"
"""The key of Rasa's tracker events in an `ErasureReport`."""

_Result = TypeVar("_Result")


def _owned_by(table: Table, conversation_ids: Select) -> ColumnElement[bool] | None:
    """SQL: a row of `table` dies with one of `conversation_ids`; None if no row can.

    Follows ON DELETE CASCADE foreign keys to `conversations`, directly (messages) or
    through other tables (an NLU review dies with its message).
    """
    for key in table.foreign_keys:
        if key.ondelete != "CASCADE":
            continue
        parent = key.column.table
        if parent is conversations:
            return key.parent.in_(conversation_ids)
        owned = _owned_by(parent, conversation_ids)
        if owned is not None:
            return key.parent.in_(select(key.column).where(owned))
    return None


_DEPENDENT_TABLES = tuple(
    table
    for table in metadata.tables.values()
    if _owned_by(table, select(conversations.c.id)) is not None
)
"""Every table whose rows die with their conversation, in the order schema.py defines
them, found from the foreign keys so a table added later is counted without anyone
remembering to list it here."""


@dataclass(frozen=True)
class ErasureReport:
    """How many rows an erasure deleted, per table (`events`: Rasa's tracker events)."""

    deleted: Mapping[str, int]

    @property
    def total(self) -> int:
        """All rows deleted."""
        return sum(self.deleted.values())


@dataclass(frozen=True)
class PurgeReport:
    """What a purge took: from how many conversations, and what."""

    conversations: int = 0
    messages: int = 0
    events: int = 0
    contacts: int = 0

    def __add__(self, other: PurgeReport) -> PurgeReport:
        return PurgeReport(
            self.conversations + other.conversations,
            self.messages + other.messages,
            self.events + other.events,
            self.contacts + other.contacts,
        )


_Spans = Mapping[int, tuple[str, EventSpan]]
"""Conversation id to its sender and the span of its Rasa events."""


class PrivacyStore:
    """Erasure and purges on one database (ours and Rasa's tracker, side by side).

    Methods that erase by key return None for keys that cannot exist or are not there,
    like `Store`'s lookups. Every method takes `dry_run` to report what it would delete
    (the work is done, counted and rolled back, so the figures are exact).
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def erase(self, conversation_id: int, *, dry_run: bool = False) -> ErasureReport | None:
        """Delete conversation `conversation_id` and everything of it; None if unknown."""
        if not is_row_id(conversation_id):
            return None

        def erase(connection: Connection) -> ErasureReport | None:
            _require_cascades(connection)
            sender = connection.execute(
                select(conversations.c.sender_id).where(conversations.c.id == conversation_id)
            ).scalar_one_or_none()
            if sender is None:
                return None
            lock_latest_conversation(connection, sender)  # no write of the sender's may interleave
            rasa = RasaEvents(connection)
            span = _spans(connection, rasa, [sender])[conversation_id]
            deleted = _delete_conversations(connection, conversations.c.id == conversation_id)
            return ErasureReport({**deleted, RASA_EVENTS: rasa.delete([span])})

        return self._run(erase, dry_run=dry_run)

    def erase_sender(self, sender_id: str, *, dry_run: bool = False) -> ErasureReport | None:
        """Delete all conversations of `sender_id` and all their Rasa events.

        None when there was nothing of the sender, in our tables or Rasa's.
        """
        if not is_sender_id(sender_id):
            return None

        def erase(connection: Connection) -> ErasureReport | None:
            _require_cascades(connection)
            lock_latest_conversation(connection, sender_id)
            deleted = _delete_conversations(connection, conversations.c.sender_id == sender_id)
            gone = RasaEvents(connection).delete_sender(sender_id)
            report = ErasureReport({**deleted, RASA_EVENTS: gone})
            return report if report.total else None

        return self._run(erase, dry_run=dry_run)

    def purge_transcripts(
        self, now: datetime, retention_days: int, *, dry_run: bool = False
    ) -> PurgeReport:
        """Strip conversations started more than `retention_days` before `now`.

        Their messages, Rasa events and contact go; the rest stays (see the module doc).
        Rasa events of senders we have no conversation of go by their own age.
        Raises `ValueError` for a naive `now` or days outside 1..MAX_RETENTION_DAYS.
        """
        days = require_int(retention_days, what="retention days", low=1, high=MAX_RETENTION_DAYS)
        cutoff = require_aware(now, what="now") - timedelta(days=days)

        def purge(connection: Connection) -> PurgeReport:
            rasa = RasaEvents(connection)
            leftovers = or_(
                conversations.c.contact.is_not(None), _has_messages(), _has_own_events(rasa)
            )
            old = _matching(connection, and_(conversations.c.started_at < cutoff, leftovers))
            report = _strip(connection, rasa, old, clear_contact=True)
            unknown_sender = ~exists().where(conversations.c.sender_id == RasaEvents.sender_id)
            orphans = rasa.delete_before(cutoff.timestamp(), where=unknown_sender)
            return report + PurgeReport(events=orphans)

        return self._run(purge, dry_run=dry_run)

    def drop_unconsented(
        self, now: datetime, grace: timedelta, *, dry_run: bool = False
    ) -> PurgeReport:
        """Strip the transcripts of conversations that ended without consent.

        Without consent means the customer said no or never answered (`consent` not
        True). Ended means completed, abandoned, or nothing said or done for `grace`:
        neither a message nor a Rasa event. Messages and Rasa events go; the contact
        stays, given for a hand-over that may still be under way. Raises `ValueError`
        for a naive `now` or a `grace` that is not positive.
        """
        if grace <= timedelta(0):
            raise ValueError(f"grace must be a positive duration, got {grace}")
        quiet_since = require_aware(now, what="now") - grace
        last_said = (
            select(func.max(messages.c.timestamp))
            .where(messages.c.conversation_id == conversations.c.id)
            .scalar_subquery()
        )
        unconsented = or_(conversations.c.consent.is_(None), conversations.c.consent.is_(False))
        # Messages only: a conversation without consent has none, so whether it is still
        # going on is for Rasa's events to tell, below.
        maybe_ended = or_(
            conversations.c.status != ACTIVE,
            func.coalesce(last_said, conversations.c.started_at) < quiet_since,
        )

        def drop(connection: Connection) -> PurgeReport:
            rasa = RasaEvents(connection)
            leftovers = or_(_has_messages(), _has_own_events(rasa))
            candidates = _matching(connection, and_(unconsented, maybe_ended, leftovers))
            spans = _spans(connection, rasa, {row.sender_id for row in candidates})

            def quiet(row: Row) -> bool:
                last_event = rasa.last_event_time(*spans[row.id])
                return last_event is None or last_event < quiet_since.timestamp()

            ended = [row for row in candidates if row.status != ACTIVE or quiet(row)]
            return _strip(connection, rasa, ended, clear_contact=False, spans=spans)

        return self._run(drop, dry_run=dry_run)

    def _run(self, work: Callable[[Connection], _Result], *, dry_run: bool) -> _Result:
        """`work` in one transaction, committed, or rolled back for a dry run."""
        with self._engine.connect() as connection, connection.begin() as transaction:
            result = work(connection)
            if dry_run:
                transaction.rollback()
        return result


def _require_cascades(connection: Connection) -> None:
    """Refuse to erase on an SQLite connection whose foreign keys are off.

    SQLite enforces them (and so cascades) only when asked on each connection, which our
    engines do; a connection from elsewhere would delete the conversation and silently
    leave its messages behind.
    """
    if connection.dialect.name != "sqlite":
        return
    if connection.exec_driver_sql("PRAGMA foreign_keys").scalar_one() != 1:
        raise RuntimeError(
            "foreign keys are off on this SQLite connection, so erasing would leave a "
            "conversation's rows behind; use an engine from bot.storage.database"
        )


def _delete_conversations(connection: Connection, which: ColumnElement[bool]) -> dict[str, int]:
    """Delete the conversations `which` selects; the rows deleted per table.

    The foreign keys delete the dependent rows; they are counted first, since a cascade
    reports nothing.
    """
    ids = select(conversations.c.id).where(which)
    counted = {
        table.name: connection.execute(
            select(func.count()).select_from(table).where(_owned_by(table, ids))
        ).scalar_one()
        for table in _DEPENDENT_TABLES
    }
    gone = connection.execute(delete(conversations).where(which)).rowcount
    return {conversations.name: gone, **counted}


def _spans(connection: Connection, rasa: RasaEvents, senders: Collection[str]) -> _Spans:
    """The sender and event span of every conversation of `senders`."""
    started: dict[str, list[Row]] = {sender: [] for sender in senders}
    for batch in in_batches(list(started)):
        for row in connection.execute(
            select(conversations.c.id, conversations.c.sender_id, conversations.c.started_at)
            .where(conversations.c.sender_id.in_(batch))
            .order_by(conversations.c.id)
        ):
            started[row.sender_id].append(row)
    session_starts = rasa.session_start_times(started)
    spans = {}
    for sender, rows in started.items():
        sender_spans = conversation_spans([row.started_at for row in rows], session_starts[sender])
        for row, span in zip(rows, sender_spans, strict=True):
            spans[row.id] = (sender, span)
    return spans


def _matching(connection: Connection, condition: ColumnElement[bool]) -> list[Row]:
    """Id, sender and status of the conversations meeting `condition`."""
    return connection.execute(
        select(conversations.c.id, conversations.c.sender_id, conversations.c.status).where(
            condition
        )
    ).all()


def _has_messages() -> ColumnElement[bool]:
    return exists().where(messages.c.conversation_id == conversations.c.id)


def _has_own_events(rasa: RasaEvents) -> ColumnElement[bool]:
    """SQL: Rasa still holds events of the conversation (`RasaEvents.has_events_between`)."""
    neighbour = conversations.alias("neighbour")
    same_sender = neighbour.c.sender_id == conversations.c.sender_id
    earlier = exists().where(same_sender, neighbour.c.id < conversations.c.id)
    next_start = (
        select(func.min(neighbour.c.started_at))
        .where(same_sender, neighbour.c.id > conversations.c.id)
        .scalar_subquery()
    )
    # The first conversation's events reach back to the sender's first event.
    since = case((earlier, conversations.c.started_at), else_=None)
    return rasa.has_events_between(conversations.c.sender_id, since, next_start)


def _strip(
    connection: Connection,
    rasa: RasaEvents,
    rows: Sequence[Row],
    *,
    clear_contact: bool,
    spans: _Spans | None = None,
) -> PurgeReport:
    """Delete the conversations' messages and Rasa events, and their contact if asked."""
    ids = [row.id for row in rows]
    if spans is None:
        spans = _spans(connection, rasa, {row.sender_id for row in rows})
    said = contacts = 0
    for batch in in_batches(ids):
        said += connection.execute(
            delete(messages).where(messages.c.conversation_id.in_(batch))
        ).rowcount
        if clear_contact:
            contacts += connection.execute(
                update(conversations)
                .where(conversations.c.id.in_(batch), conversations.c.contact.is_not(None))
                .values(contact=None)
            ).rowcount
    events = rasa.delete([spans[conversation_id] for conversation_id in ids])
    return PurgeReport(len(ids), said, events, contacts)
