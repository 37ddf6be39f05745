"""Turning a confirmed design into a saved specification with a shareable link."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import (
    catalog,
    chosen_product,
    design_state,
    send,
    settings,
    slot_events,
    store,
)
from bot.dialogue.confirmation import confirmation_reply
from bot.dialogue.state import DesignState
from bot.spec import SpecificationError, build_specification, validate_specification

logger = logging.getLogger(__name__)


class ActionSaveSpecification(Action):
    """Builds the spec from the confirmed design, checks it, saves it and links it."""

    def name(self) -> str:
        return "action_save_specification"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        state = design_state(tracker)
        product = chosen_product(state)
        try:
            if product is None or state.quantity is None:
                raise SpecificationError("the design has no product or quantity")
            spec = build_specification(
                catalog(), product, state.design, state.quantity, tracker.sender_id
            )
            validate_specification(spec)
            store().save_specification(tracker.sender_id, spec)
        except Exception:
            # The customer must hear that nothing was saved; their design stays in the
            # slots so confirming again retries instead of starting from scratch.
            logger.exception("could not save the specification of %s", tracker.sender_id)
            dispatcher.utter_message(
                text="Sorry, I couldn't save your design just now. Please say 'yes' to try again."
            )
            return [SlotSet("confirmed", None)]
        send(dispatcher, [confirmation_reply(spec, settings().spec_link(spec["spec_id"]))])
        # A new design starts from a clean slate; the spec id stays for the feedback.
        return [
            *slot_events(DesignState().to_slots(catalog())),
            SlotSet("spec_id", spec["spec_id"]),
        ]
