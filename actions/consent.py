"""Asking whether the shop may keep the chat's transcript (the design form's first slot)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import ask
from bot.dialogue.prompts import ask_transcript_consent


class ActionAskTranscriptConsent(Action):
    """Asks the transcript question once per customer, with a yes and a no button.

    The answer is read by `validate_design_form`, which also applies a design given
    instead of an answer; the slot is carried into new sessions, so it is asked once.
    A product switch the first message left pending is asked first.
    """

    def name(self) -> str:
        return "action_ask_transcript_consent"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        ask(dispatcher, tracker, ask_transcript_consent())
        return []
