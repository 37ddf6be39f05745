from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bot.cli.errors import ConfigurationError, TailorError
from bot.cli.training import (
    inputs_fingerprint,
    model_is_current,
    require_model,
    train,
    train_argv,
)


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


def test_a_model_without_a_recorded_fingerprint_is_not_trusted(project: Path) -> None:
    (project / "models").mkdir()
    (project / "models" / "by-hand.tar.gz").write_bytes(b"")
    assert not model_is_current(project)


def test_the_fingerprint_covers_names_and_contents_in_a_stable_order(project: Path) -> None:
    before = inputs_fingerprint(project)
    assert inputs_fingerprint(project) == before
    (project / "data" / "nlu.yml").rename(project / "data" / "other.yml")
    assert inputs_fingerprint(project) != before
