"""Fixtures every test package may use: an isolated environment, and the live stack.

The live stack is started once per test session (by the first test that asks for it)
and shared by every end-to-end and browser test; see `tests/live_stack.py`.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain

from bot.layout import DOMAIN_FILE
from bot.runtime.stack import Stack, free_port
from bot.settings import PROJECT_ROOT
from tests.databases import migrated_databases  # noqa: F401  (session fixture, shared)
from tests.live_stack import running_stack


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Settings pointing at a temporary database and free ports, whatever `.env` says."""
    values = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tailor.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "TAILOR_HOST": "127.0.0.1",
        "RASA_API_TOKEN": "",
        "STAFF_API_TOKEN": "",
        "PUBLIC_BASE_URL": "",
        "CATALOG_PATH": "",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture(scope="session")
def project_domain() -> Domain:
    """The checkout's domain.yml, loaded once (0.1 s a load): Rasa reads a domain, never
    changes it."""
    return Domain.load(PROJECT_ROOT / DOMAIN_FILE)


@pytest.fixture(scope="session")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack on this checkout and its latest model, for the whole session."""
    with running_stack(tmp_path_factory.mktemp("stack"), PROJECT_ROOT) as running:
        yield running


SHARED_STACKS = {
    "stack": "live-stack",
    "switching_stack": "switching-stack",
    "new_product_stack": "new-product-stack",
}
"""The session's live stacks (fixture name: xdist group); tests/e2e/conftest.py has the
second and the third."""


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep every test of one shared live stack on one xdist worker (`--dist loadgroup`).

    Each worker would otherwise start a stack of its own for the same kind of tests.
    `tryfirst`: xdist reads the group from the marker in its own hook, after this one.
    """
    for item in items:
        for fixture, group in SHARED_STACKS.items():
            if fixture in getattr(item, "fixturenames", ()):
                item.add_marker(pytest.mark.xdist_group(group))
                break
