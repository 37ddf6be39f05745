"""What one message did to a conversation in progress, and whether that was right.

The live evaluation reads each turn from the bot's tracker as plain values
(`Observed`), so the judgement is plain Python, checked by unit tests without a bot.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

DESIGN_SLOTS = ("product", "design", "skipped", "quantity", "confirmed")
"""The slots that hold the design: an off-topic message must change none of them."""

PENDING_PREFIX = "pending"
"""Slots holding something the bot waits for the customer to confirm (a product switch,
a text to print) start with this; they belong to the design as much as the design."""

OFF_TOPIC_ACTION = "action_redirect_off_topic"
"""The action that answers an off-topic message and steers back to the design."""

REDIRECT_ACTIONS = frozenset({OFF_TOPIC_ACTION, "utter_out_of_scope"})
"""`OFF_TOPIC_ACTION`, or the response it replaces, while models trained before it serve."""


@dataclass(frozen=True)
class Observed:
    """One message sent mid-conversation, and what the bot did with it."""

    message: str
    slots: Mapping[str, object]
    """Every slot after the turn."""
    actions: tuple[str, ...]
    """The actions the turn ran, in order (without `action_listen`)."""
    texts: tuple[str, ...]
    """What the bot said, one message each, in order."""

    @property
    def reply(self) -> str:
        """All the bot said, on one line, for a report."""
        return " / ".join(" ".join(text.split()) for text in self.texts) or "(nothing)"


def design_unchanged(before: Mapping[str, object], after: Mapping[str, object]) -> bool:
    """Whether every design slot and pending slot has the value it had before."""
    pending = {name for name in (*before, *after) if name.startswith(PENDING_PREFIX)}
    return all(before.get(name) == after.get(name) for name in (*DESIGN_SLOTS, *pending))


def redirected(observed: Observed, question: str) -> bool:
    """Whether the turn answered as off-topic and ended by asking `question` again."""
    ran = any(action in REDIRECT_ACTIONS for action in observed.actions)
    return ran and bool(observed.texts) and observed.texts[-1] == question
