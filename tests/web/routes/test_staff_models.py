"""The Models page: trained models, the one Rasa serves, switching, and retraining."""

from __future__ import annotations

import dataclasses
import os
import re
import time
from collections.abc import Callable
from contextlib import ExitStack
from datetime import datetime, timezone
from pathlib import Path

import httpx
import pytest

from bot.serving.retraining import Retrainer
from bot.settings import Settings
from bot.staff.accounts import TRAINER
from bot.web.dependencies import get_retrainer
from tests.serving.archives import write_model

from ..staff_fixtures import LoggedIn, logged_in
from ..staff_support import TRAINER_EMAIL
from ..support import build_app, run_app
from ..training_fixtures import training_pid

MODELS = "/staff/models"
SCRIPT = "<script>alert(1)</script>"
OLD = "20261101-090000-old-model"
NEW = "20261120-090000-new-model"


@pytest.fixture
def models(settings: Settings) -> Path:
    folder = settings.project_dir / "models"
    write_model(folder / f"{OLD}.tar.gz", "a" * 32, datetime(2026, 11, 1, 9, tzinfo=timezone.utc))
    write_model(folder / f"{NEW}.tar.gz", "b" * 32, datetime(2026, 11, 20, 9, tzinfo=timezone.utc))
    return folder


def test_the_page_lists_the_models_newest_first_and_what_rasa_serves(
    trainer_client: LoggedIn, models: Path
) -> None:
    page = trainer_client.client.get(MODELS)

    assert page.status_code == 200
    assert page.text.index(NEW) < page.text.index(OLD)
    assert "b" * 32 in page.text
    assert "20240101.tar.gz" in page.text  # the stand-in Rasa server's answer
    assert 'Status: <span class="badge">idle</span>' in page.text


def test_switching_to_an_unknown_model_is_not_found(trainer_client: LoggedIn, models: Path) -> None:
    for model in ["", "no-such-model", f"{SCRIPT}\x00", "x" * 100_000, f"../{NEW}"]:
        response = trainer_client.client.post(
            f"{MODELS}/activate", data={"csrf_token": trainer_client.csrf_token, "model": model}
        )
        assert response.status_code == 404
        assert SCRIPT not in response.text


def test_a_switch_rasa_refuses_is_explained(trainer_client: LoggedIn, models: Path) -> None:
    # The stand-in answers GETs only, as a server without the model endpoint would.
    response = trainer_client.client.post(
        f"{MODELS}/activate", data={"csrf_token": trainer_client.csrf_token, "model": OLD}
    )

    assert response.status_code == 502
    assert "switch the Rasa server" in response.text or "Rasa server" in response.text


def test_retraining_runs_in_the_background_and_reports_its_failure(
    trainer_client: LoggedIn,
) -> None:
    # The test project has no config.yml, so `tailor train` stops at once, saying so.
    started = trainer_client.client.post(
        f"{MODELS}/retrain", data={"csrf_token": trainer_client.csrf_token}
    )
    assert started.status_code == 303

    deadline = time.monotonic() + 120
    page = ""
    while time.monotonic() < deadline:
        page = trainer_client.client.get(MODELS).text
        if 'badge danger">failed' in page:
            break
        time.sleep(0.5)
    assert 'badge danger">failed' in page, page
    assert re.search(r"training failed \(exit code \d+\)", page)
    assert "config.yml not found" in page


def test_a_running_retraining_can_be_stopped(
    settings: Settings, endless_retrainer: Retrainer
) -> None:
    app = build_app(settings)
    app.dependency_overrides[get_retrainer] = lambda: endless_retrainer
    with ExitStack() as stack:
        client = stack.enter_context(run_app(app))
        trainer = logged_in(stack, client, settings, TRAINER_EMAIL, TRAINER)
        form = {"csrf_token": trainer.csrf_token}
        assert trainer.client.post(f"{MODELS}/retrain", data=form).status_code == 303
        pid = training_pid(endless_retrainer)
        running = trainer.client.get(MODELS).text

        stopped = trainer.client.post(f"{MODELS}/stop", data=form, follow_redirects=True)
        again = trainer.client.post(f"{MODELS}/stop", data=form, follow_redirects=True)

    assert 'badge warn">running' in running and "Stop training" in running
    assert stopped.status_code == 200
    assert "The retraining was stopped; the bot keeps serving the same model." in stopped.text
    assert 'badge danger">failed' in stopped.text and "Stop training" not in stopped.text
    assert "training was stopped before it finished" in stopped.text
    with pytest.raises(ProcessLookupError):
        os.killpg(pid, 0)
    assert "No retraining was running." in again.text


def test_support_staff_cannot_see_or_change_models(staff_client: LoggedIn, models: Path) -> None:
    assert staff_client.client.get(MODELS).status_code == 403
    for action, data in [("retrain", {}), ("stop", {}), ("activate", {"model": OLD})]:
        response = staff_client.client.post(
            f"{MODELS}/{action}", data={"csrf_token": staff_client.csrf_token, **data}
        )
        assert response.status_code == 403


def test_without_a_rasa_token_the_page_says_so_and_switching_is_refused(
    start_app: Callable[[Settings], httpx.Client], settings: Settings, models: Path
) -> None:
    app = start_app(dataclasses.replace(settings, rasa_api_token=None))
    with ExitStack() as stack:
        trainer = logged_in(stack, app, settings, TRAINER_EMAIL, TRAINER)

        page = trainer.client.get(MODELS)
        switch = trainer.client.post(
            f"{MODELS}/activate", data={"csrf_token": trainer.csrf_token, "model": OLD}
        )

    assert page.status_code == 200
    assert "RASA_API_TOKEN" in page.text
    assert switch.status_code == 502
    assert "RASA_API_TOKEN" in switch.text
