"""One supervised child process: its own process group, a log file, a remembered tail.

Each child runs in a new session so that (a) Ctrl-C in the terminal reaches only
`tailor`, which then shuts the children down in order instead of all of them dying at
once mid-request, and (b) stopping a child can signal its whole process group, so
nothing it spawned outlives it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TextIO

from bot.runtime.errors import ComponentError

TAIL_LINES = 30

DEFAULT_GRACE_PERIOD = 10.0
"""How long a child gets to finish its work after SIGTERM before SIGKILL."""


class ChildProcess:
    """A running command whose output goes to a log file (and optionally a terminal).

    A reader thread copies the output line by line instead of handing the file to the
    child, so the same lines can also be echoed with a prefix and the last few kept in
    memory for error messages.
    """

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        *,
        env: Mapping[str, str],
        cwd: Path,
        log_path: Path,
        echo: TextIO | None = None,
    ) -> None:
        self.name = name
        self.log_path = log_path
        self._echo = echo
        self._tail: deque[str] = deque(maxlen=TAIL_LINES)
        self._tail_lock = threading.Lock()
        log_path.parent.mkdir(parents=True, exist_ok=True)
        # Appending keeps the previous run's log for comparison; the header separates runs.
        self._log = log_path.open("a", encoding="utf-8")
        self._log.write(f"----- {name} starting at {time.strftime('%Y-%m-%d %H:%M:%S')} -----\n")
        self._log.flush()
        try:
            self._popen = subprocess.Popen(
                list(argv),
                env=dict(env),
                cwd=cwd,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        except OSError:
            self._log.close()
            raise
        self._reader = threading.Thread(target=self._copy_output, name=f"{name}-log", daemon=True)
        self._reader.start()

    @property
    def pid(self) -> int:
        """Process id of the child, which is also the id of its process group."""
        return self._popen.pid

    def poll(self) -> int | None:
        """The exit code if the child has exited, else None."""
        return self._popen.poll()

    def tail(self) -> list[str]:
        """The last lines the child wrote, oldest first."""
        with self._tail_lock:
            return list(self._tail)

    def failure(self, problem: str) -> ComponentError:
        """An error describing `problem` with this child's last log lines.

        When the child has exited, its final lines (usually the actual error) may
        still be in the pipe; they are read before the tail is taken.
        """
        if self.poll() is not None:
            self._reader.join(timeout=2)
        return ComponentError(self.name, problem, self.tail(), self.log_path)

    def send_signal(self, signum: signal.Signals) -> None:
        """Signal every process in the child's group; a group already gone is fine."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self._popen.pid, signum)

    def wait_gone(self, deadline: float) -> bool:
        """Wait until the child and everything in its group have exited, or `deadline`.

        The child is reaped first: a zombie still counts as a group member, so the
        group check would otherwise never succeed.
        """
        try:
            self._popen.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            return False
        while self._group_alive():
            if time.monotonic() >= deadline:
                return False
            time.sleep(0.05)
        return True

    def close(self) -> None:
        """Finish copying output and close the log; call once the child is gone."""
        self._reader.join(timeout=5)
        if self._popen.stdout is not None:
            self._popen.stdout.close()

    def _group_alive(self) -> bool:
        try:
            os.killpg(self._popen.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def _copy_output(self) -> None:
        assert self._popen.stdout is not None
        with self._log:
            for raw in self._popen.stdout:
                line = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                self._log.write(line + "\n")
                self._log.flush()
                with self._tail_lock:
                    self._tail.append(line)
                if self._echo is not None:
                    self._echo.write(f"{self.name:>7} | {line}\n")
                    self._echo.flush()


def stop_all(children: Sequence[ChildProcess], grace_period: float = DEFAULT_GRACE_PERIOD) -> None:
    """SIGTERM every child's process group, SIGKILL what outlives the grace period, close all.

    All groups are signalled at once so the grace periods overlap. A second Ctrl-C
    while waiting skips the rest of the grace period instead of abandoning the
    children. Safe to call for children that are already gone.
    """
    for child in children:
        child.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_period
    try:
        stubborn = [child for child in children if not child.wait_gone(deadline)]
    except KeyboardInterrupt:
        stubborn = list(children)
    for child in stubborn:
        child.send_signal(signal.SIGKILL)
        child.wait_gone(time.monotonic() + grace_period)
    for child in children:
        child.close()
