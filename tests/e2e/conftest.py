"""End-to-end tests talk to a live stack (`tests/live_stack.py`) as customers.

Most share the session's stack on this checkout (`stack`, in tests/conftest.py). The
tests that switch the served model share one stack of their own on a project copy
(`switching_stack`): switching it would change what every other test talks to.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime.stack import Stack
from tests.live_stack import Customer, running_stack, switching_project


@pytest.fixture
def customer(stack: Stack) -> Customer:
    return Customer(stack.settings.rasa_url)


@pytest.fixture(scope="session")
def switching_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack on a `switching_project` copy."""
    workdir = tmp_path_factory.mktemp("switching")
    project = workdir / "project"
    project.mkdir()
    switching_project(project)
    with running_stack(workdir, project) as running:
        yield running
