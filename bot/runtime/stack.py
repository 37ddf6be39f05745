"""Supervise the whole Tailor stack (action server, Rasa server, web app) as one unit.

`tailor run`, `tailor chat` and the end-to-end tests all start the stack through
`Stack`, so the tests exercise the same command lines, environment, readiness checks
and shutdown as a developer's machine:

    settings = dataclasses.replace(load_settings(), rasa_port=free_port(), ...)
    with Stack(settings, PROJECT_ROOT, log_dir=tmp_path / "logs") as stack:
        httpx.post(f"{stack.settings.rasa_url}/webhooks/rest/webhook", ...)
"""

from __future__ import annotations

import dataclasses
import secrets
import socket
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import NoReturn, TextIO

import httpx

from bot.runtime.components import COMPONENT_NAMES, Component, build_components
from bot.runtime.database import migrate
from bot.runtime.environment import child_env
from bot.runtime.errors import ConfigurationError
from bot.runtime.process import DEFAULT_GRACE_PERIOD, ChildProcess, stop_all
from bot.runtime.training import require_model
from bot.settings import Settings

DEFAULT_START_TIMEOUT = 180.0
"""Loading a model takes the Rasa server up to a minute on a small machine."""

_POLL_INTERVAL = 0.25


def free_port(host: str = "127.0.0.1") -> int:
    """A port nothing listens on right now, for tests that start servers in parallel.

    The kernel picks it; another process could still take it before we bind, which is
    as good as it gets without passing sockets to the children.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((host, 0))
        return int(probe.getsockname()[1])


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on `host:port`.

    SO_REUSEADDR mirrors what Sanic and uvicorn set, so a port merely lingering in
    TIME_WAIT after a previous run does not count as taken.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
        return True


def new_api_token() -> str:
    """A random API token that no command-line parser can mistake for an option.

    Hex digits only: a URL-safe token may begin with "-", which made about one start
    in 64 fail when the token was still passed as `--auth-token TOKEN`.
    """
    return secrets.token_hex(32)


class Stack:
    """Starts the chosen components together, watches them, and stops them all.

    A `rasa_api_token` missing from `settings` is replaced by `new_api_token()`, because
    the Rasa HTTP API must never run open; `self.settings` holds the token the
    children were given, and `project_root` as the project folder (the web app's
    console edits its training data). `with Stack(...) as stack:` starts it with `start_timeout`
    and stops it however the block ends.
    """

    def __init__(
        self,
        settings: Settings,
        project_root: Path,
        *,
        components: Sequence[str] = COMPONENT_NAMES,
        log_dir: Path | None = None,
        echo: TextIO | None = None,
        python: str = sys.executable,
        start_timeout: float = DEFAULT_START_TIMEOUT,
        grace_period: float = DEFAULT_GRACE_PERIOD,
    ) -> None:
        unknown = sorted(set(components) - set(COMPONENT_NAMES))
        if unknown:
            raise ValueError(f"unknown components {unknown}; choose from {COMPONENT_NAMES}")
        token = settings.rasa_api_token or new_api_token()
        self.settings = dataclasses.replace(
            settings, rasa_api_token=token, project_dir=project_root
        )
        self.project_root = project_root
        self.log_dir = log_dir if log_dir is not None else project_root / "var" / "logs"
        self.start_timeout = start_timeout
        self.grace_period = grace_period
        self._echo = echo
        self._env = child_env(self.settings, project_root)
        every = build_components(self.settings, python)
        self._components = [every[name] for name in COMPONENT_NAMES if name in components]
        self._children: dict[str, ChildProcess] = {}

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def pids(self) -> dict[str, int]:
        """Process (and process group) id of each started component."""
        return {name: child.pid for name, child in self._children.items()}

    def log_path(self, component: str) -> Path:
        """Where `component` writes its output."""
        return self.log_dir / f"{component}.log"

    def check_ports(self) -> None:
        """Fail with the setting to change if a component's port is already taken.

        Public so `tailor run` can check before spending a minute on training.
        """
        for component in self._components:
            if not port_is_free(component.bind_host, component.port):
                raise ConfigurationError(
                    f"port {component.port} ({component.port_setting}) is already in use; "
                    f"stop what is listening there or set {component.port_setting}"
                )

    def start(self, timeout: float | None = None) -> None:
        """Migrate the database, then start every component at once and wait for all.

        None of them needs another to start: Rasa calls the action server only for a
        message, and the web app's readiness check (`/healthz`) waits for both. So
        Rasa's model load and the action server's warm-up overlap instead of adding up.
        Fails fast, with the component's last log lines, when one exits or is not
        ready within `timeout` seconds for all components together (default:
        `start_timeout`). Anything already started is stopped again before the error
        propagates, including on Ctrl-C.
        """
        if self._children:
            raise RuntimeError("the stack is already running")
        self.check_ports()
        if any(component.name == "rasa" for component in self._components):
            require_model(self.project_root)
        migrate(self.settings.database_url)
        timeout = self.start_timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        try:
            for component in self._components:
                self._children[component.name] = self._spawn(component)
            self._wait_until_ready(deadline, timeout)
        except BaseException:
            self.stop()
            raise

    def wait(self) -> NoReturn:
        """Block while all components run; raise `ComponentError` once one exits."""
        while True:
            self._fail_on_exit()
            time.sleep(_POLL_INTERVAL)

    def stop(self) -> None:
        """Stop every component (`stop_all`), callers first (web, Rasa, actions); safe twice."""
        stop_all(list(reversed(self._children.values())), self.grace_period)
        self._children.clear()

    def _fail_on_exit(self, when: str = "") -> None:
        """Raise `ComponentError` for the first component that has exited, if any."""
        for child in self._children.values():
            returncode = child.poll()
            if returncode is not None:
                raise child.failure(f"exited with code {returncode}{when}")

    def _spawn(self, component: Component) -> ChildProcess:
        return ChildProcess(
            component.name,
            component.argv,
            env={**self._env, **component.extra_env},
            cwd=self.project_root,
            log_path=self.log_path(component.name),
            echo=self._echo,
        )

    def _wait_until_ready(self, deadline: float, timeout: float) -> None:
        """Probe every component not yet ready until all are; fail on an exit or the deadline.

        A component once ready is not probed again, but its exit still fails the start.
        """
        waiting = list(self._components)
        with httpx.Client(timeout=2.0) as client:
            while True:
                waiting = [component for component in waiting if not component.is_ready(client)]
                self._fail_on_exit(" while starting")
                if not waiting:
                    return
                if time.monotonic() >= deadline:
                    raise self._children[waiting[0].name].failure(
                        f"was not ready within {timeout:g} s"
                    )
                time.sleep(_POLL_INTERVAL)
