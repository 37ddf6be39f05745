"""Stand-ins for the web app's neighbours, and a way to serve the app itself.

The Rasa server and the action server are separate processes in production, so tests
play them with small threaded HTTP servers on loopback; the app runs under real uvicorn
(lifespan included) so tests see exactly what a browser or a probe would.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import uvicorn
from fastapi import FastAPI

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
class StandIn:
    """A loopback HTTP server answering GETs with canned responses, recording each path."""

    responses: dict[str, Canned]
    requests: list[str] = field(default_factory=list)
    port: int = 0


@contextmanager
def serve_stand_in(responses: dict[str, Canned]) -> Iterator[StandIn]:
    """Run a StandIn on a free loopback port until the block exits."""
    stand_in = StandIn(responses=responses)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            stand_in.requests.append(self.path)
            canned = stand_in.responses.get(self.path.split("?")[0], Canned(status=404))
            time.sleep(canned.delay_seconds)
            payload = (
                canned.body if isinstance(canned.body, bytes) else json.dumps(canned.body).encode()
            )
            self.send_response(canned.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    stand_in.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield stand_in
    finally:
        server.shutdown()
        server.server_close()


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
