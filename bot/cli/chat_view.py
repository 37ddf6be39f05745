"""How bot replies look in a terminal, and how a typed number picks a button.

Pure functions, apart from the I/O in `bot.cli.chat`, because this is the part whose
exact behaviour people notice (and the part that meets untrusted text: a bot reply
can carry anything the catalog or a customer put into it).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

BOT_PREFIX = "bot> "
_INDENT = " " * len(BOT_PREFIX)
_MAX_CHOICE_DIGITS = 4
"""Longer numbers are answers, not choices (and `int()` refuses thousands of digits)."""

_UNSAFE_CHARACTERS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
"""Control characters (escape sequences could rewrite the terminal) and bidi overrides
(they can make a text read differently than it is); newlines and tabs stay."""


@dataclass(frozen=True)
class Button:
    """A choice the bot offered; typing its number sends its payload."""

    title: str
    payload: str


@dataclass(frozen=True)
class Reply:
    """One bot turn as shown in the terminal, and the buttons it numbered."""

    text: str
    buttons: tuple[Button, ...]


def safe_text(text: str) -> str:
    """`text` without characters that could take over or disguise the terminal."""
    return _UNSAFE_CHARACTERS.sub("", text)


def render_reply(messages: Sequence[Mapping[str, Any]]) -> Reply:
    """Lay out the REST channel's messages for one turn.

    Buttons are numbered across the whole turn (not per message), so each number
    the user sees picks exactly one button.
    """
    lines: list[str] = []
    buttons: list[Button] = []
    for message in messages:
        body = _message_lines(message)
        for raw in message.get("buttons") or []:
            if isinstance(raw, Mapping):
                button = _button(raw)
                buttons.append(button)
                body.append(f"  {len(buttons)}. {button.title}")
        lines += [(BOT_PREFIX if i == 0 else _INDENT) + line for i, line in enumerate(body)]
    if not lines:
        lines = [f"{BOT_PREFIX}(no answer)"]
    return Reply(text="\n".join(lines), buttons=tuple(buttons))


def resolve_answer(typed: str, buttons: Sequence[Button]) -> str:
    """What to send for `typed`: a button's payload if it is that button's number.

    Any other input, including a number outside the list, is sent as typed: "2" can be
    a perfectly good answer to "how many?".
    """
    choice = typed.strip()
    if choice.isdecimal() and len(choice) <= _MAX_CHOICE_DIGITS:
        index = int(choice)
        if 1 <= index <= len(buttons):
            return buttons[index - 1].payload
    return typed


def _message_lines(message: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    text = message.get("text")
    if text:
        lines += safe_text(str(text)).splitlines()
    if message.get("image"):
        lines.append(f"[image] {safe_text(str(message['image']))}")
    custom = message.get("custom")
    if custom is not None and not _is_design_panel(custom):
        lines.append(f"[custom] {safe_text(json.dumps(custom, ensure_ascii=False))}")
    return lines


def _is_design_panel(custom: Any) -> bool:
    """Whether `custom` is the live "your design" panel.

    It feeds a widget's sidebar; in a terminal it is noise, and the summary message
    says the same in words.
    """
    return isinstance(custom, Mapping) and custom.get("type") == "design"


def _button(raw: Mapping[str, Any]) -> Button:
    """A button from its JSON; without a payload, its title is sent (what a user would type)."""
    title = safe_text(str(raw.get("title") or raw.get("payload") or "?"))
    payload = raw.get("payload")
    return Button(title=title, payload=str(payload) if payload else title)
