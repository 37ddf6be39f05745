from __future__ import annotations

import math
import threading
import uuid
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import OperationalError

from bot.dialogue.refusals import Refusal
from bot.privacy.redaction import redact
from bot.review.filters import MAX_PAGE_SIZE
from bot.storage.repository import Store
from bot.storage.schema import (
    conversations,
    design_insights,
    feedback,
    messages,
    specifications,
)

T0 = 1_700_000_000.0
SQL_INJECTION = "'); DROP TABLE conversations; --"


def at(seconds: float) -> datetime:
    return datetime.fromtimestamp(T0 + seconds, tz=timezone.utc)


def session(seconds: float) -> dict[str, Any]:
    return SessionStarted(timestamp=T0 + seconds).as_dict()


def user(text: str | None, seconds: float, intent: str = "inform", **extra: Any) -> dict[str, Any]:
    return UserUttered(
        text, intent={"name": intent, "confidence": 0.75}, timestamp=T0 + seconds, **extra
    ).as_dict()


def bot(text: str | None, seconds: float, **data: Any) -> dict[str, Any]:
    return BotUttered(text, data=data, timestamp=T0 + seconds).as_dict()


def product(value: Any, seconds: float = 0) -> dict[str, Any]:
    return SlotSet("product", value, timestamp=T0 + seconds).as_dict()


def spec(spec_id: str = "spec-0001", product_id: str = "desk", **extra: Any) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "spec_id": spec_id,
        "product": {"id": product_id, "name": "Desk"},
        "price": {"currency": "EUR", "total": 499.5},
        **extra,
    }


def record(store: Store, sender: str, *events: dict[str, Any]) -> None:
    for event in events:
        store.record_event(sender, event)


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def slot(name: str, value: Any, seconds: float) -> dict[str, Any]:
    return SlotSet(name, value, timestamp=T0 + seconds).as_dict()


def conversation_rows(engine: Engine, sender: str) -> list[Any]:
    """The sender's conversations, oldest first, with every column."""
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(conversations)
                .where(conversations.c.sender_id == sender)
                .order_by(conversations.c.id)
            )
        )


def said(store: Store, sender: str) -> list[str | None]:
    detail = store.get_conversation(sender)
    assert detail is not None
    return [m.text for m in detail.messages]


# --- recording what was said -------------------------------------------------------


def test_first_message_of_a_new_sender_opens_a_conversation(store: Store) -> None:
    record(store, "alice", user("hello", 1))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.status, detail.summary.started_at, detail.summary.ended_at) == (
        "active",
        at(1),
        None,
    )
    assert [m.text for m in detail.messages] == ["hello"]


def test_messages_keep_their_order_and_every_field(store: Store) -> None:
    entities = [{"entity": "color", "value": "red", "start": 2, "end": 5, "extractor": "x"}]
    buttons = [{"title": "Red", "payload": '/inform{"color": "red"}'}]
    record(
        store,
        "alice",
        session(0),
        user("a red one", 1, entities=entities),
        SlotSet("color", "red", timestamp=T0 + 1.5).as_dict(),
        bot("Red it is. Size?", 2, buttons=buttons, custom={"card": {"id": 3}}),
        bot(None, 3, custom={"image": "x.png"}),
        user("42", 4, intent="inform_number"),
    )

    detail = store.get_conversation("alice")
    assert detail is not None
    assert [m.to_dict() for m in detail.messages] == [
        {
            "position": 0,
            "sender": "user",
            "timestamp": at(1).isoformat(),
            "text": "a red one",
            "intent": "inform",
            "confidence": 0.75,
            "entities": entities,
            "buttons": [],
            "custom": None,
            "slot_changes": {"color": "red"},
        },
        {
            "position": 1,
            "sender": "bot",
            "timestamp": at(2).isoformat(),
            "text": "Red it is. Size?",
            "intent": None,
            "confidence": None,
            "entities": [],
            "buttons": buttons,
            "custom": {"card": {"id": 3}},
            "slot_changes": None,
        },
        {
            "position": 2,
            "sender": "bot",
            "timestamp": at(3).isoformat(),
            "text": None,
            "intent": None,
            "confidence": None,
            "entities": [],
            "buttons": [],
            "custom": {"image": "x.png"},
            "slot_changes": None,
        },
        {
            "position": 3,
            "sender": "user",
            "timestamp": at(4).isoformat(),
            "text": "42",
            "intent": "inform_number",
            "confidence": 0.75,
            "entities": [],
            "buttons": [],
            "custom": None,
            "slot_changes": None,
        },
    ]
    assert detail.summary.message_count == 4


def test_conversations_of_different_senders_stay_apart(store: Store) -> None:
    record(store, "alice", user("from alice", 1))
    record(store, "bob", user("from bob", 2))
    record(store, "alice", bot("to alice", 3))

    alice, bob = store.get_conversation("alice"), store.get_conversation("bob")
    assert alice is not None and bob is not None
    assert [m.text for m in alice.messages] == ["from alice", "to alice"]
    assert [m.text for m in bob.messages] == ["from bob"]


@pytest.mark.parametrize(
    "event",
    [
        ActionExecuted("action_listen", timestamp=T0).as_dict(),
        SlotSet("color", "red", timestamp=T0).as_dict(),
        {"event": "restart", "timestamp": T0},
        {"event": "something_new_in_rasa_4"},
    ],
)
def test_other_events_change_nothing(store: Store, event: dict[str, Any]) -> None:
    record(store, "alice", event)

    assert store.get_conversation("alice") is None


# --- sessions ----------------------------------------------------------------------


def test_new_session_abandons_the_active_conversation_and_opens_another(store: Store) -> None:
    record(store, "alice", session(0), user("hi", 1), bot("Hello!", 2), session(3600))

    [newer, older] = store.list_conversations()
    assert (older.status, older.ended_at, older.message_count) == ("abandoned", at(2), 2)
    assert (newer.status, newer.started_at, newer.ended_at) == ("active", at(3600), None)
    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.started_at, detail.messages) == (at(3600), ())


def test_new_session_reuses_a_conversation_in_which_nothing_was_said(store: Store) -> None:
    record(store, "alice", session(0), product("desk", 1), session(2), session(3))
    record(store, "alice", user("hi", 4))

    [only] = store.list_conversations()
    assert (only.status, only.started_at, only.product, only.message_count) == (
        "active",
        at(0),
        "desk",
        1,
    )


def test_new_session_leaves_a_completed_conversation_completed(store: Store) -> None:
    record(store, "alice", session(0), user("hi", 1))
    store.save_feedback("alice", 5, None, None)
    completed = store.get_conversation("alice")

    record(store, "alice", session(3600), user("back again", 3601))

    [newer, older] = store.list_conversations()
    assert completed is not None
    assert (older.status, older.ended_at) == ("completed", completed.summary.ended_at)
    assert (newer.status, newer.message_count) == ("active", 1)


def test_events_after_completion_land_in_the_completed_conversation(store: Store) -> None:
    record(store, "alice", session(0), user("five stars", 1))
    store.save_feedback("alice", 5, "lovely", None)

    record(store, "alice", bot("Thanks for your feedback!", 2))

    [only] = store.list_conversations()
    assert (only.status, only.message_count, only.rating) == ("completed", 2, 5)


# --- product -----------------------------------------------------------------------


def test_the_conversation_keeps_the_last_product_chosen_through_resets(store: Store) -> None:
    record(store, "alice", session(0), product("sneaker", 1))
    first = store.get_conversation("alice")
    record(store, "alice", product(None, 2))
    after_reset = store.get_conversation("alice")
    record(store, "alice", product("desk", 3))
    switched = store.get_conversation("alice")

    assert first is not None and after_reset is not None and switched is not None
    assert (first.summary.product, after_reset.summary.product, switched.summary.product) == (
        "sneaker",
        "sneaker",
        "desk",
    )


@pytest.mark.parametrize("value", ["x" * 65, "", 42, ["desk"], {"id": "desk"}, "de\x00sk"])
def test_impossible_product_slot_values_are_refused(store: Store, value: Any) -> None:
    record(store, "alice", session(0), product("desk", 1))

    with pytest.raises(ValueError, match="product"):
        store.record_event("alice", product(value, 2))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.summary.product == "desk"


def test_product_slot_of_a_new_sender_opens_a_conversation(store: Store) -> None:
    record(store, "alice", product("desk", 5))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.product, detail.summary.started_at) == ("desk", at(5))


# --- specifications ----------------------------------------------------------------


def test_specification_attaches_to_the_latest_conversation(store: Store) -> None:
    record(store, "alice", session(0), user("old", 1), session(100), user("a desk", 101))

    store.save_specification("alice", spec())

    [newer, older] = store.list_conversations()
    assert (newer.spec_id, newer.product) == ("spec-0001", "desk")
    assert (older.spec_id, older.product) == (None, None)
    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.spec == spec()


def test_specification_comes_back_exactly_as_saved(store: Store) -> None:
    document = spec(notes=["no VOC lacquer 🌿", SQL_INJECTION], options={"width": {"value": 1.5}})

    store.save_specification("alice", document)

    assert store.get_specification("spec-0001") == document


def test_specification_of_a_new_sender_opens_a_conversation(store: Store) -> None:
    store.save_specification("alice", spec())

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.status, detail.summary.product, detail.summary.spec_id) == (
        "active",
        "desk",
        "spec-0001",
    )


def test_the_latest_of_several_specifications_is_the_conversations(store: Store) -> None:
    store.save_specification("alice", spec("spec-0001", "desk"))
    store.save_specification("alice", spec("spec-0002", "sneaker"))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.spec_id, detail.summary.product) == ("spec-0002", "sneaker")
    assert detail.spec == spec("spec-0002", "sneaker")
    assert store.get_specification("spec-0001") == spec("spec-0001", "desk")


def test_a_taken_spec_id_is_refused(store: Store) -> None:
    store.save_specification("alice", spec())

    with pytest.raises(ValueError, match="already exists"):
        store.save_specification("bob", spec(product_id="sneaker"))

    assert store.get_specification("spec-0001") == spec()
    assert store.get_conversation("bob") is None


@pytest.mark.parametrize(
    "document",
    [
        {"product": {"id": "desk"}},
        {"spec_id": "", "product": {"id": "desk"}},
        {"spec_id": "s" * 129, "product": {"id": "desk"}},
        {"spec_id": "spec\x000001", "product": {"id": "desk"}},
        {"spec_id": 12345678, "product": {"id": "desk"}},
        {"spec_id": "spec-0001"},
        {"spec_id": "spec-0001", "product": "desk"},
        {"spec_id": "spec-0001", "product": {"id": "d" * 65}},
        spec(price={"total": Decimal("10.00")}),
        spec(price={"total": math.nan}),
        spec(callback=object()),
    ],
)
def test_unstorable_specifications_are_refused(
    store: Store, engine: Engine, document: dict[str, Any]
) -> None:
    with pytest.raises(ValueError):
        store.save_specification("alice", document)

    assert count(engine, specifications) == 0
    assert count(engine, conversations) == 0


def test_saved_specification_does_not_follow_later_changes_of_the_callers_dict(
    store: Store,
) -> None:
    document = spec()
    store.save_specification("alice", document)

    document["product"]["id"] = "changed"

    assert store.get_specification("spec-0001") == spec()


# --- feedback ----------------------------------------------------------------------


def test_feedback_completes_the_conversation(store: Store) -> None:
    record(store, "alice", session(0), user("hi", 1))
    store.save_specification("alice", spec())
    before = datetime.now(timezone.utc)

    store.save_feedback("alice", 4, "Quick and easy 👍", "spec-0001")

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.status, detail.summary.rating, detail.summary.spec_id) == (
        "completed",
        4,
        "spec-0001",
    )
    assert detail.feedback is not None
    assert detail.feedback.to_dict() == {"rating": 4, "comment": "Quick and easy 👍"}
    assert detail.summary.ended_at is not None
    assert before <= detail.summary.ended_at <= datetime.now(timezone.utc)


def test_feedback_without_comment_or_spec(store: Store) -> None:
    record(store, "alice", user("bye", 1))

    store.save_feedback("alice", 1, None, None)

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.feedback is not None
    assert (detail.feedback.rating, detail.feedback.comment) == (1, None)


def test_latest_feedback_is_the_conversations(store: Store) -> None:
    store.save_feedback("alice", 2, "meh", None)
    store.save_feedback("alice", 5, "changed my mind", None)

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.feedback is not None
    assert (detail.summary.rating, detail.feedback.comment) == (5, "changed my mind")


def test_feedback_may_name_a_spec_of_an_earlier_conversation(store: Store) -> None:
    record(store, "alice", session(0), user("a desk", 1))
    store.save_specification("alice", spec())
    record(store, "alice", session(3600), user("about my desk", 3601))

    store.save_feedback("alice", 3, None, "spec-0001")

    [newer, older] = store.list_conversations()
    assert (newer.status, newer.rating) == ("completed", 3)
    assert (older.status, older.rating) == ("abandoned", None)


@pytest.mark.parametrize("rating", [0, 6, -1, 10**10, True, 4.5, "5", None])
def test_ratings_outside_one_to_five_are_refused(store: Store, rating: Any) -> None:
    record(store, "alice", user("hi", 1))

    with pytest.raises(ValueError, match="rating"):
        store.save_feedback("alice", rating, None, None)

    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.status, detail.feedback) == ("active", None)


@pytest.mark.parametrize("comment", [42, b"bytes", ["list"]])
def test_comments_that_are_not_text_are_refused(store: Store, engine: Engine, comment: Any) -> None:
    with pytest.raises(ValueError, match="comment"):
        store.save_feedback("alice", 5, comment, None)

    assert count(engine, feedback) == 0


@pytest.mark.parametrize("spec_id", ["no-such-spec", "", "x" * 100_000, "spec\x00", SQL_INJECTION])
def test_feedback_for_an_unknown_spec_is_refused(
    store: Store, engine: Engine, spec_id: str
) -> None:
    with pytest.raises(ValueError, match="spec_id"):
        store.save_feedback("alice", 5, None, spec_id)

    assert count(engine, feedback) == 0


def test_feedback_for_another_senders_spec_is_refused(store: Store) -> None:
    store.save_specification("bob", spec())

    with pytest.raises(ValueError, match="spec_id"):
        store.save_feedback("alice", 5, None, "spec-0001")

    assert store.get_conversation("alice") is None


# --- reading -----------------------------------------------------------------------


def test_list_is_newest_first_and_pages(store: Store) -> None:
    for number in range(5):
        record(store, f"sender-{number}", session(number), user("hi", number + 0.5))

    first_page = store.list_conversations(limit=2)
    second_page = store.list_conversations(limit=2, offset=2)
    past_the_end = store.list_conversations(limit=2, offset=10)

    assert [c.sender_id for c in first_page] == ["sender-4", "sender-3"]
    assert [c.sender_id for c in second_page] == ["sender-2", "sender-1"]
    assert past_the_end == []


def test_summary_counts_messages_and_shows_rating_and_spec(store: Store) -> None:
    record(store, "alice", session(0), user("a desk", 1), bot("Sure.", 2))
    store.save_specification("alice", spec())
    store.save_feedback("alice", 5, None, "spec-0001")

    [summary] = store.list_conversations()

    assert summary.ended_at is not None
    assert summary.to_dict() == {
        "id": summary.id,
        "sender_id": "alice",
        "product": "desk",
        "status": "completed",
        "started_at": at(0).isoformat(),
        "ended_at": summary.ended_at.isoformat(),
        "handed_over_at": None,
        "message_count": 2,
        "rating": 5,
        "spec_id": "spec-0001",
        "min_confidence": 0.75,
        "reviewed_at": None,
        "reviewed_by": None,
        "tags": [],
        "first_message": "a desk",
    }


def test_empty_database_lists_nothing(store: Store) -> None:
    assert store.list_conversations() == []


@pytest.mark.parametrize(
    ("limit", "offset"), [(0, 0), (-1, 0), (501, 0), (10, -1), (True, 0), (10, 2**63), (1.5, 0)]
)
def test_impossible_pages_are_refused(store: Store, limit: Any, offset: Any) -> None:
    with pytest.raises(ValueError, match=r"limit|offset"):
        store.list_conversations(limit=limit, offset=offset)


def test_the_largest_page_and_offset_are_accepted(store: Store) -> None:
    record(store, "alice", user("hi", 1))

    assert len(store.list_conversations(limit=MAX_PAGE_SIZE)) == 1
    assert store.list_conversations(limit=MAX_PAGE_SIZE, offset=2**63 - 1) == []


@pytest.mark.parametrize(
    "key", ["unknown", "", "x" * 100_000, "nul\x00", SQL_INJECTION, "🙂", "%", "_"]
)
def test_lookups_of_unknown_or_impossible_keys_find_nothing(
    store: Store, engine: Engine, key: str
) -> None:
    record(store, "alice", user("hi", 1))
    store.save_specification("alice", spec("a" * 12))

    assert store.get_conversation(key) is None
    assert store.get_specification(key) is None
    assert count(engine, conversations) == 1


# --- hostile input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["x" * 100_000, "🙂👍🏽🇪🇺 emoji", SQL_INJECTION, "", "  ", "line\nbreak\ttab", "\u202eRTL"],
)
def test_texts_are_stored_as_given(store: Store, engine: Engine, text: str) -> None:
    record(store, "alice", user(text, 1), bot(text, 2))
    store.save_feedback("alice", 3, text, None)

    detail = store.get_conversation("alice")
    assert detail is not None
    assert [m.text for m in detail.messages] == [text, text]
    assert detail.feedback is not None
    assert detail.feedback.comment == text
    assert count(engine, conversations) == 1


def test_nul_characters_are_replaced_where_databases_reject_them(store: Store) -> None:
    record(store, "alice", user("a\x00b", 1))
    store.save_feedback("alice", 3, "\x00", None)

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.messages[0].text == "a\ufffdb"
    assert detail.feedback is not None
    assert detail.feedback.comment == "\ufffd"


def test_nul_characters_inside_json_survive(store: Store) -> None:
    record(store, "alice", user("x", 1, entities=[{"entity": "e", "value": "a\x00b"}]))
    store.save_specification("alice", spec(notes=["a\x00b"]))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.messages[0].entities == [{"entity": "e", "value": "a\x00b"}]
    assert detail.spec == spec(notes=["a\x00b"])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(max_size=300))
def test_any_text_round_trips_except_for_nul(store: Store, text: str) -> None:
    sender = uuid.uuid4().hex
    record(store, sender, user(text, 1))

    detail = store.get_conversation(sender)
    assert detail is not None
    assert detail.messages[0].text == redact(text).replace("\x00", "\ufffd")


def test_overlong_intent_names_are_cut_rather_than_losing_the_message(store: Store) -> None:
    record(store, "alice", user("/" + "i" * 1000, 1, intent="i" * 1000))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.messages[0].intent == "i" * 255


RASA_MODEL_ID = "3f9c2a7d5e1b4c8a9d0e6f2b1a3c5d7e"


@pytest.mark.parametrize(
    ("model_id", "stored"),
    [
        (RASA_MODEL_ID, RASA_MODEL_ID),
        ("m" * 64, "m" * 64),
        ("<script>alert(1)</script>", "<script>alert(1)</script>"),  # printable: a label
        ("m" * 65, None),
        ("m" * 100_000, None),
        ("", None),
        ("model\x00", None),
        ("model\n- injected", None),
        (None, None),
        (42, None),
        (["m"], None),
    ],
)
def test_messages_keep_the_model_that_handled_them_if_it_can_be_one(
    store: Store, engine: Engine, model_id: Any, stored: str | None
) -> None:
    stamp = {"metadata": {"model_id": model_id}}
    record(store, "alice", {**user("a desk", 1), **stamp}, {**bot("Which width?", 2), **stamp})

    with engine.connect() as connection:
        kept = connection.execute(select(messages.c.model_id).order_by(messages.c.position))
        assert list(kept.scalars()) == [stored, stored]
    assert said(store, "alice") == ["a desk", "Which width?"]


@pytest.mark.parametrize("sender", ["", "x" * 256, "x" * 100_000, "a\x00b", None, 42])
def test_impossible_sender_ids_are_refused_on_every_write(
    store: Store, engine: Engine, sender: Any
) -> None:
    writes = [
        lambda: store.record_event(sender, user("hi", 1)),
        lambda: store.save_specification(sender, spec()),
        lambda: store.save_feedback(sender, 5, None, None),
    ]
    for write in writes:
        with pytest.raises(ValueError, match="sender id"):
            write()

    assert count(engine, conversations) == 0


@pytest.mark.parametrize("sender", ["x" * 255, "🙂" * 255, SQL_INJECTION, " "])
def test_unusual_but_valid_sender_ids_work(store: Store, sender: str) -> None:
    record(store, sender, user("hi", 1))

    detail = store.get_conversation(sender)
    assert detail is not None
    assert detail.summary.sender_id == sender


@pytest.mark.parametrize("timestamp", [math.nan, math.inf, 1e20, "now"])
def test_events_with_impossible_timestamps_are_refused(
    store: Store, engine: Engine, timestamp: Any
) -> None:
    with pytest.raises(ValueError, match="timestamp"):
        store.record_event("alice", {"event": "user", "text": "hi", "timestamp": timestamp})

    assert count(engine, conversations) == 0


# --- database behaviour ------------------------------------------------------------


def test_timestamps_come_back_in_utc(store: Store) -> None:
    record(store, "alice", session(0), user("hi", 1))

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.summary.started_at.utcoffset() == timedelta(0)
    assert detail.messages[0].timestamp == at(1)


def test_deleting_a_conversation_deletes_what_belongs_to_it(store: Store, engine: Engine) -> None:
    record(store, "alice", user("hi", 1), bot("hello", 2))
    store.save_specification("alice", spec())
    store.save_feedback("alice", 5, None, "spec-0001")

    with engine.begin() as connection:
        connection.execute(delete(conversations))

    assert [count(engine, t) for t in (messages, specifications, feedback)] == [0, 0, 0]


def test_concurrent_writers_never_split_or_share_a_position(store: Store, engine: Engine) -> None:
    errors: list[BaseException] = []

    def chat(worker: int) -> None:
        try:
            for turn in range(10):
                store.record_event("alice", user(f"{worker}-{turn}", worker + turn / 100))
        except BaseException as error:  # collected and asserted in the test thread
            errors.append(error)

    threads = [threading.Thread(target=chat, args=(worker,)) for worker in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    detail = store.get_conversation("alice")
    assert errors == []
    assert detail is not None
    assert [m.position for m in detail.messages] == list(range(60))
    assert count(engine, conversations) == 1


def test_ping_answers_when_the_database_does(store: Store) -> None:
    store.ping()


def test_ping_raises_when_the_database_is_unreachable() -> None:
    unreachable = Store.from_url("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2")

    with pytest.raises(OperationalError):
        unreachable.ping()


# --- transcript consent ------------------------------------------------------------


def test_a_yes_keeps_the_transcript(store: Store, engine: Engine) -> None:
    record(store, "alice", session(0), user("hi", 1), slot("transcript_consent", True, 2))
    record(store, "alice", bot("Which product?", 3))

    [row] = conversation_rows(engine, "alice")
    assert row.consent is True
    assert said(store, "alice") == ["hi", "Which product?"]


def test_a_no_deletes_what_was_said_and_keeps_nothing_said_later(
    store: Store, engine: Engine
) -> None:
    record(
        store,
        "alice",
        session(0),
        user("hi", 1),
        bot("May we keep a transcript?", 2),
        user("no", 3),
        slot("transcript_consent", False, 4),
        bot("No problem.", 5),
        user("a desk please", 6),
        product("desk", 7),
        slot("requested_slot", "quantity", 8),
    )
    store.save_specification("alice", spec())
    store.save_feedback("alice", 4, None, "spec-0001")

    [row] = conversation_rows(engine, "alice")
    assert (row.consent, row.min_confidence, row.product) == (False, None, "desk")
    assert (row.last_question, row.status) == ("quantity", "completed")
    assert count(engine, messages) == 0
    detail = store.get_conversation("alice")
    assert detail is not None
    assert (detail.summary.spec_id, detail.summary.rating) == ("spec-0001", 4)


def test_a_no_also_covers_earlier_conversations_that_never_asked(
    store: Store, engine: Engine
) -> None:
    record(store, "alice", session(0), user("how much are desks?", 1))
    record(store, "alice", session(3600), user("hi", 3601), slot("transcript_consent", False, 3602))
    record(store, "bob", session(0), user("hi", 1), slot("transcript_consent", True, 2))
    record(store, "bob", session(3600), user("back", 3601), slot("transcript_consent", False, 3602))

    assert [row.consent for row in conversation_rows(engine, "alice")] == [False, False]
    assert [row.consent for row in conversation_rows(engine, "bob")] == [True, False]
    with engine.connect() as connection:
        kept = connection.execute(select(messages.c.text)).scalars().all()
    assert kept == ["hi"]  # bob's first conversation, which he agreed to


def test_without_a_transcript_a_new_session_still_opens_a_new_conversation(
    store: Store, engine: Engine
) -> None:
    record(
        store,
        "alice",
        session(0),
        slot("transcript_consent", False, 1),
        user("a desk", 2),
        product("desk", 3),
        slot("requested_slot", "confirmed", 4),
    )
    record(store, "bob", session(0), slot("transcript_consent", False, 1), user("a desk", 2))
    store.save_specification("bob", spec())
    saved = datetime.now(timezone.utc)
    for sender in ("alice", "bob"):
        record(store, sender, session(3600), slot("transcript_consent", False, 3600))

    older, newer = conversation_rows(engine, "alice")
    assert (older.status, older.ended_at) == ("abandoned", at(4))
    assert (newer.status, newer.consent, newer.started_at) == ("active", False, at(3600))
    bobs_older, _ = conversation_rows(engine, "bob")
    assert bobs_older.status == "abandoned"
    assert bobs_older.ended_at is not None and bobs_older.ended_at <= saved
    assert bobs_older.ended_at > at(3600)  # the spec was saved after the session's timestamps


def test_without_a_transcript_an_empty_conversation_is_reused(store: Store, engine: Engine) -> None:
    record(store, "alice", session(0), slot("transcript_consent", False, 1), user("hi", 2))
    record(store, "alice", session(3600), slot("transcript_consent", False, 3600))

    [only] = conversation_rows(engine, "alice")
    assert (only.status, only.consent) == ("active", False)


@pytest.mark.parametrize("value", [None, "no", 0, [False]])
def test_only_a_real_yes_or_no_answers_the_question(
    store: Store, engine: Engine, value: Any
) -> None:
    record(store, "alice", user("hi", 1), slot("transcript_consent", value, 2))

    [row] = conversation_rows(engine, "alice")
    assert row.consent is None
    assert said(store, "alice") == ["hi"]


# --- what the console shows about each conversation -------------------------------


def test_the_last_question_is_the_slot_asked_or_the_attribute(store: Store, engine: Engine) -> None:
    def last_question() -> str | None:
        [row] = conversation_rows(engine, "alice")
        return row.last_question

    record(store, "alice", user("hi", 1), slot("requested_slot", "product", 2))
    assert last_question() == "product"
    record(store, "alice", slot("requested_slot", "design_complete", 3))
    assert last_question() == "product"
    record(store, "alice", slot("asked_attribute", "size", 4))
    assert last_question() == "size"
    record(store, "alice", slot("requested_slot", None, 5), slot("asked_attribute", None, 6))
    assert last_question() == "size"
    record(store, "alice", slot("requested_slot", "q" * 100, 7))
    assert last_question() == "q" * 64


def test_the_summary_was_shown_when_confirmation_was_first_asked(
    store: Store, engine: Engine
) -> None:
    record(store, "alice", user("a desk", 1), slot("requested_slot", "quantity", 2))
    [before] = conversation_rows(engine, "alice")
    record(store, "alice", slot("requested_slot", "confirmed", 3))
    record(store, "alice", slot("requested_slot", "design_complete", 4))
    record(store, "alice", slot("requested_slot", "confirmed", 5))

    [after] = conversation_rows(engine, "alice")
    assert before.summary_shown_at is None
    assert (after.summary_shown_at, after.last_question) == (at(3), "confirmed")


def test_min_confidence_is_the_lowest_of_the_customers_messages(
    store: Store, engine: Engine
) -> None:
    def confident(text: str, seconds: float, confidence: float) -> dict[str, Any]:
        return UserUttered(
            text, intent={"name": "inform", "confidence": confidence}, timestamp=T0 + seconds
        ).as_dict()

    record(store, "alice", bot("Which product?", 0))
    [no_message_yet] = conversation_rows(engine, "alice")
    record(store, "alice", confident("a desk", 1, 0.9), confident("uh", 2, 0.35))
    record(store, "alice", confident("oak", 3, 0.8), bot("Oak it is.", 4))
    record(store, "alice", {"event": "user", "text": "no intent", "timestamp": T0 + 5})

    [row] = conversation_rows(engine, "alice")
    assert no_message_yet.min_confidence is None
    assert row.min_confidence == pytest.approx(0.35)


def test_slot_changes_are_noted_in_order_on_the_latest_message(store: Store) -> None:
    record(
        store,
        "alice",
        session(0),
        slot("product", "desk", 0.5),  # carried over before anything was said: no turn
        user("a 160 cm oak desk", 1),
        slot("product", "desk", 2),
        slot("design", {"width": 160, "top": "oak"}, 3),
        slot("confirmed", None, 4),
        bot("Which frame?", 5),
        slot("requested_slot", "design_complete", 6),
        slot("asked_attribute", "frame", 7),
        slot("asked_attribute", "depth", 8),
    )

    detail = store.get_conversation("alice")
    assert detail is not None
    first, second = detail.messages
    assert first.slot_changes == {
        "product": "desk",
        "design": {"width": 160, "top": "oak"},
        "confirmed": None,
    }
    assert list(first.slot_changes) == ["product", "design", "confirmed"]
    assert second.slot_changes == {"requested_slot": "design_complete", "asked_attribute": "depth"}


def test_a_slot_change_of_a_sender_without_a_conversation_opens_none(
    store: Store, engine: Engine
) -> None:
    record(store, "alice", slot("design", {"width": 160}, 1))

    assert count(engine, conversations) == 0


@pytest.mark.parametrize("value", [math.nan, object(), Decimal("1.5")])
def test_a_slot_value_that_is_not_json_is_refused_and_changes_nothing(
    store: Store, value: Any
) -> None:
    record(store, "alice", user("hi", 1))

    with pytest.raises(ValueError, match="JSON"):
        store.record_event("alice", {"event": "slot", "name": "x", "value": value})

    detail = store.get_conversation("alice")
    assert detail is not None
    assert detail.messages[0].slot_changes is None


# --- redaction ---------------------------------------------------------------------

REDACTIONS = [
    ("write to jane.doe@example.com please", "write to [email] please"),
    ("call +49 30 1234567 after six", "call [phone] after six"),
    ("card 4111 1111 1111 1111, exp 12/27", "card [card], exp 12/27"),
    ("size 42.5, 2 pairs, 160x80 cm, 1,152.00 EUR", "size 42.5, 2 pairs, 160x80 cm, 1,152.00 EUR"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "stored"), REDACTIONS)
def test_contact_details_and_card_numbers_are_redacted_from_messages(
    store: Store, text: str, stored: str
) -> None:
    entities = [{"entity": "text", "value": text, "start": 0, "end": len(text)}]
    record(
        store,
        "alice",
        user(text, 1, entities=entities),
        slot("design", {"print_text": text, "sizes": [text], "width": 160}, 2),
        slot("feedback_comment", text, 3),
        bot(f"You said: {text}", 4, custom={"type": "design", "options": [{"label": text}]}),
    )
    store.save_feedback("alice", 5, text, None)

    detail = store.get_conversation("alice")
    assert detail is not None
    heard, answered = detail.messages
    assert heard.text == stored and answered.text == f"You said: {stored}"
    assert heard.entities == [{"entity": "text", "value": stored, "start": 0, "end": len(text)}]
    assert heard.slot_changes == {
        "design": {"print_text": stored, "sizes": [stored], "width": 160},
        "feedback_comment": stored,
    }
    assert answered.custom == {"type": "design", "options": [{"label": stored}]}
    assert detail.feedback is not None
    assert detail.feedback.comment == stored


def test_a_specification_keeps_the_customers_text_as_written(store: Store) -> None:
    document = spec(options={"print_text": {"value": "CALL 0171 2345678"}})

    store.save_specification("alice", document)

    assert store.get_specification("spec-0001") == document


# --- hand-over to staff ------------------------------------------------------------


def test_handing_over_marks_the_latest_conversation_once(store: Store, engine: Engine) -> None:
    record(store, "alice", session(0), user("old", 1), session(3600), user("a person!", 3601))
    before = datetime.now(timezone.utc)

    store.mark_handed_over("alice")
    [_, first_mark] = conversation_rows(engine, "alice")
    store.mark_handed_over("alice")

    older, newer = conversation_rows(engine, "alice")
    assert older.handed_over_at is None
    assert first_mark.handed_over_at is not None
    assert before <= first_mark.handed_over_at <= datetime.now(timezone.utc)
    assert newer.handed_over_at == first_mark.handed_over_at


def test_handing_over_a_new_sender_opens_a_conversation(store: Store, engine: Engine) -> None:
    store.mark_handed_over("alice")

    [row] = conversation_rows(engine, "alice")
    assert (row.status, row.handed_over_at is not None) == ("active", True)


@pytest.mark.parametrize("contact", ["jane.doe@example.com", "+49 30 1234567", "x" * 320])
def test_the_contact_is_kept_as_given_for_staff(store: Store, engine: Engine, contact: str) -> None:
    record(store, "alice", user("hi", 1))

    store.save_contact("alice", contact)

    [row] = conversation_rows(engine, "alice")
    assert row.contact == contact


@pytest.mark.parametrize("contact", ["", "x" * 321, "a\x00b@example.com", None, 42, ["a@b.cc"]])
def test_impossible_contacts_are_refused(store: Store, engine: Engine, contact: Any) -> None:
    record(store, "alice", user("hi", 1))

    with pytest.raises(ValueError, match="contact"):
        store.save_contact("alice", contact)

    [row] = conversation_rows(engine, "alice")
    assert row.contact is None


@pytest.mark.parametrize("sender", ["", "x" * 256, None, "a\x00b"])
def test_hand_over_writes_refuse_impossible_sender_ids(
    store: Store, engine: Engine, sender: Any
) -> None:
    writes = [
        lambda: store.mark_handed_over(sender),
        lambda: store.save_contact(sender, "jane@example.com"),
        lambda: store.record_insights(sender, "desk", [Refusal("unavailable", "top", "teak")]),
    ]
    for write in writes:
        with pytest.raises(ValueError, match="sender id"):
            write()

    assert count(engine, conversations) == 0


# --- design insights ---------------------------------------------------------------


def insights(engine: Engine) -> list[tuple[Any, ...]]:
    with engine.connect() as connection:
        rows = connection.execute(
            select(
                design_insights.c.kind,
                design_insights.c.product,
                design_insights.c.attribute,
                design_insights.c.value,
                design_insights.c.other_attribute,
                design_insights.c.other_value,
            ).order_by(design_insights.c.id)
        )
        return [tuple(row) for row in rows]


def test_insights_are_kept_with_the_latest_conversation(store: Store, engine: Engine) -> None:
    record(store, "alice", session(0), user("old", 1), session(3600), user("a desk", 3601))

    store.record_insights(
        "alice",
        "desk",
        [
            Refusal("unavailable", "top", "teak"),
            Refusal("conflict", "frame", "single", other_attribute="width", other_value="180"),
            Refusal("unavailable", "print_text", None),
        ],
    )

    assert insights(engine) == [
        ("unavailable", "desk", "top", "teak", None, None),
        ("conflict", "desk", "frame", "single", "width", "180"),
        ("unavailable", "desk", "print_text", None, None, None),
    ]
    _, newer = conversation_rows(engine, "alice")
    with engine.connect() as connection:
        owners = set(connection.execute(select(design_insights.c.conversation_id)).scalars())
    assert owners == {newer.id}


def test_insight_values_are_redacted_and_cut_to_fit(store: Store, engine: Engine) -> None:
    store.record_insights(
        "alice",
        "tshirt",
        [
            Refusal("unavailable", "color", "mail me: jane@example.com"),
            Refusal("unavailable", "color", "x" * 100_000),
            Refusal("unavailable", "color", SQL_INJECTION + "\x00"),
        ],
    )

    assert [row[3] for row in insights(engine)] == [
        "mail me: [email]",
        "x" * 255,
        SQL_INJECTION + "\ufffd",
    ]


def test_no_insights_write_nothing(store: Store, engine: Engine) -> None:
    store.record_insights("alice", "desk", [])

    assert count(engine, conversations) == 0


@pytest.mark.parametrize(
    ("product", "refusal", "message"),
    [
        ("", Refusal("unavailable", "top", "teak"), "product"),
        ("p" * 65, Refusal("unavailable", "top", "teak"), "product"),
        ("desk", Refusal("wish", "top", "teak"), "kind"),  # type: ignore[arg-type]
        ("desk", Refusal("unavailable", "", "teak"), "attribute"),
        ("desk", Refusal("unavailable", "a" * 65, "teak"), "attribute"),
        ("desk", Refusal("conflict", "top", "x", other_attribute="\x00"), "attribute"),
    ],
)
def test_impossible_insights_are_refused_and_none_is_kept(
    store: Store, engine: Engine, product: str, refusal: Refusal, message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        store.record_insights("alice", product, [Refusal("unavailable", "top", "teak"), refusal])

    assert count(engine, design_insights) == 0
    assert count(engine, conversations) == 0
