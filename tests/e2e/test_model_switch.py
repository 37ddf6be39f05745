"""Switching the running Rasa server to another model file, mid-conversation, under load.

The project is a copy whose models/ holds this checkout's latest model twice, under
two names: Rasa starts with one, `tailor models activate` switches it to the other
while another customer keeps chatting. No message may fail, the first conversation
carries on where it was, and /status names the new file. No training here.
"""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Iterator

import httpx
import pytest

from bot.cli.main import main
from bot.layout import MODELS_DIR
from bot.runtime.environment import settings_env
from bot.runtime.stack import Stack
from bot.serving.rasa_server import connect
from bot.serving.registry import list_models
from tests.live_stack import Customer, project_copy, running_stack

pytestmark = pytest.mark.e2e

OTHER_LABEL = "29991231-235959-switched-copy"
"""The second file: newest by name, so only an explicit choice could make Rasa load it."""


@pytest.fixture(scope="module")
def switching_stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    workdir = tmp_path_factory.mktemp("switch")
    project = workdir / "project"
    project.mkdir()
    project_copy(project)
    [served] = list((project / "models").glob("*.tar.gz"))
    other = project / "models" / f"{OTHER_LABEL}.tar.gz"
    shutil.copy(served, other)
    # `rasa run --model models` loads the file modified last: make that the first one.
    stamp = served.stat().st_mtime
    os.utime(other, (stamp - 60, stamp - 60))
    with running_stack(workdir, project, components=("actions", "rasa")) as running:
        yield running


class Chatter(threading.Thread):
    """Another customer who keeps talking until told to stop; remembers every failure."""

    def __init__(self, rasa_url: str) -> None:
        super().__init__(daemon=True)
        self.customer = Customer(rasa_url)
        self.stop = threading.Event()
        self.replies: list[float] = []
        self.failures: list[str] = []

    def run(self) -> None:
        lines = ["hello", "what can you do?", "what's the weather like in Oslo"]
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                messages = self.customer.say(lines[len(self.replies) % len(lines)])
            except httpx.HTTPError as error:
                self.failures.append(repr(error))
                continue
            if not messages:
                self.failures.append("an empty reply")
            self.replies.append(time.monotonic() - started)


def served_file(stack: Stack) -> tuple[str, str | None]:
    settings = stack.settings
    assert settings.rasa_api_token
    with connect(settings.rasa_url, settings.rasa_api_token) as rasa:
        status = rasa.status()
    return status.model_file, status.model_id


@pytest.mark.timeout(600)
def test_switching_models_mid_conversation_loses_no_message(
    switching_stack: Stack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = list_models(switching_stack.project_root / MODELS_DIR)
    models = {info.path.name: info for info in found}
    other = f"{OTHER_LABEL}.tar.gz"
    [first] = set(models) - {other}
    assert served_file(switching_stack) == (first, models[first].model_id)

    customer = Customer(switching_stack.settings.rasa_url)
    customer.say("hello")
    customer.click("Yes, keep it")
    customer.say("I'd like to design my own trainers")
    assert "shoe size" in customer.text()

    chatter = Chatter(switching_stack.settings.rasa_url)
    chatter.start()
    while len(chatter.replies) < 2:
        assert chatter.is_alive() and not chatter.failures, chatter.failures
        time.sleep(0.1)
    for name, value in settings_env(switching_stack.settings).items():
        monkeypatch.setenv(name, value)
    code = main(["--project-dir", str(switching_stack.project_root), "models", "activate", other])
    out, err = capsys.readouterr()
    switched_after = len(chatter.replies)
    while len(chatter.replies) < switched_after + 2:
        assert chatter.is_alive() and not chatter.failures, chatter.failures
        time.sleep(0.1)
    chatter.stop.set()
    chatter.join(timeout=150)

    assert code == 0, err
    assert out.splitlines()[-1] == (
        f"The Rasa server now serves {OTHER_LABEL} (model id {models[other].model_id})."
    )
    assert switching_stack.settings.rasa_api_token not in out + err
    assert chatter.failures == []
    assert served_file(switching_stack) == (other, models[other].model_id)

    customer.say("forty two")
    assert "Which upper material would you like?" in customer.text()
    print(f"replies during the test: {len(chatter.replies)}, slowest {max(chatter.replies):.1f} s")
