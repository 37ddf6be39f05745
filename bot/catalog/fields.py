"""Typed reading of raw catalog data, with errors that say exactly where and what.

The catalog is written by hand, so every reader checks one value, converts it to the
model's type and, when it does not fit, raises a CatalogError naming the file, the path
to the value (`products[1] (desk) > attributes[0] (width) > step`) and what was
expected. Unknown keys are errors, not ignored: a typo such as `lable` must fail
loudly instead of silently dropping a label.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from bot.catalog.errors import CatalogError
from bot.catalog.labels import shorten

_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")


@dataclass(frozen=True)
class Place:
    """Where a value sits in the catalog: the source and the path of keys and list items."""

    source: str
    path: tuple[str, ...] = ()

    def key(self, name: str) -> Place:
        """The place of `name` inside this mapping."""
        return Place(self.source, (*self.path, name))

    def item(self, key: str, index: int, raw: object) -> Place:
        """The place of item `index` of list `key`; its id, when present, helps find it."""
        ident = raw.get("id") if isinstance(raw, dict) else None
        suffix = f" ({shorten(ident)})" if isinstance(ident, str) else ""
        return self.key(f"{key}[{index}]{suffix}")

    def fail(self, problem: str) -> NoReturn:
        """Raise a CatalogError about the value at this place."""
        where = " > ".join(self.path)
        raise CatalogError(
            f"{self.source}: {where}: {problem}" if where else f"{self.source}: {problem}"
        )


@dataclass(frozen=True)
class Expect:
    """A condition a number must meet, with the phrase that explains it to the author."""

    phrase: str
    accepts: Callable[[Decimal], bool]


ANY_NUMBER = Expect("a number", lambda _: True)
POSITIVE = Expect("a positive number", lambda n: n > 0)
NOT_NEGATIVE = Expect("a number of 0 or more", lambda n: n >= 0)
RATE = Expect("a rate of at least 0 and below 1", lambda n: 0 <= n < 1)
WHOLE_NOT_NEGATIVE = Expect("a whole number of 0 or more", lambda n: n >= 0)
WHOLE_POSITIVE = Expect("a whole number of 1 or more", lambda n: n >= 1)


def describe(raw: object) -> str:
    """A raw value as an error message shows it: short, and never a whole container."""
    if raw is None:
        return "nothing"
    if isinstance(raw, bool):
        return "true" if raw else "false"
    if isinstance(raw, (int, Decimal)):
        return shorten(str(Decimal(raw)))
    if isinstance(raw, float):
        return repr(raw)
    if isinstance(raw, str):
        return repr(shorten(raw))
    if isinstance(raw, list):
        return "a list"
    if isinstance(raw, dict):
        return "a mapping"
    return f"a {type(raw).__name__}"


def as_mapping(raw: object, place: Place) -> dict[str, object]:
    """`raw` as a mapping with text keys."""
    if not isinstance(raw, dict):
        place.fail(f"must be a mapping of keys to values, got {describe(raw)}")
    for key in raw:
        if not isinstance(key, str):
            place.fail(f"keys must be text, got {describe(key)}")
    return raw


class Section:
    """One mapping of the catalog being read: checks its keys, then hands out typed values."""

    def __init__(
        self,
        raw: object,
        place: Place,
        required: Collection[str],
        optional: Collection[str] = (),
        not_here: Mapping[str, str] | None = None,
    ) -> None:
        """Check the keys of `raw`: all `required` present, nothing outside `optional`.

        `not_here` maps keys that are valid elsewhere to the reason they do not belong
        here ("does not apply to a choice attribute"), a clearer error than "unknown key".
        """
        self.raw = as_mapping(raw, place)
        self.place = place
        allowed = [*required, *optional]
        for key in self.raw:
            if key in allowed:
                continue
            if not_here and key in not_here:
                place.key(key).fail(not_here[key])
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            place.fail(
                f"unknown key {shorten(key)!r}{hint} (allowed keys: {', '.join(sorted(allowed))})"
            )
        missing = [key for key in required if key not in self.raw]
        if missing:
            place.fail(
                f"missing required key{'s' if len(missing) > 1 else ''} "
                f"{', '.join(repr(k) for k in missing)}"
            )

    def has(self, key: str) -> bool:
        """Whether the mapping sets `key`."""
        return key in self.raw

    def text(self, key: str) -> str:
        """A required piece of non-blank text."""
        raw = self.raw.get(key)
        if not isinstance(raw, str) or not raw.strip():
            self.place.key(key).fail(f"must be non-empty text, got {describe(raw)}")
        return raw

    def optional_text(self, key: str) -> str | None:
        """Non-blank text, or None when the key is absent."""
        return self.text(key) if self.has(key) else None

    def identifier(self, key: str) -> str:
        """An id: lowercase letters, digits and underscores, starting with a letter."""
        raw = self.raw.get(key)
        if not isinstance(raw, str) or not _IDENTIFIER.fullmatch(raw):
            self.place.key(key).fail(
                "must be an id of lowercase letters, digits and underscores that starts "
                f"with a letter, got {describe(raw)}"
            )
        return raw

    def names(self, key: str) -> tuple[str, ...]:
        """A list of non-blank names (`also_called`); empty when the key is absent."""
        raw = self.raw.get(key, [])
        if not isinstance(raw, list):
            self.place.key(key).fail(f"must be a list of names, got {describe(raw)}")
        for index, name in enumerate(raw):
            if not isinstance(name, str) or not name.strip():
                self.place.key(f"{key}[{index}]").fail(
                    f"must be non-empty text, got {describe(name)}"
                )
        return tuple(raw)

    def flag(self, key: str) -> bool:
        """A true/false setting; false when absent."""
        raw = self.raw.get(key, False)
        if not isinstance(raw, bool):
            self.place.key(key).fail(f"must be true or false, got {describe(raw)}")
        return raw

    def number(
        self, key: str, expect: Expect = ANY_NUMBER, default: Decimal | None = None
    ) -> Decimal:
        """An exact number meeting `expect`; `default` when absent and a default is given.

        Floats go through str() so that 0.1 becomes Decimal('0.1'), not its binary cousin.
        """
        if default is not None and not self.has(key):
            return default
        raw = self.raw.get(key)
        if isinstance(raw, bool) or not isinstance(raw, (int, float, Decimal)):
            self.place.key(key).fail(f"must be {expect.phrase}, got {describe(raw)}")
        number = Decimal(str(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite() or not expect.accepts(number):
            self.place.key(key).fail(f"must be {expect.phrase}, got {describe(raw)}")
        return number

    def whole(self, key: str, expect: Expect, default: int | None = None) -> int:
        """A whole number (an int in the YAML) meeting `expect`."""
        if default is not None and not self.has(key):
            return default
        raw = self.raw.get(key)
        if isinstance(raw, bool) or not isinstance(raw, int) or not expect.accepts(Decimal(raw)):
            self.place.key(key).fail(f"must be {expect.phrase}, got {describe(raw)}")
        return raw

    def items(self, key: str, noun: str, *, at_least_one: bool) -> Iterator[tuple[Place, object]]:
        """The items of list `key`, each with its place; an absent optional list is empty."""
        raw = self.raw.get(key, [])
        if not isinstance(raw, list):
            self.place.key(key).fail(f"must be a list of {noun}s, got {describe(raw)}")
        if at_least_one and not raw:
            self.place.key(key).fail(f"must list at least one {noun}")
        for index, item in enumerate(raw):
            yield self.place.item(key, index, item), item


def require_unique_ids(ids: Collection[tuple[Place, str]], noun: str) -> None:
    """Fail at the second use of an id: ids are how designs and specs refer to things."""
    first_place: dict[str, Place] = {}
    for place, ident in ids:
        if ident in first_place:
            earlier = first_place[ident].path[-1]
            place.key("id").fail(f"duplicate {noun} id {ident!r}, already used by {earlier}")
        first_place[ident] = place
