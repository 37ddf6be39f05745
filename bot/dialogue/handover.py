"""Reading how staff can reach a customer who asked for a person.

The answer is an e-mail address or a phone number, found with the same patterns that
redact them from stored messages (`bot.privacy.redaction`), or a no: then staff read
the conversation instead.
"""

from __future__ import annotations

from bot.dialogue.state import Turn
from bot.privacy.redaction import find_contact
from bot.understanding.phrasing.yes_no import bare_answer

NO_CONTACT = ""
"""The answer 'no': a filled slot, so the form ends, holding nothing to store."""

MAX_CONTACT_LENGTH = 320
"""RFC 5321's longest e-mail address; anything longer is no address anyone can write to."""


def read_contact(turn: Turn) -> str | None:
    """The contact in the answer, NO_CONTACT for a no, or None when it is neither."""
    contact = find_contact(turn.text) if turn.text else None
    if contact is not None:
        return contact if len(contact) <= MAX_CONTACT_LENGTH else None
    if turn.intent == "deny" or (turn.text and bare_answer(turn.text) is False):
        return NO_CONTACT
    return None
