"""Reading and writing Rasa's YAML training files without disturbing what a person wrote.

ruamel.yaml's round-trip mode keeps comments, key order, quotes and literal blocks
(`examples: |`), so a file loaded and rendered unchanged comes out byte for byte as it
went in and an edit shows as a small diff. Our files use two list layouts (`data/nlu.yml`
puts `- intent:` flush under `nlu:`, the story and rule files indent it by two), so the
layout is read from each file and used again when it is written. Nulls are written as
`null`, the spelling Rasa's own writers and our files use.

Reading is strict because these files are hand-edited and then trained on: bad YAML,
duplicate keys, tags that would build Python objects (`!!python/object`), a top level
that is not a mapping or a missing `version` are errors naming the file and line.
Writing is atomic and refuses when the file changed since it was read, so two trainers
(or the console and the CLI) never silently overwrite each other.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import os
import re
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from io import StringIO
from pathlib import Path
from typing import Any

from packaging.version import InvalidVersion, Version
from rasa.shared.constants import LATEST_TRAINING_DATA_FORMAT_VERSION
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq, TaggedScalar
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from bot.catalog.labels import quoted, shown
from bot.training.errors import TrainingDataError

MAX_FILE_BYTES = 2_000_000
"""Our NLU file is 30 kB; 2 MB holds some 60 000 examples. ruamel's pure-Python parser
needs about 2 s per MB, so a bigger file is refused rather than stalling a request."""

MAX_FLOW_NESTING = 64
"""Training files nest a handful of levels; a hostile one nested thousands deep takes
ruamel.yaml tens of seconds to reach Python's recursion limit, so it is refused first."""

_FLOW_BRACKETS = re.compile(r"[\[\]{}]")

WIDTH = 4096
"""Long examples stay on one line instead of being folded at 80 columns."""

NEW_FILE_MODE = 0o644
"""Permissions of a file created here: readable by the Rasa server and by git."""

_LAYOUT = "_tailor_layout"
"""Attribute of a loaded document that remembers its file's layout for `render`."""


@dataclass(frozen=True)
class Layout:
    """How a file indents its lists: `sequence` spaces per level, the dash `offset` in."""

    sequence: int = 4
    offset: int = 2
    line_break: str = "\n"


DEFAULT_LAYOUT = Layout()
"""Our story and rule files: `rules:` then `  - rule: ...`."""

NLU_LAYOUT = Layout(sequence=2, offset=0)
"""Rasa's NLU examples and our `data/nlu.yml`: `nlu:` then `- intent: ...`, flush."""


class _Representer(RoundTripRepresenter):
    """Round-trip representer that writes None as `null` rather than nothing."""


_Representer.add_representer(
    type(None), lambda self, _: self.represent_scalar("tag:yaml.org,2002:null", "null")
)


def relative_name(path: Path, root: Path | None) -> str:
    """`path` as a trainer sees it: relative to the project `root` when inside it."""
    if root is not None:
        with contextlib.suppress(ValueError):
            return path.resolve().relative_to(root.resolve()).as_posix()
    return str(path)


def read_text(path: Path, *, root: Path | None = None) -> str:
    """The exact text of the training file at `path`; TrainingDataError if unreadable."""
    name = relative_name(path, root)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise TrainingDataError(
                f"{name}: the file has {size} bytes; a training file may have at most "
                f"{MAX_FILE_BYTES} (split it into several files)"
            )
        return path.read_bytes().decode("utf-8")
    except OSError as error:
        raise TrainingDataError(f"{name}: cannot read it: {error.strerror or error}") from None
    except UnicodeDecodeError as error:
        raise TrainingDataError(
            f"{name}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def _flow_nesting(text: str) -> int:
    """How deep `[` and `{` nest in `text`, counting every bracket, quoted ones too.

    Real files stay far below `MAX_FLOW_NESTING` even so (entity markup such as
    `[suede](option)` closes at once); a file that quoted brackets make look shallower
    than it is still meets the parser's `RecursionError`, only later.
    """
    depth = deepest = 0
    for bracket in _FLOW_BRACKETS.finditer(text):
        if bracket.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth = max(0, depth - 1)
    return deepest


def parse_document(text: str, name: str) -> CommentedMap:
    """The Rasa training document in `text`; `name` says where it came from in errors."""
    if _flow_nesting(text) > MAX_FLOW_NESTING:
        raise TrainingDataError(f"{name}: invalid YAML: nested too deeply")
    try:
        document = _yaml(DEFAULT_LAYOUT).load(text)
    except MarkedYAMLError as error:
        raise TrainingDataError(f"{name}{_at(error)}: invalid YAML: {_problem(error)}") from None
    except ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise TrainingDataError(
            f"{name}, line {line}: the character U+{error.character:04X} is not allowed in YAML"
        ) from None
    except YAMLError as error:
        raise TrainingDataError(f"{name}: invalid YAML: {error}") from None
    except RecursionError:
        raise TrainingDataError(f"{name}: invalid YAML: nested too deeply") from None
    except ValueError as error:  # e.g. an integer too long for Python to convert
        raise TrainingDataError(f"{name}: invalid YAML: {error}") from None
    if not isinstance(document, CommentedMap):
        found = (
            "empty" if document is None else "a list" if isinstance(document, list) else "a value"
        )
        raise TrainingDataError(
            f'{name}, line 1: a training file is a mapping (version: "3.1", nlu: ..., '
            f"stories: ...), this one is {found}"
        )
    _refuse_tags(document, name)
    _check_version(document, name)
    setattr(document, _LAYOUT, _layout_of(text))
    return document


def load_document(path: Path, *, root: Path | None = None) -> CommentedMap:
    """The training document in the file at `path` (named relative to `root` in errors)."""
    return parse_document(read_text(path, root=root), relative_name(path, root))


def new_document(key: str, *, layout: Layout = DEFAULT_LAYOUT) -> CommentedMap:
    """A new training file's document: the current `version` and an empty list at `key`."""
    document = CommentedMap(
        [
            ("version", DoubleQuotedScalarString(LATEST_TRAINING_DATA_FORMAT_VERSION)),
            (key, CommentedSeq()),
        ]
    )
    setattr(document, _LAYOUT, layout)
    return document


def render(document: CommentedMap) -> str:
    """`document` as YAML text, in the layout of the file it was loaded from."""
    stream = StringIO()
    _yaml(getattr(document, _LAYOUT, DEFAULT_LAYOUT)).dump(document, stream)
    return stream.getvalue()


@dataclass(frozen=True)
class FileChange:
    """A training file's text before and after an edit; `before` is "" for a new file."""

    path: Path
    before: str
    after: str

    @property
    def changed(self) -> bool:
        """Whether the edit changes anything at all."""
        return self.before != self.after

    def diff(self, root: Path) -> str:
        """The change as a unified diff with git's `a/` and `b/` labels, paths below `root`."""
        name = relative_name(self.path, root)
        lines = difflib.unified_diff(
            self.before.splitlines(keepends=True),
            self.after.splitlines(keepends=True),
            fromfile=f"a/{name}" if self.before else "/dev/null",
            tofile=f"b/{name}",
        )
        return "".join(
            line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
            for line in lines
        )


def write_change(change: FileChange, *, root: Path | None = None) -> None:
    """Write `change.after` atomically, unless the file no longer holds `change.before`.

    The folder is locked while the file is compared and replaced, so of two writers that
    read the same text only the first wins; the second gets an error and can redo its
    edit on the new text. Readers (Rasa, git) only ever see the old or the new file.
    """
    if not change.changed:
        return
    path = change.path
    name = relative_name(path, root)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path.parent):
            if _current_text(path) != change.before:
                raise TrainingDataError(
                    f"{name} was changed by someone else since it was read; try again"
                )
            _replace(path, change.after)
    except OSError as error:
        raise TrainingDataError(f"{name}: cannot write it: {error.strerror or error}") from None


def _yaml(layout: Layout) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Representer = _Representer
    yaml.preserve_quotes = True
    yaml.width = WIDTH
    yaml.line_break = layout.line_break
    yaml.indent(mapping=2, sequence=layout.sequence, offset=layout.offset)
    return yaml


_LIST_ITEM = re.compile(r"( *)-(?: |$)")
_KEY_OPENING_BLOCK = re.compile(r"( *)[^#\s][^#]*:\s*(?:#.*)?$")


def _layout_of(text: str) -> Layout:
    """The layout of the first list nested under a key (`nlu:`, `rules:`), else the default."""
    line_break = "\r\n" if "\r\n" in text else "\n"
    key_indent: int | None = None
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        item = _LIST_ITEM.match(line)
        if item is not None and key_indent is not None:
            offset = len(item.group(1)) - key_indent
            return Layout(sequence=offset + 2, offset=offset, line_break=line_break)
        key = _KEY_OPENING_BLOCK.match(line)
        key_indent = len(key.group(1)) if key else None
    return Layout(line_break=line_break)


def _at(error: MarkedYAMLError) -> str:
    mark = error.problem_mark or error.context_mark
    return f", line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _problem(error: MarkedYAMLError) -> str:
    problem = error.problem or error.context or "not YAML"
    if error.problem and error.context and error.context_mark:
        problem += f" ({error.context}, line {error.context_mark.line + 1})"
    if "\\t" in problem or "\t" in problem:
        problem += " (indent with spaces: YAML does not allow tabs there)"
    return problem


def _refuse_tags(document: CommentedMap, name: str) -> None:
    """TrainingDataError at the first explicit tag (`!!python/object`, `!custom`).

    Rasa reads training files with a safe loader that rejects them; catching them here
    says where, before a trainer's change is written next to one.
    """
    for tag, line in _tags(document, 1, set()):
        raise TrainingDataError(
            f"{name}, line {line}: the tag {tag} is not allowed in training data"
        )


def _tags(node: Any, line: int, seen: set[int]) -> Iterator[tuple[str, int]]:
    """Every explicit tag under `node` with its line; shared nodes (aliases) visited once."""
    if id(node) in seen:
        return
    seen.add(id(node))
    tag = getattr(getattr(node, "tag", None), "value", None)
    if isinstance(node, TaggedScalar | CommentedMap | CommentedSeq) and tag:
        yield tag, line
    if isinstance(node, CommentedMap):
        for key, value in node.items():
            yield from _tags(value, _line_of(node, key, line), seen)
    elif isinstance(node, CommentedSeq):
        for index, value in enumerate(node):
            yield from _tags(value, _line_of(node, index, line), seen)


def _line_of(node: CommentedMap | CommentedSeq, key: object, default: int) -> int:
    """The 1-based line of a value in `node`; `default` for keys merged in with `<<`."""
    position = node.lc.data.get(key)
    return position[0] + 1 if position else default


def _check_version(document: CommentedMap, name: str) -> None:
    """The `version` must be one Rasa 3.6 reads, spelled as a string ("3.1")."""
    latest = LATEST_TRAINING_DATA_FORMAT_VERSION
    if "version" not in document:
        raise TrainingDataError(
            f'{name}, line 1: no version; start the file with version: "{latest}"'
        )
    value = document["version"]
    line = document.lc.key("version")[0] + 1
    try:
        readable = isinstance(value, str) and Version(value) <= Version(latest)
    except InvalidVersion:
        readable = False
    if not readable:
        raise TrainingDataError(
            f"{name}, line {line}: version must be a quoted version Rasa 3.6 reads, "
            f'such as "{latest}", not {quoted(value) if isinstance(value, str) else shown(value)}'
        )


def _current_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8", errors="surrogateescape")
    except FileNotFoundError:
        return ""


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder`, held by every writer in this module."""
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def _replace(path: Path, text: str) -> None:
    """Write `text` to a temporary file beside `path`, then rename it over `path`."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else NEW_FILE_MODE
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
