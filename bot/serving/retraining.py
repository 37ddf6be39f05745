"""Retraining while the bot keeps serving: `tailor train` in the background, then a switch.

Training runs as a child process, `python -m bot.cli.main --project-dir DIR train`,
exactly what a trainer would type: it is skipped when nothing changed, records the
inputs' fingerprint next to the model, and its memory (TensorFlow) and crashes stay
out of the process that asked for it (the web app). A daemon thread waits for it and
then switches the running Rasa server to the newest model (see `bot.serving.rasa_server`
for what customers notice: nothing lost, replies late by the loading time).

One job at a time per `Retrainer`; `state` is an immutable snapshot to poll. The
child runs in its own session, so it would outlive the web app that started it and
then switch Rasa to a model nobody is watching: the app calls `stop` on shutdown.
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import math
import re
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from bot.layout import MODELS_DIR
from bot.runtime.process import DEFAULT_GRACE_PERIOD, ChildProcess, stop_all
from bot.serving.rasa_server import ModelSwitchError, RasaServer
from bot.serving.registry import ModelInfo, list_models

logger = logging.getLogger(__name__)

RetrainStatus = Literal["idle", "running", "succeeded", "failed"]

MAX_LOG_LINE = 300
"""Progress bars rewrite one line thousands of times; only its last state is kept, clipped."""

_ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
"""Rasa colours its warnings; the console shows plain text."""


@dataclass(frozen=True)
class RetrainState:
    """Where the latest retraining stands."""

    status: RetrainStatus
    started_at: datetime | None = None
    finished_at: datetime | None = None
    message: str = ""
    model: ModelInfo | None = None
    """The newest model after training (also when switching to it failed)."""
    log_tail: str = ""
    """The training output's last lines: live while running, final afterwards."""


RasaConnection = RasaServer | Callable[[], AbstractContextManager[RasaServer]]
"""A server to switch, or a factory (e.g. `partial(connect, url, token)`) opened per job."""


class Retrainer:
    """Trains `project_root` in the background and switches Rasa to the result."""

    def __init__(
        self,
        project_root: Path,
        env: Mapping[str, str],
        rasa: RasaConnection,
        *,
        python: str = sys.executable,
        log_path: Path,
    ) -> None:
        self.project_root = project_root
        self.log_path = log_path
        self._env = dict(env)
        self._rasa = rasa
        self._python = python
        self._lock = threading.Lock()
        self._state = RetrainState("idle")
        self._child: ChildProcess | None = None
        self._stopping = False
        self._thread: threading.Thread | None = None

    @property
    def state(self) -> RetrainState:
        """A snapshot; while training runs, with the output written so far."""
        with self._lock:
            state, child = self._state, self._child
        if child is None:
            return state
        return dataclasses.replace(state, log_tail=tail_text(child.tail()))

    def start(self) -> bool:
        """Start a job unless one runs; False (and nothing started) if one does."""
        with self._lock:
            if self._state.status == "running":
                return False
            self._state = RetrainState(
                "running", started_at=_now(), message="Training; Rasa keeps serving meanwhile."
            )
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="retrain", daemon=True)
            self._thread.start()
        return True

    def stop(self, grace_period: float = DEFAULT_GRACE_PERIOD) -> None:
        """Stop a running job, training and all it started, without switching Rasa.

        Waits until the job has ended (its state says it was stopped). Nothing to do
        when no job runs; a new job may be started afterwards.
        """
        with self._lock:
            self._stopping = True
            child, thread = self._child, self._thread
        if child is not None:
            stop_all([child], grace_period)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        started_at = self.state.started_at
        try:
            outcome = self._train_and_switch()
        except Exception as error:  # the state must not stay "running" forever
            logger.exception("retraining failed unexpectedly")
            outcome = RetrainState("failed", message=f"retraining failed unexpectedly: {error}")
        with self._lock:
            self._state = dataclasses.replace(outcome, started_at=started_at, finished_at=_now())
            self._child = None

    def _train_and_switch(self) -> RetrainState:
        argv = [self._python, "-m", "bot.cli.main", "--project-dir", str(self.project_root)]
        try:
            child = ChildProcess(
                "train",
                [*argv, "train"],
                env=self._env,
                cwd=self.project_root,
                log_path=self.log_path,
            )
        except OSError as error:
            return RetrainState("failed", message=f"could not start training: {error}")
        with self._lock:
            self._child, stopping = child, self._stopping
        if stopping:  # `stop` came before there was a child to stop
            stop_all([child], grace_period=0)
        child.wait_gone(math.inf)  # the child and anything it started
        child.close()
        log_tail = tail_text(child.tail())
        returncode = child.poll()
        with self._lock:
            stopped = self._stopping
        if stopped:
            return RetrainState("failed", message="training was stopped before it finished")
        if returncode != 0:
            return RetrainState(
                "failed",
                message=f"training failed (exit code {returncode}); full log: {self.log_path}",
                log_tail=log_tail,
            )
        models = list_models(self.project_root / MODELS_DIR)
        if not models:
            return RetrainState(
                "failed", message="training finished without a readable model", log_tail=log_tail
            )
        newest = models[0]
        try:
            with self._connection() as server:
                server.activate(newest.path)
        except ModelSwitchError as error:
            return RetrainState(
                "failed",
                message=f"trained {newest.label}, but could not switch Rasa to it: {error}",
                model=newest,
                log_tail=log_tail,
            )
        return RetrainState(
            "succeeded", message=f"Rasa now serves {newest.label}.", model=newest, log_tail=log_tail
        )

    def _connection(self) -> AbstractContextManager[RasaServer]:
        if isinstance(self._rasa, RasaServer):
            return contextlib.nullcontext(self._rasa)
        return self._rasa()


def tail_text(lines: Sequence[str]) -> str:
    """Log lines as plain text: colours removed, progress bars at their last state, clipped."""
    cleaned = []
    for line in lines:
        last = _ANSI_ESCAPE.sub("", line).rsplit("\r", 1)[-1]
        last = "".join(c if c.isprintable() or c == "\t" else "?" for c in last)
        cleaned.append(last if len(last) <= MAX_LOG_LINE else last[: MAX_LOG_LINE - 1] + "…")
    return "\n".join(cleaned)


def _now() -> datetime:
    return datetime.now(timezone.utc)
