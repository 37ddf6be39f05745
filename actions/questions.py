"""Answering questions at any point of the conversation."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import catalog, current_turn, design_state, send
from bot.dialogue.answers import answer_question


class ActionAnswerQuestion(Action):
    """Answers option, price and lead-time questions from the catalog and the design."""

    def name(self) -> str:
        return "action_answer_question"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, [answer_question(catalog(), design_state(tracker), current_turn(tracker))])
        return []
