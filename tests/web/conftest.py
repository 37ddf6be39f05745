"""Fixtures for the web app: a healthy stack on loopback and a valid specification.

The app runs in this process with its real lifespan (which migrates a real SQLite file
and loads the catalog) and a cheap password hasher; requests are ASGI calls, not socket
traffic. Each test's database starts as a copy of one migrated once per session
(tests/databases.py), so startup's migration finds nothing left to do. Tests that need
a real server (raw request lines, uvicorn's proxy headers and startup, browsers) use
`served_client` or `support.serve_app`; tests/web/browser runs every app under uvicorn.
See `support` for the stand-ins that play the Rasa server and the action server.
"""

from __future__ import annotations

import copy
import re
import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine

from bot.settings import DEFAULT_CATALOG_PATH, PROJECT_ROOT, Settings
from bot.storage.database import create_engine_for
from bot.storage.repository import Store
from tests.databases import MigratedDatabases
from tests.review.seed import Seeder

# Staff console fixtures (logged-in clients, an app with a test clock), for every web test.
from .staff_fixtures import admin_client, paced, staff_client, trainer_client  # noqa: F401
from .support import (
    RASA_TOKEN,
    SHOP_NAME,
    STAFF_TOKEN,
    Canned,
    StandIn,
    build_app,
    run_app,
    serve_app,
    serve_stand_in,
)
from .training_fixtures import endless_retrainer  # noqa: F401

DATABASE_FILE = "tailor.db"


@pytest.fixture
def rasa() -> Iterator[StandIn]:
    """A Rasa server with a model loaded."""
    with serve_stand_in({"/status": Canned(body={"model_file": "models/20240101.tar.gz"})}) as s:
        yield s


@pytest.fixture
def actions() -> Iterator[StandIn]:
    """A healthy action server."""
    with serve_stand_in({"/health": Canned(body={"status": "ok"})}) as stand_in:
        yield stand_in


@pytest.fixture
def catalog_path(tmp_path: Path) -> Path:
    """The demo catalog under a shop name that needs escaping on HTML pages."""
    demo = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8")
    path = tmp_path / "catalog.yml"
    path.write_text(
        re.sub(r"^shop: .*$", f'shop: "{SHOP_NAME}"', demo, count=1, flags=re.MULTILINE),
        encoding="utf-8",
    )
    return path


@pytest.fixture
def database_dir(tmp_path: Path, migrated_databases: MigratedDatabases) -> Path:
    """The folder of the app's SQLite database: a copy of the session's migrated template.

    The app's startup still runs the migrations, which find the copy up to date.
    """
    folder = tmp_path / "database"
    migrated_databases.sqlite(folder / DATABASE_FILE)
    return folder


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A copy of the project's training data: console tests change it, never the checkout's."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(PROJECT_ROOT / "domain.yml", project / "domain.yml")
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "nlu", project / "tests" / "nlu")
    return project


@pytest.fixture
def settings(
    database_dir: Path, catalog_path: Path, project_dir: Path, rasa: StandIn, actions: StandIn
) -> Settings:
    """Settings for a healthy stack on loopback, with both tokens configured."""
    return Settings(
        database_url=f"sqlite:///{database_dir / DATABASE_FILE}",
        catalog_path=catalog_path,
        rasa_port=rasa.port,
        action_port=actions.port,
        web_port=8000,
        host="127.0.0.1",
        staff_api_token=STAFF_TOKEN,
        rasa_api_token=RASA_TOKEN,
        public_base_url="http://shop.example",
        project_dir=project_dir,
    )


@pytest.fixture
def start_app() -> Iterator[Callable[[Settings], httpx.Client]]:
    """Start the app in process for given settings; every app started stops after the test.

    tests/web/browser overrides this to serve each app with uvicorn instead.
    """
    with ExitStack() as stack:
        yield lambda settings: stack.enter_context(run_app(build_app(settings)))


@pytest.fixture
def client(start_app: Callable[[Settings], httpx.Client], settings: Settings) -> httpx.Client:
    """A client of the app running with the default test settings."""
    return start_app(settings)


@pytest.fixture
def served_client(settings: Settings) -> Iterator[httpx.Client]:
    """A client of the app served by uvicorn on loopback, for tests that need a socket."""
    with serve_app(build_app(settings)) as client:
        yield client


@pytest.fixture
def store(client: httpx.Client, settings: Settings) -> Store:
    """The running app's (migrated) database, for seeding and inspecting."""
    return Store.from_url(settings.database_url)


@pytest.fixture
def engine(store: Store, settings: Settings) -> Iterator[Engine]:
    """An engine on the app's (migrated) database, for seeding and inspecting tables."""
    engine = create_engine_for(settings.database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def seed(engine: Engine, store: Store) -> Seeder:
    """Conversations written into the app's database through the real write paths."""
    return Seeder(engine, store)


@pytest.fixture
def staff_headers() -> dict[str, str]:
    """Headers that authenticate as staff."""
    return {"Authorization": f"Bearer {STAFF_TOKEN}"}


_SPEC: dict[str, Any] = {
    "schema_version": 1,
    "spec_id": "Xq3v9LmN2pRtY7wZ_a-b",
    "conversation_id": "customer-42",
    "created_at": "2024-05-17T14:03:12Z",
    "product": {"id": "sneaker", "name": "Custom sneakers"},
    "options": {
        "size": {"value": 42.5, "label": "42.5 EU", "price": 0},
        "upper_material": {"value": "leather", "label": "Full-grain leather", "price": 25},
        "monogram": {"value": "JD", "label": "JD", "price": 12.5},
    },
    "quantity": 12,
    "price": {
        "currency": "EUR",
        "unit": 126.5,
        "subtotal": 1518.0,
        "discount": 0.1,
        "total": 1366.2,
    },
    "lead_time_days": 13,
    "notes": ["Gift wrapping, please"],
    "status": "confirmed",
}


@pytest.fixture
def spec() -> dict[str, Any]:
    """A valid specification (per the contract), fresh for each test to modify."""
    return copy.deepcopy(_SPEC)
