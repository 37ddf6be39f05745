from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from bot.serving.retraining import Retrainer
from bot.settings import Settings
from bot.web.app import create_app

from .support import StandIn, build_app, run_app, serve_app
from .training_fixtures import training_pid


def test_factory_reads_settings_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    catalog_path: Path,
    rasa: StandIn,
    actions: StandIn,
) -> None:
    for name, value in {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'from-env.db'}",
        "CATALOG_PATH": str(catalog_path),
        "TAILOR_HOST": "127.0.0.1",
        "RASA_PORT": str(rasa.port),
        "ACTION_PORT": str(actions.port),
        "RASA_API_TOKEN": "",
        "STAFF_API_TOKEN": "",
    }.items():
        monkeypatch.setenv(name, value)

    with run_app(create_app()) as client:
        assert client.get("/healthz").status_code == 200

    assert (tmp_path / "from-env.db").is_file()
    assert rasa.requests == ["/status"]


def test_startup_fails_loudly_without_a_catalog(settings: Settings, tmp_path: Path) -> None:
    app = create_app(replace(settings, catalog_path=tmp_path / "absent.yml"))

    # Under uvicorn, as in production: the server exits instead of serving without one.
    with pytest.raises(RuntimeError, match="did not start"), serve_app(app):
        pass


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_no_pages_that_need_a_cdn(settings: Settings, path: str) -> None:
    with run_app(build_app(settings)) as client:
        assert client.get(path).status_code == 404


def test_openapi_describes_every_route(settings: Settings) -> None:
    """Every route outside the staff console is described; the console's pages may be."""
    with run_app(build_app(settings)) as client:
        paths = client.get("/openapi.json").json()["paths"]

    assert {path for path in paths if not path.startswith("/staff")} == {
        "/",
        "/widget.js",
        "/widget.css",
        "/static/{name}",
        "/healthz",
        "/api/specs/{spec_id}",
        "/specs/{spec_id}",
        "/api/conversations",
        "/api/conversations/{sender_id}",
    }


def test_shutdown_stops_a_training_started_from_the_console(
    settings: Settings, endless_retrainer: Retrainer
) -> None:
    """Training runs in its own session; without the app stopping it, it would train on."""
    app = build_app(settings)
    app.state.retrainer = endless_retrainer

    with run_app(app):
        assert endless_retrainer.start()
        pid = training_pid(endless_retrainer)

    state = endless_retrainer.state
    assert state.status == "failed" and "stopped" in state.message
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
