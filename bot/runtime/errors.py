"""The errors the CLI turns into a message and an exit code instead of a traceback.

They live apart from the modules raising them so `bot.cli.main` can map every one to
an exit status in one place, and library users (the end-to-end tests) can catch them
without importing the argument parser.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class TailorError(Exception):
    """Something went wrong that a traceback would not help the user with."""

    exit_code = 1


class ConfigurationError(TailorError):
    """The stack cannot start as configured: fix the environment and retry.

    Exit status 2 tells scripts that retrying without a change is pointless.
    """

    exit_code = 2


class ComponentError(TailorError):
    """A component exited, or never became ready; carries its last log lines.

    The log tail is the first thing anyone debugging the failure needs, so it travels
    with the error instead of making the user find and open the log file.
    """

    def __init__(
        self, component: str, problem: str, log_tail: Sequence[str], log_path: Path
    ) -> None:
        self.component = component
        self.problem = problem
        self.log_tail = tuple(log_tail)
        self.log_path = log_path
        super().__init__(f"{component} {problem}")

    def __str__(self) -> str:
        if not self.log_tail:
            return f"{self.component} {self.problem} and logged nothing ({self.log_path})"
        lines = "\n".join(f"    {line}" for line in self.log_tail)
        return f"{self.component} {self.problem}; the end of {self.log_path}:\n{lines}"
