"""Asking the running Rasa server which model it serves, and switching it to another.

Through Rasa's own HTTP API (`rasa run --enable-api --auth-token ...`), so the switch
needs no restart. How Rasa 3.6 swaps (`load_model` in rasa/server.py, PUT /model):
it builds a complete new agent from the archive while `app.ctx.agent` still points at
the old one, then replaces that reference in a single assignment; a model that fails
to load never replaces the old agent (Rasa answers 400 or 500 and keeps serving). The
loading itself is synchronous on Rasa's event loop, though: for the seconds up to a
minute it takes, Rasa answers nothing and new requests wait in the socket backlog,
to be answered by the new model right after the swap; requests already in flight
finish on the agent they started with. So no conversation fails or loses a message,
but replies are late by the loading time (21 s for our 18 MB model on a 2-core
machine, in tests/e2e/test_model_switch.py), and clients need timeouts above it.

The API token travels as Rasa wants it, in the query string (`?token=`). It is never
put into an error message or a repr; note that httpx logs request URLs at INFO level,
so the `httpx` logger must stay above INFO wherever the token is secret (the default).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

DEFAULT_TIMEOUT = 180.0
"""Loading a model takes Rasa up to a minute on a small machine; it answers nothing meanwhile."""

MAX_RASA_MESSAGE = 300
"""Rasa's error text is quoted in ours, clipped: it can hold a whole traceback line."""


class ModelSwitchError(Exception):
    """The Rasa server could not be asked, refused, or failed to switch models."""


@dataclass(frozen=True)
class ServedModel:
    """What the Rasa server says it serves."""

    model_file: str
    """The archive's file name (Rasa reports no folder)."""
    model_id: str | None


class RasaServer:
    """The Rasa HTTP API at `url`, authenticated with `token`, over `client`."""

    def __init__(
        self, url: str, token: str, client: httpx.Client, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        if not token:
            raise ValueError("the Rasa HTTP API needs its token (RASA_API_TOKEN)")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._client = client

    def __repr__(self) -> str:
        return f"RasaServer({self.url!r})"

    def status(self) -> ServedModel:
        """The model the server serves now (GET /status)."""
        response = self._request("GET", "/status", "ask the Rasa server which model it serves")
        if response.status_code == 409:
            raise self._error(f"the Rasa server at {self.url} has no model loaded")
        self._raise_for_status(response, "answered /status with")
        try:
            body = response.json()
        except ValueError:
            body = None
        model_file = body.get("model_file") if isinstance(body, dict) else None
        if not isinstance(model_file, str) or not model_file:
            raise self._error(f"the Rasa server at {self.url} answered /status without a model")
        model_id = body.get("model_id") if isinstance(body, dict) else None
        return ServedModel(model_file, model_id if isinstance(model_id, str) else None)

    def activate(self, path: Path) -> ServedModel:
        """Make the server load and serve the model archive at `path`; what it serves then.

        Returns once Rasa has swapped (it answers PUT /model only then) and /status
        confirms the new file. `path` must be readable by the Rasa server's process;
        it is sent absolute because Rasa would resolve it against its own folder.
        """
        name = path.name
        response = self._request(
            "PUT",
            "/model",
            f"switch the Rasa server to {name}",
            json={"model_file": str(path.resolve())},
        )
        if response.status_code in (400, 500):
            raise self._error(
                f"the Rasa server could not load {name} and keeps serving its current model: "
                f"{_rasa_message(response)}"
            )
        self._raise_for_status(response, f"answered the switch to {name} with")
        served = self.status()
        if served.model_file != name:
            raise self._error(
                f"the Rasa server accepted {name} but serves {served.model_file}; "
                "did another switch happen at the same time?"
            )
        return served

    def _request(
        self, method: str, route: str, purpose: str, json: object | None = None
    ) -> httpx.Response:
        try:
            return self._client.request(
                method,
                f"{self.url}{route}",
                params={"token": self._token},
                json=json,
                timeout=self.timeout,
            )
        except httpx.TimeoutException:
            raise self._error(
                f"could not {purpose}: no answer from {self.url} within {self.timeout:g} s "
                "(a switch may still complete; check with `tailor models list`)"
            ) from None
        except httpx.HTTPError as error:
            raise self._error(
                f"could not {purpose}: no Rasa server answers at {self.url} "
                f"({type(error).__name__}); is `tailor run` running?"
            ) from None

    def _raise_for_status(self, response: httpx.Response, doing: str) -> None:
        if response.status_code in (401, 403):
            raise self._error(
                f"the Rasa server at {self.url} refused the API token: RASA_API_TOKEN must "
                "be the token the server was started with (set it in .env before `tailor run`)"
            )
        if not response.is_success:
            raise self._error(
                f"the Rasa server at {self.url} {doing} HTTP {response.status_code}: "
                f"{_rasa_message(response)}"
            )

    def _error(self, message: str) -> ModelSwitchError:
        """The error for `message`, with the token blanked should any text have echoed it."""
        return ModelSwitchError(message.replace(self._token, "***"))


@contextmanager
def connect(url: str, token: str, *, timeout: float = DEFAULT_TIMEOUT) -> Iterator[RasaServer]:
    """A `RasaServer` over its own HTTP client, closed when the block ends."""
    with httpx.Client() as client:
        yield RasaServer(url, token, client, timeout=timeout)


def _rasa_message(response: httpx.Response) -> str:
    """Rasa's explanation from an error body (`{"message": ...}`): one clipped, printable line."""
    try:
        body = response.json()
    except ValueError:
        body = None
    message = body.get("message") if isinstance(body, dict) else None
    raw = str(message if message is not None else response.text)
    text = " ".join("".join(c if c.isprintable() else " " for c in raw).split()) or "(no message)"
    return text if len(text) <= MAX_RASA_MESSAGE else text[: MAX_RASA_MESSAGE - 1] + "…"
