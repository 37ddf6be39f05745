"""Driving a conversation to a question and saying messages in copies of it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import httpx
import pytest

from bot.evaluation.questions import QuestionKind, product_question, questions_by_kind
from bot.serving.conversations import ConversationError, RasaConversations
from bot.serving.replay import (
    latest_actions,
    opening_messages,
    reach,
    rebased,
    replay,
    replay_all,
)
from tests.demo_catalog import CATALOG
from tests.serving.conversation_stand_in import (
    TOKEN,
    StandInConversations,
    action,
    running_conversations,
    slot,
)

QUESTIONS = questions_by_kind(CATALOG)
SIZE = "What shoe size would you like? Choose a shoe size from 36 to 47 EU."


def form_bot(message: str, slots: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Just enough of the design form: consent, product, the size question."""
    if message == "hello":
        return [action("utter_greet"), slot("requested_slot", "transcript_consent")], [
            {"text": "Hi!"}, {"text": "May we keep a transcript?"}]  # fmt: skip
    if message == "/affirm":
        return [slot("transcript_consent", True), slot("requested_slot", "product")], [
            {"text": "Thank you!"}, {"text": "What would you like to design?"}]  # fmt: skip
    if message.startswith("/design_product"):
        return [slot("product", "sneaker"), slot("requested_slot", "design_complete"),
                slot("asked_attribute", "size")], [{"text": SIZE}]  # fmt: skip
    if message == "a desk instead":
        return [slot("product", "desk")], [{"text": "Desk it is."}]
    replies = [{"text": "I can't help with that."}, {"text": SIZE}, {"custom": {"type": "design"}}]
    return [action("utter_out_of_scope"), action("design_form")], replies


@pytest.fixture
def stand_in() -> Iterator[StandInConversations]:
    with running_conversations(form_bot) as running:
        yield running


@pytest.fixture
async def rasa(stand_in: StandInConversations) -> AsyncIterator[RasaConversations]:
    async with httpx.AsyncClient() as client:
        yield RasaConversations(stand_in.url, TOKEN, client)


def test_the_opening_is_consent_product_then_each_answer_by_button_or_typed() -> None:
    assert opening_messages(product_question()) == ["hello", "/affirm"]
    assert opening_messages(QUESTIONS[QuestionKind.QUANTITY]) == [
        "hello", "/affirm", '/design_product{"product":"sneaker"}', "36",
        '/inform{"attribute":"material","option":"canvas"}',
        '/inform{"attribute":"color","option":"white"}',
        '/inform{"attribute":"sole","option":"white"}',
        '/inform{"attribute":"laces","option":"white"}',
        "/deny",  # no monogram
    ]  # fmt: skip
    assert opening_messages(QUESTIONS[QuestionKind.YES_NO])[3:5] == ["100", "60"]


async def test_reaching_a_question_keeps_its_events_slots_and_wording(
    rasa: RasaConversations,
) -> None:
    snapshot = await reach(rasa, QUESTIONS[QuestionKind.NUMBER])
    assert snapshot.asked == SIZE
    assert snapshot.slots["product"] == "sneaker"
    assert [e["text"] for e in snapshot.events if e["event"] == "user"] == [
        "hello", "/affirm", '/design_product{"product":"sneaker"}']  # fmt: skip
    start = await reach(rasa, product_question())
    assert start.asked == "What would you like to design?"


async def test_a_conversation_that_ends_elsewhere_is_an_error(rasa: RasaConversations) -> None:
    with pytest.raises(ConversationError, match="sneaker material question ended elsewhere"):
        await reach(rasa, QUESTIONS[QuestionKind.CHOICE])


async def test_a_message_in_a_copy_of_the_conversation(
    stand_in: StandInConversations, rasa: RasaConversations
) -> None:
    snapshot = await reach(rasa, QUESTIONS[QuestionKind.NUMBER])
    observed = await replay(rasa, snapshot, "what's the weather")
    assert observed.actions == ("utter_out_of_scope", "design_form")
    assert observed.texts == ("I can't help with that.", SIZE)
    assert observed.slots["product"] == "sneaker"
    assert len(stand_in.trackers) == 2  # the original and the copy
    switched = await replay(rasa, snapshot, "a desk instead")
    assert (switched.slots["product"], switched.actions) == ("desk", ())


async def test_many_messages_a_few_at_a_time_in_order(
    stand_in: StandInConversations, rasa: RasaConversations
) -> None:
    snapshot = await reach(rasa, QUESTIONS[QuestionKind.NUMBER])
    stand_in.delay = 0.05
    progress: list[tuple[int, int]] = []
    messages = [f"off topic {n}" for n in range(9)]
    seen = await replay_all(
        rasa,
        [(snapshot, m) for m in messages],
        lambda done, total: progress.append((done, total)),
        in_flight=3,
    )
    assert [observed.message for observed in seen] == messages
    assert progress[-1] == (9, 9) and len(progress) == 9
    assert 1 < stand_in.busiest <= 3


def test_time_stamps_move_to_now_keeping_their_gaps() -> None:
    events = [
        {"event": "user", "timestamp": 100.0},
        {"event": "x"},
        {"event": "bot", "timestamp": 160.5},
    ]
    assert rebased(events, 1000.0) == [
        {"event": "user", "timestamp": 939.5},
        {"event": "x"},
        {"event": "bot", "timestamp": 1000.0},
    ]
    assert events[0]["timestamp"] == 100.0
    assert rebased([{"event": "x"}], 5.0) == [{"event": "x"}]


def test_the_actions_of_the_latest_turn() -> None:
    events = [
        {"event": "user", "text": "a"}, {"event": "action", "name": "old"},
        {"event": "user", "text": "b"}, {"event": "action", "name": "utter_out_of_scope"},
        {"event": "slot", "name": "x"}, {"event": "action", "name": "action_listen"},
    ]  # fmt: skip
    assert latest_actions(events) == ("utter_out_of_scope",)
    assert latest_actions([{"event": "action", "name": "a"}]) == ("a",)
