"""Small model archives in Rasa 3's layout, for tests that need models without training.

An archive holds a `metadata.json` like the one `rasa train` writes (the fields the
registry reads, plus a stand-in for the rest) and a component folder, so it differs
from a real model only in size.
"""

from __future__ import annotations

import io
import json
import tarfile
from datetime import datetime
from pathlib import Path
from typing import Any

RASA_VERSION = "3.6.21"


def metadata(model_id: str, trained_at: datetime, **overrides: Any) -> dict[str, Any]:
    """The metadata `rasa train` records, reduced to what readers look at."""
    return {
        "domain": {"version": "3.1"},
        "trained_at": trained_at.isoformat(),
        "model_id": model_id,
        "assistant_id": None,
        "rasa_open_source_version": RASA_VERSION,
        "train_schema": {"nodes": {}},
        "predict_schema": {"nodes": {}},
        "training_type": "BOTH",
        "project_fingerprint": "0" * 32,
        "core_target": "select_prediction",
        "nlu_target": "run_RegexMessageHandler",
        "language": "en",
        "spaces": None,
        **overrides,
    }


def write_archive(path: Path, members: dict[str, bytes]) -> Path:
    """A gzipped tar at `path` with these files, in this order (Rasa puts metadata last)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with tarfile.open(path, "w:gz") as archive:
        for name, content in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
    return path


def write_model(path: Path, model_id: str, trained_at: datetime, **overrides: Any) -> Path:
    """A model archive at `path` whose metadata says `model_id` and `trained_at`."""
    document = json.dumps(metadata(model_id, trained_at, **overrides)).encode()
    return write_archive(
        path,
        {"components/domain_provider/domain.yml": b"version: '3.1'\n", "metadata.json": document},
    )
