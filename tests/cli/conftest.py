"""Fixtures for the CLI: a stand-in Rasa REST channel (`isolated_env` is in tests/conftest.py).

The stand-in is a real HTTP server on a loopback port (the network is the boundary
the chat crosses, so that is where the fake sits), scripted per test.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest

from bot.runtime.stack import free_port
from tests.loopback import JsonHandler, Loopback


@dataclass
class FakeRasa(Loopback):
    """Answers POST /webhooks/rest/webhook with scripted replies, records what it got."""

    replies: list[tuple[int, bytes]] = field(default_factory=list)
    received: list[dict[str, Any]] = field(default_factory=list)

    def reply_json(self, payload: Any, status: int = 200) -> None:
        self.replies.append((status, json.dumps(payload).encode()))

    def reply_raw(self, body: bytes, status: int = 200) -> None:
        self.replies.append((status, body))

    def handler_class(self) -> type[JsonHandler]:
        fake = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                self._send_json(200, b"Hello from Rasa: 3.6.21")

            def do_POST(self) -> None:
                fake.received.append(self._read_json())
                status, body = fake.replies.pop(0) if fake.replies else (200, b"[]")
                self._send_json(status, body)

        return Handler


@pytest.fixture
def fake_rasa() -> Iterator[FakeRasa]:
    """A stand-in Rasa on a free port; not started, so tests can begin with it down."""
    fake = FakeRasa(port=free_port())
    yield fake
    fake.stop()
