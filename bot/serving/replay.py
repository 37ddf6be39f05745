"""Conversations driven to a question of the design form, then copied for each message.

Driving a conversation to the cable-tray question takes eight turns; copying its
events into a fresh conversation takes one request. So each question is reached once,
answered with button payloads (understood exactly, whatever the model), and every
message under test is said in a fresh copy of that conversation (Rasa's
`PUT .../tracker/events`), a few at a time. The copies' time stamps are moved to now:
Rasa starts a new session, which ends the form, when the last message is older than
the session expiry, and a long evaluation outlasts it.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.catalog.model import AttributeType
from bot.catalog.numbers import format_number
from bot.dialogue import payloads
from bot.dialogue.state import ASKED_PRODUCT, ASKED_QUANTITY
from bot.evaluation.questions import Answer, Question
from bot.evaluation.turns import Observed
from bot.serving.conversations import ConversationError, RasaConversations
from bot.storage.rasa_events import ASKED_ATTRIBUTE_SLOT, ATTRIBUTE_QUESTION, REQUESTED_SLOT

OPENING = "hello"
"""The first message: a greeting starts the design form, which asks for the consent."""

IN_FLIGHT = 4
"""Turns sent at once: enough to keep Rasa and the action server busy on two cores."""

Progress = Callable[[int, int], None]
"""Told (done, total) as turns complete."""


@dataclass(frozen=True)
class Snapshot:
    """A conversation stopped at a question: what to copy, and how it looked there."""

    question: Question
    events: tuple[dict[str, Any], ...]
    slots: Mapping[str, object]
    asked: str
    """The question as the bot worded it (its last message)."""


def opening_messages(question: Question) -> list[str]:
    """What the customer says to reach `question`.

    A greeting, yes to the transcript, the product's button, then each answer before it.
    """
    messages = [OPENING, payloads.yes()]
    if question.product is not None:
        messages.append(payloads.choose_product(question.product.id))
        messages += [_message(answer) for answer in question.answers]
    return messages


async def reach(conversations: RasaConversations, question: Question) -> Snapshot:
    """Hold a conversation up to `question`; ConversationError if it ends up elsewhere."""
    sender = _new_sender()
    replies: list[dict[str, Any]] = []
    for message in opening_messages(question):
        replies = await conversations.say(sender, message)
    tracker = await conversations.tracker(sender)
    texts = _texts(replies)
    if not _asking(tracker["slots"], question) or not texts:
        said = " / ".join(texts) or "nothing"
        raise ConversationError(
            f"the conversation to the {question.name} question ended elsewhere; "
            f"the bot said: {said[:300]}"
        )
    return Snapshot(question, tuple(tracker["events"]), tracker["slots"], texts[-1])


async def replay(conversations: RasaConversations, snapshot: Snapshot, message: str) -> Observed:
    """Say `message` in a fresh copy of the snapshot's conversation."""
    sender = _new_sender()
    await conversations.replace_events(sender, rebased(snapshot.events, time.time()))
    replies = await conversations.say(sender, message)
    tracker = await conversations.tracker(sender)
    return Observed(message, tracker["slots"], latest_actions(tracker["events"]), _texts(replies))


async def replay_all(
    conversations: RasaConversations,
    turns: Sequence[tuple[Snapshot, str]],
    progress: Progress,
    in_flight: int = IN_FLIGHT,
) -> list[Observed]:
    """`replay` for each (snapshot, message), `in_flight` at a time, in the given order."""
    gate = asyncio.Semaphore(in_flight)
    done = 0

    async def one(snapshot: Snapshot, message: str) -> Observed:
        nonlocal done
        async with gate:
            observed = await replay(conversations, snapshot, message)
        done += 1
        progress(done, len(turns))
        return observed

    return list(await asyncio.gather(*(one(snapshot, message) for snapshot, message in turns)))


def rebased(events: Sequence[dict[str, Any]], now: float) -> list[dict[str, Any]]:
    """`events` with their time stamps moved so that the last is `now`, gaps kept."""
    stamps = [e["timestamp"] for e in events if isinstance(e.get("timestamp"), (int, float))]
    shift = now - max(stamps) if stamps else 0.0
    return [
        {**event, "timestamp": event["timestamp"] + shift}
        if isinstance(event.get("timestamp"), (int, float))
        else dict(event)
        for event in events
    ]


def latest_actions(events: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    """The actions run since the customer's last message, without `action_listen`."""
    starts = [index for index, event in enumerate(events) if event.get("event") == "user"]
    since = events[starts[-1] + 1 :] if starts else events
    return tuple(
        str(event.get("name"))
        for event in since
        if event.get("event") == "action" and event.get("name") != "action_listen"
    )


def _asking(slots: Mapping[str, object], question: Question) -> bool:
    """Whether the design form's slots say it has just asked `question`."""
    requested = slots.get(REQUESTED_SLOT)
    if question.product is None:
        return requested == ASKED_PRODUCT
    if question.attribute is None:
        return requested == ASKED_QUANTITY
    return (
        requested == ATTRIBUTE_QUESTION and slots.get(ASKED_ATTRIBUTE_SLOT) == question.attribute.id
    )


def _message(answer: Answer) -> str:
    """The message answering an attribute: its button's payload, or the typed value."""
    attribute, value = answer.attribute, answer.value
    if value is None:
        return payloads.no()
    if attribute.type is AttributeType.CHOICE:
        return payloads.choose_option(attribute.id, str(value))
    if attribute.type is AttributeType.YES_NO:
        return payloads.yes() if value else payloads.no()
    if attribute.type is AttributeType.NUMBER and not isinstance(value, (bool, str)):
        return format_number(value)
    return str(value)


def _texts(replies: Sequence[dict[str, Any]]) -> tuple[str, ...]:
    return tuple(m["text"] for m in replies if isinstance(m.get("text"), str) and m["text"])


def _new_sender() -> str:
    return f"evaluation-{uuid.uuid4().hex}"
