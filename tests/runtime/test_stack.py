"""The supervisor, exercised with the real action server (rasa_sdk's).

Each test gets its own project folder with a minimal `actions` package whose
`actions.server` is rasa_sdk's own entry point, so these tests depend neither on the
state of the real actions nor on a trained model.
"""

from __future__ import annotations

import dataclasses
import os
import signal
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bot.runtime.errors import ComponentError, ConfigurationError
from bot.runtime.stack import Stack, free_port, port_is_free
from bot.settings import Settings, load_settings

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "actions").mkdir(parents=True)
    (root / "actions" / "__init__.py").write_text("")
    (root / "actions" / "server.py").write_text(
        "from rasa_sdk.__main__ import main\n\nif __name__ == '__main__':\n    main()\n"
    )
    return root


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return dataclasses.replace(
        load_settings(env={}, dotenv_path=tmp_path / "no.env"),
        database_url=f"sqlite:///{tmp_path / 'tailor.db'}",
        action_port=free_port(),
        rasa_port=free_port(),
        web_port=free_port(),
    )


@pytest.fixture
def listening_socket() -> Iterator[socket.socket]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock


def processes_using_port(port: int) -> list[int]:
    """Pids whose command line mentions `port`: any component we might have left behind."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            argv = cmdline.read_bytes().split(b"\0")
        except OSError:  # the process exited while we looked
            continue
        if str(port).encode() in argv:
            found.append(int(cmdline.parent.name))
    return found


def group_exists(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def test_free_port_is_bindable_and_port_is_free_notices_listeners(
    listening_socket: socket.socket,
) -> None:
    assert port_is_free("127.0.0.1", free_port())
    assert not port_is_free("127.0.0.1", listening_socket.getsockname()[1])


def test_unknown_components_are_refused(settings: Settings, project: Path) -> None:
    with pytest.raises(ValueError, match="unknown components"):
        Stack(settings, project, components=("actions", "redis"))


def test_a_missing_rasa_token_is_replaced_by_a_random_one(
    settings: Settings, project: Path
) -> None:
    first = Stack(dataclasses.replace(settings, rasa_api_token=None), project)
    second = Stack(dataclasses.replace(settings, rasa_api_token=None), project)
    assert first.settings.rasa_api_token and second.settings.rasa_api_token
    assert first.settings.rasa_api_token != second.settings.rasa_api_token
    given = Stack(dataclasses.replace(settings, rasa_api_token="chosen"), project)
    assert given.settings.rasa_api_token == "chosen"


@pytest.mark.parametrize(
    ("field", "setting"),
    [("action_port", "ACTION_PORT"), ("rasa_port", "RASA_PORT"), ("web_port", "WEB_PORT")],
)
def test_a_taken_port_names_the_setting_to_change(
    field: str, setting: str, settings: Settings, project: Path, listening_socket: socket.socket
) -> None:
    port = listening_socket.getsockname()[1]
    stack = Stack(dataclasses.replace(settings, **{field: port}), project, log_dir=project / "logs")
    with pytest.raises(ConfigurationError, match=rf"port {port} \({setting}\) is already in use"):
        stack.start()
    assert stack.pids == {}
    assert not (project / "logs").exists()


def test_rasa_without_a_model_fails_before_anything_starts(
    settings: Settings, project: Path, tmp_path: Path
) -> None:
    stack = Stack(settings, project, components=("actions", "rasa"), log_dir=project / "logs")
    with pytest.raises(ConfigurationError, match="no trained model"):
        stack.start()
    assert not (project / "logs").exists()
    assert not (tmp_path / "tailor.db").exists()


def test_actions_start_answer_and_stop_without_leftovers(
    settings: Settings, project: Path, tmp_path: Path
) -> None:
    with Stack(settings, project, components=("actions",), log_dir=tmp_path / "logs") as stack:
        pgid = stack.pids["actions"]
        assert group_exists(pgid)
        health = httpx.get(f"http://127.0.0.1:{settings.action_port}/health", timeout=5)
        assert health.status_code == 200
        started_stopping = time.monotonic()

    assert time.monotonic() - started_stopping < stack.grace_period
    assert not group_exists(pgid)
    assert processes_using_port(settings.action_port) == []
    assert stack.pids == {}
    assert port_is_free("127.0.0.1", settings.action_port)
    assert "Action endpoint is up and running" in (tmp_path / "logs" / "actions.log").read_text()
    assert (tmp_path / "tailor.db").exists(), "migrations run before the components start"


def test_a_component_that_dies_while_starting_fails_fast_with_its_log(
    settings: Settings, project: Path
) -> None:
    (project / "actions" / "__init__.py").write_text("import module_that_does_not_exist\n")
    stack = Stack(settings, project, components=("actions",), log_dir=project / "logs")
    started = time.monotonic()

    with pytest.raises(ComponentError) as failure:
        stack.start(timeout=90)

    assert time.monotonic() - started < 60
    assert failure.value.component == "actions"
    assert "exited with code 1 while starting" in str(failure.value)
    assert any("module_that_does_not_exist" in line for line in failure.value.log_tail)
    assert stack.pids == {}
    assert processes_using_port(settings.action_port) == []


def test_a_component_not_ready_in_time_is_stopped(settings: Settings, project: Path) -> None:
    # A warm-up longer than the timeout (the bare server alone can be ready in 0.5 s).
    server = project / "actions" / "server.py"
    server.write_text("import time\n\ntime.sleep(60)\n" + server.read_text())
    stack = Stack(settings, project, components=("actions",), log_dir=project / "logs")

    with pytest.raises(ComponentError, match=r"actions was not ready within 0.5 s"):
        stack.start(timeout=0.5)

    assert stack.pids == {}
    assert processes_using_port(settings.action_port) == []


def test_wait_reports_a_component_that_dies_later(settings: Settings, project: Path) -> None:
    with Stack(settings, project, components=("actions",), log_dir=project / "logs") as stack:
        os.killpg(stack.pids["actions"], signal.SIGKILL)
        with pytest.raises(ComponentError, match=f"actions exited with code -{signal.SIGKILL}"):
            stack.wait()
    assert processes_using_port(settings.action_port) == []
