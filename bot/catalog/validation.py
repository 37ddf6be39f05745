"""Checking a customer's answers against the catalog, with messages a customer understands.

Every answer, whether typed, clicked or re-checked when a specification is built,
goes through `check_value` / `check_quantity`, so each limit of the catalog is enforced
by exactly one piece of code. A rejection says what is wrong (`reason`), what would be
right (`valid`) and, where it can, the nearest valid answers (`suggestions`, written so
that they are themselves accepted if sent back). Customer input is echoed only
shortened, so a pasted novel never comes back whole.

The combination rules live in `bot.catalog.rules` and are re-exported here, so this
module is the one place the dialogue asks "is this design right so far?".
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Collection
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from bot.catalog.grid import NumberGrid, Position, grid_of
from bot.catalog.labels import count_label, number_label, plural, quoted, shown, with_article
from bot.catalog.model import Attribute, AttributeType, Design, DesignValue, Product, TextCharset
from bot.catalog.naming import find_option, normalise, option_names
from bot.catalog.numbers import format_number, json_number, parse_number
from bot.catalog.rules import Conflict, allowed_options, describe_allowed, find_conflicts

__all__ = [
    "Accepted",
    "Conflict",
    "Rejected",
    "allowed_options",
    "check_quantity",
    "check_value",
    "describe_allowed",
    "describe_valid",
    "find_conflicts",
    "missing_attributes",
]

MAX_MISSPELLING_LENGTH = 60
"""Longest answer compared against option names for "did you mean" suggestions."""


@dataclass(frozen=True)
class Accepted:
    """A valid answer: the value to store in the design and how to show it."""

    value: DesignValue
    label: str


@dataclass(frozen=True)
class Rejected:
    """An invalid answer: why, what is valid instead, and the nearest valid answers."""

    reason: str
    valid: str
    suggestions: tuple[str, ...] = ()


def check_value(attribute: Attribute, raw: object) -> Accepted | Rejected:
    """Whether `raw` is a valid answer for `attribute`, and its stored form if it is.

    Choice: an option's id, label or `also_called` name in any case, spacing or
    hyphenation -> the option id. Number: a number, possibly as text with the unit
    ("160 cm") -> int when whole, else float. Text -> the trimmed text. Yes/no: a bool
    or a yes/no word -> bool.
    """
    return _CHECKERS[attribute.type](attribute, raw)


def describe_valid(attribute: Attribute) -> str:
    """What a valid answer looks like, as a phrase to put in a sentence.

    "one of: White, Black, Navy", "a shoe size from 36 to 47 EU, in steps of 0.5",
    "up to 8 letters, digits and spaces", "yes or no".
    """
    if attribute.type is AttributeType.CHOICE:
        return f"one of: {', '.join(option.label for option in attribute.options)}"
    if attribute.type is AttributeType.NUMBER:
        grid = grid_of(attribute)
        return (
            f"{with_article(attribute.name)} from {format_number(grid.low)} to "
            f"{number_label(attribute, grid.high)}, in steps of {format_number(grid.step)}"
        )
    if attribute.type is AttributeType.TEXT:
        return f"up to {_max_length(attribute)} {_charset(attribute).characters}"
    return "yes or no"


def check_quantity(product: Product, raw: object) -> Accepted | Rejected:
    """Whether `raw` is a quantity the product can be ordered in: a whole number in its limits.

    Accepted values are ints, labelled with the unit ("1 pair", "12 shirts").
    """
    limits = product.quantity
    unit = plural(limits.unit)
    return _check_on_grid(
        raw,
        NumberGrid(Decimal(limits.min), Decimal(limits.max), Decimal(1)),
        units=(limits.unit, unit),
        label=lambda number: count_label(limits, int(number)),
        wording=_GridWording(
            not_a_number=f"is not a number of {unit}",
            below="is below the smallest order",
            above="is above the largest order",
            off_step=f"is not a whole number of {unit}",
        ),
        valid=f"Choose from {limits.min} to {count_label(limits, limits.max)}.",
    )


def missing_attributes(
    product: Product, design: Design, skipped: Collection[str]
) -> list[Attribute]:
    """What is still to be asked, in catalog order.

    Required attributes not yet answered, and optional ones neither answered nor skipped.
    """
    return [
        attribute
        for attribute in product.attributes
        if attribute.id not in design and not (attribute.optional and attribute.id in skipped)
    ]


def _valid_sentence(attribute: Attribute) -> str:
    return f"{_VERBS[attribute.type]} {describe_valid(attribute)}."


_VERBS = {
    AttributeType.CHOICE: "Choose",
    AttributeType.NUMBER: "Choose",
    AttributeType.TEXT: "Use",
    AttributeType.YES_NO: "Answer",
}


def _check_choice(attribute: Attribute, raw: object) -> Accepted | Rejected:
    option = find_option(attribute, raw) if isinstance(raw, str) else None
    if option is not None:
        return Accepted(option.id, option.label)
    return Rejected(
        f"{quoted(raw)} is not {with_article(attribute.name)} we offer.",
        _valid_sentence(attribute),
        _similar_labels(attribute, raw),
    )


def _similar_labels(attribute: Attribute, raw: object) -> tuple[str, ...]:
    """Labels of options whose names look like `raw` ("blak" -> "Black").

    Only short answers are compared: a misspelt name is never long, and fuzzy matching
    a pasted page takes most of a second for nothing.
    """
    if not isinstance(raw, str) or len(raw) > MAX_MISSPELLING_LENGTH:
        return ()
    label_of = {name: option.label for option in attribute.options for name in option_names(option)}
    close = difflib.get_close_matches(normalise(raw), label_of, n=3, cutoff=0.75)
    return tuple(dict.fromkeys(label_of[name] for name in close))


def _check_number(attribute: Attribute, raw: object) -> Accepted | Rejected:
    name = attribute.name
    grid = grid_of(attribute)
    label = partial(number_label, attribute)
    return _check_on_grid(
        raw,
        grid,
        units=(attribute.unit or "",),
        label=label,
        wording=_GridWording(
            not_a_number=f"is not a number, so it cannot be {with_article(name)}",
            below=f"is below the smallest {name}",
            above=f"is above the largest {name}",
            off_step=(
                f"is not a valid {name}: {plural(name.split()[-1])} go in steps of "
                f"{label(grid.step)}"
            ),
        ),
        valid=_valid_sentence(attribute),
    )


@dataclass(frozen=True)
class _GridWording:
    """How one kind of number is talked about when an answer misses its grid."""

    not_a_number: str
    below: str
    above: str
    off_step: str


def _check_on_grid(
    raw: object,
    grid: NumberGrid,
    *,
    units: Collection[str],
    label: Callable[[Decimal], str],
    wording: _GridWording,
    valid: str,
) -> Accepted | Rejected:
    number = parse_number(raw, units)
    if number is None:
        return Rejected(f"{quoted(raw)} {wording.not_a_number}.", valid)
    said = shown(raw if isinstance(raw, str) else number)
    position = grid.position(number)
    if position is Position.BELOW:
        return Rejected(f"{said} {wording.below}, {label(grid.low)}.", valid, (label(grid.low),))
    if position is Position.ABOVE:
        return Rejected(f"{said} {wording.above}, {label(grid.high)}.", valid, (label(grid.high),))
    if position is Position.OFF_STEP:
        nearest = tuple(label(value) for value in grid.neighbours(number))
        return Rejected(f"{said} {wording.off_step}.", valid, nearest)
    return Accepted(json_number(number), label(number))


@dataclass(frozen=True)
class _Charset:
    """What a TextCharset lets through, and how to say so."""

    characters: str
    accepts: Callable[[str], bool]


_CHARSETS = {
    TextCharset.LETTERS_DIGITS_SPACES: _Charset(
        "letters, digits and spaces", lambda ch: ch.isalpha() or ch.isdecimal() or ch == " "
    ),
    TextCharset.PRINTABLE_SINGLE_LINE: _Charset(
        "printable characters on one line", str.isprintable
    ),
}

_SPACES_BUT_LINE_BREAKS = re.compile(r"[^\S\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]+")
"""Runs of whitespace other than line breaks (which a single-line text must reject)."""


def _charset(attribute: Attribute) -> _Charset:
    """The attribute's character rule: its `allowed`, or printable characters on one line."""
    return _CHARSETS[attribute.allowed or TextCharset.PRINTABLE_SINGLE_LINE]


def _max_length(attribute: Attribute) -> int:
    if attribute.max_length is None:
        raise ValueError(f"{attribute.id!r} is not a text attribute")
    return attribute.max_length


def _check_text(attribute: Attribute, raw: object) -> Accepted | Rejected:
    name = attribute.name
    valid = _valid_sentence(attribute)
    if not isinstance(raw, str):
        return Rejected(f"The {name} must be text, not {quoted(raw)}.", valid)
    # Canonical Unicode and single spaces: what gets printed is what gets counted.
    text = _SPACES_BUT_LINE_BREAKS.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    if not text:
        return Rejected(f"The {name} cannot be empty.", valid)
    limit = _max_length(attribute)
    if len(text) > limit:
        return Rejected(
            f"The {name} can be at most {limit} characters; {quoted(text)} has {len(text)}.", valid
        )
    charset = _charset(attribute)
    refused = [ch for ch in dict.fromkeys(text) if not charset.accepts(ch)]
    if refused:
        listed = ", ".join(repr(ch) for ch in refused[:3])
        return Rejected(f"The {name} can only contain {charset.characters}, not {listed}.", valid)
    return Accepted(text, text)


_YES = frozenset({"yes", "y", "yeah", "yep", "sure", "true", "ok", "okay", "please", "yes please"})
_NO = frozenset(
    {"no", "n", "nope", "false", "none", "no thanks", "no, thanks", "no thank you", "not needed"}
)


def _check_yes_no(attribute: Attribute, raw: object) -> Accepted | Rejected:
    if isinstance(raw, bool):
        answer = raw
    elif isinstance(raw, str) and normalise(raw) in _YES | _NO:
        answer = normalise(raw) in _YES
    else:
        return Rejected(f"{quoted(raw)} is not a yes or no answer.", _valid_sentence(attribute))
    return Accepted(answer, "Yes" if answer else "No")


_CHECKERS: dict[AttributeType, Callable[[Attribute, object], Accepted | Rejected]] = {
    AttributeType.CHOICE: _check_choice,
    AttributeType.NUMBER: _check_number,
    AttributeType.TEXT: _check_text,
    AttributeType.YES_NO: _check_yes_no,
}
