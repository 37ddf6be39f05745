"""Training the Rasa model, and knowing whether there is one to serve.

Rasa 3.6 writes a new model on every `rasa train`, even when each component comes
from its cache (half a minute here), so `tailor run` would retrain at every start.
Each model we train gets a sidecar file with a hash of the inputs it was trained on;
training is skipped while the newest model's hash matches the inputs.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from bot.layout import (
    CONFIG_FILE,
    DOMAIN_FILE,
    MODEL_CODE,
    MODELS_DIR,
    TRAINING_DATA,
    TRAINING_INPUTS,
)
from bot.runtime.errors import ConfigurationError, TailorError

FINGERPRINT_SUFFIX = ".inputs-sha256"


def inputs_fingerprint(project_root: Path, catalog_path: Path | None = None) -> str:
    """A hash of every training input file's path and content, in a stable order.

    The catalog is an input too: the model carries the spaCy vocabulary built from it;
    and so is the code that builds that vocabulary and marks the words (`model_code`).
    """
    digest = hashlib.sha256()
    for name in TRAINING_INPUTS:
        root = project_root / name
        files = sorted(p for p in root.rglob("*") if p.is_file()) if root.is_dir() else [root]
        for path in files:
            digest.update(path.relative_to(project_root).as_posix().encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    for path in model_code(project_root):
        digest.update(path.relative_to(project_root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    if catalog_path is not None and catalog_path.is_file():
        digest.update(b"catalog\0" + catalog_path.read_bytes() + b"\0")
    return digest.hexdigest()


def model_code(root: Path) -> list[Path]:
    """The Python sources under `root` that the model's components run (`MODEL_CODE`).

    Sources only: the `.pyc` files beside them are written by any import, and would
    make every model look stale.
    """
    return [path for name in MODEL_CODE for path in sorted((root / name).rglob("*.py"))]


def latest_model(project_root: Path) -> Path | None:
    """The model `rasa run --model models` serves: the most recently created one."""
    models = list((project_root / MODELS_DIR).glob("*.tar.gz"))
    return max(models, key=lambda p: p.stat().st_ctime) if models else None


def model_is_current(project_root: Path, catalog_path: Path | None = None) -> bool:
    """Whether the newest model was trained on exactly the current inputs."""
    model = latest_model(project_root)
    sidecar = model.with_name(model.name + FINGERPRINT_SUFFIX) if model else None
    return (
        sidecar is not None
        and sidecar.is_file()
        and sidecar.read_text().strip() == inputs_fingerprint(project_root, catalog_path)
    )


def train_argv(python: str, *, force: bool) -> list[str]:
    """The `rasa train` command line, run from the project root."""
    argv = [python, "-m", "rasa", "train", "--domain", DOMAIN_FILE, "--config", CONFIG_FILE]
    argv += ["--data", TRAINING_DATA, "--out", MODELS_DIR]
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
    catalog = Path(env["CATALOG_PATH"]) if env.get("CATALOG_PATH") else None
    if not force and model_is_current(project_root, catalog):
        print("The model is up to date with domain, config, data and catalog; not retraining.")
        return
    fingerprint = inputs_fingerprint(project_root, catalog)
    completed = subprocess.run(
        train_argv(python, force=force), cwd=project_root, env=dict(env), check=False
    )
    if completed.returncode != 0:
        raise TailorError(
            f"training failed: rasa train exited with code {completed.returncode} "
            "(its output is above)"
        )
    model = latest_model(project_root)
    if model is not None:
        model.with_name(model.name + FINGERPRINT_SUFFIX).write_text(fingerprint + "\n")


def require_model(project_root: Path) -> None:
    """Fail with a clear message if there is no trained model for `rasa run` to load.

    Without this check the Rasa server starts anyway, never loads a model, and the
    stack only notices when its readiness wait times out.
    """
    if not any((project_root / MODELS_DIR).glob("*.tar.gz")):
        raise ConfigurationError(
            f"no trained model in {project_root / MODELS_DIR}; run `tailor train` first"
        )
