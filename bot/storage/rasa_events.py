"""What one Rasa event, as Rasa's event brokers publish it, means for the conversation log.

Kept apart from the SQL so the knowledge of Rasa's event format (`UserUttered.as_dict()`,
`BotUttered.as_dict()`, ...) lives in one place and can be read without the database.
Only the parts the log needs are read; everything else in an event is ignored, and so
are event types that do not change the log (actions, forms, reminders, ...). One event
can mean several things: a `requested_slot` event is a slot change of the latest turn,
the question the bot asked, and perhaps the moment the summary was shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

PRODUCT_SLOT = "product"
CONSENT_SLOT = "transcript_consent"
REQUESTED_SLOT = "requested_slot"
ASKED_ATTRIBUTE_SLOT = "asked_attribute"
ATTRIBUTE_QUESTION = "design_complete"
"""The design form's requested slot while it asks attributes; `asked_attribute` names
which one, so that slot, not this one, says where the customer is."""
SUMMARY_QUESTION = "confirmed"


@dataclass(frozen=True)
class SessionStart:
    """A Rasa session started: the customer begins a new conversation."""

    at: datetime


@dataclass(frozen=True)
class Utterance:
    """Something the customer or the bot said.

    `model_id` names the Rasa model that understood (customer) or chose (bot) it: Rasa
    stamps every event it logs with its model's id (`metadata.model_id`).
    """

    sender: Literal["user", "bot"]
    at: datetime
    text: str | None
    intent: str | None
    confidence: float | None
    entities: list[Any]
    buttons: list[Any]
    custom: Any
    model_id: str | None


@dataclass(frozen=True)
class ProductChosen:
    """The customer chose a product (the `product` slot was set to a value)."""

    at: datetime
    product: Any


@dataclass(frozen=True)
class ConsentAnswered:
    """The customer answered the transcript question (False: keep no transcript)."""

    at: datetime
    consent: bool


@dataclass(frozen=True)
class QuestionAsked:
    """The bot asked a question: a slot name ("product", "quantity", ...) or an attribute id."""

    at: datetime
    question: str


@dataclass(frozen=True)
class SummaryShown:
    """The bot showed the priced summary and asked for confirmation."""

    at: datetime


@dataclass(frozen=True)
class SlotChanged:
    """A slot was set (to any value, None included) during the latest turn."""

    at: datetime
    name: str
    value: Any


Interpretation = (
    SessionStart
    | Utterance
    | ProductChosen
    | ConsentAnswered
    | QuestionAsked
    | SummaryShown
    | SlotChanged
)


def interpret(event: Mapping[str, Any]) -> tuple[Interpretation, ...]:
    """What `event` means for the log, in the order to apply it; empty if nothing.

    Raises `ValueError` for a timestamp that is not a finite epoch within datetime's range.
    """
    match event.get("event"):
        case "session_started":
            return (SessionStart(at=_event_time(event)),)
        case "user":
            parse_data = _mapping(event.get("parse_data"))
            intent = _mapping(parse_data.get("intent"))
            user = Utterance(
                sender="user",
                at=_event_time(event),
                text=_string(event.get("text")),
                intent=_string(intent.get("name")),
                confidence=_number(intent.get("confidence")),
                entities=_list(parse_data.get("entities")),
                buttons=[],
                custom=None,
                model_id=_model_id(event),
            )
            return (user,)
        case "bot":
            data = _mapping(event.get("data"))
            bot = Utterance(
                sender="bot",
                at=_event_time(event),
                text=_string(event.get("text")),
                intent=None,
                confidence=None,
                entities=[],
                buttons=_list(data.get("buttons")),
                custom=data.get("custom"),
                model_id=_model_id(event),
            )
            return (bot,)
        case "slot" if isinstance(event.get("name"), str):
            return _slot_meanings(event["name"], event.get("value"), _event_time(event))
        case _:
            return ()


def _slot_meanings(name: str, value: Any, at: datetime) -> tuple[Interpretation, ...]:
    """Every slot event is a change of the latest turn; some slots also say more.

    The change comes first, so it is noted with the turn before anything it causes
    (a refused transcript deletes the turn) happens.
    """
    meanings: list[Interpretation] = [SlotChanged(at=at, name=name, value=value)]
    if name == PRODUCT_SLOT and value is not None:
        # A reset (after a saved spec, or "start over") is no choice: the
        # conversation keeps the product the customer last chose.
        meanings.append(ProductChosen(at=at, product=value))
    elif name == CONSENT_SLOT and isinstance(value, bool):
        meanings.append(ConsentAnswered(at=at, consent=value))
    elif name == REQUESTED_SLOT and isinstance(value, str) and value != ATTRIBUTE_QUESTION:
        meanings.append(QuestionAsked(at=at, question=value))
        if value == SUMMARY_QUESTION:
            meanings.append(SummaryShown(at=at))
    elif name == ASKED_ATTRIBUTE_SLOT and isinstance(value, str):
        meanings.append(QuestionAsked(at=at, question=value))
    return tuple(meanings)


def _event_time(event: Mapping[str, Any]) -> datetime:
    """The event's `timestamp` (float seconds since the epoch) as an aware UTC datetime.

    Rasa always sets it; an event built by hand without one is taken to happen now.
    """
    raw = event.get("timestamp")
    if raw is None:
        return datetime.now(timezone.utc)
    seconds = _number(raw)
    if seconds is None:
        raise ValueError(f"event timestamp must be a finite number of seconds, got {raw!r:.80}")
    try:
        return datetime.fromtimestamp(seconds, tz=timezone.utc)
    except (OverflowError, OSError, ValueError) as error:
        raise ValueError(f"event timestamp {seconds!r} is out of range") from error


def _model_id(event: Mapping[str, Any]) -> str | None:
    return _string(_mapping(event.get("metadata")).get("model_id"))


# Hand-written or damaged events may carry None, or junk, where Rasa puts a value of a
# known type; the readers below turn that into "absent" instead of storing it.


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    try:
        number = float(value)
    except OverflowError:  # an int beyond float's range
        return None
    return number if math.isfinite(number) else None
