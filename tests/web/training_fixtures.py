"""A console retraining whose training runs until it is stopped.

Training is an external process (`tailor train`, a minute or two); these tests are about
what the app does with a running one, so a shell script that sleeps plays it.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.serving.rasa_server import connect
from bot.serving.retraining import Retrainer
from bot.settings import Settings

from .support import RASA_TOKEN

ENDLESS_TRAINING = "#!/bin/sh\necho $$ > pid.txt\nexec sleep 120\n"


@pytest.fixture
def endless_retrainer(tmp_path: Path, settings: Settings) -> Iterator[Retrainer]:
    """A retrainer of `tmp_path` whose training runs until stopped (stopped after the test)."""
    trainer = tmp_path / "endless-python"
    trainer.write_text(ENDLESS_TRAINING)
    trainer.chmod(0o755)
    retrainer = Retrainer(
        tmp_path,
        {"PATH": os.environ["PATH"]},
        lambda: connect(settings.rasa_url, RASA_TOKEN),
        python=str(trainer),
        log_path=tmp_path / "train.log",
    )
    yield retrainer
    retrainer.stop(grace_period=1)


def training_pid(retrainer: Retrainer, timeout: float = 10.0) -> int:
    """The process id of the training `retrainer` started, once it is running."""
    pid_file = retrainer.project_root / "pid.txt"
    deadline = time.monotonic() + timeout
    while not (pid_file.exists() and pid_file.read_text().strip()):
        assert time.monotonic() < deadline, "the training did not start"
        time.sleep(0.05)
    return int(pid_file.read_text())
