"""The `tailor` command line: arguments, settings and the errors users will meet.

Commands run in-process through `main()` where possible (fast, precise); the real
console script runs in a subprocess where stdin, the exit status and the absence of a
traceback are the point.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import MAX_ERROR_LINE

from .conftest import FakeRasa
from .support import run_main

TAILOR = Path(sys.executable).with_name("tailor")
COMMANDS = (["run"], ["train"], ["chat"], ["db", "upgrade"])


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    project.mkdir()
    return project


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def assert_one_line_error(err: str, expected: str) -> None:
    assert err.count("\n") == 1, err
    assert err.startswith(f"tailor: error: {expected}"), err
    assert "Traceback" not in err


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(["--help"], capsys)
    assert code == 0
    for command in ("run", "train", "chat", "db"):
        assert f"    {command} " in out
    assert ".env.example" in out


@pytest.mark.parametrize(
    ("argv", "mentions"),
    [
        (["run", "--help"], "--no-train"),
        (["train", "--help"], "--force"),
        (["chat", "--help"], "/quit"),
        (["db", "--help"], "upgrade"),
        (["db", "upgrade", "--help"], "latest schema"),
    ],
)
def test_each_command_has_help(
    argv: list[str], mentions: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run_main(argv, capsys)
    assert code == 0
    assert mentions in out


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        ([], "the following arguments are required: COMMAND"),
        (["deploy"], "argument COMMAND: invalid choice: 'deploy'"),
        (["db"], "the following arguments are required: DB_COMMAND"),
        (["db", "drop"], "argument DB_COMMAND: invalid choice: 'drop'"),
        (["train", "--forse"], "unrecognized arguments: --forse"),
        (["run", "--timeout", "soon"], "argument --timeout: not a number of seconds: 'soon'"),
        (["run", "--timeout", "-5"], "argument --timeout: must be a positive number"),
        (["chat", "--timeout", "nan"], "argument --timeout: must be a positive number"),
        (["chat", "--timeout", "inf"], "argument --timeout: must be a positive number"),
        (["run", "--timeout", ""], "argument --timeout: not a number of seconds: ''"),
    ],
)
def test_malformed_command_lines_exit_2_with_usage(
    argv: list[str], expected: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(argv, capsys)
    assert code == 2
    assert out == ""
    assert err.startswith("usage: tailor")
    assert f"error: {expected}" in err


def test_a_huge_argument_gives_a_short_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run_main(["x" * 100_000], capsys)
    assert code == 2
    assert "invalid choice" in err
    assert max(len(line) for line in err.splitlines()) <= len("tailor: error: ") + MAX_ERROR_LINE


def test_hostile_arguments_are_not_replayed_to_the_terminal(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, err = run_main(["\x1b]0;owned\x07\x1b[2J"], capsys)
    assert code == 2
    assert "\x1b" not in err and "\x07" not in err


@pytest.mark.parametrize("argv", COMMANDS)
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("abc", "RASA_PORT must be a port number, got 'abc'"),
        ("70000", "RASA_PORT must be between 1 and 65535, got 70000"),
        ("-1", "RASA_PORT must be between 1 and 65535, got -1"),
        ("9" * 10_000, "RASA_PORT must be a port number, got '999"),
        ("\x1b[2J5005", "RASA_PORT must be a port number, got '\\x1b[2J5005'"),
    ],
)
def test_a_bad_port_setting_is_one_clear_line(
    argv: list[str],
    value: str,
    expected: str,
    isolated_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RASA_PORT", value)
    code, out, err = run_main(argv, capsys)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, expected)
    assert len(err) <= len("tailor: error: \n") + MAX_ERROR_LINE
    assert not (tmp_path / "tailor.db").exists(), "nothing may happen with bad settings"


def test_a_missing_project_dir_is_reported(
    isolated_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run_main(["--project-dir", str(tmp_path / "nowhere"), "train"], capsys)
    assert code == 2
    assert_one_line_error(err, f"--project-dir {tmp_path / 'nowhere'} is not a folder")


def test_train_without_training_data_names_what_is_missing(
    isolated_env: dict[str, str], empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (empty_project / "domain.yml").write_text("version: '3.1'\n")
    code, _, err = run_main(["--project-dir", str(empty_project), "train"], capsys)
    assert code == 2
    assert_one_line_error(err, f"cannot train: config.yml, data not found in {empty_project}")
    assert not (empty_project / "models").exists()


def test_run_without_a_model_fails_before_touching_anything(
    isolated_env: dict[str, str],
    empty_project: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = run_main(["--project-dir", str(empty_project), "run", "--no-train"], capsys)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, "no trained model in")
    assert "run `tailor train` first" in err
    assert not (tmp_path / "tailor.db").exists()
    assert list(empty_project.iterdir()) == []


def test_run_with_a_taken_port_fails_before_training(
    isolated_env: dict[str, str],
    empty_project: Path,
    taken_port: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RASA_PORT", str(taken_port))
    code, _, err = run_main(["--project-dir", str(empty_project), "run"], capsys)
    assert code == 2
    assert_one_line_error(err, f"port {taken_port} (RASA_PORT) is already in use")


def test_chat_without_a_server_or_a_model_says_to_train(
    isolated_env: dict[str, str], empty_project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_main(["--project-dir", str(empty_project), "chat"], capsys)
    assert code == 2
    assert "No Rasa server at" in out
    assert_one_line_error(err, "no trained model in")


def test_chat_talks_to_a_running_server(isolated_env: dict[str, str], fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    fake_rasa.reply_json(
        [{"text": "Which fabric?", "buttons": [{"title": "Linen", "payload": "/linen"}]}]
    )
    fake_rasa.reply_json([{"text": "Linen it is."}])

    result = subprocess.run(
        [str(TAILOR), "chat"],
        input="hello\n1\n",
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "RASA_PORT": str(fake_rasa.port)},
    )

    assert result.returncode == 0, result.stderr
    assert "bot> Which fabric?\n       1. Linen" in result.stdout
    assert "bot> Linen it is." in result.stdout
    assert [body["message"] for body in fake_rasa.received] == ["hello", "/linen"]


def test_db_upgrade_creates_the_schema_and_keeps_existing_data(
    isolated_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    database = tmp_path / "tailor.db"
    code, out, _ = run_main(["db", "upgrade"], capsys)
    assert code == 0
    assert out == f"sqlite:///{database} is at the latest schema.\n"
    with sqlite3.connect(database) as connection:
        connection.execute("CREATE TABLE keepsake (note TEXT)")
        connection.execute("INSERT INTO keepsake VALUES ('still here')")

    code, _, _ = run_main(["db", "upgrade"], capsys)

    assert code == 0
    with sqlite3.connect(database) as connection:
        assert connection.execute("SELECT note FROM keepsake").fetchall() == [("still here",)]
        assert connection.execute("SELECT count(*) FROM alembic_version").fetchone() == (1,)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("not a url", "DATABASE_URL is not a database URL"),
        ("nosuchdb://user@host/db", "cannot migrate nosuchdb://user@host/db:"),
        ("sqlite:////proc/forbidden/tailor.db", "cannot migrate sqlite:////proc/forbidden"),
        ("sqlite:///{tmp}/" + "a/" * 50_000 + "tailor.db", "cannot migrate sqlite:///{tmp}/a/a/"),
        (
            "postgresql://tailor:s3cr3t@127.0.0.1:1/tailor",
            "cannot migrate postgresql://tailor:***@",
        ),
    ],
)
def test_db_upgrade_errors_are_one_line_without_secrets(
    url: str,
    expected: str,
    isolated_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("DATABASE_URL", url.format(tmp=tmp_path))
    code, out, err = run_main(["db", "upgrade"], capsys)
    assert code == 2
    assert out == ""
    assert_one_line_error(err, expected.format(tmp=tmp_path))
    assert "s3cr3t" not in err
    assert len(err) <= len("tailor: error: \n") + MAX_ERROR_LINE


def test_the_installed_script_reports_bad_settings_without_a_traceback(
    isolated_env: dict[str, str],
) -> None:
    result = subprocess.run(
        [str(TAILOR), "train"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "WEB_PORT": "eighty"},
    )
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == "tailor: error: WEB_PORT must be a port number, got 'eighty'\n"
