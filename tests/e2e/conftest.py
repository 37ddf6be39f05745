"""End-to-end tests talk to a live stack (`tests/live_stack.py`) as customers.

Most share the session's stack on this checkout (`stack`, in tests/conftest.py). The
tests that switch the served model share one stack of their own on a project copy
(`switching_stack`): switching it would change what every other test talks to. The
tests of a product the training data never mentions share a third, whose model is
trained on a catalog with that product (`new_product_stack`).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.runtime.stack import Stack
from tests.catalogs import catalog_with_extra_product
from tests.live_stack import Customer, new_product_project, running_stack, switching_project


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


@pytest.fixture(scope="session")
def new_product_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack selling from the demo catalog plus `tests/catalogs`' extra product,
    on a model trained once per session on that catalog (`new_product_project`)."""
    workdir = tmp_path_factory.mktemp("new-product")
    catalog = catalog_with_extra_product(workdir)
    project = workdir / "project"
    project.mkdir()
    new_product_project(project, catalog)
    with running_stack(workdir, project, catalog=catalog) as running:
        yield running
