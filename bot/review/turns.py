"""A transcript as turns: what the customer said, and everything the bot did about it.

Staff read a conversation turn by turn to see where the bot misunderstood, so each turn
holds the customer's message with what the bot saw in it (intent, confidence,
entities), the bot's replies (with their buttons) and the slots set meanwhile. Messages
are read defensively: entities and buttons are stored as the channel sent them, and an
odd one is shown as well as possible rather than failing the page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from bot.review.records import TranscriptMessage

USER = "user"


@dataclass(frozen=True)
class NamedValue:
    """A label and a value, as a turn shows them.

    Entities the bot extracted (the entity's name, the value it took from the message)
    and slots it set during the turn (the slot's name, its new value; None: cleared)
    read alike, so they are one type.
    """

    name: str
    value: Any

    @property
    def text(self) -> str:
        """The value as the page shows it."""
        return value_text(self.value)


@dataclass(frozen=True)
class Button:
    """A button the bot offered: what the customer saw and what pressing it sends."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One message of the bot."""

    message: TranscriptMessage
    buttons: tuple[Button, ...]


@dataclass(frozen=True)
class Turn:
    """The customer's message and what followed it until they spoke again.

    `customer` is None for the bot's opening messages, said before the customer said
    anything. `slot_changes` lists every slot set during the turn, in order, repeats
    included: a value set and then corrected shows both steps.
    """

    customer: TranscriptMessage | None
    entities: tuple[NamedValue, ...]
    replies: tuple[Reply, ...]
    slot_changes: tuple[NamedValue, ...]

    @property
    def model_id(self) -> str | None:
        """The Rasa model that handled the turn, if a message of it names one.

        The model that understood the customer's message also chose the replies, unless
        the model was switched in between; the customer's message names it first.
        """
        said = [] if self.customer is None else [self.customer]
        said += [reply.message for reply in self.replies]
        return next((message.model_id for message in said if message.model_id), None)


def value_text(value: Any) -> str:
    """A slot or entity value for reading: text as it is, anything else as JSON."""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, default=str)


def group_turns(messages: Iterable[TranscriptMessage]) -> tuple[Turn, ...]:
    """Split `messages` (in order) into turns, one per customer message."""
    groups: list[list[TranscriptMessage]] = []
    for message in messages:
        if message.sender == USER or not groups:
            groups.append([])
        groups[-1].append(message)
    return tuple(_turn(group) for group in groups)


def _turn(group: list[TranscriptMessage]) -> Turn:
    customer = group[0] if group[0].sender == USER else None
    bot_messages = group[1:] if customer is not None else group
    return Turn(
        customer=customer,
        entities=() if customer is None else _entities(customer.entities),
        replies=tuple(Reply(message, _buttons(message.buttons)) for message in bot_messages),
        slot_changes=tuple(
            NamedValue(str(name), value)
            for message in group
            if isinstance(message.slot_changes, Mapping)
            for name, value in message.slot_changes.items()
        ),
    )


def _entities(raw: list[Any]) -> tuple[NamedValue, ...]:
    return tuple(
        NamedValue(str(item.get("entity", "?")), item.get("value"))
        for item in raw
        if isinstance(item, Mapping)
    )


def _buttons(raw: list[Any]) -> tuple[Button, ...]:
    return tuple(
        Button(
            title=str(item.get("title") or item.get("payload") or ""),
            payload=str(item.get("payload") or ""),
        )
        for item in raw
        if isinstance(item, Mapping)
    )
