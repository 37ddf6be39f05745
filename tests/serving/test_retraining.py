"""Retraining in the background, then switching the Rasa server to the new model.

Training is an external process: most tests run a stand-in `python` (a shell script
that writes a model archive or fails) and a stand-in Rasa; one runs the real
`python -m bot.cli.main train` on a project whose model is already current.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import pytest

from bot.runtime.environment import child_env
from bot.runtime.training import FINGERPRINT_SUFFIX, inputs_fingerprint
from bot.serving.rasa_server import RasaServer, connect
from bot.serving.retraining import MAX_LOG_LINE, Retrainer, RetrainState, tail_text
from bot.settings import load_settings
from tests.serving.archives import write_model
from tests.serving.rasa_stand_in import StandInRasa, running_stand_in

NEW_ID = "1" * 32
OLD_ID = "0" * 32

FAKE_PYTHON = """#!/bin/sh
echo "$PWD $*" > argv.txt
echo $$ > pid.txt
printf 'Epochs:   0%%|\\r Epochs:  50%%|\\r Epochs: 100%%|\\n'
printf '\\033[93mUserWarning: colourful\\033[0m\\n'
waited=0  # gives up after 60 s, so a test that failed before letting it go leaves no process
while [ -n "$FAKE_WAIT_FOR" ] && [ ! -e "$FAKE_WAIT_FOR" ] && [ $waited -lt 1200 ]; do
  sleep 0.05; waited=$((waited + 1))
done
case "$FAKE_OUTCOME" in
  fail) echo "rasa train exploded"; exit 3 ;;
  nomodel) exit 0 ;;
esac
mkdir -p models && cp "$FAKE_MODEL" models/20261123-130000-fresh.tar.gz
echo "Your Rasa model is trained"
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project serving an old model, and a stand-in `python` that trains a new one."""
    root = tmp_path / "project"
    write_model(root / "models" / "20261123-120000-old.tar.gz", OLD_ID, datetime(2026, 11, 23, 12))
    write_model(tmp_path / "fresh.tar.gz", NEW_ID, datetime(2026, 11, 23, 13))
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    return root


@pytest.fixture
def rasa(project: Path) -> Iterator[StandInRasa]:
    with running_stand_in() as stand_in:
        stand_in.serve(project / "models" / "20261123-120000-old.tar.gz")
        yield stand_in


def fake_env(project: Path, outcome: str = "ok", wait_for: Path | None = None) -> dict[str, str]:
    return {
        "PATH": os.environ["PATH"],
        "FAKE_MODEL": str(project.parent / "fresh.tar.gz"),
        "FAKE_OUTCOME": outcome,
        "FAKE_WAIT_FOR": str(wait_for or ""),
    }


def retrainer(project: Path, env: dict[str, str], rasa: StandInRasa) -> Retrainer:
    return Retrainer(
        project,
        env,
        lambda: connect(rasa.url, rasa.token),
        python=str(project.parent / "fake-python"),
        log_path=project / "var" / "logs" / "train.log",
    )


def finished(job: Retrainer, timeout: float = 30.0) -> RetrainState:
    deadline = time.monotonic() + timeout
    while (state := job.state).status == "running":
        assert time.monotonic() < deadline, "retraining did not finish"
        time.sleep(0.05)
    return state


def training(job: Retrainer) -> None:
    """Wait until the stand-in training has started and written its first lines."""
    deadline = time.monotonic() + 10
    while "colourful" not in job.state.log_tail:
        assert time.monotonic() < deadline, job.state
        time.sleep(0.05)


def test_a_job_trains_then_switches_rasa_to_the_new_model(project: Path, rasa: StandInRasa) -> None:
    job = retrainer(project, fake_env(project), rasa)
    assert job.state == RetrainState("idle")
    assert job.start()
    state = finished(job)
    assert state.status == "succeeded", state
    assert state.model is not None and state.model.model_id == NEW_ID
    assert state.message == "Rasa now serves 20261123-130000-fresh."
    assert rasa.model_id == NEW_ID
    assert state.started_at is not None and state.finished_at is not None
    assert state.started_at <= state.finished_at
    assert "Your Rasa model is trained" in state.log_tail
    assert "Your Rasa model is trained" in job.log_path.read_text()


def test_training_runs_the_tailor_command_in_the_project(project: Path, rasa: StandInRasa) -> None:
    job = retrainer(project, fake_env(project), rasa)
    job.start()
    finished(job)
    assert (project / "argv.txt").read_text().split() == [
        str(project), "-m", "bot.cli.main", "--project-dir", str(project), "train",
    ]  # fmt: skip


def test_one_job_at_a_time_and_its_progress_is_visible(
    project: Path, rasa: StandInRasa, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    job = retrainer(project, fake_env(project, wait_for=go), rasa)
    assert job.start()
    assert not job.start()
    training(job)
    running = job.state
    assert running.status == "running" and running.finished_at is None
    assert " Epochs: 100%|" in running.log_tail.splitlines()
    assert rasa.model_id == OLD_ID
    go.touch()
    assert finished(job).status == "succeeded"
    assert job.start()  # a finished job makes room for the next
    assert finished(job).status == "succeeded"


def test_a_failed_training_keeps_the_served_model_and_shows_the_log(
    project: Path, rasa: StandInRasa
) -> None:
    job = retrainer(project, fake_env(project, "fail"), rasa)
    job.start()
    state = finished(job)
    assert state.status == "failed"
    assert state.message.startswith("training failed (exit code 3); full log: ")
    assert str(job.log_path) in state.message
    assert state.log_tail.splitlines()[-1] == "rasa train exploded"
    assert state.model is None
    assert rasa.model_id == OLD_ID
    assert not [r for r in rasa.requests if r[0] == "PUT"]


def test_training_without_a_readable_model_fails(project: Path, rasa: StandInRasa) -> None:
    (project / "models" / "20261123-120000-old.tar.gz").unlink()
    job = retrainer(project, fake_env(project, "nomodel"), rasa)
    job.start()
    state = finished(job)
    assert state.status == "failed" and "without a readable model" in state.message


def test_a_refused_switch_fails_but_names_the_trained_model(
    project: Path, rasa: StandInRasa
) -> None:
    rasa.fail_next_load = (500, "An unexpected error occurred. Error: out of memory")
    job = retrainer(project, fake_env(project), rasa)
    job.start()
    state = finished(job)
    assert state.status == "failed"
    assert state.message.startswith("trained 20261123-130000-fresh, but could not switch Rasa")
    assert "out of memory" in state.message
    assert state.model is not None and state.model.model_id == NEW_ID
    assert rasa.model_id == OLD_ID


def test_an_unreachable_rasa_fails_the_job(project: Path, rasa: StandInRasa) -> None:
    rasa.stop()
    job = retrainer(project, fake_env(project), rasa)
    job.start()
    state = finished(job)
    assert state.status == "failed" and "no Rasa server answers" in state.message
    assert rasa.token not in state.message


def test_a_missing_interpreter_fails_the_job(project: Path, rasa: StandInRasa) -> None:
    job = Retrainer(
        project,
        fake_env(project),
        lambda: connect(rasa.url, rasa.token),
        python=str(project / "no-such-python"),
        log_path=project / "train.log",
    )
    job.start()
    state = finished(job)
    assert state.status == "failed" and state.message.startswith("could not start training")


def test_a_server_object_works_as_well_as_a_factory(project: Path, rasa: StandInRasa) -> None:
    with connect(rasa.url, rasa.token) as server:
        assert isinstance(server, RasaServer)
        job = Retrainer(
            project,
            fake_env(project),
            server,
            python=str(project.parent / "fake-python"),
            log_path=project / "train.log",
        )
        job.start()
        assert finished(job).status == "succeeded"


def test_the_factory_is_opened_per_job_and_closed(project: Path, rasa: StandInRasa) -> None:
    events: list[str] = []

    @contextmanager
    def counting() -> Iterator[RasaServer]:
        events.append("open")
        with connect(rasa.url, rasa.token) as server:
            yield server
        events.append("closed")

    job = Retrainer(
        project,
        fake_env(project),
        counting,
        python=str(project.parent / "fake-python"),
        log_path=project / "train.log",
    )
    for _ in range(2):
        job.start()
        finished(job)
    assert events == ["open", "closed", "open", "closed"]


@pytest.mark.timeout(120)
def test_the_real_train_command_runs_and_a_current_model_is_switched_to(
    project: Path, rasa: StandInRasa
) -> None:
    """The real `python -m bot.cli.main train`: skipped (inputs unchanged), then a switch."""
    for name in ("domain.yml", "config.yml"):
        (project / name).write_text("version: '3.1'\n")
    (project / "data").mkdir()
    settings = load_settings()
    current = project / "models" / "20261123-130000-current.tar.gz"
    shutil.copy(project.parent / "fresh.tar.gz", current)
    fingerprint = inputs_fingerprint(project, settings.catalog_path)
    current.with_name(current.name + FINGERPRINT_SUFFIX).write_text(fingerprint + "\n")
    job = Retrainer(
        project,
        child_env(settings, project),
        rasa=lambda: connect(rasa.url, rasa.token),
        python=sys.executable,
        log_path=project / "train.log",
    )
    job.start()
    state = finished(job, timeout=100)
    assert state.status == "succeeded", state
    assert "The model is up to date" in state.log_tail
    assert rasa.model == current.resolve()


def test_stop_ends_the_training_and_all_it_started_without_a_switch(
    project: Path, rasa: StandInRasa, tmp_path: Path
) -> None:
    go = tmp_path / "go"
    job = retrainer(project, fake_env(project, wait_for=go), rasa)
    job.start()
    training(job)
    job.stop(grace_period=5)
    state = job.state
    assert state.status == "failed"
    assert state.message == "training was stopped before it finished"
    assert state.finished_at is not None
    with pytest.raises(ProcessLookupError):
        os.killpg(int((project / "pid.txt").read_text()), 0)
    assert rasa.model_id == OLD_ID
    assert not [r for r in rasa.requests if r[0] == "PUT"]
    go.touch()
    assert job.start()  # stopping one job does not stop the next
    assert finished(job).status == "succeeded"


def test_stop_without_a_job_changes_nothing(project: Path, rasa: StandInRasa) -> None:
    job = retrainer(project, fake_env(project), rasa)
    job.stop()
    assert job.state == RetrainState("idle")
    job.start()
    assert finished(job).status == "succeeded"
    job.stop()
    assert job.state.status == "succeeded"


def test_log_lines_are_cleaned_for_display() -> None:
    lines = [
        "\x1b[93mwarning\x1b[0m",
        "Epochs:  10%|\r Epochs: 100%|",
        "x" * 10_000,
        "bell\x07 nul\0 tab\tok",
        "<script>alert(1)</script>",
    ]
    shown = tail_text(lines).splitlines()
    assert shown[0] == "warning"
    assert shown[1] == " Epochs: 100%|"
    assert len(shown[2]) == MAX_LOG_LINE and shown[2].endswith("…")
    assert shown[3] == "bell? nul? tab\tok"
    assert shown[4] == "<script>alert(1)</script>"  # escaping is the page's job
