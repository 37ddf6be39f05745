"""Stand-ins for the web app's neighbours, and two ways to run the app itself.

The Rasa server and the action server are separate processes in production, so tests
play them with small threaded HTTP servers on loopback. The app is built by `build_app`
(a cheap password hasher, else as in production) and runs either in this process
(`run_app`: lifespan included, each request an ASGI call, no socket), which is what
route tests use, or under real uvicorn on loopback (`serve_app`), for the tests that
need what only a real server does: raw request lines, X-Forwarded-Proto from a trusted
proxy (uvicorn applies it), failing startup, a browser.
Both yield an `AppClient`; `another_client` opens a second browser on the same app.
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
from anyio.abc import BlockingPortal
from anyio.from_thread import start_blocking_portal
from fastapi import FastAPI

from bot.settings import Settings
from bot.web.app import create_app
from tests.cheap_passwords import CHEAP_PASSWORDS
from tests.loopback import JsonHandler, Loopback, running

STAFF_TOKEN = "staff-token-for-tests"
RASA_TOKEN = "rasa-secret-for-tests"
SHOP_NAME = "Atelier <Test> & Co"
IN_PROCESS_URL = "http://testserver"
"""The base URL of an app run by `run_app`: no such host, so nothing can reach it by socket."""


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


def build_app(settings: Settings) -> FastAPI:
    """The app for `settings`, hashing staff passwords cheaply (see tests/cheap_passwords.py)."""
    return create_app(settings, passwords=CHEAP_PASSWORDS)


class AppClient(httpx.Client):
    """An httpx client of one running app, whether requests reach it in process or by socket."""

    def __init__(self, *, transport: httpx.BaseTransport | None = None, **kwargs: Any) -> None:
        super().__init__(transport=transport, **kwargs)
        # How requests reach the app (None: over the network), for `another_client`.
        self.app_transport = transport


def another_client(client: httpx.Client, **kwargs: Any) -> AppClient:
    """A new client of the app behind `client`, with cookies of its own: another browser.

    Close it (or use it as a context manager); the app keeps running.
    """
    transport = client.app_transport if isinstance(client, AppClient) else None
    kwargs.setdefault("timeout", client.timeout)
    return AppClient(base_url=client.base_url, transport=transport, **kwargs)


class _InProcess(httpx.BaseTransport):
    """Hands each request to the app as one ASGI call on the event loop its lifespan runs on."""

    def __init__(self, app: FastAPI, portal: BlockingPortal) -> None:
        # An error in a route raises here, with its traceback, instead of a bare 500.
        self._asgi = httpx.ASGITransport(app=app)
        self._portal = portal

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()  # the body as bytes, which the async transport can send too
        return self._portal.call(self._handle, request)

    async def _handle(self, request: httpx.Request) -> httpx.Response:
        response = await self._asgi.handle_async_request(request)
        # Raw bytes: the client decodes any Content-Encoding itself, as over a socket.
        body = b"".join([part async for part in response.aiter_raw()])
        return httpx.Response(
            response.status_code,
            headers=response.headers,
            stream=httpx.ByteStream(body),
            extensions=response.extensions,
        )

    def close(self) -> None:
        """Nothing to close: clients come and go, the app stops when `run_app` ends."""


@contextmanager
def run_app(app: FastAPI) -> Iterator[AppClient]:
    """Run `app` in this process, lifespan included, and yield a client that calls it.

    No socket and no server: requests are ASGI calls on one event loop in a thread, the
    loop the lifespan started on, so the app's startup state and background work are
    those of production. The lifespan's shutdown runs when the block exits, also when
    the block failed (as uvicorn shuts down whatever its clients did).
    """
    with start_blocking_portal() as portal:
        lifespan = portal.wrap_async_context_manager(app.router.lifespan_context(app))
        lifespan.__enter__()
        try:
            with AppClient(base_url=IN_PROCESS_URL, transport=_InProcess(app, portal)) as client:
                yield client
        finally:
            lifespan.__exit__(None, None, None)


@contextmanager
def serve_app(app: FastAPI) -> Iterator[AppClient]:
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
        with AppClient(base_url=f"http://127.0.0.1:{port}", timeout=10) as client:
            yield client
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
