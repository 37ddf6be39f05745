"""The design form: validating each turn and asking the next question."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.handover import HANDOVER_FORM
from actions.resources import (
    ask,
    catalog,
    chosen_product,
    current_turn,
    design_state,
    ran_since_latest_message,
    send,
    slot_events,
    store,
)
from bot.catalog.validation import missing_attributes
from bot.dialogue.consent import answer_consent
from bot.dialogue.design_turn import Outcome, interpret
from bot.dialogue.prompts import ask_attribute, ask_product, ask_quantity, summary
from bot.dialogue.state import ASKED_CONSENT

logger = logging.getLogger(__name__)


class ValidateDesignForm(Action):
    """Applies each customer turn to the design: values, corrections, rules, switches.

    This is the design form's validation action (Rasa calls it `validate_design_form`),
    but not a `FormValidationAction`: that class extracts and validates slot by slot
    and drops every slot the form does not ask for. Here one message can name the
    product, several attributes and the quantity, and a value is only valid together
    with the others (catalog rules), so `bot.dialogue.design_turn.interpret` decides
    the whole turn and all of the design's slots at once.
    """

    def name(self) -> str:
        return "validate_design_form"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[EventType]:
        """Return the turn's slots, or nothing when the message was not for the form.

        Returning no slot for a question or off-topic message makes Rasa reject the
        form for this turn, so the digression rules answer it and the form asks again.
        When the form takes the design up again after a hand-over, the latest message
        was the customer's contact for staff, not a design answer: it is left alone.
        """
        if ran_since_latest_message(tracker, HANDOVER_FORM):
            return []
        state, turn = design_state(tracker), current_turn(tracker)
        consent: dict[str, Any] = {}
        if turn.asked == ASKED_CONSENT:
            answered = answer_consent(catalog(), state, turn)
            outcome = answered.design
            if answered.consent is not None:
                consent[ASKED_CONSENT] = answered.consent
        else:
            outcome = interpret(catalog(), state, turn)
        if not outcome.understood:
            return []
        _record_refusals(tracker.sender_id, outcome)
        send(dispatcher, outcome.replies)
        return slot_events({**outcome.state.to_slots(catalog()), **consent})


def _record_refusals(sender_id: str, outcome: Outcome) -> None:
    """Keep what the catalog refused for the staff dashboard; never at the turn's cost.

    The customer has already been told why a value was refused; a storage failure here
    loses a statistic, so it is logged for support instead of ending the conversation.
    """
    if not outcome.refusals or outcome.state.product is None:
        return
    try:
        store().record_insights(sender_id, outcome.state.product, outcome.refusals)
    except Exception:
        logger.exception("could not record the design insights of %s", sender_id)


class ActionAskProduct(Action):
    """Asks which product to design, with a button per product."""

    def name(self) -> str:
        return "action_ask_product"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, [ask_product(catalog())])
        return [SlotSet("asked_attribute", None)]


class ActionAskDesignComplete(Action):
    """Asks for the next unanswered attribute, in catalog order (or a pending confirmation)."""

    def name(self) -> str:
        return "action_ask_design_complete"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = design_state(tracker)
        product = chosen_product(state)
        if product is None:
            send(dispatcher, [ask_product(catalog())])
            return [SlotSet("asked_attribute", None)]
        missing = missing_attributes(product, state.design, state.skipped)
        if not missing:
            return [SlotSet("asked_attribute", None)]
        question = ask_attribute(catalog(), product, state, missing[0])
        ask(dispatcher, tracker, question, missing[0])
        return [SlotSet("asked_attribute", missing[0].id)]


class ActionAskQuantity(Action):
    """Asks how many, with limits and volume discounts (or a pending product switch)."""

    def name(self) -> str:
        return "action_ask_quantity"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        product = chosen_product(design_state(tracker))
        if product is not None:
            ask(dispatcher, tracker, ask_quantity(catalog(), product))
        return [SlotSet("asked_attribute", None)]


class ActionAskConfirmed(Action):
    """Shows the priced summary and asks for confirmation (or a pending product switch)."""

    def name(self) -> str:
        return "action_ask_confirmed"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = design_state(tracker)
        product = chosen_product(state)
        if product is not None:
            ask(dispatcher, tracker, summary(catalog(), product, state))
        return [SlotSet("asked_attribute", None)]
