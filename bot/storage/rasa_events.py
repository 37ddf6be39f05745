"""What one Rasa event, as Rasa's event brokers publish it, means for the conversation log.

Kept apart from the SQL so the knowledge of Rasa's event format (`UserUttered.as_dict()`,
`BotUttered.as_dict()`, ...) lives in one place and can be read without the database.
Only the parts the log needs are read; everything else in an event is ignored, and so
are event types that do not change the log (actions, forms, reminders, ...).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Literal

PRODUCT_SLOT = "product"


@dataclass(frozen=True)
class SessionStart:
    """A Rasa session started: the customer begins a new conversation."""

    at: datetime


@dataclass(frozen=True)
class Utterance:
    """Something the customer or the bot said."""

    sender: Literal["user", "bot"]
    at: datetime
    text: str | None
    intent: str | None
    confidence: float | None
    entities: list[Any]
    buttons: list[Any]
    custom: Any


@dataclass(frozen=True)
class ProductChosen:
    """The customer chose a product (the `product` slot was set to a value)."""

    at: datetime
    product: Any


Interpretation = SessionStart | Utterance | ProductChosen


def interpret(event: Mapping[str, Any]) -> Interpretation | None:
    """What `event` means for the log, or None if it changes nothing there.

    Raises `ValueError` for a timestamp that is not a finite epoch within datetime's range.
    """
    match event.get("event"):
        case "session_started":
            return SessionStart(at=_event_time(event))
        case "user":
            parse_data = _mapping(event.get("parse_data"))
            intent = _mapping(parse_data.get("intent"))
            return Utterance(
                sender="user",
                at=_event_time(event),
                text=_string(event.get("text")),
                intent=_string(intent.get("name")),
                confidence=_number(intent.get("confidence")),
                entities=_list(parse_data.get("entities")),
                buttons=[],
                custom=None,
            )
        case "bot":
            data = _mapping(event.get("data"))
            return Utterance(
                sender="bot",
                at=_event_time(event),
                text=_string(event.get("text")),
                intent=None,
                confidence=None,
                entities=[],
                buttons=_list(data.get("buttons")),
                custom=data.get("custom"),
            )
        case "slot" if event.get("name") == PRODUCT_SLOT and event.get("value") is not None:
            # A reset (after a saved spec, or "start over") is no choice: the
            # conversation keeps the product the customer last chose.
            return ProductChosen(at=_event_time(event), product=event["value"])
        case _:
            return None


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
