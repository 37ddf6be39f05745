"""A stand-in for the Rasa server's conversations, on a real loopback port.

Rasa is the external system here; a real one needs a trained model and most of a
minute, so the unit tests of `bot.serving.conversations` and `bot.serving.replay`
talk to this, and `make evaluate` to the real one. It answers like Rasa 3.6: the REST
channel (`POST /webhooks/rest/webhook`, no token) logs the message as a `user` event,
the events and replies `bot` gives for it, then `action_listen`; `GET
/conversations/{id}/tracker` and `PUT .../tracker/events` want `?token=` (401
otherwise) and read and replace a conversation's events, slots folded from its `slot`
events. `broken` makes every answer that status and body instead.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from tests.loopback import JsonHandler, Loopback, running

TOKEN = "stand-in-token"
REST = "/webhooks/rest/webhook"

Event = dict[str, Any]
Bot = Callable[[str, dict[str, Any]], tuple[list[Event], list[dict[str, Any]]]]
"""(message, slots before) -> (events after the user event, reply messages)."""


def silent_bot(message: str, slots: dict[str, Any]) -> tuple[list[Event], list[dict[str, Any]]]:
    """Runs no action and says nothing."""
    return [], []


@dataclass
class StandInConversations(Loopback):
    """Holds conversations in memory; `bot` decides what each message does."""

    token: str = TOKEN
    bot: Bot = silent_bot
    broken: tuple[int, bytes] | None = None
    trackers: dict[str, list[Event]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    busiest: int = 0
    """The most webhook requests it was answering at once."""
    delay: float = 0.0
    """Seconds each webhook request takes, to let requests overlap."""
    _busy: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def handler_class(self) -> type[JsonHandler]:
        stand_in = self

        class Handler(JsonHandler):
            def do_POST(self) -> None:
                if self._refused():
                    return
                if urlsplit(self.path).path != REST:
                    self._send_json(404, {"reason": "NotFound"})
                    return
                body = self._read_json()
                with stand_in._lock:
                    stand_in._busy += 1
                    stand_in.busiest = max(stand_in.busiest, stand_in._busy)
                time.sleep(stand_in.delay)
                with stand_in._lock:
                    stand_in._busy -= 1
                    events = stand_in.trackers.setdefault(body["sender"], [])
                    slots = _slots(events)
                    said, replies = stand_in.bot(body["message"], slots)
                    events += [_event("user", text=body["message"]), *said,
                               _event("action", name="action_listen")]  # fmt: skip
                self._send_json(200, [{"recipient_id": body["sender"], **r} for r in replies])

            def do_GET(self) -> None:
                if self._refused(auth=True):
                    return
                events = stand_in.trackers.get(self._sender(), [])
                self._send_json(200, {"sender_id": self._sender(), "slots": _slots(events),
                                      "events": events})  # fmt: skip

            def do_PUT(self) -> None:
                if self._refused(auth=True):
                    return
                stand_in.trackers[self._sender()] = list(self._read_json())
                self._send_json(200, {"sender_id": self._sender()})

            def _send_json(self, status: int, payload: Any) -> None:
                # The client may have given up waiting, as the timeout test wants.
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    super()._send_json(status, payload)

            def _sender(self) -> str:
                return unquote(urlsplit(self.path).path.split("/")[2])

            def _refused(self, *, auth: bool = False) -> bool:
                parts = urlsplit(self.path)
                stand_in.requests.append((self.command, parts.path))
                if stand_in.broken is not None:
                    status, body = stand_in.broken
                    self._send_json(status, body)
                    return True
                if auth and parse_qs(parts.query).get("token") != [stand_in.token]:
                    self._send_json(401, {"reason": "NotAuthenticated", "message": "no"})
                    return True
                return False

        return Handler


def slot(name: str, value: object) -> Event:
    """A `slot` event as Rasa logs it."""
    return _event("slot", name=name, value=value)


def action(name: str) -> Event:
    """An `action` event as Rasa logs it."""
    return _event("action", name=name)


def _event(kind: str, **fields: Any) -> Event:
    return {"event": kind, "timestamp": time.time(), **fields}


def _slots(events: list[Event]) -> dict[str, Any]:
    slots: dict[str, Any] = {}
    for event in events:
        if event.get("event") == "slot":
            slots[event["name"]] = event["value"]
    return slots


def running_conversations(bot: Bot = silent_bot) -> AbstractContextManager[StandInConversations]:
    """A started stand-in playing `bot`, stopped afterwards."""
    return running(StandInConversations(bot=bot))
