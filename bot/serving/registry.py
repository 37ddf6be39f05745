"""The trained models in a `models/` folder, as Rasa describes them in each archive.

Rasa 3.6 packs a `metadata.json` (model id, training time, Rasa version, domain and
graph schemas) into every model archive. Rasa's own reader,
`LocalModelStorage.metadata_from_archive`, unpacks the whole archive into a temporary
folder and rebuilds the graph schemas, which imports every component class, TensorFlow
included. Measured on this project's 18 MB models: 27 s for the first archive, then
0.5-0.7 s for each further one, in whatever process asks (the CLI, the web app). So we
read only the metadata member with `tarfile` (0.3 s per archive, spent inflating the
gzip stream up to it: Rasa writes it last) and take the plain fields we need, checked
the way `ModelMetadata` checks them, Rasa's minimum compatible version included.

Results are cached per (path, mtime, size): listing again costs a `stat` per file, and
an archive Rasa is still writing (it writes in place) is read again once it changed.
Anything that is not a readable Rasa 3 model is skipped with a logged warning, once.
"""

from __future__ import annotations

import json
import logging
import re
import tarfile
import threading
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version
from rasa.constants import MINIMUM_COMPATIBLE_VERSION

logger = logging.getLogger(__name__)

ARCHIVE_SUFFIX = ".tar.gz"
METADATA_MEMBER = "metadata.json"
"""Rasa's `MODEL_ARCHIVE_METADATA_FILE`, spelled out: importing it costs 1.5 s."""

MAX_METADATA_BYTES = 16 * 1024 * 1024
"""Ours are 24 KB; a bigger member is not read into memory."""

_MODEL_ID = re.compile(r"[A-Za-z0-9_.-]{1,128}")
"""Rasa's ids are uuid4 hex; anything else would be echoed into terminals and pages."""


class UnreadableModel(ValueError):
    """The file is not a Rasa model archive this Rasa can load."""


class ModelLookupError(LookupError):
    """A model reference (file name, path or id prefix) does not pick exactly one model.

    Raised as such for an empty reference; the subclasses say what else went wrong.
    """


class UnknownModel(ModelLookupError):
    """No model matches the reference."""


class AmbiguousModel(ModelLookupError):
    """Several models match the reference; the message names them."""


@dataclass(frozen=True)
class ModelInfo:
    """One trained model: its archive and what Rasa recorded when training it."""

    path: Path
    model_id: str
    """Rasa's id for the model, which `/status` reports and trackers record."""
    trained_at: datetime
    """In UTC (Rasa records a naive `utcnow()`; we attach the zone)."""
    rasa_version: str
    size: int
    """Of the archive, in bytes."""

    @property
    def label(self) -> str:
        """The file name without `.tar.gz`, e.g. `20261123-120102-brisk-cable`."""
        return self.path.name.removesuffix(ARCHIVE_SUFFIX)


_cache: dict[Path, tuple[tuple[int, int], ModelInfo | None]] = {}
_cache_lock = threading.Lock()


def list_models(models_dir: Path) -> list[ModelInfo]:
    """The models in `models_dir`, newest first; unreadable archives are left out.

    Copies of one model (same id and training time) are ordered by file name, so the
    order is the same on every call.
    """
    paths = sorted(models_dir.glob(f"*{ARCHIVE_SUFFIX}"))
    _forget_others(models_dir, set(paths))
    found = [info for info in map(_info, paths) if info is not None]
    return sorted(found, key=lambda info: (info.trained_at, info.path.name), reverse=True)


def find_model(models_dir: Path, model_id: str) -> ModelInfo | None:
    """The newest model in `models_dir` whose id is exactly `model_id`, if any."""
    return next((info for info in list_models(models_dir) if info.model_id == model_id), None)


def model_labels(models_dir: Path, model_ids: Iterable[str]) -> dict[str, str]:
    """The file label of each of `model_ids` in `models_dir`; deleted models are left out.

    The console names models by file (what `tailor models list` and the Models page
    show); a conversation's messages only record Rasa's model id.
    """
    wanted = set(model_ids)
    labels: dict[str, str] = {}
    for info in list_models(models_dir) if wanted else []:
        if info.model_id in wanted:
            labels.setdefault(info.model_id, info.label)
    return labels


def select_model(models: Sequence[ModelInfo], reference: str) -> ModelInfo:
    """The one model of `models` that `reference` names.

    `reference` is a file name (with or without `.tar.gz`), a path to one of the
    files, or the start of a model id. Only these models can be picked, so a path
    elsewhere on disk (which Rasa would happily load) is refused.
    """
    wanted = reference.strip()
    if not wanted:
        raise ModelLookupError("no model given: name a model file, its path or its model id")
    shown = _shown(wanted)
    by_name = [info for info in models if wanted in (info.path.name, info.label)]
    if by_name:
        return by_name[0]
    if "/" in wanted:
        target = _resolved(Path(wanted))
        for info in models:
            if target is not None and _resolved(info.path) == target:
                return info
        raise UnknownModel(f"{shown} is not one of the listed models")
    by_id = [info for info in models if info.model_id.startswith(wanted.lower())]
    if not by_id:
        raise UnknownModel(f"no model file or model id matches {shown}")
    if len(by_id) > 1:
        names = ", ".join(info.path.name for info in by_id[:5])
        more = f" and {len(by_id) - 5} more" if len(by_id) > 5 else ""
        raise AmbiguousModel(
            f"{shown} matches {len(by_id)} models ({names}{more}); give the file name instead"
        )
    return by_id[0]


def read_model_info(path: Path) -> ModelInfo:
    """What the archive at `path` says about its model; `UnreadableModel` if it cannot."""
    try:
        size = path.stat().st_size
        with tarfile.open(path, mode="r:gz") as archive:
            raw = _metadata_bytes(archive)
    except (OSError, EOFError, tarfile.TarError, zlib.error) as error:
        raise UnreadableModel(f"not a readable model archive ({error})") from None
    try:
        metadata = json.loads(raw)
    except ValueError:
        raise UnreadableModel(f"{METADATA_MEMBER} is not JSON") from None
    if not isinstance(metadata, dict):
        raise UnreadableModel(f"{METADATA_MEMBER} is not a JSON object")
    return ModelInfo(
        path=path,
        model_id=_model_id(metadata),
        trained_at=_trained_at(metadata),
        rasa_version=_rasa_version(metadata),
        size=size,
    )


def _info(path: Path) -> ModelInfo | None:
    """`path`'s model from the cache or the archive; None (warned once) if unreadable."""
    try:
        stat = path.stat()
    except OSError:
        return None  # deleted since the listing
    if not path.is_file():
        return None
    key = (stat.st_mtime_ns, stat.st_size)
    with _cache_lock:
        cached = _cache.get(path)
    if cached is not None and cached[0] == key:
        return cached[1]
    try:
        info: ModelInfo | None = read_model_info(path)
    except UnreadableModel as error:
        logger.warning("skipping %s: %s", path, error)
        info = None
    with _cache_lock:
        _cache[path] = (key, info)
    return info


def _forget_others(models_dir: Path, present: set[Path]) -> None:
    """Drop cached files of `models_dir` that are gone, so the cache cannot grow forever."""
    with _cache_lock:
        for path in [p for p in _cache if p.parent == models_dir and p not in present]:
            del _cache[path]


def _metadata_bytes(archive: tarfile.TarFile) -> bytes:
    for member in archive:
        if member.name.removeprefix("./") != METADATA_MEMBER:
            continue
        if not member.isfile():
            raise UnreadableModel(f"{METADATA_MEMBER} in the archive is not a file")
        if member.size > MAX_METADATA_BYTES:
            raise UnreadableModel(f"{METADATA_MEMBER} is too big ({member.size} bytes)")
        extracted = archive.extractfile(member)
        assert extracted is not None  # a regular file always has content
        return extracted.read()
    raise UnreadableModel(f"no {METADATA_MEMBER} in the archive (not a Rasa 3 model)")


def _model_id(metadata: dict[str, Any]) -> str:
    model_id = metadata.get("model_id")
    if not isinstance(model_id, str) or not _MODEL_ID.fullmatch(model_id):
        raise UnreadableModel("the metadata has no valid model_id")
    return model_id


def _trained_at(metadata: dict[str, Any]) -> datetime:
    raw = metadata.get("trained_at")
    try:
        trained_at = datetime.fromisoformat(raw) if isinstance(raw, str) else None
    except ValueError:
        trained_at = None
    if trained_at is None:
        raise UnreadableModel("the metadata has no valid trained_at")
    if trained_at.tzinfo is None:
        return trained_at.replace(tzinfo=timezone.utc)
    return trained_at.astimezone(timezone.utc)


def _rasa_version(metadata: dict[str, Any]) -> str:
    raw = metadata.get("rasa_open_source_version")
    try:
        version = Version(raw) if isinstance(raw, str) else None
    except InvalidVersion:
        version = None
    if version is None:
        raise UnreadableModel("the metadata has no valid rasa_open_source_version")
    if version < Version(MINIMUM_COMPATIBLE_VERSION):
        raise UnreadableModel(
            f"trained with Rasa {version}; this Rasa loads models from "
            f"{MINIMUM_COMPATIBLE_VERSION} on (retrain it)"
        )
    return str(version)


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL
        return None


def _shown(reference: str, limit: int = 80) -> str:
    """`reference` quoted for an error message: control characters escaped, clipped."""
    return repr(reference if len(reference) <= limit else reference[: limit - 1] + "…")
