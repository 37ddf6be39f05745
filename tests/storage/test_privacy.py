from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import MetaData, String, cast, func, insert, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.future import create_engine

from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.storage.privacy import RASA_EVENTS, ErasureReport, PrivacyStore, PurgeReport
from bot.storage.rasa_tracker import BATCH
from bot.storage.rasa_tracker import events as rasa_events
from bot.storage.repository import Store
from bot.storage.schema import (
    CONFLICT,
    conversation_notes,
    conversation_tags,
    conversations,
    design_insights,
    feedback,
    messages,
    nlu_reviews,
    specifications,
)
from tests.privacy import support
from tests.privacy.support import (
    Customer,
    conversation_ids,
    epoch,
    kinds,
    rasa_event_rows,
    session_events,
)

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
GRACE = timedelta(hours=2)


@pytest.fixture
def domain() -> Domain:
    return support.domain()


@pytest.fixture
def rasa(database_url: str, domain: Domain, engine: Engine) -> Iterator[DatabaseTrackerStore]:
    """Rasa's own SQL tracker store on the database our tables live in."""
    tracker_store = DatabaseTrackerStore(domain, url=database_url)
    yield tracker_store
    tracker_store.engine.dispose()


@pytest.fixture
def privacy(engine: Engine) -> PrivacyStore:
    return PrivacyStore(engine)


@pytest.fixture
def customers(rasa: DatabaseTrackerStore, store: Store, domain: Domain) -> Any:
    return lambda sender: Customer(sender, rasa, store, domain)


def annotate(engine: Engine, conversation_id: int, marker: str) -> None:
    """What staff, trainers and the insight log add to a conversation.

    A trainer's review copies customer text (annotated) into `nlu_reviews.example`.
    """
    with engine.begin() as connection:
        first_said = connection.execute(
            select(messages.c.id)
            .where(messages.c.conversation_id == conversation_id, messages.c.sender == "user")
            .order_by(messages.c.position)
            .limit(1)
        ).scalar_one()
        connection.execute(
            update(messages)
            .where(messages.c.id == first_said)
            .values(flagged_at=NOW, flagged_by="staff@example.com")
        )
        connection.execute(
            insert(nlu_reviews).values(
                message_id=first_said,
                decision="accepted",
                intent="inform",
                example=f"a desk, [{marker}](product)",
                reviewed_by="trainer@example.com",
                reviewed_at=NOW,
            )
        )
        connection.execute(
            insert(conversation_tags).values(
                conversation_id=conversation_id,
                tag=f"tag-{marker}",
                tagged_by="staff@example.com",
                tagged_at=NOW,
            )
        )
        connection.execute(
            insert(conversation_notes).values(
                conversation_id=conversation_id,
                author="staff@example.com",
                body=f"note {marker}",
                created_at=NOW,
            )
        )
        connection.execute(
            insert(design_insights).values(
                conversation_id=conversation_id,
                kind=CONFLICT,
                product="desk",
                attribute="top",
                value=marker,
                other_attribute="frame",
                other_value="steel",
                created_at=NOW,
            )
        )


def set_columns(engine: Engine, conversation_id: int, **values: Any) -> None:
    with engine.begin() as connection:
        connection.execute(
            update(conversations).where(conversations.c.id == conversation_id).values(**values)
        )


def rows_mentioning(engine: Engine, needle: str) -> dict[str, int]:
    """Rows of every table in the database (ours, Rasa's, anyone's) with `needle` anywhere."""
    found = {}
    with engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        for table in tables.sorted_tables:
            anywhere = or_(*(cast(column, String).contains(needle) for column in table.columns))
            count = connection.execute(
                select(func.count()).select_from(table).where(anywhere)
            ).scalar_one()
            if count:
                found[table.name] = count
    return found


def row_counts(engine: Engine) -> dict[str, int]:
    with engine.connect() as connection:
        tables = MetaData()
        tables.reflect(connection)
        return {
            table.name: connection.execute(select(func.count()).select_from(table)).scalar_one()
            for table in tables.sorted_tables
        }


def dependent_counts(engine: Engine, conversation_id: int) -> dict[str, int]:
    said = select(messages.c.id).where(messages.c.conversation_id == conversation_id)
    with engine.connect() as connection:
        counts = {
            table.name: connection.execute(
                select(func.count())
                .select_from(table)
                .where(table.c.conversation_id == conversation_id)
            ).scalar_one()
            for table in (
                messages,
                specifications,
                feedback,
                conversation_tags,
                conversation_notes,
                design_insights,
            )
        }
        counts[nlu_reviews.name] = connection.execute(
            select(func.count()).where(nlu_reviews.c.message_id.in_(said))
        ).scalar_one()
    return counts


def summary(engine: Engine, conversation_id: int) -> dict[str, Any]:
    with engine.connect() as connection:
        row = connection.execute(
            select(conversations).where(conversations.c.id == conversation_id)
        ).one()
    return {"contact": row.contact, **dependent_counts(engine, conversation_id)}


FIRST_VISIT = NOW - timedelta(days=3)
SECOND_VISIT = NOW - timedelta(days=1)
MARKERS = {"first": "zebra-7781", "latest": "okapi-5512"}


@pytest.fixture
def alice(customers: Any, engine: Engine) -> tuple[Customer, dict[str, int]]:
    """Two visits: a desk designed, rated and annotated by staff; then a shirt."""
    customer = customers("alice-4f2a")
    customer.session(FIRST_VISIT, f"a desk, {MARKERS['first']}, mail alice@example.com")
    customer.finish("spec-alice-1")
    customer.session(SECOND_VISIT, f"a shirt now, {MARKERS['latest']}", product="shirt")
    customer.finish("spec-alice-2", rating=4)
    first, latest = conversation_ids(engine, customer.sender)
    annotate(engine, first, MARKERS["first"])
    annotate(engine, latest, MARKERS["latest"])
    return customer, {"first": first, "latest": latest}


@pytest.fixture
def bob(customers: Any) -> Customer:
    customer = customers("bob-77c1")
    customer.session(FIRST_VISIT + timedelta(minutes=5), "bob wants a desk")
    return customer


@pytest.mark.parametrize("erased", ["first", "latest"])
def test_erase_leaves_no_row_of_the_conversation_anywhere(
    erased: str,
    alice: tuple[Customer, dict[str, int]],
    bob: Customer,
    engine: Engine,
    privacy: PrivacyStore,
) -> None:
    customer, ids = alice
    kept = "latest" if erased == "first" else "first"
    bob_before = (rasa_event_rows(engine, bob.sender), conversation_ids(engine, bob.sender))
    expected = {"conversations": 1, **dependent_counts(engine, ids[erased]), RASA_EVENTS: 8}

    report = privacy.erase(ids[erased])

    assert report == ErasureReport(expected)
    assert expected["messages"] == 2 and expected["specifications"] == 1
    assert expected["nlu_reviews"] == 1
    assert rows_mentioning(engine, MARKERS[erased]) == {}
    assert set(rows_mentioning(engine, MARKERS[kept])) == {
        "events",
        "messages",
        "nlu_reviews",
        "conversation_tags",
        "conversation_notes",
        "design_insights",
    }
    assert conversation_ids(engine, customer.sender) == [ids[kept]]
    visit = FIRST_VISIT if kept == "first" else SECOND_VISIT
    assert rasa_event_rows(engine, customer.sender) == kinds(session_events(visit, ""))
    assert summary(engine, ids[kept])["messages"] == 2
    assert (rasa_event_rows(engine, bob.sender), conversation_ids(engine, bob.sender)) == bob_before


@pytest.mark.parametrize("erased", ["first", "latest"])
def test_rasa_carries_on_with_what_is_left(
    erased: str,
    alice: tuple[Customer, dict[str, int]],
    rasa: DatabaseTrackerStore,
    privacy: PrivacyStore,
) -> None:
    customer, ids = alice

    privacy.erase(ids[erased])

    tracker = asyncio.run(rasa.retrieve_full_tracker(customer.sender))
    assert tracker is not None
    visit = FIRST_VISIT if erased == "latest" else SECOND_VISIT
    assert kinds(list(tracker.events)) == kinds(session_events(visit, ""))


def test_sessions_milliseconds_apart_split_at_the_session_start_action(
    customers: Any, engine: Engine, privacy: PrivacyStore
) -> None:
    customer = customers("quick-restart")
    customer.session(FIRST_VISIT, "first")
    # The next session's start action follows the first session's last event by 1 ms.
    second = FIRST_VISIT + timedelta(seconds=10.4 + 0.005)
    customer.session(second, "second")
    first_id, second_id = conversation_ids(engine, customer.sender)

    privacy.erase(first_id)

    assert rasa_event_rows(engine, customer.sender) == kinds(session_events(second, ""))
    privacy.erase(second_id)
    assert rasa_event_rows(engine, customer.sender) == []


def test_erase_sender_deletes_all_of_them_and_nothing_else(
    alice: tuple[Customer, dict[str, int]], bob: Customer, engine: Engine, privacy: PrivacyStore
) -> None:
    customer, _ = alice
    before = row_counts(engine)
    bob_before = (rasa_event_rows(engine, bob.sender), conversation_ids(engine, bob.sender))

    report = privacy.erase_sender(customer.sender)

    assert report is not None
    assert report.deleted["conversations"] == 2
    assert report.deleted[RASA_EVENTS] == 16
    assert rows_mentioning(engine, customer.sender) == {}
    assert all(rows_mentioning(engine, marker) == {} for marker in MARKERS.values())
    after = row_counts(engine)
    assert {name: before[name] - after[name] for name in before} == {
        name: report.deleted.get(name, 0) for name in before
    }
    assert (rasa_event_rows(engine, bob.sender), conversation_ids(engine, bob.sender)) == bob_before


def test_erase_sender_known_only_to_rasa(
    rasa: DatabaseTrackerStore, domain: Domain, engine: Engine, privacy: PrivacyStore
) -> None:
    tracker = DialogueStateTracker.from_events("ghost", session_events(FIRST_VISIT, "boo"))
    asyncio.run(rasa.save(tracker))

    report = privacy.erase_sender("ghost")

    assert report is not None
    assert report.deleted[RASA_EVENTS] == 8
    assert report.deleted["conversations"] == 0
    assert rasa_event_rows(engine, "ghost") == []


@pytest.mark.parametrize(
    "conversation_id", [0, -1, 987_654, 2**31, 2**63, 10**100, True, "1", None, 1.0]
)
def test_erase_of_an_unknown_or_impossible_id_is_none(
    conversation_id: Any, alice: Any, engine: Engine, privacy: PrivacyStore
) -> None:
    before = row_counts(engine)

    assert privacy.erase(conversation_id) is None
    assert row_counts(engine) == before


@pytest.mark.parametrize(
    "sender_id", ["nobody", "", "x" * 256, "alice-4f2a\x00", "' OR 1=1 --", 42, None]
)
def test_erase_sender_of_an_unknown_or_impossible_sender_is_none(
    sender_id: Any, alice: Any, engine: Engine, privacy: PrivacyStore
) -> None:
    before = row_counts(engine)

    assert privacy.erase_sender(sender_id) is None
    assert row_counts(engine) == before


def test_erase_when_rasa_never_ran(store: Store, engine: Engine, privacy: PrivacyStore) -> None:
    for event in session_events(FIRST_VISIT, "no tracker store here"):
        store.record_event("solo", event.as_dict())
    [conversation_id] = conversation_ids(engine, "solo")

    report = privacy.erase(conversation_id)

    assert report is not None
    assert report.deleted[RASA_EVENTS] == 0
    assert report.deleted["messages"] == 2
    assert "events" not in row_counts(engine)
    assert privacy.erase_sender("solo") is None


def test_erase_refuses_an_sqlite_connection_without_foreign_keys(
    database_url: str, alice: tuple[Customer, dict[str, int]], engine: Engine
) -> None:
    if engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL always enforces foreign keys")
    _, ids = alice
    plain = create_engine(database_url)  # SQLite's default: foreign keys off
    before = row_counts(engine)
    try:
        with pytest.raises(RuntimeError, match="foreign keys are off"):
            PrivacyStore(plain).erase(ids["first"])
    finally:
        plain.dispose()
    assert row_counts(engine) == before


# Retention


@pytest.fixture
def history(customers: Any, rasa: DatabaseTrackerStore, engine: Engine) -> dict[str, int]:
    """Conversations 40, 35 and 1 day old, and Rasa-only senders 50 and 1 day old."""
    alice = customers("alice-4f2a")
    alice.session(NOW - timedelta(days=40), f"old {MARKERS['first']}")
    alice.finish("spec-old")
    alice.session(NOW - timedelta(days=1), f"new {MARKERS['latest']}")
    old, new = conversation_ids(engine, alice.sender)
    annotate(engine, old, MARKERS["first"])
    set_columns(engine, old, contact="alice@example.com")
    set_columns(engine, new, contact="alice@example.com")
    bob = customers("bob-77c1")
    bob.session(NOW - timedelta(days=35), "bob, long ago")
    [bobs] = conversation_ids(engine, bob.sender)
    for ghost, age in (("ghost-old", 50), ("ghost-new", 1)):
        tracker = DialogueStateTracker.from_events(
            ghost, session_events(NOW - timedelta(days=age), "boo")
        )
        asyncio.run(rasa.save(tracker))
    return {"old": old, "new": new, "bob": bobs}


def test_purge_strips_old_transcripts_and_keeps_what_the_dashboard_needs(
    history: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    kept_old = summary(engine, history["old"])
    kept_new = summary(engine, history["new"])
    new_events = rasa_event_rows(engine, "alice-4f2a")[8:]

    report = privacy.purge_transcripts(NOW, 30)

    assert report == PurgeReport(conversations=2, messages=4, events=24, contacts=1)
    assert summary(engine, history["old"]) == {
        **kept_old,
        "contact": None,
        "messages": 0,
        "nlu_reviews": 0,  # a review goes with the customer text it annotates
    }
    assert kept_old["nlu_reviews"] == 1
    assert kept_old["specifications"] == kept_old["feedback"] == 1
    assert kept_old["conversation_tags"] == kept_old["design_insights"] == 1
    assert summary(engine, history["new"]) == kept_new
    assert summary(engine, history["bob"])["messages"] == 0
    assert conversation_ids(engine, "bob-77c1") == [history["bob"]]
    assert rasa_event_rows(engine, "alice-4f2a") == new_events
    assert rasa_event_rows(engine, "bob-77c1") == []
    assert rasa_event_rows(engine, "ghost-old") == []
    assert len(rasa_event_rows(engine, "ghost-new")) == 8
    assert set(rows_mentioning(engine, MARKERS["first"])) == {
        "conversation_tags",
        "conversation_notes",
        "design_insights",
    }


def test_purge_is_idempotent(
    history: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    privacy.purge_transcripts(NOW, 30)
    after_first = row_counts(engine)

    assert privacy.purge_transcripts(NOW, 30) == PurgeReport()
    assert row_counts(engine) == after_first


def test_purge_dry_run_reports_and_keeps_everything(
    history: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    before = row_counts(engine)

    dry = privacy.purge_transcripts(NOW, 30, dry_run=True)

    assert dry == PurgeReport(conversations=2, messages=4, events=24, contacts=1)
    assert row_counts(engine) == before
    assert privacy.purge_transcripts(NOW, 30) == dry


def test_purge_within_the_retention_period_takes_nothing(
    history: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    before = row_counts(engine)

    assert privacy.purge_transcripts(NOW, 60) == PurgeReport()
    assert row_counts(engine) == before


@pytest.mark.parametrize("days", [0, -1, 36_501, True, "30", 30.0])
def test_purge_rejects_impossible_retention(days: Any, privacy: PrivacyStore) -> None:
    with pytest.raises(ValueError, match="retention days"):
        privacy.purge_transcripts(NOW, days)


def test_purge_and_drop_reject_a_naive_now(privacy: PrivacyStore) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        privacy.purge_transcripts(NOW.replace(tzinfo=None), 30)
    with pytest.raises(ValueError, match="timezone-aware"):
        privacy.drop_unconsented(NOW.replace(tzinfo=None), GRACE)


@pytest.mark.parametrize("grace", [timedelta(0), timedelta(seconds=-1)])
def test_drop_rejects_a_grace_that_is_not_positive(grace: timedelta, privacy: PrivacyStore) -> None:
    with pytest.raises(ValueError, match="grace"):
        privacy.drop_unconsented(NOW, grace)


def test_purge_and_drop_when_rasa_never_ran(
    store: Store, engine: Engine, privacy: PrivacyStore
) -> None:
    for event in session_events(NOW - timedelta(days=40), "no tracker store here"):
        store.record_event("solo", event.as_dict())

    assert privacy.drop_unconsented(NOW, GRACE) == PurgeReport(conversations=1, messages=2)
    assert privacy.purge_transcripts(NOW, 30) == PurgeReport()


# Consent


@pytest.fixture
def consent_cases(customers: Any, engine: Engine) -> dict[str, int]:
    """One conversation per situation, each of its own sender; the name says it all."""
    cases = {
        # consent, how it went, when it started
        "unanswered-completed": (None, "completed", NOW - timedelta(minutes=30)),
        "refused-completed": (False, "completed", NOW - timedelta(minutes=30)),
        "consented-completed": (True, "completed", NOW - timedelta(minutes=30)),
        "unanswered-talking": (None, "active", NOW - timedelta(minutes=10)),
        "unanswered-idle": (None, "active", NOW - timedelta(hours=5)),
        "refused-idle": (False, "active", NOW - timedelta(hours=5)),
    }
    ids = {}
    for name, (consent, how, start) in cases.items():
        customer = customers(name)
        customer.session(start, f"hello from {name}")
        if how == "completed":
            customer.finish(f"spec-{name}")
        [ids[name]] = conversation_ids(engine, name)
        set_columns(engine, ids[name], consent=consent, contact=f"{name}@example.com")
    # Refused, then came back after the grace period and said yes.
    returning = customers("refused-then-consented")
    returning.session(NOW - timedelta(hours=6), "no transcript please")
    returning.session(NOW - timedelta(hours=1), "fine, keep it")
    ids["refused-abandoned"], ids["consented-talking"] = conversation_ids(engine, returning.sender)
    set_columns(engine, ids["refused-abandoned"], consent=False)
    set_columns(engine, ids["consented-talking"], consent=True)
    # Refused 3 hours ago and still talking: no messages of ours, but Rasa's events are live.
    live = customers("refused-talking")
    live.session(NOW - timedelta(hours=3), "no transcript please")
    [ids["refused-talking"]] = conversation_ids(engine, live.sender)
    set_columns(engine, ids["refused-talking"], consent=False)
    live.save(
        [
            UserUttered("still designing", timestamp=epoch(NOW - timedelta(minutes=20))),
            BotUttered("Noted.", timestamp=epoch(NOW - timedelta(minutes=20)) + 0.5),
        ]
    )
    with engine.begin() as connection:
        connection.execute(
            messages.delete().where(messages.c.conversation_id == ids["refused-talking"])
        )
    return ids


DROPPED = {"unanswered-completed", "refused-completed", "unanswered-idle", "refused-idle"}


def test_drop_unconsented_strips_ended_conversations_without_consent(
    consent_cases: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    before = {name: summary(engine, id_) for name, id_ in consent_cases.items()}
    events_before = {
        name: rasa_event_rows(engine, name) for name in consent_cases if "-then-" not in name
    }
    returning_events = rasa_event_rows(engine, "refused-then-consented")

    report = privacy.drop_unconsented(NOW, GRACE)

    dropped = DROPPED | {"refused-abandoned"}
    assert report == PurgeReport(conversations=5, messages=10, events=40, contacts=0)
    for name, id_ in consent_cases.items():
        expected = {**before[name], "messages": 0} if name in dropped else before[name]
        assert summary(engine, id_) == expected, name
    for name in DROPPED:
        assert rasa_event_rows(engine, name) == [], name
    for name in ("consented-completed", "unanswered-talking", "refused-talking"):
        assert rasa_event_rows(engine, name) == events_before[name], name
    assert rasa_event_rows(engine, "refused-then-consented") == returning_events[8:]


def test_drop_unconsented_is_idempotent_and_waits_for_live_conversations(
    consent_cases: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    privacy.drop_unconsented(NOW, GRACE)
    after_first = row_counts(engine)

    assert privacy.drop_unconsented(NOW, GRACE) == PurgeReport()
    assert row_counts(engine) == after_first
    later = privacy.drop_unconsented(NOW + timedelta(hours=3), GRACE)
    # Quiet for long enough now: the refused one goes; the unanswered one's messages too.
    assert later == PurgeReport(conversations=2, messages=2, events=18)
    assert rasa_event_rows(engine, "refused-talking") == []


def test_drop_unconsented_dry_run_keeps_everything(
    consent_cases: dict[str, int], engine: Engine, privacy: PrivacyStore
) -> None:
    before = row_counts(engine)

    dry = privacy.drop_unconsented(NOW, GRACE, dry_run=True)

    assert dry.conversations == 5
    assert row_counts(engine) == before


def test_erase_dry_run_reports_exactly_and_deletes_nothing(
    alice: tuple[Customer, dict[str, int]], engine: Engine, privacy: PrivacyStore
) -> None:
    customer, ids = alice
    before = row_counts(engine)

    dry_one = privacy.erase(ids["first"], dry_run=True)
    dry_all = privacy.erase_sender(customer.sender, dry_run=True)

    assert dry_one is not None and dry_one.deleted[RASA_EVENTS] == 8
    assert dry_all is not None and dry_all.deleted["conversations"] == 2
    assert row_counts(engine) == before
    assert privacy.erase(ids["first"]) == dry_one


def test_purge_of_more_conversations_than_one_statement_takes(
    rasa: DatabaseTrackerStore, engine: Engine, privacy: PrivacyStore
) -> None:
    count = 2 * BATCH + 3
    started = [NOW - timedelta(days=40, seconds=index) for index in range(count)]
    with engine.begin() as connection:
        connection.execute(
            insert(conversations),
            [
                {"sender_id": f"s{index}", "status": "completed", "started_at": at, "contact": "x"}
                for index, at in enumerate(started)
            ],
        )
        ids = dict(connection.execute(select(conversations.c.sender_id, conversations.c.id)).all())
        connection.execute(
            insert(messages),
            [
                {
                    "conversation_id": ids[f"s{index}"],
                    "position": 0,
                    "sender": "user",
                    "timestamp": at,
                    "text": "hello",
                    "entities": [],
                    "buttons": [],
                }
                for index, at in enumerate(started)
            ],
        )
        connection.execute(
            insert(rasa_events),
            [
                {"sender_id": f"s{index}", "type_name": kind, "timestamp": epoch(at) + offset}
                for index, at in enumerate(started)
                for kind, offset in (("session_started", 0.0), ("user", 1.0))
            ],
        )

    report = privacy.purge_transcripts(NOW, 30)

    assert report == PurgeReport(
        conversations=count, messages=count, events=2 * count, contacts=count
    )
    assert row_counts(engine)["messages"] == row_counts(engine)["events"] == 0
