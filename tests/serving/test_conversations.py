"""Rasa's REST channel and tracker API, against a stand-in on a real port."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from bot.serving.conversations import ConversationError, RasaConversations
from tests.serving.conversation_stand_in import (
    TOKEN,
    StandInConversations,
    running_conversations,
    slot,
)


def greeter(message: str, slots: dict[str, object]) -> tuple[list[dict], list[dict]]:
    return [slot("greeted", True)], [{"text": f"you said {message}"}, {"custom": {"type": "x"}}]


@pytest.fixture
def stand_in() -> Iterator[StandInConversations]:
    with running_conversations(greeter) as running:
        yield running


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient() as http:
        yield http


async def test_a_message_and_the_tracker_after_it(
    stand_in: StandInConversations, client: httpx.AsyncClient
) -> None:
    rasa = RasaConversations(stand_in.url + "/", TOKEN, client)
    replies = await rasa.say("a b/c", "hi")
    assert [r.get("text") for r in replies] == ["you said hi", None]
    tracker = await rasa.tracker("a b/c")
    assert tracker["slots"] == {"greeted": True}
    assert [e["event"] for e in tracker["events"]] == ["user", "slot", "action"]
    assert ("GET", "/conversations/a%20b%2Fc/tracker") in stand_in.requests


async def test_events_are_replaced_outright(
    stand_in: StandInConversations, client: httpx.AsyncClient
) -> None:
    rasa = RasaConversations(stand_in.url, TOKEN, client)
    await rasa.say("someone", "hi")
    await rasa.replace_events("someone", [slot("colour", "red")])
    assert (await rasa.tracker("someone"))["slots"] == {"colour": "red"}


async def test_a_wrong_token_is_refused_and_never_shown(
    stand_in: StandInConversations, client: httpx.AsyncClient
) -> None:
    rasa = RasaConversations(stand_in.url, "wrong-secret", client)
    with pytest.raises(ConversationError, match="refused the API token") as error:
        await rasa.tracker("x")
    assert "wrong-secret" not in str(error.value)


def test_no_token_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        RasaConversations("http://127.0.0.1:1", "", httpx.AsyncClient())


@pytest.mark.parametrize(
    ("broken", "problem"),
    [
        ((500, {"reason": "ConversationError", "message": "Traceback..."}),
         r"HTTP 500 \(ConversationError\)"),
        ((500, {"reason": "x" * 500}), r"HTTP 500 \(its log"),
        ((502, b"<html>bad gateway</html>"), "HTTP 502"),
        ((200, b"not json"), "not JSON"),
        ((200, {"a": "mapping"}), "answered a message with a JSON dict"),
        ((200, [1, 2]), "answered a message with a JSON list"),
    ],
)  # fmt: skip
async def test_broken_answers_to_a_message(
    stand_in: StandInConversations, client: httpx.AsyncClient, broken: tuple, problem: str
) -> None:
    stand_in.broken = broken
    with pytest.raises(ConversationError, match=problem) as error:
        await RasaConversations(stand_in.url, TOKEN, client).say("x", "hi")
    assert "Traceback" not in str(error.value) and len(str(error.value)) < 300


@pytest.mark.parametrize("body", [[], {"slots": [], "events": []}, {"slots": {}}])
async def test_a_tracker_that_is_no_tracker(
    stand_in: StandInConversations, client: httpx.AsyncClient, body: object
) -> None:
    stand_in.broken = (200, body)  # type: ignore[assignment]
    with pytest.raises(ConversationError, match="answered a tracker with"):
        await RasaConversations(stand_in.url, TOKEN, client).tracker("x")


async def test_no_server_and_a_slow_server(
    stand_in: StandInConversations, client: httpx.AsyncClient
) -> None:
    url = stand_in.url
    stand_in.stop()
    with pytest.raises(ConversationError, match="no Rasa server answers"):
        await RasaConversations(url, TOKEN, client).say("x", "hi")
    with running_conversations() as slow:
        slow.delay = 0.5
        with pytest.raises(ConversationError, match=r"within 0\.1 s"):
            await RasaConversations(slow.url, TOKEN, client, timeout=0.1).say("x", "hi")
