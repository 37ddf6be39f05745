"""Starting the design again from the first question."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import catalog, send, slot_events
from bot.dialogue.prompts import design_update
from bot.dialogue.state import DesignState


class ActionStartOver(Action):
    """Forgets the design in progress (not saved specs) and leaves any form."""

    def name(self) -> str:
        return "action_start_over"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        dispatcher.utter_message(text="No problem, let's start again from the beginning.")
        # Empties the widget's design panel along with the slots.
        send(dispatcher, [design_update(catalog(), DesignState())])
        return [
            ActiveLoop(None),
            SlotSet("requested_slot", None),
            SlotSet("asked_attribute", None),
            *slot_events(DesignState().to_slots(catalog())),
        ]
