from __future__ import annotations

import math
import threading
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from bot.review.filters import MAX_OFFSET, MAX_PAGE_SIZE
from bot.storage.inbox import (
    ACCEPTED,
    DISCARDED,
    AlreadyReviewed,
    InboxItem,
    InboxStore,
    Review,
)
from bot.storage.privacy import PrivacyStore
from bot.storage.repository import Store
from bot.storage.schema import conversations, nlu_reviews
from tests.review.seed import Seeder, at, bot, message_ids, user

THRESHOLD = 0.6
TRAINER = "tess@shop.example"
SUPPORT = "sam@shop.example"
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)
MODEL = "3f9c2a7d5e1b4c8a9d0e6f2b1a3c5d7e"
HOSTILE_TEXTS = [
    "x" * 100_000,
    "<script>alert(1)</script>",
    "- foo\n- bar",
    "key: value # not a comment",
    "\"quoted\" and 'single' {braces} [brackets](entity)",
    "Zoë 🙂 ünïcödé \u202e",
    "\t\x07\x1b[31mcontrol\r\n",
]


@pytest.fixture
def seed(engine: Engine, store: Store) -> Seeder:
    return Seeder(engine, store)


@pytest.fixture
def inbox(engine: Engine) -> InboxStore:
    return InboxStore(engine)


def only_conversation(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(conversations.c.id)).scalar_one()


def pending_ids(inbox: InboxStore, threshold: float = THRESHOLD, **page: int) -> list[int]:
    return [item.message_id for item in inbox.pending(threshold, **page).items]


def accept(inbox: InboxStore, message_id: int, example: str = "a [desk](product)") -> Review:
    return inbox.record_review(
        message_id, decision=ACCEPTED, intent="design", example=example, by=TRAINER, at=NOW
    )


def discard(inbox: InboxStore, message_id: int) -> Review:
    return inbox.record_review(
        message_id, decision=DISCARDED, intent=None, example=None, by=TRAINER, at=NOW
    )


def review_count(engine: Engine) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(nlu_reviews)).scalar_one()


# --- what waits in the inbox ----------------------------------------------------------


def test_unsure_and_flagged_customer_messages_wait_newest_first(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation(
        "alice",
        said=[
            bot("Hi! What shall we make?", model_id=MODEL),
            user("a desk", confidence=0.95),  # sure, not flagged: not waiting
            user("erm, wallnut?", confidence=0.31, model_id=MODEL),
            bot("Which top?"),
            user("the dark one", confidence=0.59),
            user("yes", confidence=0.6),  # exactly the threshold is not below it
        ],
    )
    _, sure, unsure, _, dark, edge = message_ids(engine, conversation)
    inbox.flag(sure, SUPPORT, NOW)

    page = inbox.pending(THRESHOLD)

    assert [item.message_id for item in page.items] == [dark, unsure, sure]
    assert page.total == 3
    assert edge not in pending_ids(inbox)
    item = page.items[1]
    assert item == InboxItem(
        message_id=unsure,
        conversation_id=conversation,
        sender_id="alice",
        position=2,
        timestamp=at(3),
        text="erm, wallnut?",
        intent="inform",
        confidence=0.31,
        entities=[],
        model_id=MODEL,
        flagged_at=None,
        flagged_by=None,
    )
    assert page.items[2].flagged_at == NOW and page.items[2].flagged_by == SUPPORT


def test_reviewed_messages_leave_the_inbox(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation(
        "alice", said=[user("uh", confidence=0.1), user("hmm", confidence=0.2)]
    )
    first, second = message_ids(engine, conversation)
    inbox.flag(second, SUPPORT, NOW)

    accept(inbox, first)
    discard(inbox, second)

    assert inbox.pending(THRESHOLD).items == ()
    assert inbox.pending(THRESHOLD).total == 0


def test_messages_without_text_or_confidence_wait_only_when_they_can(
    inbox: InboxStore, store: Store, engine: Engine
) -> None:
    unsure = {"intent": {"name": "nlu_fallback", "confidence": 0.1}}
    for text in (None, ""):
        store.record_event(
            "alice", {"event": "user", "timestamp": 1.0, "text": text, "parse_data": unsure}
        )
    store.record_event("alice", {"event": "user", "timestamp": 2.0, "text": "no confidence"})
    empty, blank, unknown = message_ids(engine, only_conversation(engine))

    assert pending_ids(inbox) == []
    for message_id in (empty, blank, unknown):
        inbox.flag(message_id, SUPPORT, NOW)
    assert pending_ids(inbox) == [unknown]  # nothing to label in an empty message


def test_the_threshold_decides_what_counts_as_unsure(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation(
        "alice",
        said=[
            user("zero", confidence=0.0),
            user("almost", confidence=0.999),
            user("certain", confidence=1.0),
        ],
    )
    zero, almost, certain = message_ids(engine, conversation)

    assert pending_ids(inbox, 0) == []
    assert pending_ids(inbox, 0.0001) == [zero]
    assert pending_ids(inbox, 1) == [almost, zero]
    inbox.flag(certain, SUPPORT, NOW)
    assert pending_ids(inbox, 0) == [certain]


@pytest.mark.parametrize(
    "threshold", [-0.01, 1.01, math.nan, math.inf, -math.inf, True, "0.5", None, 10**400]
)
def test_impossible_thresholds_are_refused(inbox: InboxStore, threshold: Any) -> None:
    with pytest.raises(ValueError, match="threshold must be a number from 0 to 1"):
        inbox.pending(threshold)


def test_pages_and_their_total(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation(
        "alice", said=[user(f"m{n}", confidence=0.1) for n in range(7)]
    )
    newest_first = message_ids(engine, conversation)[::-1]

    pages = [inbox.pending(THRESHOLD, limit=3, offset=offset) for offset in (0, 3, 6, 9)]

    assert [[item.message_id for item in page.items] for page in pages] == [
        newest_first[0:3],
        newest_first[3:6],
        newest_first[6:],
        [],
    ]
    assert [page.total for page in pages] == [7, 7, 7, 7]
    assert inbox.pending(THRESHOLD, limit=MAX_PAGE_SIZE, offset=MAX_OFFSET).items == ()


def test_equal_timestamps_page_without_repeats(
    inbox: InboxStore, store: Store, engine: Engine
) -> None:
    for n in range(5):
        store.record_event(
            "alice",
            {
                "event": "user",
                "timestamp": 1.0,
                "text": f"m{n}",
                "parse_data": {"intent": {"name": "x", "confidence": 0.1}},
            },
        )

    seen = [id_ for offset in (0, 2, 4) for id_ in pending_ids(inbox, limit=2, offset=offset)]

    assert seen == message_ids(engine, only_conversation(engine))[::-1]


@pytest.mark.parametrize(
    ("limit", "offset"),
    [(0, 0), (MAX_PAGE_SIZE + 1, 0), (1, -1), (1, MAX_OFFSET + 1), (True, 0), ("5", 0), (1, 1.0)],
)
def test_impossible_pages_are_refused(inbox: InboxStore, limit: Any, offset: Any) -> None:
    with pytest.raises(ValueError, match=r"limit|offset"):
        inbox.pending(THRESHOLD, limit=limit, offset=offset)


# --- one message ----------------------------------------------------------------------


def test_an_item_is_any_customer_message_reviewed_or_not(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    entities = [{"entity": "product", "value": "desk", "start": 2, "end": 6}]
    conversation = seed.conversation(
        "alice", said=[bot("Hi!"), user("a desk", entities=entities, model_id=MODEL)]
    )
    greeting, desk = message_ids(engine, conversation)
    accept(inbox, desk)

    item = inbox.item(desk)

    assert item is not None
    assert (item.text, item.entities, item.model_id, item.confidence) == (
        "a desk",
        entities,
        MODEL,
        0.95,
    )
    assert inbox.item(greeting) is None
    assert inbox.review_of(greeting) is None


@pytest.mark.parametrize("message_id", [0, -1, 999, 2**63 - 1, 2**63, 10**40, True, "1", None])
def test_unknown_or_impossible_ids(
    inbox: InboxStore, seed: Seeder, engine: Engine, message_id: Any
) -> None:
    seed.conversation("alice", said=[user("a desk", confidence=0.1)])

    assert inbox.item(message_id) is None
    assert inbox.review_of(message_id) is None
    with pytest.raises(LookupError):
        inbox.flag(message_id, SUPPORT, NOW)
    with pytest.raises(LookupError):
        inbox.unflag(message_id)
    with pytest.raises(LookupError):
        accept(inbox, message_id)
    assert review_count(engine) == 0


# --- flags ----------------------------------------------------------------------------


def test_the_first_flag_stands_until_it_is_taken_off(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation("alice", said=[user("a desk")])
    [desk] = message_ids(engine, conversation)

    inbox.flag(desk, SUPPORT, NOW)
    inbox.flag(desk, TRAINER, NOW + timedelta(hours=1))
    flagged = inbox.item(desk)
    inbox.unflag(desk)
    inbox.unflag(desk)  # taking off a missing flag changes nothing

    assert flagged is not None
    assert (flagged.flagged_at, flagged.flagged_by) == (NOW, SUPPORT)
    item = inbox.item(desk)
    assert item is not None and (item.flagged_at, item.flagged_by) == (None, None)
    assert pending_ids(inbox) == []


def test_flag_times_keep_their_instant(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation("alice", said=[user("a desk")])
    [desk] = message_ids(engine, conversation)
    local = datetime(2026, 12, 1, 11, 0, tzinfo=timezone(timedelta(hours=2)))

    inbox.flag(desk, SUPPORT, local)

    item = inbox.item(desk)
    assert (
        item is not None and item.flagged_at == NOW and item.flagged_at.utcoffset() == timedelta()
    )


def test_bot_messages_cannot_be_flagged(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation("alice", said=[bot("Hi!")])
    [greeting] = message_ids(engine, conversation)

    with pytest.raises(LookupError, match="no customer message"):
        inbox.flag(greeting, SUPPORT, NOW)
    with pytest.raises(LookupError):
        inbox.unflag(greeting)


@pytest.mark.parametrize(
    ("by", "moment"),
    [
        ("", NOW),
        ("x" * 321, NOW),
        ("a\x00b@shop.example", NOW),
        (None, NOW),
        (SUPPORT, datetime(2026, 12, 1, 9, 0)),
        (SUPPORT, "2026-12-01"),
    ],
)
def test_impossible_flags_are_refused(
    inbox: InboxStore, seed: Seeder, engine: Engine, by: Any, moment: Any
) -> None:
    conversation = seed.conversation("alice", said=[user("a desk")])
    [desk] = message_ids(engine, conversation)

    with pytest.raises(ValueError, match=r"staff e-mail|timezone-aware"):
        inbox.flag(desk, by, moment)

    assert pending_ids(inbox) == []


# --- reviews --------------------------------------------------------------------------


@pytest.mark.parametrize("example", HOSTILE_TEXTS)
def test_an_accepted_review_keeps_the_example_exactly(
    inbox: InboxStore, seed: Seeder, engine: Engine, example: str
) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)

    recorded = accept(inbox, uh, example=example)

    assert inbox.review_of(uh) == recorded == Review(uh, ACCEPTED, "design", example, TRAINER, NOW)


def test_a_discarded_review_has_no_example(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)

    discard(inbox, uh)

    assert inbox.review_of(uh) == Review(uh, DISCARDED, None, None, TRAINER, NOW)


def test_the_first_decision_stands(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)
    first = discard(inbox, uh)

    with pytest.raises(AlreadyReviewed):
        accept(inbox, uh)

    assert inbox.review_of(uh) == first


def test_of_trainers_deciding_at_once_exactly_one_wins(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)
    outcomes: list[str] = []
    start = threading.Barrier(6)

    def decide(example: str) -> None:
        start.wait()
        try:
            accept(inbox, uh, example=example)
            outcomes.append("won")
        except AlreadyReviewed:
            outcomes.append("too late")

    workers = [threading.Thread(target=decide, args=(f"uh {n}",)) for n in range(6)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()

    assert sorted(outcomes) == ["too late"] * 5 + ["won"]
    assert review_count(engine) == 1


@pytest.mark.parametrize(
    ("decision", "intent", "example", "error"),
    [
        ("accept", "design", "uh", "decision must be"),
        ("", "design", "uh", "decision must be"),
        (None, "design", "uh", "decision must be"),
        (ACCEPTED, None, "uh", "intent must be"),
        (ACCEPTED, "", "uh", "intent must be"),
        (ACCEPTED, "x" * 256, "uh", "intent must be"),
        (ACCEPTED, "de\x00sign", "uh", "intent must be"),
        (ACCEPTED, "design", None, "needs its example"),
        (ACCEPTED, "design", "", "needs its example"),
        (ACCEPTED, "design", "  \n", "needs its example"),
        (ACCEPTED, "design", "u\x00h", "needs its example"),
        (ACCEPTED, "design", 42, "needs its example"),
        (DISCARDED, "design", None, "no intent or example"),
        (DISCARDED, None, "uh", "no intent or example"),
    ],
)
def test_impossible_reviews_are_refused_and_nothing_is_kept(
    inbox: InboxStore,
    seed: Seeder,
    engine: Engine,
    decision: Any,
    intent: Any,
    example: Any,
    error: str,
) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)

    with pytest.raises(ValueError, match=error):
        inbox.record_review(
            uh, decision=decision, intent=intent, example=example, by=TRAINER, at=NOW
        )

    assert review_count(engine) == 0
    assert pending_ids(inbox) == [uh]


@pytest.mark.parametrize(("by", "moment"), [("", NOW), (TRAINER, datetime(2026, 1, 1))])
def test_reviews_need_a_reviewer_and_an_aware_time(
    inbox: InboxStore, seed: Seeder, engine: Engine, by: str, moment: datetime
) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1)])
    [uh] = message_ids(engine, conversation)

    with pytest.raises(ValueError, match=r"staff e-mail|timezone-aware"):
        inbox.record_review(uh, decision=DISCARDED, intent=None, example=None, by=by, at=moment)

    assert review_count(engine) == 0


def test_bot_messages_cannot_be_reviewed(inbox: InboxStore, seed: Seeder, engine: Engine) -> None:
    conversation = seed.conversation("alice", said=[bot("Hi!")])
    [greeting] = message_ids(engine, conversation)

    with pytest.raises(LookupError):
        discard(inbox, greeting)


# --- corrections for the story export -------------------------------------------------


def test_corrections_are_numbered_by_the_customers_messages(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation(
        "alice",
        said=[
            bot("Hi!"),
            user("a desk"),
            bot("Which top?"),
            user("uh", confidence=0.1),
            user("wallnut", confidence=0.2),
            bot("Walnut it is."),
            user("thx", confidence=0.3),
        ],
    )
    _, desk, _, uh, walnut, _, thanks = message_ids(engine, conversation)
    other = seed.conversation("bob", said=[user("a shirt", confidence=0.1)])
    accept(inbox, message_ids(engine, other)[0], example="a [shirt](product)")

    accept(inbox, desk, example="a [desk](product)")
    discard(inbox, uh)
    inbox.record_review(
        walnut,
        decision=ACCEPTED,
        intent="inform",
        example="[walnut](top)",
        by=TRAINER,
        at=NOW,
    )

    assert inbox.accepted_corrections(conversation) == {
        1: ("design", "a [desk](product)"),
        3: ("inform", "[walnut](top)"),
    }
    assert thanks in pending_ids(inbox)


@pytest.mark.parametrize("conversation_id", [0, -1, 999, 2**63, True, "1", None])
def test_unknown_conversations_have_no_corrections(
    inbox: InboxStore, seed: Seeder, conversation_id: Any
) -> None:
    seed.conversation("alice", said=[user("a desk")])

    assert inbox.accepted_corrections(conversation_id) == {}


# --- reviews go with their messages ---------------------------------------------------


def test_erasure_takes_the_reviews_and_flags(
    inbox: InboxStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation(
        "alice", said=[user("mail me at ana@example.com", confidence=0.1), user("uh")]
    )
    first, second = message_ids(engine, conversation)
    accept(inbox, first, example="mail me at [email](contact)")
    inbox.flag(second, SUPPORT, NOW)

    report = PrivacyStore(engine).erase(conversation)

    assert report is not None and report.deleted["nlu_reviews"] == 1
    assert review_count(engine) == 0
    assert inbox.pending(0).items == ()
    assert inbox.accepted_corrections(conversation) == {}


def test_a_refused_transcript_takes_the_reviews(
    inbox: InboxStore, seed: Seeder, store: Store, engine: Engine
) -> None:
    conversation = seed.conversation("alice", said=[user("uh", confidence=0.1), user("hmm")])
    first, second = message_ids(engine, conversation)
    discard(inbox, first)
    inbox.flag(second, SUPPORT, NOW)

    store.record_event(
        "alice", {"event": "slot", "name": "transcript_consent", "value": False, "timestamp": 9e8}
    )

    assert review_count(engine) == 0
    assert inbox.pending(THRESHOLD).total == 0
