"""The answer to the transcript question: whether the shop may keep this chat.

Asked once per customer, before the design's first question. Privacy by default: only
a yes keeps the transcript. A customer who answers the design instead ("suede sneakers
in size 42") has the design applied as usual and counts as having said no, because
going on without answering is not agreeing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.catalog.model import Catalog
from bot.dialogue.design_turn import Outcome, interpret, is_digression
from bot.dialogue.prompts import consent_answered, consent_assumed_no, consent_unclear
from bot.dialogue.state import DesignState, Turn


@dataclass(frozen=True)
class ConsentOutcome:
    """The turn applied to the design, and the consent it gave (None: not answered).

    `design.understood` False means the message was a digression (a question, small
    talk): the rules answer it and the question is asked again.
    """

    design: Outcome
    consent: bool | None


def answer_consent(catalog: Catalog, state: DesignState, turn: Turn) -> ConsentOutcome:
    """Read the answer to the transcript question, and any design the message gives.

    While a product switch waits for confirmation, the switch question was asked in
    place of this one (`pending_question`), so the turn answers that instead.
    """
    design = interpret(catalog, state, replace(turn, asked=None))
    if state.pending_product is not None:
        return ConsentOutcome(design, None)
    said = turn.yes_or_no()
    if not (design.understood and _concerns_design(state, design, turn)):
        if said is not None:
            return ConsentOutcome(Outcome(state, [consent_answered(said)]), said)
        if is_digression(turn.intent, free_text=False):
            return ConsentOutcome(Outcome(state, understood=False), None)
        return ConsentOutcome(Outcome(state, [consent_unclear()]), None)
    note = consent_assumed_no() if said is None else consent_answered(said)
    replies = [note, *design.replies]
    return ConsentOutcome(Outcome(design.state, replies, refusals=design.refusals), bool(said))


def _concerns_design(before: DesignState, design: Outcome, turn: Turn) -> bool:
    """Whether the message answered the design: a product, a value, even a refused one.

    "I want to design something" counts too: the customer wants to get on with it.
    """
    return design.state != before or bool(design.refusals) or turn.intent == "design_product"
