"""Switching the running Rasa server to another model file, mid-conversation, under load.

The switching stack's project copy holds this checkout's latest model twice, under two
names (tests/e2e/conftest.py): `tailor models activate` switches Rasa from the file it
serves to the other while another customer keeps chatting. No message may fail, the
first conversation carries on where it was, and /status names the new file.
"""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from bot.cli.main import main
from bot.layout import MODELS_DIR
from bot.runtime.environment import settings_env
from bot.runtime.stack import Stack
from bot.serving.registry import list_models
from tests.live_stack import SECOND_COPY, Customer, served_model

pytestmark = pytest.mark.e2e


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


@pytest.mark.timeout(600)
def test_switching_models_mid_conversation_loses_no_message(
    switching_stack: Stack,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    found = list_models(switching_stack.project_root / MODELS_DIR)
    models = {info.path.name: info for info in found}
    second = f"{SECOND_COPY}.tar.gz"
    [first] = [n for n in models if n != second and models[n].model_id == models[second].model_id]
    served, served_id = served_model(switching_stack)
    assert served_id == models[served].model_id
    # To the second copy, unless an earlier test switched the stack to that one.
    other = second if served != second else first

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
        f"The Rasa server now serves {other.removesuffix('.tar.gz')} "
        f"(model id {models[other].model_id})."
    )
    assert switching_stack.settings.rasa_api_token not in out + err
    assert chatter.failures == []
    assert served_model(switching_stack) == (other, models[other].model_id)

    customer.say("forty two")
    assert "Which upper material would you like?" in customer.text()
    print(f"replies during the test: {len(chatter.replies)}, slowest {max(chatter.replies):.1f} s")
