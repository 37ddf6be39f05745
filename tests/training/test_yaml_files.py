"""Training YAML: read strictly, written back byte for byte, replaced atomically."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from ruamel.yaml.scalarstring import LiteralScalarString

from bot.settings import PROJECT_ROOT
from bot.training.errors import TrainingDataError
from bot.training.yaml_files import (
    MAX_FILE_BYTES,
    FileChange,
    load_document,
    parse_document,
    read_text,
    relative_name,
    render,
    write_change,
)

OUR_FILES = [
    "data/nlu.yml",
    "data/rules.yml",
    "tests/nlu/first_set.yml",
    "tests/stories/test_design_stories.yml",
]


@pytest.mark.parametrize("name", OUR_FILES)
def test_our_files_render_back_byte_for_byte(name: str) -> None:
    path = PROJECT_ROOT / name
    assert render(load_document(path, root=PROJECT_ROOT)) == path.read_text(encoding="utf-8")


def test_literal_blocks_stay_literal_when_extended() -> None:
    document = load_document(PROJECT_ROOT / "data/nlu.yml")
    greet = document["nlu"][0]
    last = greet["examples"].rstrip("\n").splitlines()[-1]
    greet["examples"] = LiteralScalarString(greet["examples"] + "- hello new friend\n")

    text = render(document)

    assert "- intent: greet\n  examples: |\n    - hello\n" in text
    assert f"    {last}\n    - hello new friend\n\n- intent: goodbye\n" in text


def test_each_file_keeps_its_own_list_layout() -> None:
    flush = parse_document('version: "3.1"\nnlu:\n- intent: a\n  examples: |\n    - hi\n', "a")
    indented = parse_document('version: "3.1"\nrules:\n  - rule: r\n    steps: []\n', "b")
    flush["nlu"].append({"intent": "b"})
    indented["rules"].append({"rule": "s"})

    assert render(flush).endswith("\n- intent: b\n")
    assert render(indented).endswith("\n  - rule: s\n")


def test_windows_line_breaks_are_kept() -> None:
    text = 'version: "3.1"\r\nnlu:\r\n- intent: a\r\n  examples: |\r\n    - hi\r\n'
    assert render(parse_document(text, "a")) == text


def test_nulls_are_written_as_null() -> None:
    text = 'version: "3.1"\nrules:\n  - rule: r\n    steps:\n      - active_loop: null\n'
    assert render(parse_document(text, "a")) == text


HOSTILE = {
    "tab indent": ('version: "3.1"\nnlu:\n- intent: a\n\texamples: |\n', "line 4, column 1"),
    "unclosed quote": ('version: "3.1\nnlu: []\n', "while scanning a quoted scalar, line 1"),
    "duplicate key": (
        'version: "3.1"\nnlu: []\nnlu: []\n',
        'line 3, column 1: invalid YAML: found duplicate key "nlu"',
    ),
    "list at top": ("- intent: greet\n- intent: bye\n", "line 1: a training file is a mapping"),
    "scalar at top": ("just words\n", "this one is a value"),
    "empty": ("", "this one is empty"),
    "only a comment": ("# nothing\n", "this one is empty"),
    "NUL": ('version: "3.1"\nnlu: "a\x00b"\n', "line 2: the character U+0000 is not allowed"),
    "python object": (
        'version: "3.1"\nnlu: !!python/object:os.system {}\n',
        "line 2: the tag !!python/object:os.system",
    ),
    "python apply": (
        'version: "3.1"\nnlu:\n- !!python/object/apply:os.system ["ls"]\n',
        "line 3: the tag !!python/object/apply",
    ),
    "custom tag in alias": (
        'version: "3.1"\na: &x {k: !evil 1}\nb:\n  <<: *x\n',
        "line 2: the tag !evil",
    ),
    "deep nesting": ("a: " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
    "no version": ("nlu: []\n", 'line 1: no version; start the file with version: "3.1"'),
    "unquoted version": (
        "nlu: []\nversion: 3.1\n",
        'line 2: version must be a quoted version Rasa 3.6 reads, such as "3.1", not 3.1',
    ),
    "future version": ('version: "9.0"\n', "not '9.0'"),
    "nonsense version": ('version: "latest"\n', "not 'latest'"),
    "huge integer": ('version: "3.1"\nn: ' + "9" * 5000 + "\n", "invalid YAML"),
}


@pytest.mark.parametrize(("text", "expected"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_files_are_refused_naming_file_and_line(
    tmp_path: Path, text: str, expected: str
) -> None:
    path = tmp_path / "data" / "nlu.yml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns

    with pytest.raises(TrainingDataError) as error:
        load_document(path, root=tmp_path)

    assert str(error.value).startswith("data/nlu.yml")
    assert expected in str(error.value)
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_tabs_get_a_hint() -> None:
    with pytest.raises(TrainingDataError, match="indent with spaces"):
        parse_document('version: "3.1"\nnlu:\n\t- intent: a\n', "data/nlu.yml")


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_bytes(b'version: "3.1"\nnlu:\n' + b"# padding padding padding\n" * 400_000)
    assert path.stat().st_size > MAX_FILE_BYTES  # 10 MB

    with pytest.raises(
        TrainingDataError, match=rf"nlu.yml: the file has \d+ bytes; .* at most {MAX_FILE_BYTES}"
    ):
        read_text(path, root=tmp_path)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe\x00")
    with pytest.raises(
        TrainingDataError, match=r"nlu.yml: not UTF-8 text \(invalid start byte at byte 0\)"
    ):
        load_document(path, root=tmp_path)


def test_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(TrainingDataError, match=r"data/none\.yml: cannot read it: No such file"):
        load_document(tmp_path / "data" / "none.yml", root=tmp_path)


def test_names_outside_the_root_stay_as_given(tmp_path: Path) -> None:
    assert relative_name(tmp_path / "a" / "b.yml", tmp_path) == "a/b.yml"
    assert relative_name(Path("/elsewhere/b.yml"), tmp_path) == "/elsewhere/b.yml"
    assert relative_name(Path("x.yml"), None) == "x.yml"


def test_diff_has_git_labels_and_only_the_changed_lines(tmp_path: Path) -> None:
    change = FileChange(tmp_path / "data" / "nlu.yml", "a\nb\nc\n", "a\nb\nb2\nc\n")

    assert change.changed
    assert change.diff(tmp_path) == (
        "--- a/data/nlu.yml\n+++ b/data/nlu.yml\n@@ -1,3 +1,4 @@\n a\n b\n+b2\n c\n"
    )


def test_diff_of_a_new_file_and_of_a_missing_final_newline(tmp_path: Path) -> None:
    assert FileChange(tmp_path / "s.yml", "", "x\n").diff(tmp_path) == (
        "--- /dev/null\n+++ b/s.yml\n@@ -0,0 +1 @@\n+x\n"
    )
    assert FileChange(tmp_path / "s.yml", "x", "x\n").diff(tmp_path) == (
        "--- a/s.yml\n+++ b/s.yml\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n+x\n"
    )


def test_an_unchanged_file_has_no_diff_and_is_not_written(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text("a\n", encoding="utf-8")
    mtime = path.stat().st_mtime_ns
    change = FileChange(path, "a\n", "a\n")

    write_change(change)

    assert not change.changed
    assert change.diff(tmp_path) == ""
    assert path.stat().st_mtime_ns == mtime


def test_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = tmp_path / "nlu.yml"
    path.write_text("a\n", encoding="utf-8")
    path.chmod(0o640)

    write_change(FileChange(path, "a\n", "a\nb\n"))

    assert path.read_text(encoding="utf-8") == "a\nb\n"
    assert path.stat().st_mode & 0o777 == 0o640
    assert os.listdir(tmp_path) == ["nlu.yml"]


def test_write_creates_a_new_file_and_its_folder(tmp_path: Path) -> None:
    path = tmp_path / "tests" / "stories" / "new.yml"
    write_change(FileChange(path, "", "x\n"))
    assert path.read_bytes() == b"x\n"
    assert path.stat().st_mode & 0o777 == 0o644


def test_write_refuses_when_the_file_changed_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "data" / "nlu.yml"
    path.parent.mkdir()
    path.write_text("theirs\n", encoding="utf-8")
    before = path.read_bytes(), path.stat().st_mtime_ns

    with pytest.raises(TrainingDataError, match=r"data/nlu\.yml was changed by someone else"):
        write_change(FileChange(path, "mine\n", "mine\nmore\n"), root=tmp_path)

    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert os.listdir(path.parent) == ["nlu.yml"]


def test_write_refuses_a_new_file_that_appeared_meanwhile(tmp_path: Path) -> None:
    path = tmp_path / "new.yml"
    path.write_text("someone else's\n", encoding="utf-8")

    with pytest.raises(TrainingDataError, match="changed by someone else"):
        write_change(FileChange(path, "", "mine\n"))

    assert path.read_text(encoding="utf-8") == "someone else's\n"


def test_write_into_a_file_in_place_of_a_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("not a folder", encoding="utf-8")
    with pytest.raises(TrainingDataError, match=r"data/nlu\.yml: cannot write it"):
        write_change(FileChange(tmp_path / "data" / "nlu.yml", "", "x\n"), root=tmp_path)
    assert (tmp_path / "data").read_text(encoding="utf-8") == "not a folder"
