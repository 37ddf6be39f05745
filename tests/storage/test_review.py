from __future__ import annotations

import string
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, insert, select
from sqlalchemy.engine import Engine

from bot.review.export import ExportTooLarge
from bot.review.filters import STATUSES, ConversationFilter
from bot.storage.repository import Store
from bot.storage.review import ReviewStore
from bot.storage.schema import conversation_notes, conversation_tags, conversations, messages
from tests.review.seed import DAY, Seeder, at, bot, message_ids, user

STAFF = "ana@shop.example"
SQL_INJECTION = "'); DROP TABLE conversations; --"


@pytest.fixture
def seed(engine: Engine, store: Store) -> Seeder:
    return Seeder(engine, store)


@pytest.fixture
def review(engine: Engine) -> ReviewStore:
    return ReviewStore(engine, low_confidence_threshold=0.6)


def ids(review: ReviewStore, **criteria: object) -> list[int]:
    return [item.id for item in review.list(ConversationFilter(**criteria)).items]  # type: ignore[arg-type]


# --- the list -------------------------------------------------------------------------


def test_an_empty_database_lists_nothing(review: ReviewStore) -> None:
    page = review.list(ConversationFilter())

    assert (page.items, page.total, page.limit, page.offset) == ((), 0, 50, 0)


def test_the_list_is_newest_first_with_each_summary(review: ReviewStore, seed: Seeder) -> None:
    older = seed.conversation("old", started=0, said=[bot("Hello!"), user("hi"), user("there")])
    newer = seed.conversation(
        "new",
        started=DAY,
        said=[user("desk please"), bot("Which width?"), user("120 cm")],
        product="desk",
        spec_id="spec-1",
        ratings=[4],
        min_confidence=0.3,
        handed_over_at=at(DAY + 10),
        reviewed_at=at(DAY + 20),
        reviewed_by=STAFF,
    )
    review.add_tag(newer, "urgent", STAFF)
    review.add_tag(newer, "billing", STAFF)

    page = review.list(ConversationFilter())

    assert [item.id for item in page.items] == [newer, older]
    assert page.total == 2
    summary = page.items[0]
    assert summary.sender_id == "new"
    assert summary.product == "desk"
    assert summary.status == "completed"
    assert summary.started_at == at(DAY)
    assert summary.ended_at is not None
    assert summary.handed_over_at == at(DAY + 10)
    assert summary.message_count == 3
    assert summary.first_message == "desk please"
    assert summary.rating == 4
    assert summary.spec_id == "spec-1"
    assert summary.min_confidence == 0.3
    assert summary.has_low_confidence(0.6)
    assert (summary.reviewed_at, summary.reviewed_by) == (at(DAY + 20), STAFF)
    assert summary.tags == ("billing", "urgent")
    assert page.items[1].tags == ()
    assert page.items[1].first_message == "hi"
    assert page.items[1].rating is None


def test_date_range_takes_whole_utc_days_both_ends_included(
    review: ReviewStore, seed: Seeder
) -> None:
    day = at(0).date()
    first = seed.conversation("a", started=0)
    second = seed.conversation("b", started=DAY)
    third = seed.conversation("c", started=2 * DAY)
    next_day = day + timedelta(days=1)

    assert ids(review, started_from=next_day) == [third, second]
    assert ids(review, started_to=next_day) == [second, first]
    assert ids(review, started_from=next_day, started_to=next_day) == [second]
    assert ids(review, started_from=day + timedelta(days=5)) == []
    assert ids(review, started_from=date.min, started_to=date.max) == [third, second, first]


def test_product_filter(review: ReviewStore, seed: Seeder) -> None:
    desk = seed.conversation("a", product="desk")
    seed.conversation("b", product="sneaker")
    seed.conversation("c")

    assert ids(review, product="desk") == [desk]
    assert ids(review, product="mug") == []


@pytest.mark.parametrize("product", ["x" * 200, "desk\x00", SQL_INJECTION, "DESK", "%"])
def test_product_filter_with_odd_values_matches_nothing(
    review: ReviewStore, seed: Seeder, product: str
) -> None:
    seed.conversation("a", product="desk")

    assert ids(review, product=product) == []


def test_status_filter(review: ReviewStore, seed: Seeder) -> None:
    active = seed.conversation("a", started=0)
    completed = seed.conversation("b", started=1, ratings=[5])
    abandoned = seed.conversation("c", started=2, status="abandoned")
    handed = seed.conversation("d", started=3, ratings=[2], handed_over_at=at(5))

    assert ids(review, status="active") == [active]
    assert ids(review, status="abandoned") == [abandoned]
    # A handed-over conversation is still completed (or active, or abandoned).
    assert ids(review, status="completed") == [handed, completed]
    assert ids(review, status="handed_over") == [handed]
    assert {status for status in STATUSES} == {"active", "completed", "abandoned", "handed_over"}


def test_rating_filters_use_the_latest_rating(review: ReviewStore, seed: Seeder) -> None:
    five = seed.conversation("a", started=0, ratings=[1, 5])
    three = seed.conversation("b", started=1, ratings=[3])
    one = seed.conversation("c", started=2, ratings=[5, 1])
    unrated = seed.conversation("d", started=3)

    assert ids(review, rating_min=4) == [five]
    assert ids(review, rating_max=3) == [one, three]
    assert ids(review, rating_min=2, rating_max=4) == [three]
    assert ids(review, rating_min=1, rating_max=5) == [one, three, five]
    assert ids(review, unrated=True) == [unrated]


def test_tag_filter_normalises_the_tag(review: ReviewStore, seed: Seeder) -> None:
    tagged = seed.conversation("a", started=0)
    other = seed.conversation("b", started=1)
    review.add_tag(tagged, "Follow up", STAFF)
    review.add_tag(other, "billing", STAFF)

    assert ids(review, tag="  FOLLOW   up ") == [tagged]
    assert ids(review, tag="follow") == []


def test_reviewed_filter(review: ReviewStore, seed: Seeder) -> None:
    done = seed.conversation("a", started=0)
    todo = seed.conversation("b", started=1)
    review.set_reviewed(done, STAFF, reviewed=True)

    assert ids(review, reviewed=True) == [done]
    assert ids(review, reviewed=False) == [todo]


def test_low_confidence_filter_uses_the_stores_threshold(engine: Engine, seed: Seeder) -> None:
    low = seed.conversation("a", started=0, min_confidence=0.2)
    edge = seed.conversation("b", started=1, min_confidence=0.6)
    unknown = seed.conversation("c", started=2)

    assert ids(ReviewStore(engine, 0.6), low_confidence=True) == [low]
    assert ids(ReviewStore(engine, 0.6), low_confidence=False) == [unknown, edge]
    assert ids(ReviewStore(engine, 0.7), low_confidence=True) == [edge, low]


def test_search_finds_any_message_ignoring_ascii_case(review: ReviewStore, seed: Seeder) -> None:
    customer = seed.conversation("a", started=0, said=[user("A WALNUT desk, please")])
    bot_side = seed.conversation("b", started=1, said=[user("hi"), bot("We have walnut tops.")])
    seed.conversation("c", started=2, said=[user("oak")])

    assert ids(review, search="walnut") == [bot_side, customer]
    assert ids(review, search="Walnut Desk") == [customer]
    assert ids(review, search="  walnut desk  ") == [customer]
    assert ids(review, search="maple") == []


@pytest.mark.parametrize(
    ("stored", "search", "found"),
    [
        ("50% off", "50%", True),
        ("500 off", "50%", False),
        ("my_size", "y_s", True),
        ("myXsize", "y_s", False),
        ("a/b", "a/b", True),
        ("a\\b", "a\\b", True),
        ("ab", "a\\b", False),
        ("it's", "it's", True),
        (SQL_INJECTION, SQL_INJECTION, True),
        ("plain", SQL_INJECTION, False),
        ("<script>alert(1)</script>", "<SCRIPT>", True),
        ("size 42", "%", False),
        ("size 42", "_", False),
        ("nul\ufffdbyte", "nul\x00byte", True),
        ("Zoë", "zoë", True),
    ],
)
def test_search_takes_the_text_literally(
    review: ReviewStore, seed: Seeder, stored: str, search: str, found: bool
) -> None:
    conversation = seed.conversation("a", said=[user(stored)])

    assert ids(review, search=search) == ([conversation] if found else [])


def test_search_folds_non_ascii_case_on_postgresql_only(
    review: ReviewStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation("a", said=[user("MONOGRAM ZOË")])

    found = ids(review, search="zoë")

    assert found == ([conversation] if engine.dialect.name == "postgresql" else [])
    assert ids(review, search="ZOË") == [conversation]


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    prefix=st.text(string.printable, max_size=5),
    needle=st.text(string.ascii_letters + string.digits + "%_/\\'\" ", min_size=1, max_size=8),
    suffix=st.text(string.printable, max_size=5),
)
def test_search_finds_every_ascii_substring(
    engine: Engine, prefix: str, needle: str, suffix: str
) -> None:
    assume(needle.strip())
    with engine.begin() as connection:
        conversation = connection.execute(
            insert(conversations).values(sender_id="h", status="active", started_at=at(0))
        ).inserted_primary_key[0]
        connection.execute(
            insert(messages).values(
                conversation_id=conversation,
                position=0,
                sender="user",
                timestamp=at(0),
                text=prefix + needle + suffix,
                entities=[],
                buttons=[],
            )
        )

    found = ReviewStore(engine).list(ConversationFilter(search=needle.upper(), limit=200))

    assert conversation in {item.id for item in found.items}


def test_filters_combine(review: ReviewStore, seed: Seeder) -> None:
    match = seed.conversation(
        "a", started=0, said=[user("red sole")], product="sneaker", ratings=[2], min_confidence=0.1
    )
    seed.conversation("b", started=1, said=[user("red sole")], product="sneaker", ratings=[5])
    seed.conversation("c", started=2, said=[user("blue sole")], product="sneaker", ratings=[2])
    seed.conversation("d", started=3, said=[user("red sole")], product="desk", ratings=[2])
    review.add_tag(match, "sizing", STAFF)

    criteria = {
        "product": "sneaker",
        "status": "completed",
        "rating_max": 3,
        "search": "red",
        "tag": "sizing",
        "low_confidence": True,
        "reviewed": False,
        "started_from": at(0).date(),
    }
    assert ids(review, **criteria) == [match]
    assert ids(review, **{**criteria, "reviewed": True}) == []


# --- sorting and paging -----------------------------------------------------------------


@pytest.fixture
def sortable(review: ReviewStore, seed: Seeder) -> dict[str, int]:
    return {
        "a": seed.conversation("a", started=0, said=[user("x")] * 3, product="tshirt", ratings=[2]),
        "b": seed.conversation("b", started=10, said=[user("x")], product="desk", ratings=[5]),
        "c": seed.conversation("c", started=20, said=[user("x")] * 2),
        "d": seed.conversation("d", started=30, said=[user("x")] * 2, product="desk"),
    }


@pytest.mark.parametrize(
    ("sort", "descending", "order"),
    [
        ("started", True, "dcba"),
        ("started", False, "abcd"),
        ("rating", True, "badc"),
        ("rating", False, "abdc"),
        ("messages", True, "adcb"),
        ("messages", False, "bdca"),
        ("product", True, "adbc"),
        ("product", False, "dbac"),
    ],
)
def test_sort_puts_missing_values_last_and_newest_first_among_equals(
    review: ReviewStore, sortable: dict[str, int], sort: str, descending: bool, order: str
) -> None:
    assert ids(review, sort=sort, descending=descending) == [sortable[key] for key in order]


def test_sort_by_end(review: ReviewStore, seed: Seeder) -> None:
    early = seed.conversation("a", started=0, status="abandoned", ended_at=at(100))
    late = seed.conversation("b", started=1, status="abandoned", ended_at=at(200))
    running = seed.conversation("c", started=2)

    assert ids(review, sort="ended") == [late, early, running]
    assert ids(review, sort="ended", descending=False) == [early, late, running]


def test_paging(review: ReviewStore, seed: Seeder) -> None:
    created = [seed.conversation(f"s{n}", started=n) for n in range(7)]
    newest_first = created[::-1]

    first = review.list(ConversationFilter(limit=3))
    third = review.list(ConversationFilter(limit=3, offset=6))
    beyond = review.list(ConversationFilter(limit=3, offset=30))

    assert [i.id for i in first.items] == newest_first[:3]
    assert (first.total, first.number, first.count, first.has_next) == (7, 1, 3, True)
    assert [i.id for i in third.items] == newest_first[6:]
    assert (third.number, third.has_previous, third.has_next) == (3, True, False)
    assert (beyond.items, beyond.total) == ((), 7)
    assert ids(review, limit=2, offset=1) == newest_first[1:3]


def test_a_search_counts_every_match_whichever_page(review: ReviewStore, seed: Seeder) -> None:
    found = [seed.conversation(f"s{n}", started=n, said=[user("walnut top")]) for n in range(5)]
    seed.conversation("other", started=9, said=[user("oak top")])

    second = review.list(ConversationFilter(search="walnut", limit=2, offset=2))
    beyond = review.list(ConversationFilter(search="walnut", limit=2, offset=10))
    none = review.list(ConversationFilter(search="maple"))

    assert [item.id for item in second.items] == [found[2], found[1]]
    assert (second.total, beyond.items, beyond.total) == (5, (), 5)
    assert (none.items, none.total) == ((), 0)


def test_the_largest_offset_is_answered(review: ReviewStore, seed: Seeder) -> None:
    seed.conversation("a")

    assert review.list(ConversationFilter(offset=2**63 - 1)).items == ()


# --- export -------------------------------------------------------------------------------


def test_export_holds_every_match_in_order_ignoring_paging(
    review: ReviewStore, seed: Seeder
) -> None:
    created = [seed.conversation(f"s{n}", started=n, product="desk") for n in range(5)]
    seed.conversation("other", started=9, product="sneaker")
    review.add_tag(created[0], "x", STAFF)

    exported = review.export(ConversationFilter(product="desk", limit=2, offset=2))

    assert [item.id for item in exported] == created[::-1]
    assert exported[-1].tags == ("x",)


def test_export_refuses_more_rows_than_its_limit(review: ReviewStore, seed: Seeder) -> None:
    for n in range(3):
        seed.conversation(f"s{n}", started=n)

    assert len(review.export(ConversationFilter(), limit=3)) == 3
    with pytest.raises(ExportTooLarge, match=r"3 conversations match.*at most 2"):
        review.export(ConversationFilter(), limit=2)


def test_tags_of_many_conversations_are_fetched_in_batches(
    review: ReviewStore, seed: Seeder
) -> None:
    created = [seed.conversation(f"s{n}", started=n) for n in range(3)]
    for conversation in created:
        review.add_tag(conversation, f"t{conversation}", STAFF)

    exported = review.export(ConversationFilter(sort="started", descending=False))

    assert [item.tags for item in exported] == [(f"t{c}",) for c in created]


# --- one conversation -----------------------------------------------------------------


def test_conversation_in_full(review: ReviewStore, seed: Seeder) -> None:
    conversation = seed.conversation(
        "a",
        said=[
            bot("Hi! What shall we make?", buttons=[{"title": "Desk", "payload": "/desk"}]),
            user(
                "a walnut desk",
                intent="design_product",
                confidence=0.42,
                entities=[{"entity": "product", "value": "desk"}],
                slot_changes={"product": "desk"},
            ),
        ],
        product="desk",
        spec_id="spec-1",
        ratings=[3, 4],
        contact="ana@example.com",
        consent=True,
        last_question="width",
        summary_shown_at=at(50),
    )
    review.add_note(conversation, STAFF, "  first  ")
    review.add_note(conversation, "bo@shop.example", "second")
    review.add_tag(conversation, "sizing", STAFF)

    detail = review.conversation(conversation)

    assert detail is not None
    assert detail.summary.id == conversation
    assert detail.summary.tags == ("sizing",)
    assert (detail.contact, detail.consent, detail.last_question) == (
        "ana@example.com",
        True,
        "width",
    )
    assert detail.summary_shown_at == at(50)
    greeting, answer = detail.messages
    assert (greeting.sender, greeting.buttons) == ("bot", [{"title": "Desk", "payload": "/desk"}])
    assert (answer.intent, answer.confidence) == ("design_product", 0.42)
    assert answer.entities == [{"entity": "product", "value": "desk"}]
    assert answer.slot_changes == {"product": "desk"}
    assert greeting.slot_changes is None
    assert detail.spec is not None and detail.spec["spec_id"] == "spec-1"
    assert detail.feedback is not None
    assert (detail.feedback.rating, detail.feedback.comment) == (4, "rated 4")
    assert [(n.author, n.body) for n in detail.notes] == [
        (STAFF, "first"),
        ("bo@shop.example", "second"),
    ]


def test_the_models_that_served_a_conversation_in_order(
    review: ReviewStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation(
        "a",
        said=[
            bot("Hi!"),  # from before model ids were recorded
            user("a desk", model_id="model-b"),
            bot("Which width?", model_id="model-b"),
            user("120", model_id="model-a"),  # switched back to an older model
            bot("Noted.", model_id="model-b"),
        ],
    )
    with engine.begin() as connection:
        connection.execute(
            messages.update()
            .where(messages.c.conversation_id == conversation, messages.c.position == 1)
            .values(flagged_at=at(9), flagged_by=STAFF)
        )

    detail = review.conversation(conversation)

    assert detail is not None
    assert [m.model_id for m in detail.messages] == [
        None,
        "model-b",
        "model-b",
        "model-a",
        "model-b",
    ]
    assert detail.model_ids == ("model-b", "model-a")
    flagged = detail.messages[1]
    assert (flagged.flagged_at, flagged.flagged_by) == (at(9), STAFF)
    assert [m.flagged_at for m in detail.messages].count(None) == 4
    assert [m.id for m in detail.messages] == message_ids(engine, conversation)


def test_conversation_without_consent_has_no_messages(review: ReviewStore, seed: Seeder) -> None:
    conversation = seed.conversation("a", consent=False, ratings=[5])

    detail = review.conversation(conversation)

    assert detail is not None
    assert (detail.consent, detail.messages, detail.feedback is not None) == (False, (), True)
    assert detail.model_ids == ()


@pytest.mark.parametrize("conversation_id", [0, -1, 999, 2**63 - 1, 2**63, 10**40, True])
def test_unknown_conversations_are_none(
    review: ReviewStore, seed: Seeder, conversation_id: int
) -> None:
    seed.conversation("a")

    assert review.conversation(conversation_id) is None
    assert review.add_tag(conversation_id, "x", STAFF) is False
    assert review.remove_tag(conversation_id, "x") is False
    assert review.add_note(conversation_id, STAFF, "x") is False
    assert review.set_reviewed(conversation_id, STAFF, reviewed=True) is False


# --- tags, notes, review marks -----------------------------------------------------------


def count_rows(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def test_adding_a_tag_twice_keeps_the_first_tagger(
    review: ReviewStore, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation("a")

    assert review.add_tag(conversation, "Urgent", STAFF)
    assert review.add_tag(conversation, " urgent ", "bo@shop.example")

    with engine.connect() as connection:
        rows = connection.execute(select(conversation_tags)).all()
    assert [(row.tag, row.tagged_by) for row in rows] == [("urgent", STAFF)]


def test_removing_a_tag(review: ReviewStore, seed: Seeder) -> None:
    conversation = seed.conversation("a")
    review.add_tag(conversation, "urgent", STAFF)
    review.add_tag(conversation, "billing", STAFF)

    assert review.remove_tag(conversation, " URGENT")
    assert review.remove_tag(conversation, "never-there")

    detail = review.conversation(conversation)
    assert detail is not None and detail.summary.tags == ("billing",)


@pytest.mark.parametrize("tag", ["", "   ", "x" * 65, "<b>", "a,b", "tab\there\x00", "ü" * 65])
def test_invalid_tags_are_refused_and_nothing_is_written(
    review: ReviewStore, seed: Seeder, engine: Engine, tag: str
) -> None:
    conversation = seed.conversation("a")

    with pytest.raises(ValueError, match="tag"):
        review.add_tag(conversation, tag, STAFF)
    assert count_rows(engine, conversation_tags) == 0


def test_tags_in_unicode_and_at_the_length_limit(review: ReviewStore, seed: Seeder) -> None:
    conversation = seed.conversation("a")

    review.add_tag(conversation, "Größe", STAFF)
    review.add_tag(conversation, "y" * 64, STAFF)

    assert review.tags() == ("größe", "y" * 64)


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "empty"), (" \n\t ", "empty"), ("x" * 5001, "at most 5000")],
)
def test_invalid_notes_are_refused(
    review: ReviewStore, seed: Seeder, engine: Engine, body: str, message: str
) -> None:
    conversation = seed.conversation("a")

    with pytest.raises(ValueError, match=message):
        review.add_note(conversation, STAFF, body)
    assert count_rows(engine, conversation_notes) == 0


def test_notes_keep_hostile_text_verbatim_and_nul_as_replacement(
    review: ReviewStore, seed: Seeder
) -> None:
    conversation = seed.conversation("a")
    hostile = f"<script>alert(1)</script>\n{SQL_INJECTION}\nnul\x00here " + "é" * 4900

    assert review.add_note(conversation, STAFF, hostile)

    detail = review.conversation(conversation)
    assert detail is not None
    [note] = detail.notes
    assert note.body == hostile.strip().replace("\x00", "\ufffd")


@pytest.mark.parametrize("author", ["", "x" * 321, "a\x00b"])
def test_staff_emails_that_cannot_be_stored_are_refused(
    review: ReviewStore, seed: Seeder, author: str
) -> None:
    conversation = seed.conversation("a")

    with pytest.raises(ValueError, match="staff e-mail"):
        review.add_note(conversation, author, "body")
    with pytest.raises(ValueError, match="staff e-mail"):
        review.add_tag(conversation, "tag", author)
    with pytest.raises(ValueError, match="staff e-mail"):
        review.set_reviewed(conversation, author, reviewed=True)


def test_review_mark_is_set_and_cleared(review: ReviewStore, seed: Seeder) -> None:
    conversation = seed.conversation("a")

    assert review.set_reviewed(conversation, STAFF, reviewed=True)
    marked = review.conversation(conversation)
    assert review.set_reviewed(conversation, STAFF, reviewed=False)
    cleared = review.conversation(conversation)

    assert marked is not None and cleared is not None
    assert marked.summary.reviewed_by == STAFF
    assert marked.summary.reviewed_at is not None
    assert (cleared.summary.reviewed_at, cleared.summary.reviewed_by) == (None, None)


def test_tag_and_product_choices(review: ReviewStore, seed: Seeder) -> None:
    first = seed.conversation("a", product="sneaker")
    second = seed.conversation("b", product="desk")
    seed.conversation("c")
    seed.conversation("d", product="desk")
    review.add_tag(first, "urgent", STAFF)
    review.add_tag(second, "urgent", STAFF)
    review.add_tag(second, "billing", STAFF)

    assert review.tags() == ("billing", "urgent")
    assert review.products() == ("desk", "sneaker")
