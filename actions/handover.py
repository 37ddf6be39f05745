"""Handing a conversation over to the shop's staff when the customer asks for a person.

`action_hand_over` marks the conversation for staff, then `handover_form` asks how they
can reach the customer and `action_confirm_hand_over` keeps the answer and says what
happens next. A design in progress carries on afterwards (rules in data/rules.yml,
driven by the `resume_design` slot set here).
"""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import catalog, current_turn, send, store
from bot.dialogue.handover import read_contact
from bot.dialogue.prompts import (
    ask_handover_contact,
    contact_unclear,
    hand_over_failed,
    handed_over,
    handing_over,
)
from bot.dialogue.state import ASKED_CONSENT, ASKED_CONTACT

logger = logging.getLogger(__name__)

DESIGN_FORM = "design_form"
HANDOVER_FORM = "handover_form"
RESUME_SLOT = "resume_design"


def _transcript_kept(tracker: Tracker) -> bool:
    """Whether staff will be able to read this chat (unanswered counts as kept, so far)."""
    return tracker.get_slot(ASKED_CONSENT) is not False


class ActionHandOver(Action):
    """Marks the conversation as handed to staff and remembers whether to resume."""

    def name(self) -> str:
        return "action_hand_over"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        try:
            store().mark_handed_over(tracker.sender_id)
        except Exception:
            # The contact step stores again and tells the customer if that fails too;
            # here a failure costs only the moment of the request.
            logger.exception("could not mark the conversation of %s handed over", tracker.sender_id)
        send(dispatcher, [handing_over(catalog())])
        return [
            SlotSet(RESUME_SLOT, tracker.active_loop_name == DESIGN_FORM),
            SlotSet(ASKED_CONTACT, None),
        ]


class ValidateHandoverForm(FormValidationAction):
    """Reads an e-mail address or phone number, or a no; anything else is asked again.

    Nothing is a digression here: the question is short and has a "no" button, and a
    message taken for a question would only leave the customer without an answer.
    """

    def name(self) -> str:
        return "validate_handover_form"

    def extract_handover_contact(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """The contact, "" for no, or None (asked again) when the answer is neither."""
        turn = current_turn(tracker)
        if turn.asked != ASKED_CONTACT:
            return {}
        return {ASKED_CONTACT: read_contact(turn)}

    def validate_handover_contact(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Say so when no contact was found; the form then asks again."""
        if value is None:
            send(dispatcher, [contact_unclear()])
        return {ASKED_CONTACT: value}


class ActionAskHandoverContact(Action):
    """Asks how staff can reach the customer, with a button for no contact."""

    def name(self) -> str:
        return "action_ask_handover_contact"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, [ask_handover_contact(transcript_kept=_transcript_kept(tracker))])
        return []


class ActionConfirmHandOver(Action):
    """Keeps the contact for staff and tells the customer what happens next.

    The slot is cleared afterwards: the contact is kept with the conversation for
    staff, not carried through the rest of the chat and into later sessions.
    """

    def name(self) -> str:
        return "action_confirm_hand_over"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        contact = tracker.get_slot(ASKED_CONTACT) or None
        resuming = bool(tracker.get_slot(RESUME_SLOT))
        reply = handed_over(
            catalog(), contact, transcript_kept=_transcript_kept(tracker), resuming=resuming
        )
        if contact is not None:
            try:
                store().save_contact(tracker.sender_id, contact)
            except Exception:
                # A promise to get back to the customer must not rest on a lost contact.
                logger.exception("could not save the contact of %s", tracker.sender_id)
                reply = hand_over_failed()
        send(dispatcher, [reply])
        return [SlotSet(ASKED_CONTACT, None)]
