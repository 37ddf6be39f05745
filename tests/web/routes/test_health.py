from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from bot.settings import Settings

from ..support import RASA_TOKEN, Canned, StandIn, closed_port


def _assert_no_secrets(response: httpx.Response) -> None:
    assert RASA_TOKEN not in response.text


def test_all_ok(client: httpx.Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"rasa", "actions", "database"}
    assert all(check["ok"] for check in body["checks"].values())
    assert all(isinstance(check["detail"], str) for check in body["checks"].values())


def test_sends_the_rasa_token_but_never_shows_it(client: httpx.Client, rasa: StandIn) -> None:
    response = client.get("/healthz")

    assert rasa.requests == [f"/status?token={RASA_TOKEN}"]
    _assert_no_secrets(response)


def test_no_token_parameter_when_rasa_token_unset(
    start_app: Callable[[Settings], httpx.Client], settings: Settings, rasa: StandIn
) -> None:
    client = start_app(replace(settings, rasa_api_token=None))

    assert client.get("/healthz").status_code == 200
    assert rasa.requests == ["/status"]


@pytest.mark.parametrize(
    "answer",
    [
        Canned(body={"model_file": ""}),
        Canned(body={"model_file": None}),
        Canned(body={}),
        Canned(body=["model_file"]),
        Canned(body=b"<html>not json</html>"),
        Canned(status=401, body={"message": "token invalid"}),
        Canned(status=500),
    ],
    ids=["empty", "null", "missing", "not-object", "not-json", "unauthorised", "error"],
)
def test_rasa_without_usable_model_is_unavailable(
    client: httpx.Client, rasa: StandIn, answer: Canned
) -> None:
    rasa.responses["/status"] = answer

    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["rasa"]["ok"] is False
    assert body["checks"]["actions"]["ok"] is True
    assert body["checks"]["database"]["ok"] is True
    _assert_no_secrets(response)


def test_rasa_down(start_app: Callable[[Settings], httpx.Client], settings: Settings) -> None:
    with closed_port() as port:
        client = start_app(replace(settings, rasa_port=port))
        response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["rasa"] == {"ok": False, "detail": "unreachable"}
    _assert_no_secrets(response)


def test_action_server_down(
    start_app: Callable[[Settings], httpx.Client], settings: Settings
) -> None:
    with closed_port() as port:
        client = start_app(replace(settings, action_port=port))
        response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["actions"] == {"ok": False, "detail": "unreachable"}
    assert checks["rasa"]["ok"] is True


def test_action_server_unhealthy(client: httpx.Client, actions: StandIn) -> None:
    actions.responses["/health"] = Canned(status=503)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["actions"] == {"ok": False, "detail": "answered HTTP 503"}


def test_database_broken(client: httpx.Client, database_dir: Path) -> None:
    # The app started on a healthy database; now its folder disappears under it.
    shutil.rmtree(database_dir)

    response = client.get("/healthz")

    assert response.status_code == 503
    checks = response.json()["checks"]
    assert checks["database"] == {"ok": False, "detail": "database unreachable"}
    assert checks["rasa"]["ok"] is True
    assert checks["actions"]["ok"] is True


def test_everything_down_is_reported_at_once(
    start_app: Callable[[Settings], httpx.Client], settings: Settings, database_dir: Path
) -> None:
    with closed_port() as rasa_port, closed_port() as action_port:
        client = start_app(replace(settings, rasa_port=rasa_port, action_port=action_port))
        shutil.rmtree(database_dir)
        response = client.get("/healthz")

    assert response.status_code == 503
    assert not any(check["ok"] for check in response.json()["checks"].values())


def test_rasa_that_hangs_times_out(client: httpx.Client, rasa: StandIn) -> None:
    rasa.responses["/status"] = Canned(body={"model_file": "late.tar.gz"}, delay_seconds=5)

    started = time.monotonic()
    response = client.get("/healthz")

    assert time.monotonic() - started < 4
    assert response.status_code == 503
    assert response.json()["checks"]["rasa"] == {"ok": False, "detail": "no answer within 2 s"}


@pytest.mark.parametrize("query", ["?verbose=1", "?" + "x" * 10_000, "?<script>=1"])
def test_ignores_query_strings(client: httpx.Client, query: str) -> None:
    assert client.get("/healthz" + query).status_code == 200
