"""A bot reply as plain data, so dialogue logic can be tested without a dispatcher."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """A quick reply: `title` is shown, `payload` is sent back verbatim when clicked."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot message: text, optional buttons, optional JSON payload for rich clients."""

    text: str | None = None
    buttons: tuple[Button, ...] = ()
    custom: Mapping[str, Any] | None = field(default=None)
