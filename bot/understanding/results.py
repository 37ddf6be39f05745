"""What understanding one message produces, for the dialogue actions to validate."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

RawValue = str | Decimal | bool
"""An attribute value as said, before validation: option id or text (str), number in
the attribute's own unit (Decimal), or yes/no (bool)."""


@dataclass(frozen=True)
class Finding:
    """A value for one attribute, and whether words in the message tied it there.

    `anchored` findings were named ("white sole", "size 42", "2 pairs", "1.6 m"); the
    others were inferred (the only attribute "suede" fits). When the bot asked for a
    text, only anchored findings outrank reading the whole answer as that text.
    `[start, end)` is where the value was said, in characters.
    """

    attribute: str
    value: RawValue
    anchored: bool
    start: int
    end: int


@dataclass(frozen=True)
class Extraction:
    """Everything one message says about the design of one product.

    Values are raw: options are known ids, but ranges, steps, text lengths and rules
    are the caller's to check, so it can explain what is wrong.
    """

    values: dict[str, RawValue] = field(default_factory=dict)
    skipped: frozenset[str] = frozenset()
    mentioned: frozenset[str] = frozenset()
    quantity: int | None = None
    unknown: str | None = None
