"""The rules for what staff add to a conversation: tags and internal notes.

Tags are a shared vocabulary that the list filters by, so spellings that differ only in
case or spacing must become one tag; notes are free text, bounded so one paste cannot
bloat every transcript page.
"""

from __future__ import annotations

import re

MAX_TAG_LENGTH = 64
MAX_NOTE_LENGTH = 5000

_WHITESPACE = re.compile(r"\s+")
_TAG = re.compile(r"[\w\- ]+")
"""Letters and digits of any script, `_`, `-` and single spaces."""


def normalise_tag(text: str) -> str:
    """`text` as the tag it means: trimmed, inner whitespace runs made one space, lower case.

    Raises `ValueError` with a message for staff when the result is empty, longer than
    MAX_TAG_LENGTH or holds characters other than letters, digits, space, `-` and `_`.
    """
    tag = _WHITESPACE.sub(" ", text).strip().lower()
    if not tag:
        raise ValueError("A tag cannot be empty.")
    if len(tag) > MAX_TAG_LENGTH:
        raise ValueError(f"A tag has at most {MAX_TAG_LENGTH} characters.")
    if not _TAG.fullmatch(tag):
        raise ValueError("A tag may only hold letters, digits, spaces, '-' and '_'.")
    return tag


def check_note(body: str) -> str:
    """The note as it will be kept: `body` without surrounding whitespace.

    Raises `ValueError` when nothing is left or it is longer than MAX_NOTE_LENGTH.
    """
    note = body.strip()
    if not note:
        raise ValueError("A note cannot be empty.")
    if len(note) > MAX_NOTE_LENGTH:
        raise ValueError(
            f"A note has at most {MAX_NOTE_LENGTH} characters; this one has {len(note)}."
        )
    return note
