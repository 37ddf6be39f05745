"""The plumbing shared by the tests' stand-ins for external HTTP services.

Rasa and the action server are separate processes in production, so tests play them
with small threaded HTTP servers on loopback: the network is the boundary the app
crosses, so that is where a fake belongs. Each stand-in keeps only its own behaviour
(what it answers, what it records); serving, JSON replies and quiet logs live here once.
"""

from __future__ import annotations

import json
import selectors
import socket
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, TypeVar


class JsonHandler(BaseHTTPRequestHandler):
    """A request handler that answers JSON and keeps the test output quiet."""

    def _read_json(self) -> Any:
        """The request's JSON body (None when it has none)."""
        length = int(self.headers.get("Content-Length", "0"))
        return json.loads(self.rfile.read(length) or b"null")

    def _send_json(self, status: int, payload: Any) -> None:
        """Answer `payload` as JSON; bytes go out as they are, to play a broken server."""
        body = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@dataclass
class Loopback(ABC):
    """A stand-in served on 127.0.0.1 by a daemon thread, from `start()` until `stop()`.

    `port` 0 takes a free one when started; a fixed port lets a test know the address of
    a server that is not up yet. The port stays known after `stop()`, so tests can check
    how their code copes with a server that went away.
    """

    port: int = 0
    _serving: _Serving | None = field(default=None, init=False, repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @abstractmethod
    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        """The handler answering requests; it sees this stand-in through a closure."""

    def start(self) -> None:
        server = ThreadingHTTPServer(("127.0.0.1", self.port), self.handler_class())
        self.port = server.server_address[1]
        self._serving = _Serving(server)

    def stop(self) -> None:
        if self._serving is not None:
            self._serving.stop()
            self._serving = None


class _Serving:
    """A server answering on a daemon thread, each connection on a thread of its own.

    Not `serve_forever`: it notices a stop only at its next poll, up to a poll interval
    later, and tests start and stop stand-ins by the thousand. This loop waits on the
    server's socket and on a wake-up socket at once, so `stop` returns straight away.
    """

    def __init__(self, server: ThreadingHTTPServer) -> None:
        self._server = server
        self._woken, self._wake = socket.socketpair()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        with selectors.DefaultSelector() as selector:
            selector.register(self._server, selectors.EVENT_READ)
            selector.register(self._woken, selectors.EVENT_READ)
            while all(key.fileobj is not self._woken for key, _ in selector.select()):
                self._server.handle_request()

    def stop(self) -> None:
        """Stop accepting connections and close the port (answers under way may finish)."""
        self._wake.send(b"\0")
        self._thread.join()
        for end in (self._wake, self._woken):
            end.close()
        self._server.server_close()


LoopbackT = TypeVar("LoopbackT", bound=Loopback)


@contextmanager
def running(stand_in: LoopbackT) -> Iterator[LoopbackT]:
    """`stand_in`, started for the block and stopped however the block ends."""
    stand_in.start()
    try:
        yield stand_in
    finally:
        stand_in.stop()
