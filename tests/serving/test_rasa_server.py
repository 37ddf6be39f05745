"""Talking to the Rasa server's model API: answers, refusals and failures.

Rasa's error answers are scripted with httpx.MockTransport (Rasa is the external
system); the switch against a real Rasa server is tests/e2e/test_model_switch.py.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from bot.runtime.stack import free_port
from bot.serving.rasa_server import (
    MAX_RASA_MESSAGE,
    ModelSwitchError,
    RasaServer,
    ServedModel,
    connect,
)
from tests.serving.archives import write_model
from tests.serving.rasa_stand_in import StandInRasa, running_stand_in

TOKEN = "s3cret-token-value"
URL = "http://rasa.test:5005"
MODEL_ID = "e" * 32


def rasa_error(status: int, message: str) -> httpx.Response:
    """An error as Rasa's ErrorResponse shapes it."""
    return httpx.Response(
        status, json={"version": "3.6.21", "status": "failure", "message": message, "code": status}
    )


def server(handler: Callable[[httpx.Request], httpx.Response]) -> RasaServer:
    return RasaServer(URL, TOKEN, httpx.Client(transport=httpx.MockTransport(handler)))


def failing(error: type[httpx.HTTPError]) -> Callable[[httpx.Request], httpx.Response]:
    def handler(request: httpx.Request) -> httpx.Response:
        raise error("boom " + str(request.url), request=request)

    return handler


@pytest.fixture
def model(tmp_path: Path) -> Path:
    return write_model(tmp_path / "20261123-120000-next.tar.gz", MODEL_ID, datetime(2026, 11, 23))


@pytest.fixture
def stand_in() -> Iterator[StandInRasa]:
    with running_stand_in() as running:
        yield running


def test_status_names_the_served_file_and_model_id(stand_in: StandInRasa, model: Path) -> None:
    stand_in.serve(model)
    with connect(stand_in.url, stand_in.token) as rasa:
        assert rasa.status() == ServedModel(model.name, MODEL_ID)


def test_activate_switches_and_confirms(stand_in: StandInRasa, model: Path, tmp_path: Path) -> None:
    stand_in.serve(write_model(tmp_path / "old.tar.gz", "f" * 32, datetime(2026, 1, 1)))
    with connect(stand_in.url, stand_in.token) as rasa:
        assert rasa.activate(model) == ServedModel(model.name, MODEL_ID)
    put = [body for method, _, body in stand_in.requests if method == "PUT"]
    assert put == [{"model_file": str(model.resolve())}]


def test_a_relative_path_is_sent_absolute(
    stand_in: StandInRasa, model: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(model.parent)
    with connect(stand_in.url, stand_in.token) as rasa:
        rasa.activate(Path(model.name))
    assert stand_in.model == model.resolve()


def test_the_token_goes_in_the_query_string_as_rasa_wants() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"model_file": "m.tar.gz", "model_id": None})

    assert server(handler).status() == ServedModel("m.tar.gz", None)
    assert seen[0].url.params["token"] == TOKEN and seen[0].url.path == "/status"


def test_an_unreachable_server_is_named() -> None:
    url = f"http://127.0.0.1:{free_port()}"
    with connect(url, TOKEN) as rasa, pytest.raises(ModelSwitchError) as raised:
        rasa.status()
    assert f"no Rasa server answers at {url}" in str(raised.value)
    assert "tailor run" in str(raised.value)


@pytest.mark.parametrize("status", [401, 403])
def test_a_refused_token_says_which_setting(status: int) -> None:
    rasa = server(lambda request: rasa_error(status, "User is not authenticated."))
    with pytest.raises(ModelSwitchError, match="refused the API token: RASA_API_TOKEN"):
        rasa.status()


def test_no_model_loaded_is_explained() -> None:
    rasa = server(lambda request: rasa_error(409, "No agent loaded."))
    with pytest.raises(ModelSwitchError, match="has no model loaded"):
        rasa.status()


@pytest.mark.parametrize(
    "response",
    [
        httpx.Response(200, text="<html>not json</html>"),
        httpx.Response(200, json=["a", "list"]),
        httpx.Response(200, json={"model_file": None}),
        httpx.Response(200, json={"model_file": ""}),
    ],
)
def test_a_status_without_a_model_file_is_an_error(response: httpx.Response) -> None:
    with pytest.raises(ModelSwitchError, match="answered /status without a model"):
        server(lambda request: response).status()


def test_an_unexpected_status_code_is_reported_with_rasas_message() -> None:
    rasa = server(lambda request: rasa_error(502, "upstream\nbroken"))
    with pytest.raises(ModelSwitchError, match="answered /status with HTTP 502: upstream broken"):
        rasa.status()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "Agent with name '/models/x.tar.gz' could not be loaded."),
        (500, "An unexpected error occurred. Error: corrupt archive"),
    ],
)
def test_a_model_rasa_cannot_load_is_reported_with_its_message(
    status: int, message: str, model: Path
) -> None:
    rasa = server(lambda request: rasa_error(status, message))
    with pytest.raises(ModelSwitchError) as raised:
        rasa.activate(model)
    text = str(raised.value)
    assert f"could not load {model.name} and keeps serving its current model" in text
    assert message in text


def test_rasas_message_is_clipped_and_made_printable(model: Path) -> None:
    rasa = server(lambda request: rasa_error(500, "\x1b[31m<script>" + "x" * 100_000 + "\0"))
    with pytest.raises(ModelSwitchError) as raised:
        rasa.activate(model)
    text = str(raised.value)
    assert all(c.isprintable() for c in text)
    assert len(text) < MAX_RASA_MESSAGE + 200 and text.endswith("…")


def test_a_non_json_error_body_is_quoted_as_text(model: Path) -> None:
    rasa = server(lambda request: httpx.Response(500, text="Internal Server Error"))
    with pytest.raises(ModelSwitchError, match="keeps serving its current model: Internal Server"):
        rasa.activate(model)


def test_an_empty_error_body_says_so(model: Path) -> None:
    rasa = server(lambda request: httpx.Response(400))
    with pytest.raises(ModelSwitchError, match=r"\(no message\)"):
        rasa.activate(model)


def test_a_switch_that_does_not_show_in_status_is_an_error(model: Path) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.method == "PUT":
            return httpx.Response(204)
        return httpx.Response(200, json={"model_file": "other.tar.gz", "model_id": "x"})

    with pytest.raises(ModelSwitchError, match=f"accepted {model.name} but serves other.tar.gz"):
        server(handler).activate(model)


def test_a_load_slower_than_the_timeout_is_reported(model: Path) -> None:
    rasa = RasaServer(
        URL,
        TOKEN,
        httpx.Client(transport=httpx.MockTransport(failing(httpx.ReadTimeout))),
        timeout=7,
    )
    with pytest.raises(ModelSwitchError) as raised:
        rasa.activate(model)
    assert f"could not switch the Rasa server to {model.name}: no answer" in str(raised.value)
    assert "within 7 s" in str(raised.value) and "tailor models list" in str(raised.value)


def test_the_token_never_shows(model: Path) -> None:
    """Not in messages (even when Rasa or httpx echo it), nor in the repr."""
    echoing = server(lambda request: rasa_error(500, f"bad request {request.url}"))
    with pytest.raises(ModelSwitchError) as raised:
        echoing.activate(model)
    assert TOKEN not in str(raised.value) and "token=***" in str(raised.value)
    for error in (httpx.ConnectError, httpx.ReadTimeout):
        with pytest.raises(ModelSwitchError) as raised:
            server(failing(error)).status()
        assert TOKEN not in str(raised.value)
    assert TOKEN not in repr(echoing) and URL in repr(echoing)


def test_a_server_needs_a_token() -> None:
    with pytest.raises(ValueError, match="RASA_API_TOKEN"):
        RasaServer(URL, "", httpx.Client())


def test_requests_carry_json_and_the_timeout(model: Path) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if request.method == "PUT":
            return httpx.Response(204)
        return httpx.Response(200, json={"model_file": model.name, "model_id": MODEL_ID})

    server(handler).activate(model)
    put = seen[0]
    assert put.method == "PUT" and put.url.path == "/model"
    assert json.loads(put.content) == {"model_file": str(model.resolve())}
    assert put.extensions["timeout"]["read"] == 180.0
