"""The real stack (action server, Rasa server with the trained model, web app) for tests.

Starting one costs most of a minute (Rasa loads the model, the action server builds
its vocabularies), so `tests/conftest.py` starts one per test session, shared by
every end-to-end and browser test: each holds its own conversation under its own
sender id, so they do not interfere. Tests that change the project or switch models
run on a stack of their own (`running_stack`) on a `project_copy` (the switching
stack's is a `switching_project`); the new-product stack runs on a
`new_product_project`, trained on another catalog.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

from bot.layout import (
    CONFIG_FILE,
    CREDENTIALS_FILE,
    DOMAIN_FILE,
    ENDPOINTS_FILE,
    HELD_OUT,
    MODELS_DIR,
    TEST_STORIES_DIR,
    TRAINING_DATA,
)
from bot.runtime.components import COMPONENT_NAMES
from bot.runtime.environment import child_env
from bot.runtime.stack import Stack, free_port, new_api_token
from bot.runtime.training import latest_model, train
from bot.serving.rasa_server import connect
from bot.settings import PROJECT_ROOT, Settings, load_settings

REST_TIMEOUT = 120.0


PROJECT_FILES = (DOMAIN_FILE, CONFIG_FILE, ENDPOINTS_FILE, CREDENTIALS_FILE)
PROJECT_FOLDERS = (TRAINING_DATA, HELD_OUT, TEST_STORIES_DIR)
SECOND_COPY = "29991231-235959-switched-copy"
"""The latest model's second file in the copy: newest by name but not by date, so Rasa
starts with the first, and only an explicit choice makes it load this one."""
RETRAINING_EPOCHS = 20
"""DIET's epochs in the copy (config.yml says 100): retraining there proves the trainer's
loop, not the model's quality, which `make evaluate` measures. At 20 epochs the trainer
test's example came out as its intent at 0.99, in a fifth of the training time."""


def stack_settings(workdir: Path, catalog: Path | None = None) -> Settings:
    """Settings for a stack of our own: free ports, tokens, a database in `workdir`, and
    `catalog` when given (else the one `load_settings` finds)."""
    web_port = free_port()
    settings = load_settings()
    return dataclasses.replace(
        settings,
        database_url=f"sqlite:///{workdir / 'tailor.db'}",
        catalog_path=catalog or settings.catalog_path,
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=web_port,
        staff_api_token=new_api_token(),
        rasa_api_token=new_api_token(),
        public_base_url=f"http://127.0.0.1:{web_port}",
    )


def project_copy(target: Path) -> Path:
    """A project folder a test may change: copies of the training data and the latest model."""
    model = latest_model(PROJECT_ROOT)
    if model is None:
        pytest.fail("no trained model in models/: run `make train` first")
    _copy_project_files(target)
    shutil.copy2(model, target / MODELS_DIR / model.name)
    return target


def _copy_project_files(target: Path) -> None:
    """Copy domain, config, data and tests' data into `target`, with an empty models/.

    The code (actions/, bot/) is linked, not copied: the stack runs this checkout's code
    on the copy's data, which is what a trainer's edits change.
    """
    for name in PROJECT_FILES:
        shutil.copy2(PROJECT_ROOT / name, target / name)
    for name in PROJECT_FOLDERS:
        shutil.copytree(PROJECT_ROOT / name, target / name)
    (target / "actions").symlink_to(PROJECT_ROOT / "actions", target_is_directory=True)
    (target / MODELS_DIR).mkdir()


def _share_training_cache(target: Path) -> None:
    """Link the checkout's Rasa training cache (`.rasa/`, when there is one) into `target`.

    A training there then reuses every component whose inputs it has seen, and adds
    what it trains for the next run. Rasa keys each entry by the component's class,
    config and inputs (the catalog component adds the catalog's content, and everything
    after it inherits that), not by our code: after a change to how the catalog
    component reads or marks words, the cache serves the old result until `.rasa/` is
    deleted (in the checkout, `tailor train --force` bypasses it).
    """
    cache = PROJECT_ROOT / ".rasa"
    if cache.is_dir():
        (target / ".rasa").symlink_to(cache, target_is_directory=True)


def switching_project(target: Path) -> Path:
    """A `project_copy` holding the latest model twice (`SECOND_COPY`), DIET trained for
    `RETRAINING_EPOCHS`, sharing the checkout's training cache so that a retraining
    reuses every component a new example does not change."""
    project_copy(target)
    [served] = list((target / MODELS_DIR).glob("*.tar.gz"))
    second = target / MODELS_DIR / f"{SECOND_COPY}.tar.gz"
    shutil.copy(served, second)
    # `rasa run --model models` loads the file modified last: make that the first one.
    stamp = served.stat().st_mtime
    os.utime(second, (stamp - 60, stamp - 60))
    config = target / CONFIG_FILE
    text, count = re.subn(
        r"^(\s+epochs:) \d+$", rf"\1 {RETRAINING_EPOCHS}", config.read_text(), flags=re.M
    )
    assert count == 1, f"DIET's epochs not found in {config}"
    config.write_text(text)
    _share_training_cache(target)
    return target


def new_product_project(target: Path, catalog: Path) -> Path:
    """A project copy with a model of its own, trained (`tailor train`'s way) on `catalog`.

    With the checkout's config.yml, all of DIET's epochs: what the tests on it measure
    is how well the real model understands products it has no training example of.
    The training data is the checkout's, unchanged. The catalog changes the catalog
    component's fingerprint, so DIET and the featurizers after that component train
    afresh unless the shared cache holds them from an earlier run on the same catalog.
    """
    _copy_project_files(target)
    _share_training_cache(target)
    settings = dataclasses.replace(load_settings(), catalog_path=catalog)
    train(target, child_env(settings, target))
    return target


@contextmanager
def running_stack(
    workdir: Path,
    project: Path,
    components: Sequence[str] = COMPONENT_NAMES,
    *,
    catalog: Path | None = None,
) -> Iterator[Stack]:
    """A started stack of our own (`stack_settings`) on `project`, logging to `workdir`/logs.

    Stopped however the block ends, so a failing module leaves no Rasa process behind.
    """
    running = Stack(
        stack_settings(workdir, catalog), project, components=components, log_dir=workdir / "logs"
    )
    try:
        running.start()
        yield running
    finally:
        running.stop()
        attach_logs(running)


def attach_logs(stack: Stack) -> None:
    """Keep the components' logs where CI keeps test artifacts, one folder per stack."""
    target = PROJECT_ROOT / "test-artifacts" / "e2e-logs" / stack.log_dir.parent.name
    target.mkdir(parents=True, exist_ok=True)
    for log in stack.log_dir.glob("*.log"):
        (target / log.name).write_text(log.read_text(errors="replace"))


def served_model(stack: Stack) -> tuple[str, str | None]:
    """The file name and model id of the model the stack's Rasa server serves now."""
    settings = stack.settings
    assert settings.rasa_api_token
    with connect(settings.rasa_url, settings.rasa_api_token) as rasa:
        status = rasa.status()
    return status.model_file, status.model_id


def conversation_slots(stack: Stack, sender: str) -> dict[str, Any]:
    """The slots of `sender`'s conversation as Rasa's tracker holds them now."""
    settings = stack.settings
    response = httpx.get(
        f"{settings.rasa_url}/conversations/{sender}/tracker",
        params={"token": settings.rasa_api_token},
        timeout=REST_TIMEOUT,
    )
    response.raise_for_status()
    return response.json()["slots"]


class Customer:
    """One customer talking to the bot through Rasa's REST channel, as the widget does."""

    def __init__(self, rasa_url: str, sender: str | None = None) -> None:
        self.rasa_url = rasa_url
        self.sender = sender or uuid.uuid4().hex
        self.last: list[dict[str, Any]] = []

    def say(self, text: str) -> list[dict[str, Any]]:
        """Send a message; return the bot's messages for this turn."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": self.sender, "message": text},
            timeout=REST_TIMEOUT,
        )
        response.raise_for_status()
        self.last = response.json()
        return self.last

    def click(self, title_start: str) -> list[dict[str, Any]]:
        """Click the button of the last turn whose title starts with `title_start`."""
        for button in self.buttons():
            if button["title"].startswith(title_start):
                return self.say(button["payload"])
        raise AssertionError(f"no button {title_start!r} in {self.buttons()}")

    def buttons(self) -> list[dict[str, str]]:
        return [b for message in self.last for b in message.get("buttons", [])]

    def text(self) -> str:
        """All text the bot sent in the last turn, one message per line."""
        return "\n".join(m["text"] for m in self.last if m.get("text"))

    def custom(self, kind: str) -> dict[str, Any]:
        """The last turn's custom JSON payload of this `type`."""
        for message in self.last:
            payload = message.get("custom")
            if isinstance(payload, dict) and payload.get("type") == kind:
                return payload
        raise AssertionError(f"no {kind!r} payload in {json.dumps(self.last)}")
