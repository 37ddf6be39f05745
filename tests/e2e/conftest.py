"""End-to-end tests talk to a live stack (`tests/live_stack.py`) as customers.

Most share the session's stack on this checkout (`stack`, in tests/conftest.py). The
tests that switch the served model share one stack of their own on a project copy
(`switching_stack`): switching it would change what every other test talks to.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.layout import CONFIG_FILE, MODELS_DIR
from bot.runtime.stack import Stack
from bot.settings import PROJECT_ROOT
from tests.live_stack import Customer, project_copy, running_stack

SECOND_COPY = "29991231-235959-switched-copy"
"""The latest model's second file in the copy: newest by name but not by date, so Rasa
starts with the first, and only an explicit choice makes it load this one."""
RETRAINING_EPOCHS = 20
"""DIET's epochs in the copy (config.yml says 100): retraining there proves the trainer's
loop, not the model's quality, which `make evaluate` measures; 20 epochs learn a new
example as surely and take a fifth of the time."""


@pytest.fixture
def customer(stack: Stack) -> Customer:
    return Customer(stack.settings.rasa_url)


@pytest.fixture(scope="session")
def switching_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    """The whole stack on a project copy holding the latest model twice (`SECOND_COPY`).

    The copy shares the checkout's Rasa training cache (`.rasa/`, when there is one), so
    a retraining reuses every component a new example does not change.
    """
    workdir = tmp_path_factory.mktemp("switching")
    project = workdir / "project"
    project.mkdir()
    project_copy(project)
    [served] = list((project / MODELS_DIR).glob("*.tar.gz"))
    second = project / MODELS_DIR / f"{SECOND_COPY}.tar.gz"
    shutil.copy(served, second)
    # `rasa run --model models` loads the file modified last: make that the first one.
    stamp = served.stat().st_mtime
    os.utime(second, (stamp - 60, stamp - 60))
    _train_fewer_epochs(project / CONFIG_FILE)
    cache = PROJECT_ROOT / ".rasa"
    if cache.is_dir():
        (project / ".rasa").symlink_to(cache, target_is_directory=True)
    with running_stack(workdir, project) as running:
        yield running


def _train_fewer_epochs(config: Path) -> None:
    text, count = re.subn(
        r"^(\s+epochs:) \d+$", rf"\1 {RETRAINING_EPOCHS}", config.read_text(), flags=re.M
    )
    assert count == 1, f"DIET's epochs not found in {config}"
    config.write_text(text)
