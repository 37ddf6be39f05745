from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from bot.review.filters import MAX_PAGE_SIZE, ConversationFilter
from bot.storage.repository import Store
from bot.storage.review import ReviewStore

from ..staff_fixtures import LoggedIn

Headers = dict[str, str]


def _say(store: Store, sender_id: str, *texts: str, at: float = 1_700_000_000) -> None:
    store.record_event(sender_id, {"event": "session_started", "timestamp": at})
    for offset, text in enumerate(texts):
        kind = "user" if offset % 2 == 0 else "bot"
        store.record_event(sender_id, {"event": kind, "timestamp": at + offset + 1, "text": text})


@pytest.fixture
def conversation(store: Store, spec: dict[str, Any]) -> str:
    sender_id = spec["conversation_id"]
    _say(store, sender_id, "I want sneakers", "Which size?", "42.5")
    store.save_specification(sender_id, spec)
    store.save_feedback(sender_id, 5, "Lovely", spec["spec_id"])
    return sender_id


def test_empty_list(client: httpx.Client, staff_headers: Headers) -> None:
    response = client.get("/api/conversations", headers=staff_headers)

    assert response.status_code == 200
    assert response.json() == {"conversations": [], "limit": 50, "offset": 0}


def test_list_shows_summaries(
    client: httpx.Client, staff_headers: Headers, conversation: str, spec: dict[str, Any]
) -> None:
    body = client.get("/api/conversations", headers=staff_headers).json()

    [summary] = body["conversations"]
    assert summary["sender_id"] == conversation
    assert summary["message_count"] == 3
    assert summary["spec_id"] == spec["spec_id"]
    assert summary["rating"] == 5
    assert summary["status"] == "completed"
    assert "messages" not in summary


def test_list_pages(client: httpx.Client, staff_headers: Headers, store: Store) -> None:
    for number in range(5):
        _say(store, f"sender-{number}", "hello", at=1_700_000_000 + 100 * number)

    response = client.get("/api/conversations?limit=2&offset=1", headers=staff_headers)

    body = response.json()
    assert (body["limit"], body["offset"]) == (2, 1)
    assert [c["sender_id"] for c in body["conversations"]] == ["sender-3", "sender-2"]


@pytest.mark.parametrize("query", ["limit=1", "limit=200", "offset=0", "offset=1000000"])
def test_list_accepts_bounds(client: httpx.Client, staff_headers: Headers, query: str) -> None:
    assert client.get(f"/api/conversations?{query}", headers=staff_headers).status_code == 200


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("limit=0", "limit"),
        ("limit=201", "limit"),
        ("limit=-1", "limit"),
        ("limit=abc", "limit"),
        ("limit=", "limit"),
        ("limit=1.5", "limit"),
        ("limit=" + "9" * 10_000, "limit"),
        ("offset=-1", "offset"),
        ("offset=" + "9" * 30, "offset"),
        ("offset=%3Cscript%3E", "offset"),
        ("offset=%C3%BC", "offset"),
    ],
)
def test_list_rejects_bad_paging(
    client: httpx.Client, staff_headers: Headers, query: str, field: str
) -> None:
    response = client.get(f"/api/conversations?{query}", headers=staff_headers)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", field]
    assert error["msg"]


def test_detail(
    client: httpx.Client, staff_headers: Headers, conversation: str, spec: dict[str, Any]
) -> None:
    response = client.get(f"/api/conversations/{conversation}", headers=staff_headers)

    assert response.status_code == 200
    body = response.json()
    assert body["sender_id"] == conversation
    assert [(m["sender"], m["text"]) for m in body["messages"]] == [
        ("user", "I want sneakers"),
        ("bot", "Which size?"),
        ("user", "42.5"),
    ]
    assert body["spec"] == spec
    assert body["feedback"] == {"rating": 5, "comment": "Lovely"}


def test_detail_of_a_sender_id_with_odd_characters(
    client: httpx.Client, staff_headers: Headers, store: Store
) -> None:
    sender_id = "whatsapp/+49 170 / Zoë <b>"
    _say(store, sender_id, "hi")

    response = client.get(
        f"/api/conversations/{httpx.URL(path=sender_id).raw_path.decode()}",
        headers=staff_headers,
    )

    assert response.status_code == 200
    assert response.json()["sender_id"] == sender_id


@pytest.mark.parametrize(
    "sender_id",
    [
        "",
        "unknown-sender",
        "x" * 10_000,
        "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "id%00with-nul",
        "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
        "'%20OR%20'1'='1",
        "%C3%BCn%C3%AFc%C3%B6d%C3%A9",
    ],
)
def test_detail_unknown_or_hostile_ids_are_not_found(
    client: httpx.Client, staff_headers: Headers, conversation: str, sender_id: str
) -> None:
    response = client.get(f"/api/conversations/{sender_id}", headers=staff_headers)

    assert response.status_code == 404
    assert response.json() == {"detail": "No such conversation."}


def test_list_takes_the_consoles_filters(
    client: httpx.Client, staff_headers: Headers, store: Store
) -> None:
    _say(store, "desk-fan", "a standing desk please", at=1_700_000_000)
    store.record_event(
        "desk-fan", {"event": "slot", "name": "product", "value": "desk", "timestamp": 1}
    )
    _say(store, "shoe-fan", "sneakers with a RED sole", at=1_700_000_100)
    _say(store, "quiet", "hello", at=1_700_000_200)

    def senders(query: str) -> list[str]:
        response = client.get(f"/api/conversations?{query}", headers=staff_headers)
        assert response.status_code == 200, response.text
        return [c["sender_id"] for c in response.json()["conversations"]]

    assert senders("product=desk") == ["desk-fan"]
    assert senders("q=red+sole") == ["shoe-fan"]
    assert senders("status=active&sort=started&order=asc") == ["desk-fan", "shoe-fan", "quiet"]
    assert senders("rating=unrated&limit=1&offset=1") == ["shoe-fan"]
    assert senders("from=2099-01-01") == []
    [summary] = client.get("/api/conversations?product=desk", headers=staff_headers).json()[
        "conversations"
    ]
    assert summary["tags"] == [] and summary["reviewed_at"] is None
    assert summary["first_message"] == "a standing desk please"


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("status=closed", "status"),
        ("rating=9", "rating"),
        ("from=tomorrow", "from"),
        ("q=" + "x" * 201, "q"),
        ("tag=%3Cscript%3E", "tag"),
        ("sort=sender_id", "sort"),
        ("order=sideways", "order"),
        ("reviewed=maybe", "reviewed"),
        ("status=active&status=completed", "status"),
        ("from=2024-05-02&to=2024-05-01", "query"),
    ],
)
def test_list_rejects_bad_filters(
    client: httpx.Client, staff_headers: Headers, query: str, parameter: str
) -> None:
    response = client.get(f"/api/conversations?{query}", headers=staff_headers)

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", parameter]
    assert error["msg"]


def test_filters_need_the_token_too(client: httpx.Client) -> None:
    assert client.get("/api/conversations?status=active").status_code == 401


def test_the_api_and_the_console_see_a_conversation_alike(
    client: httpx.Client,
    staff_headers: Headers,
    staff_client: LoggedIn,
    engine: Engine,
    store: Store,
    conversation: str,
) -> None:
    [row] = client.get("/api/conversations", headers=staff_headers).json()["conversations"]
    detail = client.get(f"/api/conversations/{conversation}", headers=staff_headers).json()

    # The detail is the list's row plus what was said, the spec and the feedback.
    assert {key: detail[key] for key in row} == row
    assert set(detail) - set(row) == {"messages", "spec", "feedback"}
    assert (row["sender_id"], row["message_count"], row["rating"]) == (conversation, 3, 5)
    # One read: the console's transcript (by id), its list, and Store all give the same.
    review = ReviewStore(engine)
    transcript = review.conversation(row["id"])
    assert transcript is not None and transcript == review.latest(conversation)
    assert transcript == store.get_conversation(conversation)
    assert json.loads(json.dumps(transcript.to_dict())) == detail
    assert review.list(ConversationFilter()).items == (transcript.summary,)
    assert store.list_conversations() == [transcript.summary]
    # And the console's pages show that conversation.
    page = staff_client.client.get(f"/staff/conversations/{row['id']}")
    assert page.status_code == 200 and conversation in page.text
    listed = staff_client.client.get("/staff/conversations")
    assert f"/staff/conversations/{row['id']}" in listed.text


def test_one_page_limit_for_the_api_the_console_and_the_stores(
    client: httpx.Client, staff_headers: Headers, staff_client: LoggedIn, store: Store
) -> None:
    def api(size: int) -> int:
        return client.get(f"/api/conversations?limit={size}", headers=staff_headers).status_code

    def console(size: int) -> int:
        return staff_client.client.get(f"/staff/conversations?page_size={size}").status_code

    assert (api(MAX_PAGE_SIZE), console(MAX_PAGE_SIZE)) == (200, 200)
    assert (api(MAX_PAGE_SIZE + 1), console(MAX_PAGE_SIZE + 1)) == (422, 400)
    assert store.list_conversations(limit=MAX_PAGE_SIZE) == []
    with pytest.raises(ValueError, match="limit"):
        store.list_conversations(limit=MAX_PAGE_SIZE + 1)
    with pytest.raises(ValueError, match="page size"):
        ConversationFilter(limit=MAX_PAGE_SIZE + 1)
