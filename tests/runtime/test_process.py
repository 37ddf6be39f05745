from __future__ import annotations

import io
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from bot.runtime.process import TAIL_LINES, ChildProcess

pytestmark = pytest.mark.timeout(60)


def python_child(tmp_path: Path, code: str, echo: io.StringIO | None = None) -> ChildProcess:
    return ChildProcess(
        "demo",
        [sys.executable, "-c", code],
        env=os.environ,
        cwd=tmp_path,
        log_path=tmp_path / "logs" / "demo.log",
        echo=echo,
    )


def wait_for_line(child: ChildProcess, expected: str) -> None:
    deadline = time.monotonic() + 20
    while expected not in child.tail():
        assert time.monotonic() < deadline, f"child never printed {expected!r}: {child.tail()}"
        time.sleep(0.05)


def alive(pid: int) -> bool:
    """Running, as opposed to gone or a zombie waiting for init to reap it."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "State:\tZ" not in status


def test_output_goes_to_the_log_the_echo_and_the_tail(tmp_path: Path) -> None:
    echo = io.StringIO()
    child = python_child(tmp_path, "for i in range(100): print('line', i)", echo)

    assert child.wait_gone(time.monotonic() + 10)
    failure = child.failure("exited")  # must wait for the lines still in the pipe
    child.close()

    header, *log = (tmp_path / "logs" / "demo.log").read_text().splitlines()
    assert header.startswith("----- demo starting at ")
    assert log == [f"line {i}" for i in range(100)]
    assert echo.getvalue().splitlines()[0] == "   demo | line 0"
    assert child.tail() == [f"line {i}" for i in range(100 - TAIL_LINES, 100)]
    assert failure.log_tail[-1] == "line 99"


def test_undecodable_and_carriage_return_output_is_logged_readably(tmp_path: Path) -> None:
    child = python_child(tmp_path, r"import sys; sys.stdout.buffer.write(b'caf\xe9\r\n')")
    child.wait_gone(time.monotonic() + 10)
    child.close()
    assert (tmp_path / "logs" / "demo.log").read_text().splitlines()[1:] == ["caf\ufffd"]


def test_a_child_ignoring_sigterm_is_killed(tmp_path: Path) -> None:
    child = python_child(
        tmp_path,
        "import signal, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "print('ready', flush=True)\n"
        "time.sleep(60)\n",
    )
    wait_for_line(child, "ready")

    child.send_signal(signal.SIGTERM)
    assert not child.wait_gone(time.monotonic() + 1)
    child.send_signal(signal.SIGKILL)
    assert child.wait_gone(time.monotonic() + 10)
    child.close()
    assert child.poll() == -signal.SIGKILL


def test_signalling_the_group_reaches_grandchildren(tmp_path: Path) -> None:
    child = python_child(
        tmp_path,
        "import subprocess, time\n"
        "grandchild = subprocess.Popen(['sleep', '60'])\n"
        "print(grandchild.pid, flush=True)\n"
        "time.sleep(60)\n",
    )
    deadline = time.monotonic() + 20
    while not child.tail():
        assert time.monotonic() < deadline
        time.sleep(0.05)
    grandchild = int(child.tail()[0])
    assert alive(grandchild)

    child.send_signal(signal.SIGTERM)
    assert child.wait_gone(time.monotonic() + 10)
    child.close()

    assert not alive(grandchild)


def test_a_second_run_appends_to_the_log(tmp_path: Path) -> None:
    for run in ("first", "second"):
        child = python_child(tmp_path, f"print({run!r})")
        child.wait_gone(time.monotonic() + 10)
        child.close()
    lines = (tmp_path / "logs" / "demo.log").read_text().splitlines()
    assert [line for line in lines if not line.startswith("-----")] == ["first", "second"]
    assert len(lines) == 4


def test_signalling_an_exited_child_is_harmless(tmp_path: Path) -> None:
    child = python_child(tmp_path, "pass")
    assert child.wait_gone(time.monotonic() + 10)
    child.send_signal(signal.SIGTERM)
    child.close()
    assert child.poll() == 0


def test_a_missing_executable_raises_and_leaves_nothing_open(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        ChildProcess(
            "ghost",
            [str(tmp_path / "no-such-program")],
            env=os.environ,
            cwd=tmp_path,
            log_path=tmp_path / "ghost.log",
        )
