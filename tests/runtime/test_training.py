from __future__ import annotations

import os
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.cli.models import MISSING_TOKEN
from bot.runtime.errors import ConfigurationError, TailorError
from bot.runtime.training import (
    FINGERPRINT_SUFFIX,
    inputs_fingerprint,
    model_is_current,
    require_model,
    train,
    train_argv,
)
from bot.settings import load_settings
from tests.serving.archives import write_model
from tests.serving.rasa_stand_in import running_stand_in

T0 = datetime(2026, 11, 23, 13)
HOUR = timedelta(hours=1)


def test_the_rasa_train_command_line() -> None:
    assert train_argv("py", force=False) == [
        "py", "-m", "rasa", "train", "--domain", "domain.yml", "--config", "config.yml",
        "--data", "data", "--out", "models",
    ]  # fmt: skip
    assert train_argv("py", force=True)[-1] == "--force"
    assert "--force" not in train_argv("py", force=False)


def test_missing_training_inputs_are_named_before_rasa_runs(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    with pytest.raises(ConfigurationError, match=r"cannot train: domain.yml, config.yml not found"):
        train(tmp_path, os.environ)


@pytest.mark.timeout(180)
def test_a_failing_rasa_train_is_an_error_and_leaves_no_model(tmp_path: Path) -> None:
    (tmp_path / "domain.yml").write_text("version: '3.1'\nintents: [\n")  # broken YAML
    (tmp_path / "config.yml").write_text("recipe: default.v1\nlanguage: en\n")
    (tmp_path / "data").mkdir()
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    with pytest.raises(TailorError, match="training failed: rasa train exited with code"):
        train(tmp_path, env, python=sys.executable)
    assert not list(tmp_path.glob("models/*.tar.gz"))


def test_a_model_is_required_to_serve(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match=r"no trained model in .*run `tailor train` first"):
        require_model(tmp_path)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "notes.txt").write_text("not a model")
    with pytest.raises(ConfigurationError):
        require_model(tmp_path)
    (tmp_path / "models" / "20240101-000000-brisk-fold.tar.gz").write_bytes(b"")
    require_model(tmp_path)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Training inputs, and a stand-in `python` whose `-m rasa train` writes a model."""
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "config.yml").write_text("recipe: default.v1\n")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "nlu.yml").write_text("nlu: []\n")
    fake = tmp_path / "fake-python"
    fake.write_text(
        "#!/bin/sh\n"
        'mkdir -p models && echo "$*" >> trainings.log && '
        'touch "models/model-$(wc -l < trainings.log | tr -d " ").tar.gz"\n'
    )
    fake.chmod(0o755)
    return tmp_path


def trainings(project: Path) -> int:
    log = project / "trainings.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


def test_training_runs_only_when_domain_config_or_data_changed(project: Path) -> None:
    python = str(project / "fake-python")
    train(project, os.environ, python=python)
    assert trainings(project) == 1 and model_is_current(project)

    train(project, os.environ, python=python)
    assert trainings(project) == 1

    (project / "data" / "nlu.yml").write_text("nlu: [changed]\n")
    assert not model_is_current(project)
    train(project, os.environ, python=python)
    assert trainings(project) == 2

    (project / "data" / "rules.yml").write_text("rules: []\n")
    train(project, os.environ, python=python)
    assert trainings(project) == 3

    train(project, os.environ, python=python, force=True)
    assert trainings(project) == 4


def test_a_catalog_edit_retrains(project: Path) -> None:
    """The model holds the vocabulary built from the catalog, so it is an input too."""
    python = str(project / "fake-python")
    catalog = project / "catalog.yml"
    catalog.write_text("shop: A\n")
    env = {**os.environ, "CATALOG_PATH": str(catalog)}
    train(project, env, python=python)
    train(project, env, python=python)
    assert trainings(project) == 1
    catalog.write_text("shop: B\n")
    assert not model_is_current(project, catalog)
    train(project, env, python=python)
    assert trainings(project) == 2 and model_is_current(project, catalog)


def test_an_edit_of_the_model_components_code_retrains_but_a_written_pyc_does_not(
    project: Path,
) -> None:
    """The vocabulary and the placeholders DIET learns are computed by our code, which
    Rasa's own cache does not fingerprint."""
    python = str(project / "fake-python")
    code = project / "bot" / "understanding" / "entities.py"
    code.parent.mkdir(parents=True)
    code.write_text("RULE = 1\n")
    train(project, os.environ, python=python)
    (code.parent / "__pycache__").mkdir()
    (code.parent / "__pycache__" / "entities.cpython-310.pyc").write_bytes(b"\0")
    assert model_is_current(project)
    code.write_text("RULE = 2\n")
    assert not model_is_current(project)
    train(project, os.environ, python=python)
    assert trainings(project) == 2


def test_a_model_without_a_recorded_fingerprint_is_not_trusted(project: Path) -> None:
    (project / "models").mkdir()
    (project / "models" / "by-hand.tar.gz").write_bytes(b"")
    assert not model_is_current(project)


def test_the_fingerprint_covers_names_and_contents_in_a_stable_order(project: Path) -> None:
    before = inputs_fingerprint(project)
    assert inputs_fingerprint(project) == before
    (project / "data" / "nlu.yml").rename(project / "data" / "other.yml")
    assert inputs_fingerprint(project) != before


@pytest.fixture
def trained(tmp_path: Path, isolated_env: dict[str, str]) -> Path:
    """A project whose newest model was trained on exactly its inputs: training skips."""
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    (tmp_path / "config.yml").write_text("recipe: default.v1\n")
    (tmp_path / "data").mkdir()
    write_model(tmp_path / "models" / "20261123-120000-old.tar.gz", "a" * 32, T0 - HOUR)
    model = write_model(tmp_path / "models" / "20261123-130000-new.tar.gz", "b" * 32, T0)
    fingerprint = inputs_fingerprint(tmp_path, load_settings().catalog_path)
    model.with_name(model.name + FINGERPRINT_SUFFIX).write_text(fingerprint + "\n")
    return tmp_path


def tailor(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_train_help_offers_to_activate(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["train", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "--activate" in help_text and "switch the running Rasa server" in help_text


def test_train_activate_needs_the_token_before_training(
    tmp_path: Path, isolated_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    """Checked first: finding out after a minute of training would waste it."""
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")
    code, out, err = tailor(["--project-dir", str(tmp_path), "train", "--activate"], capsys)
    assert code == 2 and out == ""
    assert err == f"tailor: error: {MISSING_TOKEN}\n"
    assert not (tmp_path / "models").exists()


def test_train_activate_switches_rasa_to_the_newest_model(
    trained: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    with running_stand_in() as rasa:
        rasa.serve(trained / "models" / "20261123-120000-old.tar.gz")
        monkeypatch.setenv("RASA_PORT", str(rasa.port))
        monkeypatch.setenv("RASA_API_TOKEN", rasa.token)
        code, out, err = tailor(["--project-dir", str(trained), "train", "--activate"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("The model is up to date")
    assert lines[-1] == f"The Rasa server now serves 20261123-130000-new (model id {'b' * 32})."
    assert rasa.model_id == "b" * 32


def test_train_activate_fails_when_rasa_is_not_running(
    trained: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RASA_API_TOKEN", "some-token")
    code, out, err = tailor(["--project-dir", str(trained), "train", "--activate"], capsys)
    assert code == 1
    assert out.startswith("The model is up to date")
    assert "no Rasa server answers at" in err and "some-token" not in err
