"""Reading a catalog file into plain data, strictly.

Plain `yaml.safe_load` lets the last of two equal keys win without a word, so a
duplicated `price:` would silently change a price; here it is an error. Size and
nesting are bounded because every process parses the catalog at startup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.composer import ComposerError
from yaml.constructor import ConstructorError

from bot.catalog.errors import CatalogError

MAX_CATALOG_BYTES = 2_000_000
"""A shop with hundreds of products fits in a few hundred kB; more is a wrong file."""
MAX_NESTING = 20
"""The catalog schema nests about 8 levels deep. PyYAML's pure-Python reader slows down
quadratically with nesting and overflows Python's stack near 1000 levels (its C reader
crashes outright), so deeper documents are refused early."""


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and absurd nesting."""

    _depth = 0

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self._depth >= MAX_NESTING:
            raise ComposerError(
                None,
                None,
                f"nested more than {MAX_NESTING} levels deep",
                self.peek_event().start_mark,
            )
        self._depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                duplicate = key in seen
            except TypeError:  # an unhashable key; SafeLoader reports it below
                continue
            if duplicate:
                raise ConstructorError(
                    "while reading a mapping",
                    node.start_mark,
                    f"duplicate key {key!r}",
                    key_node.start_mark,
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def _parse(text: str, source: str) -> object:
    """The data in YAML `text`; CatalogError (with line and column) when it is not valid YAML."""
    try:
        return yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise CatalogError(f"{source}: invalid YAML{where}: {error.problem}") from None
    except yaml.YAMLError as error:
        raise CatalogError(f"{source}: invalid YAML: {error}") from None
    except ValueError as error:  # e.g. an integer too long for Python to convert
        raise CatalogError(f"{source}: invalid YAML: {error}") from None


def read_catalog_file(path: Path) -> bytes:
    """The bytes of the catalog file at `path`, or CatalogError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_CATALOG_BYTES:
            raise CatalogError(
                f"{path}: the file has {size} bytes; a catalog may have at most {MAX_CATALOG_BYTES}"
            )
        return path.read_bytes()
    except OSError as error:
        raise CatalogError(f"{path}: cannot read the catalog: {error.strerror or error}") from None


def parse_yaml(data: bytes, source: str) -> object:
    """The data in the YAML `data` read from `source`, or CatalogError saying why not."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise CatalogError(
            f"{source}: not UTF-8 text ({error.reason} at byte {error.start})"
        ) from None
    return _parse(text, source)
