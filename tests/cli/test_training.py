from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bot.cli.errors import ConfigurationError, TailorError
from bot.cli.training import require_model, train, train_argv


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
