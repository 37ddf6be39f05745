"""Stand-ins for the web app's neighbours, and a way to serve the app itself.

The Rasa server and the action server are separate processes in production, so tests
play them with small threaded HTTP servers on loopback; the app runs under real uvicorn
(lifespan included) so tests see exactly what a browser or a probe would.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager, suppress
from dataclasses import dataclass, field
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

from tests.loopback import JsonHandler, Loopback, running

STAFF_TOKEN = "staff-token-for-tests"
RASA_TOKEN = "rasa-secret-for-tests"
SHOP_NAME = "Atelier <Test> & Co"


@dataclass(frozen=True)
class Canned:
    """What a stand-in answers on one path."""

    status: int = 200
    body: Any = field(default_factory=dict)
    delay_seconds: float = 0.0


@dataclass
class StandIn(Loopback):
    """A loopback HTTP server answering GETs with canned responses, recording each path."""

    responses: dict[str, Canned] = field(default_factory=dict)
    requests: list[str] = field(default_factory=list)

    def handler_class(self) -> type[JsonHandler]:
        stand_in = self

        class Handler(JsonHandler):
            def do_GET(self) -> None:
                stand_in.requests.append(self.path)
                canned = stand_in.responses.get(self.path.split("?")[0], Canned(status=404))
                time.sleep(canned.delay_seconds)
                self._send_json(canned.status, canned.body)

        return Handler


def serve_stand_in(responses: dict[str, Canned]) -> AbstractContextManager[StandIn]:
    """Run a StandIn on a free loopback port until the block exits."""
    return running(StandIn(responses=responses))


@contextmanager
def closed_port() -> Iterator[int]:
    """A loopback port that refuses connections: bound (so nobody else takes it), not listening."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@contextmanager
def serve_app(app: FastAPI) -> Iterator[httpx.Client]:
    """Serve `app` with uvicorn (lifespan included) and yield a client pointed at it."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # ws="none": uvicorn's websocket support does not import with the websockets Rasa pins.
    config = uvicorn.Config(app, lifespan="on", ws="none", log_level="warning")
    server = uvicorn.Server(config)

    def run() -> None:
        # uvicorn exits when startup fails; the wait below turns that into an error.
        with suppress(SystemExit):
            server.run(sockets=[sock])

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RuntimeError("the web app did not start")
        time.sleep(0.01)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
