"""Training the Rasa model, and knowing whether there is one to serve.

Rasa fingerprints domain, config and data and skips training when none changed, so
`tailor run` can call `train` unconditionally and only pays for real changes.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.cli.errors import ConfigurationError, TailorError

MODELS_DIR = "models"
TRAINING_INPUTS = ("domain.yml", "config.yml", "data")


def train_argv(python: str, *, force: bool) -> list[str]:
    """The `rasa train` command line, run from the project root."""
    argv = [python, "-m", "rasa", "train", "--domain", "domain.yml", "--config", "config.yml"]
    argv += ["--data", "data", "--out", MODELS_DIR]
    return [*argv, "--force"] if force else argv


def train(
    project_root: Path,
    env: Mapping[str, str],
    *,
    force: bool = False,
    python: str = sys.executable,
) -> None:
    """Train into `models/` with Rasa's own progress output on our terminal.

    Missing inputs are reported before Rasa starts, because Rasa's own message for
    them arrives after a long import and inside a traceback.
    """
    missing = [name for name in TRAINING_INPUTS if not (project_root / name).exists()]
    if missing:
        raise ConfigurationError(f"cannot train: {', '.join(missing)} not found in {project_root}")
    completed = subprocess.run(
        train_argv(python, force=force), cwd=project_root, env=dict(env), check=False
    )
    if completed.returncode != 0:
        raise TailorError(
            f"training failed: rasa train exited with code {completed.returncode} "
            "(its output is above)"
        )


def require_model(project_root: Path) -> None:
    """Fail with a clear message if there is no trained model for `rasa run` to load.

    Without this check the Rasa server starts anyway, never loads a model, and the
    stack only notices when its readiness wait times out.
    """
    if not any((project_root / MODELS_DIR).glob("*.tar.gz")):
        raise ConfigurationError(
            f"no trained model in {project_root / MODELS_DIR}; run `tailor train` first"
        )
