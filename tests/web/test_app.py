from __future__ import annotations

import html
import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute

from bot.catalog.loader import load_catalog
from bot.serving.retraining import Retrainer
from bot.settings import Settings
from bot.web.app import ROUTERS, create_app
from bot.web.dependencies import get_catalog

from .support import SHOP_NAME, StandIn, build_app, run_app, serve_app
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


def test_routes_are_those_include_router_makes(settings: Settings) -> None:
    """The app's routes are analysed once per process and copied for each app; a copy must
    be the route FastAPI's own `include_router` would have made, bound to its app."""
    made = build_app(settings)
    included = FastAPI(title="Tailor", docs_url=None, redoc_url=None)
    for router in ROUTERS:
        included.include_router(router)

    assert made.openapi() == included.openapi()
    assert len(made.routes) == len(included.routes)
    for ours, theirs in zip(made.routes, included.routes, strict=True):
        assert type(ours) is type(theirs)
        if isinstance(ours, APIRoute) and isinstance(theirs, APIRoute):
            assert _described(ours) == _described(theirs)
            assert ours.dependency_overrides_provider is made


def _described(route: APIRoute) -> tuple[object, ...]:
    return (
        route.path,
        route.methods,
        route.name,
        route.endpoint,
        route.status_code,
        route.response_class,
        route.response_model,
        route.dependencies,
        route.tags,
        route.include_in_schema,
        route.unique_id,
        [dependency.call for dependency in route.dependant.dependencies],
    )


def test_dependency_overrides_reach_only_the_app_they_were_set_on(settings: Settings) -> None:
    """Apps share their routes' analysis, not their overrides."""
    overridden, plain = build_app(settings), build_app(settings)
    elsewhere = replace(load_catalog(settings.catalog_path), shop="Elsewhere")
    overridden.dependency_overrides[get_catalog] = lambda: elsewhere

    with run_app(overridden) as changed, run_app(plain) as unchanged:
        assert "Elsewhere" in changed.get("/").text
        page = unchanged.get("/").text

    assert html.escape(SHOP_NAME, quote=True) in page and "Elsewhere" not in page


def test_each_start_loads_the_catalog_as_the_file_is_now(
    start_app: Callable[[Settings], httpx.Client], settings: Settings, catalog_path: Path
) -> None:
    """Catalogs are remembered by content: a file edited since the last start is read again."""
    assert html.escape(SHOP_NAME, quote=True) in start_app(settings).get("/").text
    edited = catalog_path.read_text(encoding="utf-8").replace(SHOP_NAME, "Edited shop", 1)
    catalog_path.write_text(edited, encoding="utf-8")

    assert "Edited shop" in start_app(settings).get("/").text


def test_startup_fails_on_a_catalog_broken_since_it_last_loaded(
    client: httpx.Client, settings: Settings, catalog_path: Path
) -> None:
    """A catalog that loaded once is no excuse for serving one that no longer does."""
    assert client.get("/").status_code == 200
    catalog_path.write_text(catalog_path.read_text(encoding="utf-8") + "\nshop: again\n")

    with pytest.raises(RuntimeError, match="did not start"), serve_app(build_app(settings)):
        pass


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
