"""The model registry: what each archive in models/ says about its model."""

from __future__ import annotations

import gzip
import json
import logging
import os
import re
import tarfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.runtime.training import FINGERPRINT_SUFFIX, latest_model
from bot.serving.registry import (
    MAX_METADATA_BYTES,
    METADATA_MEMBER,
    AmbiguousModel,
    ModelLookupError,
    UnknownModel,
    UnreadableModel,
    find_model,
    list_models,
    read_model_info,
    select_model,
)
from bot.settings import PROJECT_ROOT
from tests.serving.archives import metadata, write_archive, write_model

T0 = datetime(2026, 11, 23, 12, 0, 0)
"""Naive, as Rasa records it (UTC)."""

OLD_ID = "aaaa1111" + "0" * 24
NEW_ID = "bbbb2222" + "0" * 24


@pytest.fixture
def models_dir(tmp_path: Path) -> Path:
    """Two models, a fingerprint sidecar and a stray file."""
    folder = tmp_path / "models"
    write_model(folder / "20261123-120000-old-model.tar.gz", OLD_ID, T0)
    write_model(folder / "20261123-130000-new-model.tar.gz", NEW_ID, T0 + timedelta(hours=1))
    (folder / f"20261123-130000-new-model.tar.gz{FINGERPRINT_SUFFIX}").write_text("ab" * 32)
    (folder / "notes.txt").write_text("not a model")
    return folder


def test_models_are_listed_newest_first_with_rasas_metadata(models_dir: Path) -> None:
    models = list_models(models_dir)
    assert [m.label for m in models] == ["20261123-130000-new-model", "20261123-120000-old-model"]
    newest = models[0]
    assert newest.model_id == NEW_ID
    assert newest.trained_at == datetime(2026, 11, 23, 13, 0, tzinfo=timezone.utc)
    assert newest.rasa_version == "3.6.21"
    assert newest.size == newest.path.stat().st_size > 0
    assert newest.path == models_dir / "20261123-130000-new-model.tar.gz"


def test_the_order_follows_training_time_not_file_names(tmp_path: Path) -> None:
    write_model(tmp_path / "a-trained-later.tar.gz", NEW_ID, T0 + timedelta(days=1))
    write_model(tmp_path / "z-trained-first.tar.gz", OLD_ID, T0)
    assert [m.label for m in list_models(tmp_path)] == ["a-trained-later", "z-trained-first"]


def test_copies_of_one_model_are_in_a_stable_order(tmp_path: Path) -> None:
    for name in ("copy-b", "copy-a", "copy-c"):
        write_model(tmp_path / f"{name}.tar.gz", NEW_ID, T0)
    assert [m.label for m in list_models(tmp_path)] == ["copy-c", "copy-b", "copy-a"]


def test_a_missing_or_empty_folder_has_no_models(tmp_path: Path) -> None:
    assert list_models(tmp_path / "absent") == []
    assert list_models(tmp_path) == []


def test_a_real_model_of_this_project_is_read() -> None:
    model = latest_model(PROJECT_ROOT)
    if model is None:
        pytest.fail("no trained model in models/: run `make train` first")
    info = read_model_info(model)
    assert re.fullmatch(r"[0-9a-f]{32}", info.model_id)
    assert info.rasa_version.startswith("3.6.")
    assert info.trained_at.tzinfo is timezone.utc
    assert info.label == model.name.removesuffix(".tar.gz")


def test_the_metadata_member_is_the_one_rasa_writes() -> None:
    from rasa.engine.storage.local_model_storage import MODEL_ARCHIVE_METADATA_FILE

    assert METADATA_MEMBER == MODEL_ARCHIVE_METADATA_FILE


def _tiny_gzip(_: Path) -> bytes:
    return gzip.compress(b"not a tar archive at all")


BROKEN_ARCHIVES = {
    "empty": lambda path: b"",
    "random bytes": lambda path: os.urandom(2048),
    "gzip but no tar": _tiny_gzip,
}


@pytest.mark.parametrize("kind", sorted(BROKEN_ARCHIVES))
def test_files_that_are_no_archive_are_skipped_with_a_warning(
    kind: str, models_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    broken = models_dir / "broken.tar.gz"
    broken.write_bytes(BROKEN_ARCHIVES[kind](broken))
    with caplog.at_level(logging.WARNING, logger="bot.serving.registry"):
        models = list_models(models_dir)
    assert len(models) == 2
    assert f"skipping {broken}: not a readable model archive" in caplog.text


def test_a_half_written_archive_is_skipped_until_it_is_complete(
    models_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Rasa writes the archive in place; the registry must neither crash nor cache it."""
    complete = write_model(
        models_dir / "20261123-140000-growing.tar.gz", "c" * 32, T0 + timedelta(hours=2)
    )
    content = complete.read_bytes()
    complete.write_bytes(content[: len(content) // 2])
    assert len(list_models(models_dir)) == 2
    assert "growing.tar.gz: not a readable model archive" in caplog.text
    complete.write_bytes(content)
    assert list_models(models_dir)[0].model_id == "c" * 32


def _members(**overrides: object) -> dict[str, bytes]:
    return {"metadata.json": json.dumps({**metadata(NEW_ID, T0), **overrides}).encode()}


BAD_METADATA = {
    "no metadata (a Rasa 2 model)": (
        {"fingerprint.json": b'{"version": "2.8.0"}'},
        "no metadata.json",
    ),
    "not JSON": ({"metadata.json": b"{nope"}, "is not JSON"),
    "a JSON list": ({"metadata.json": b"[1, 2]"}, "is not a JSON object"),
    "no model id": (_members(model_id=None), "no valid model_id"),
    "a hostile model id": (_members(model_id="<script>\n- x"), "no valid model_id"),
    "an empty model id": (_members(model_id=""), "no valid model_id"),
    "no training time": (_members(trained_at=None), "no valid trained_at"),
    "a bad training time": (_members(trained_at="yesterday"), "no valid trained_at"),
    "no version": (_members(rasa_open_source_version=7), "no valid rasa_open_source_version"),
    "a bad version": (_members(rasa_open_source_version="three"), "no valid rasa_open_source"),
    "an old version": (_members(rasa_open_source_version="3.5.0"), "trained with Rasa 3.5.0"),
}


@pytest.mark.parametrize("case", sorted(BAD_METADATA))
def test_archives_without_usable_metadata_are_refused(case: str, tmp_path: Path) -> None:
    members, problem = BAD_METADATA[case]
    archive = write_archive(tmp_path / "model.tar.gz", members)
    with pytest.raises(UnreadableModel, match=re.escape(problem)):
        read_model_info(archive)
    assert list_models(tmp_path) == []


def test_an_oversized_metadata_member_is_not_read(tmp_path: Path) -> None:
    archive = write_archive(
        tmp_path / "model.tar.gz", {"metadata.json": b" " * (MAX_METADATA_BYTES + 1)}
    )
    with pytest.raises(UnreadableModel, match="too big"):
        read_model_info(archive)


def test_a_metadata_entry_that_is_not_a_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.tar.gz"
    with tarfile.open(path, "w:gz") as archive:
        link = tarfile.TarInfo("metadata.json")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        archive.addfile(link)
    with pytest.raises(UnreadableModel, match="is not a file"):
        read_model_info(path)


def test_a_folder_named_like_an_archive_is_no_model(tmp_path: Path) -> None:
    (tmp_path / "folder.tar.gz").mkdir()
    assert list_models(tmp_path) == []


def test_metadata_is_cached_per_path_mtime_and_size(models_dir: Path) -> None:
    """Same mtime and size: the archive is not read again (here: its garbage goes unseen)."""
    path = models_dir / "20261123-130000-new-model.tar.gz"
    before = path.stat()
    list_models(models_dir)
    path.write_bytes(b"\0" * before.st_size)
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert list_models(models_dir)[0].model_id == NEW_ID
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1))
    assert [m.model_id for m in list_models(models_dir)] == [OLD_ID]


def test_a_broken_archive_is_warned_about_once(
    models_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (models_dir / "broken.tar.gz").write_bytes(b"junk")
    for _ in range(3):
        list_models(models_dir)
    assert caplog.text.count("skipping") == 1


def test_a_deleted_model_disappears(models_dir: Path) -> None:
    list_models(models_dir)
    (models_dir / "20261123-130000-new-model.tar.gz").unlink()
    assert [m.model_id for m in list_models(models_dir)] == [OLD_ID]


def test_find_model_by_exact_id(models_dir: Path) -> None:
    found = find_model(models_dir, OLD_ID)
    assert found is not None and found.label == "20261123-120000-old-model"
    assert find_model(models_dir, OLD_ID[:8]) is None
    assert find_model(models_dir, "") is None


def test_find_model_prefers_the_newest_copy(tmp_path: Path) -> None:
    write_model(tmp_path / "early.tar.gz", NEW_ID, T0)
    write_model(tmp_path / "later.tar.gz", NEW_ID, T0 + timedelta(seconds=1))
    found = find_model(tmp_path, NEW_ID)
    assert found is not None and found.label == "later"


@pytest.mark.parametrize(
    "reference",
    [
        "20261123-120000-old-model.tar.gz",
        "20261123-120000-old-model",
        " 20261123-120000-old-model ",
        "aaaa",
        "AAAA1111",
        OLD_ID,
    ],
)
def test_a_model_is_selected_by_file_name_label_or_id_prefix(
    reference: str, models_dir: Path
) -> None:
    assert select_model(list_models(models_dir), reference).model_id == OLD_ID


def test_a_model_is_selected_by_path(models_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = list_models(models_dir)
    absolute = models_dir / "20261123-120000-old-model.tar.gz"
    assert select_model(models, str(absolute)).model_id == OLD_ID
    monkeypatch.chdir(models_dir.parent)
    assert select_model(models, "models/20261123-120000-old-model.tar.gz").model_id == OLD_ID
    assert (
        select_model(models, "./models/../models/20261123-130000-new-model.tar.gz").model_id
        == NEW_ID
    )


def test_a_path_outside_the_listed_models_is_refused(models_dir: Path, tmp_path: Path) -> None:
    elsewhere = write_model(tmp_path / "elsewhere" / "model.tar.gz", "d" * 32, T0)
    with pytest.raises(UnknownModel, match="is not one of the listed models"):
        select_model(list_models(models_dir), str(elsewhere))
    with pytest.raises(UnknownModel):
        select_model(list_models(models_dir), "../../etc/passwd")


def test_an_id_prefix_shared_by_several_models_is_ambiguous(tmp_path: Path) -> None:
    write_model(tmp_path / "one.tar.gz", "abc1" + "0" * 28, T0)
    write_model(tmp_path / "two.tar.gz", "abc2" + "0" * 28, T0)
    models = list_models(tmp_path)
    with pytest.raises(AmbiguousModel, match=r"'abc' matches 2 models \(two.tar.gz, one.tar.gz\)"):
        select_model(models, "abc")
    assert select_model(models, "abc2").label == "two"


def test_copies_are_ambiguous_by_id_but_not_by_name(tmp_path: Path) -> None:
    for index in range(7):
        write_model(tmp_path / f"copy-{index}.tar.gz", NEW_ID, T0)
    models = list_models(tmp_path)
    with pytest.raises(AmbiguousModel, match=r"matches 7 models \(.*\.tar\.gz and 2 more\)"):
        select_model(models, NEW_ID)
    assert select_model(models, "copy-3").label == "copy-3"


@pytest.mark.parametrize("reference", ["", "   ", "\t\n"])
def test_an_empty_reference_names_no_model(reference: str, models_dir: Path) -> None:
    with pytest.raises(ModelLookupError, match="no model given") as raised:
        select_model(list_models(models_dir), reference)
    assert not isinstance(raised.value, (UnknownModel, AmbiguousModel))


@pytest.mark.parametrize(
    "reference",
    [
        "x" * 100_000,
        "a" * 100_000,
        "/" + "x" * 100_000,
        "bad\0name",
        "/tmp/bad\0name",
        "\x1b[31mred\x07",
        "<script>alert(1)</script>",
        "- foo\n- bar",
        "key: value",
        "# comment",
        "modèle-été-😀",
        "../",
    ],
)
def test_hostile_references_are_unknown_and_shown_safely(reference: str, models_dir: Path) -> None:
    with pytest.raises(UnknownModel) as raised:
        select_model(list_models(models_dir), reference)
    message = str(raised.value)
    assert len(message) < 200
    assert all(c.isprintable() for c in message)
