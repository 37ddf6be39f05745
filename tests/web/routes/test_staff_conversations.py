"""The console's conversation pages: list, filters, transcript, annotations, export, erase."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from datetime import datetime, timezone

import httpx
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.storage.schema import conversation_notes, conversation_tags, conversations, messages
from tests.review.seed import DAY, Seeder, at, bot, user
from tests.serving.archives import write_model

from ..staff_fixtures import LoggedIn
from ..staff_support import ADMIN_EMAIL, SUPPORT_EMAIL

SCRIPT = "<script>alert(1)</script>"
LIST = "/staff/conversations"


@pytest.fixture
def desk(seed: Seeder) -> int:
    """A completed, handed-over desk conversation with everything the transcript shows."""
    return seed.conversation(
        "customer-1",
        started=DAY,
        said=[
            bot("Hi! What shall we make?", buttons=[{"title": "A desk", "payload": "/desk"}]),
            user(
                "a walnut desk",
                intent="design_product",
                confidence=0.31,
                entities=[{"entity": "option", "value": "walnut"}],
                slot_changes={"product": "desk", "top": "walnut"},
            ),
            bot("How wide?"),
            user("120 cm", intent="inform", confidence=0.97),
        ],
        product="desk",
        spec_id="SpecId_0123456789abcd",
        ratings=[4],
        min_confidence=0.31,
        handed_over_at=at(DAY + 30),
        contact="ana@example.com",
        consent=True,
    )


def rows(page: httpx.Response) -> list[int]:
    assert page.status_code == 200, page.text
    return [int(found) for found in re.findall(r'data-conversation="(\d+)"', page.text)]


def count(engine: Engine, table: object, **where: object) -> int:
    query = select(func.count()).select_from(table)
    for name, value in where.items():
        query = query.where(getattr(table.c, name) == value)  # type: ignore[attr-defined]
    with engine.connect() as connection:
        return connection.execute(query).scalar_one()


# --- access -----------------------------------------------------------------------------


ROUTES = [
    ("GET", LIST),
    ("GET", f"{LIST}/export.csv"),
    ("GET", f"{LIST}/export.json"),
    ("GET", f"{LIST}/1"),
    ("POST", f"{LIST}/1/tags"),
    ("POST", f"{LIST}/1/tags/remove"),
    ("POST", f"{LIST}/1/notes"),
    ("POST", f"{LIST}/1/reviewed"),
    ("GET", f"{LIST}/1/erase"),
    ("POST", f"{LIST}/1/erase"),
]


def test_anonymous_requests_are_sent_to_the_login(
    client: httpx.Client, desk: int, engine: Engine
) -> None:
    for method, path in ROUTES:
        response = client.request(method, path, data={"tag": "x", "body": "x", "reviewed": "yes"})

        assert response.status_code == 303, (method, path)
        assert response.headers["location"].startswith("/staff/login?next="), path
    assert count(engine, conversations) == 1
    assert count(engine, conversation_tags) == count(engine, conversation_notes) == 0


def test_forms_without_the_csrf_token_are_refused(
    staff_client: LoggedIn, desk: int, engine: Engine
) -> None:
    for path in ("tags", "tags/remove", "notes", "reviewed"):
        for token in (None, "", "wrong", "x" * 10_000):
            data = {"tag": "urgent", "body": "note", "reviewed": "yes"}
            if token is not None:
                data["csrf_token"] = token

            response = staff_client.client.post(f"{LIST}/{desk}/{path}", data=data)

            assert response.status_code == 403, (path, token)
            assert "did not come from the console" in response.text
    assert count(engine, conversation_tags) == count(engine, conversation_notes) == 0
    assert count(engine, conversations, reviewed_by=SUPPORT_EMAIL) == 0


def test_support_staff_cannot_erase(staff_client: LoggedIn, desk: int, engine: Engine) -> None:
    page = staff_client.client.get(f"{LIST}/{desk}")
    confirm = staff_client.client.get(f"{LIST}/{desk}/erase")
    erase = staff_client.client.post(
        f"{LIST}/{desk}/erase", data={"csrf_token": staff_client.csrf_token}
    )

    assert "Erase this conversation" not in page.text
    assert (confirm.status_code, erase.status_code) == (403, 403)
    assert count(engine, conversations) == 1


def test_admins_erase_after_confirming(
    admin_client: LoggedIn, desk: int, engine: Engine, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.web.routes.staff_conversations")
    page = admin_client.client.get(f"{LIST}/{desk}")
    confirm = admin_client.client.get(f"{LIST}/{desk}/erase")

    assert f'href="{LIST}/{desk}/erase"' in page.text
    assert confirm.status_code == 200
    assert "customer-1" in confirm.text and "Erase for good" in confirm.text
    assert count(engine, conversations) == 1  # looking is not erasing

    erased = admin_client.client.post(
        f"{LIST}/{desk}/erase", data={"csrf_token": admin_client.csrf_token}
    )

    assert erased.status_code == 303
    assert erased.headers["location"] == f"{LIST}?notice=erased"
    assert (
        "The conversation was erased." in admin_client.client.get(erased.headers["location"]).text
    )
    assert count(engine, conversations) == count(engine, messages) == 0
    assert admin_client.client.get(f"{LIST}/{desk}").status_code == 404
    assert f"conversation {desk} erased by {ADMIN_EMAIL}" in caplog.text


def test_erase_needs_the_csrf_token_and_an_existing_conversation(
    admin_client: LoggedIn, desk: int, engine: Engine
) -> None:
    refused = admin_client.client.post(f"{LIST}/{desk}/erase", data={"csrf_token": "nope"})
    unknown = admin_client.client.post(
        f"{LIST}/{desk + 1}/erase", data={"csrf_token": admin_client.csrf_token}
    )

    assert (refused.status_code, unknown.status_code) == (403, 404)
    assert count(engine, conversations) == 1


# --- the list ---------------------------------------------------------------------------


def test_the_list_shows_each_conversation(staff_client: LoggedIn, seed: Seeder, desk: int) -> None:
    plain = seed.conversation("customer-2", started=0, said=[user("hello")])

    page = staff_client.client.get(LIST)

    assert rows(page) == [desk, plain]
    assert "2 conversations" in page.text
    assert f'href="{LIST}/{desk}"' in page.text
    assert "<td>Standing desk</td>" in page.text
    assert page.text.count("data-low-confidence") == 1
    assert "handed to staff" in page.text
    assert "a walnut desk" in page.text  # the preview
    assert page.headers["cache-control"] == "no-store"
    assert "script-src" not in page.headers["content-security-policy"]


def test_an_empty_list(staff_client: LoggedIn) -> None:
    page = staff_client.client.get(LIST)

    assert rows(page) == []
    assert "0 conversations" in page.text
    assert "No conversation matches this filter." in page.text


def test_customer_text_is_shown_as_text_in_the_list(staff_client: LoggedIn, seed: Seeder) -> None:
    seed.conversation(f"sender {SCRIPT}", said=[user(SCRIPT)])

    page = staff_client.client.get(LIST)

    assert SCRIPT not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text


@pytest.fixture
def varied(seed: Seeder, engine: Engine) -> dict[str, int]:
    """Conversations differing in one respect each, a day apart (oldest first)."""
    return {
        "sneaker": seed.conversation(
            "a", started=0, said=[user("red sole please")], product="sneaker", ratings=[5]
        ),
        "abandoned": seed.conversation(
            "b", started=DAY, said=[user("hmm")], product="desk", status="abandoned"
        ),
        "low": seed.conversation(
            "c", started=2 * DAY, said=[user("50% off?")], product="desk", min_confidence=0.2
        ),
        "handed": seed.conversation(
            "d", started=3 * DAY, said=[user("a person")], ratings=[1], handed_over_at=at(3 * DAY)
        ),
    }


def tag_and_review(staff: LoggedIn, conversation: int, tag: str) -> None:
    token = staff.csrf_token
    assert (
        staff.client.post(
            f"{LIST}/{conversation}/tags", data={"csrf_token": token, "tag": tag}
        ).status_code
        == 303
    )
    assert (
        staff.client.post(
            f"{LIST}/{conversation}/reviewed", data={"csrf_token": token, "reviewed": "yes"}
        ).status_code
        == 303
    )


FILTER_CASES = [
    ("product=desk", ["low", "abandoned"]),
    ("product=mug", []),
    ("status=abandoned", ["abandoned"]),
    ("status=handed_over", ["handed"]),
    ("status=completed", ["handed", "sneaker"]),
    ("rating=5", ["sneaker"]),
    ("rating=1-2", ["handed"]),
    ("rating=unrated", ["low", "abandoned"]),
    ("low_confidence=yes", ["low"]),
    ("low_confidence=no", ["handed", "abandoned", "sneaker"]),
    ("q=RED+SOLE", ["sneaker"]),
    ("q=50%25", ["low"]),
    ("q=%25", ["low"]),
    ("q=_", []),
    ("q=nothing+like+this", []),
    ("from=2023-11-15&to=2023-11-16", ["low", "abandoned"]),
    ("to=2023-11-14", ["sneaker"]),
    ("sort=rating&order=asc", ["handed", "sneaker", "low", "abandoned"]),
    ("sort=started&order=asc", ["sneaker", "abandoned", "low", "handed"]),
    ("product=desk&status=active", ["low"]),
    ("product=&status=&rating=&tag=&reviewed=&low_confidence=&q=&from=&to=", None),
    ("unknown=ignored", None),
]


def test_filters(staff_client: LoggedIn, varied: dict[str, int]) -> None:
    everything = ["handed", "low", "abandoned", "sneaker"]
    for query, expected in FILTER_CASES:
        page = staff_client.client.get(f"{LIST}?{query}")

        wanted = [varied[key] for key in (everything if expected is None else expected)]
        assert rows(page) == wanted, query


def test_tag_and_reviewed_filters(staff_client: LoggedIn, varied: dict[str, int]) -> None:
    tag_and_review(staff_client, varied["low"], "Needs Follow-up")

    assert rows(staff_client.client.get(f"{LIST}?tag=needs+follow-up")) == [varied["low"]]
    assert rows(staff_client.client.get(f"{LIST}?tag=NEEDS++FOLLOW-UP")) == [varied["low"]]
    assert rows(staff_client.client.get(f"{LIST}?tag=other")) == []
    assert rows(staff_client.client.get(f"{LIST}?reviewed=yes")) == [varied["low"]]
    assert varied["low"] not in rows(staff_client.client.get(f"{LIST}?reviewed=no"))
    assert '<option value="needs follow-up">' in staff_client.client.get(LIST).text


def test_paging_links_keep_the_filter(staff_client: LoggedIn, seed: Seeder) -> None:
    created = [seed.conversation(f"s{n}", started=n, product="desk") for n in range(5)]
    seed.conversation("other", started=9, product="sneaker")

    first = staff_client.client.get(f"{LIST}?product=desk&page_size=2")
    next_url = re.search(r'href="([^"]+)" rel="next"', first.text)
    assert next_url is not None
    second = staff_client.client.get(next_url.group(1).replace("&amp;", "&"))
    last = staff_client.client.get(f"{LIST}?product=desk&page_size=2&page=3")

    assert rows(first) == [created[4], created[3]]
    assert rows(second) == [created[2], created[1]]
    assert rows(last) == [created[0]]
    assert "Page 3 of 3" in last.text
    assert 'rel="next"' not in last.text
    assert rows(staff_client.client.get(f"{LIST}?product=desk&page=99")) == []


def test_sort_headers_flip_the_order_and_keep_the_filter(
    staff_client: LoggedIn, varied: dict[str, int]
) -> None:
    page = staff_client.client.get(f"{LIST}?product=desk&sort=rating")

    assert f'<th aria-sort="none"><a href="{LIST}?product=desk">Started</a></th>' in page.text
    assert 'aria-sort="descending"' in page.text
    assert f'href="{LIST}?product=desk&amp;sort=rating&amp;order=asc"' in page.text


def test_export_links_carry_the_filter(staff_client: LoggedIn, varied: dict[str, int]) -> None:
    page = staff_client.client.get(f"{LIST}?status=completed&q=red")

    assert f'href="{LIST}/export.csv?status=completed&amp;q=red"' in page.text
    assert f'href="{LIST}/export.json?status=completed&amp;q=red"' in page.text


BAD_FILTERS = [
    ("from=2024-13-01", "not a date in the calendar"),
    ("from=yesterday", "YYYY-MM-DD"),
    ("to=%00", "YYYY-MM-DD"),
    ("from=2024-05-02&to=2024-05-01", "start date must not be after the end date"),
    ("status=closed", "status must be one of"),
    ("status=active&status=abandoned", "Give status once"),
    ("rating=9", "from 1 to 5"),
    ("rating=5-1", "lowest rating must not be above"),
    ("rating=good", "rating from 1 to 5"),
    ("tag=%3Cscript%3E", "tag may only hold"),
    ("tag=" + "x" * 65, "at most 64"),
    ("reviewed=maybe", "yes or no"),
    ("low_confidence=1", "yes or no"),
    ("q=" + "x" * 201, "at most 200"),
    ("product=" + "p" * 201, "at most 200"),
    ("sort=sender_id", "sort field must be one of"),
    ("sort=started;DROP+TABLE+conversations", "sort field must be one of"),
    ("order=sideways", "asc or desc"),
    ("page=0", "page must be from 1"),
    ("page=-1", "whole number"),
    ("page=abc", "whole number"),
    ("page=" + "9" * 30, "whole number"),
    ("page=9223372036854775807", "page must be from 1"),
    ("page_size=0", "page_size must be from 1 to 200"),
    ("page_size=201", "page_size must be from 1 to 200"),
    ("page_size=1.5", "whole number"),
]


def test_bad_filters_show_the_form_again_with_the_reason(
    staff_client: LoggedIn, varied: dict[str, int], engine: Engine
) -> None:
    for query, message in BAD_FILTERS:
        page = staff_client.client.get(f"{LIST}?{query}")

        assert page.status_code == 400, query
        assert message in page.text, query
        assert "data-filter-error" in page.text
        assert 'data-conversation="' not in page.text
    assert count(engine, conversations) == 4


def test_a_refused_filter_keeps_what_was_typed(staff_client: LoggedIn) -> None:
    page = staff_client.client.get(f"{LIST}?q={SCRIPT}&rating=9")

    assert page.status_code == 400
    assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in page.text
    assert SCRIPT not in page.text


HOSTILE_FILTERS = [
    f"q={SCRIPT}",
    "q='%20OR%201=1%20--",
    "q=%00",
    "product=%00",
    "product=desk%00",
    "q=%C3%BC%C3%B1%C3%AF",
    "q=%E2%80%AE",
    "tag=%C3%BC",
    "from=0001-01-01&to=9999-12-31",
]


def test_hostile_but_readable_filters_are_answered(
    staff_client: LoggedIn, varied: dict[str, int]
) -> None:
    for query in HOSTILE_FILTERS:
        page = staff_client.client.get(f"{LIST}?{query}")

        assert page.status_code == 200, query
        assert SCRIPT not in page.text


# --- the transcript -----------------------------------------------------------------------


def test_the_transcript_shows_what_the_bot_saw(staff_client: LoggedIn, desk: int) -> None:
    page = staff_client.client.get(f"{LIST}/{desk}")

    assert page.status_code == 200
    text = page.text
    assert text.count("data-turn") == 3
    assert "intent <code>design_product</code>" in text
    assert "confidence 0.31" in text and "confidence 0.97" in text
    assert text.count("data-low-confidence") == 1
    assert "<code>option</code>=walnut" in text
    assert "<code>product</code> → desk" in text and "<code>top</code> → walnut" in text
    assert "A desk" in text and 'title="/desk"' in text
    assert "How wide?" in text
    assert 'href="/specs/SpecId_0123456789abcd"' in text
    assert "Total" in text and "Lead time" in text
    assert "4 / 5" in text and "rated 4" in text
    assert "ana@example.com" in text
    assert "customer agreed to keep it" in text
    assert "not reviewed yet" in text


def test_without_consent_there_is_no_transcript(staff_client: LoggedIn, seed: Seeder) -> None:
    declined = seed.conversation("private", consent=False, ratings=[5])

    page = staff_client.client.get(f"{LIST}/{declined}")

    assert page.status_code == 200
    assert "customer declined a transcript" in page.text
    assert "data-declined" in page.text
    assert "data-turn" not in page.text
    assert "5 / 5" in page.text


def test_customer_text_is_shown_as_text_in_the_transcript(
    staff_client: LoggedIn, seed: Seeder
) -> None:
    hostile = seed.conversation(
        SCRIPT,
        said=[
            user(
                SCRIPT, entities=[{"entity": SCRIPT, "value": SCRIPT}], slot_changes={"x": SCRIPT}
            ),
            bot(SCRIPT, buttons=[{"title": SCRIPT, "payload": f'"{SCRIPT}'}]),
        ],
    )

    page = staff_client.client.get(f"{LIST}/{hostile}")

    assert page.status_code == 200
    assert SCRIPT not in page.text
    assert page.text.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 6
    assert "script-src" not in page.headers["content-security-policy"]


MALFORMED_IDS = [
    "999",
    "0",
    "-1",
    "abc",
    "1.0",
    "01",
    "9" * 30,
    "9223372036854775808",
    "1%00",
    "%3Cscript%3E",
]


def test_unknown_or_malformed_ids_are_not_found(staff_client: LoggedIn, desk: int) -> None:
    token = staff_client.csrf_token
    for conversation_id in MALFORMED_IDS:
        page = staff_client.client.get(f"{LIST}/{conversation_id}")
        assert page.status_code == 404, conversation_id
        assert "no such conversation" in page.text
        assert staff_client.client.get(f"{LIST}/{conversation_id}/erase").status_code == 403
        for path, data in [
            ("tags", {"tag": "x"}),
            ("tags/remove", {"tag": "x"}),
            ("notes", {"body": "x"}),
            ("reviewed", {"reviewed": "yes"}),
        ]:
            response = staff_client.client.post(
                f"{LIST}/{conversation_id}/{path}", data={"csrf_token": token, **data}
            )
            assert response.status_code == 404, (conversation_id, path)


def test_unknown_ids_are_not_found_for_admins(admin_client: LoggedIn, desk: int) -> None:
    token = admin_client.csrf_token
    for conversation_id in MALFORMED_IDS:
        confirm = admin_client.client.get(f"{LIST}/{conversation_id}/erase")
        erase = admin_client.client.post(
            f"{LIST}/{conversation_id}/erase", data={"csrf_token": token}
        )
        assert (confirm.status_code, erase.status_code) == (404, 404), conversation_id


# --- tags, notes, review -----------------------------------------------------------------


def test_tagging_and_untagging(staff_client: LoggedIn, desk: int, engine: Engine) -> None:
    token = staff_client.csrf_token
    added = staff_client.client.post(
        f"{LIST}/{desk}/tags", data={"csrf_token": token, "tag": "  Size Issue "}
    )
    page = staff_client.client.get(added.headers["location"])
    removed = staff_client.client.post(
        f"{LIST}/{desk}/tags/remove", data={"csrf_token": token, "tag": "size issue"}
    )

    assert added.status_code == 303
    assert added.headers["location"] == f"{LIST}/{desk}?notice=tagged"
    assert "The tag was added." in page.text
    assert '<span class="badge" data-tag>size issue</span>' in page.text
    assert removed.status_code == 303
    assert count(engine, conversation_tags) == 0


def test_tags_can_be_sent_with_the_csrf_header(
    staff_client: LoggedIn, desk: int, engine: Engine
) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/tags",
        data={"tag": "urgent"},
        headers={"X-CSRF-Token": staff_client.csrf_token},
    )

    assert response.status_code == 303
    assert count(engine, conversation_tags, tagged_by=SUPPORT_EMAIL) == 1


@pytest.mark.parametrize(
    ("tag", "message"),
    [
        ("", "A tag cannot be empty."),
        ("   ", "A tag cannot be empty."),
        ("x" * 65, "at most 64 characters"),
        (SCRIPT, "only hold letters"),
        ("a\x00b", "only hold letters"),
    ],
)
def test_refused_tags_are_shown_back_with_the_reason(
    staff_client: LoggedIn, desk: int, engine: Engine, tag: str, message: str
) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/tags", data={"csrf_token": staff_client.csrf_token, "tag": tag}
    )

    assert response.status_code == 400
    assert message in response.text
    assert SCRIPT not in response.text
    assert count(engine, conversation_tags) == 0
    if tag == SCRIPT:
        assert 'value="&lt;script&gt;alert(1)&lt;/script&gt;"' in response.text


def test_a_tag_field_missing_from_the_form_is_refused(
    staff_client: LoggedIn, desk: int, engine: Engine
) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/tags", data={"csrf_token": staff_client.csrf_token}
    )

    assert response.status_code == 400
    assert count(engine, conversation_tags) == 0


def test_removing_a_refused_tag_says_why(staff_client: LoggedIn, desk: int) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/tags/remove", data={"csrf_token": staff_client.csrf_token, "tag": ""}
    )

    assert response.status_code == 400
    assert "A tag cannot be empty." in response.text


def test_notes_are_kept_with_author_and_shown_as_text(
    staff_client: LoggedIn, desk: int, engine: Engine
) -> None:
    body = f"Customer wanted {SCRIPT}\nsecond line"
    response = staff_client.client.post(
        f"{LIST}/{desk}/notes", data={"csrf_token": staff_client.csrf_token, "body": body}
    )
    page = staff_client.client.get(response.headers["location"])

    assert response.status_code == 303
    assert "The note was saved." in page.text
    assert SUPPORT_EMAIL in page.text
    assert "Customer wanted &lt;script&gt;alert(1)&lt;/script&gt;\nsecond line" in page.text
    assert SCRIPT not in page.text
    assert count(engine, conversation_notes, author=SUPPORT_EMAIL) == 1


@pytest.mark.parametrize(
    ("body", "message"),
    [("", "A note cannot be empty."), (" \n ", "A note cannot be empty."), ("y" * 5001, "5000")],
)
def test_refused_notes_keep_what_was_typed(
    staff_client: LoggedIn, desk: int, engine: Engine, body: str, message: str
) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/notes", data={"csrf_token": staff_client.csrf_token, "body": body}
    )

    assert response.status_code == 400
    assert message in response.text
    assert f">{body}</textarea>" in response.text
    assert count(engine, conversation_notes) == 0


def test_a_huge_form_is_refused_unread(staff_client: LoggedIn, desk: int, engine: Engine) -> None:
    response = staff_client.client.post(
        f"{LIST}/{desk}/notes",
        data={"csrf_token": staff_client.csrf_token, "body": "z" * (2 * 1024 * 1024)},
    )

    assert response.status_code == 413
    assert count(engine, conversation_notes) == 0


def test_marking_reviewed_and_back(staff_client: LoggedIn, desk: int) -> None:
    token = staff_client.csrf_token
    marked = staff_client.client.post(
        f"{LIST}/{desk}/reviewed", data={"csrf_token": token, "reviewed": "yes"}
    )
    page = staff_client.client.get(marked.headers["location"])
    cleared = staff_client.client.post(
        f"{LIST}/{desk}/reviewed", data={"csrf_token": token, "reviewed": "no"}
    )
    after = staff_client.client.get(cleared.headers["location"])

    assert (marked.status_code, cleared.status_code) == (303, 303)
    assert f"by {SUPPORT_EMAIL}" in page.text
    assert 'name="reviewed" value="no"' in page.text
    assert "not reviewed yet" in after.text
    assert "The review mark was removed." in after.text


def test_the_review_form_must_say_yes_or_no(
    staff_client: LoggedIn, desk: int, engine: Engine
) -> None:
    for answer in ("", "maybe", "YES", "1", SCRIPT):
        response = staff_client.client.post(
            f"{LIST}/{desk}/reviewed",
            data={"csrf_token": staff_client.csrf_token, "reviewed": answer},
        )

        assert response.status_code == 400, answer
        assert "whether it was reviewed: yes or no" in response.text
    assert count(engine, conversations, reviewed_by=SUPPORT_EMAIL) == 0


def test_notices_come_from_a_fixed_list(staff_client: LoggedIn, desk: int) -> None:
    page = staff_client.client.get(f"{LIST}/{desk}?notice={SCRIPT}")

    assert page.status_code == 200
    assert 'role="status"' not in page.text


# --- export -------------------------------------------------------------------------------


def test_csv_export_of_the_filtered_list(
    staff_client: LoggedIn, varied: dict[str, int], seed: Seeder
) -> None:
    formula = seed.conversation('=HYPERLINK("http://evil")', started=9 * DAY, product="desk")

    response = staff_client.client.get(f"{LIST}/export.csv?product=desk&page_size=1")

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = response.headers["content-disposition"]
    assert disposition.startswith('attachment; filename="conversations-')
    assert disposition.endswith('.csv"')
    assert response.headers["cache-control"] == "no-store"
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [int(row["id"]) for row in table] == [formula, varied["low"], varied["abandoned"]]
    assert table[0]["sender_id"] == '\'=HYPERLINK("http://evil")'
    assert table[1]["first_message"] == "50% off?"


def test_json_export_of_the_filtered_list(staff_client: LoggedIn, varied: dict[str, int]) -> None:
    tag_and_review(staff_client, varied["sneaker"], "vip")

    response = staff_client.client.get(f"{LIST}/export.json?tag=vip")

    assert response.status_code == 200
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"].endswith('.json"')
    document = json.loads(response.text)
    assert document["count"] == 1
    [row] = document["conversations"]
    assert (row["id"], row["tags"], row["rating"]) == (varied["sneaker"], ["vip"], 5)
    assert row["reviewed_by"] == SUPPORT_EMAIL


def test_exports_of_nothing(staff_client: LoggedIn) -> None:
    csv_text = staff_client.client.get(f"{LIST}/export.csv").text
    json_text = staff_client.client.get(f"{LIST}/export.json").text

    assert csv_text.splitlines()[0].startswith("id,sender_id,product,status")
    assert len(csv_text.splitlines()) == 1
    assert json.loads(json_text) == {"count": 0, "conversations": []}


@pytest.mark.parametrize("extension", ["csv", "json"])
@pytest.mark.parametrize(
    "query", ["rating=0", "from=2024-02-30", "status=x&status=y", f"tag={SCRIPT}"]
)
def test_exports_refuse_bad_filters(staff_client: LoggedIn, extension: str, query: str) -> None:
    response = staff_client.client.get(f"{LIST}/export.{extension}?{query}")

    assert response.status_code == 400
    assert response.headers["content-type"].startswith("text/html")
    assert "content-disposition" not in response.headers
    assert SCRIPT not in response.text


def test_admins_see_the_same_pages(admin_client: LoggedIn, desk: int) -> None:
    assert rows(admin_client.client.get(LIST)) == [desk]
    assert ADMIN_EMAIL in admin_client.client.get(f"{LIST}/{desk}").text


def test_the_transcript_names_the_models_that_served_it(
    staff_client: LoggedIn, seed: Seeder, engine: Engine, settings: Settings
) -> None:
    conversation = seed.conversation(
        "customer-models", said=[user("a desk", confidence=0.9), user("oak", confidence=0.9)]
    )
    first, second = "f" * 32, "e" * 32
    with engine.begin() as connection:
        for position, model_id in [(0, first), (1, second)]:
            connection.execute(
                update(messages)
                .where(messages.c.conversation_id == conversation, messages.c.position == position)
                .values(model_id=model_id)
            )
    write_model(
        settings.project_dir / "models" / "20261123-100000-first.tar.gz",
        first,
        datetime(2026, 11, 23, 10, tzinfo=timezone.utc),
    )

    page = staff_client.client.get(f"{LIST}/{conversation}").text

    served = page[page.index("data-models") :].split("</dd>")[0]
    assert "<code>20261123-100000-first</code>, then" in served
    assert f'<code title="{second}">{second[:12]}</code>' in served
    assert "no longer in models/" in served
