"""Answering off-topic and unclear messages with what the shop's bot is here for."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import catalog, current_turn, design_state, send
from bot.dialogue.off_topic import redirect_off_topic


class ActionRedirectOffTopic(Action):
    """Names the catalog's products (and, at a text question, how to quote a text).

    The rules then let the active form ask its question again.
    """

    def name(self) -> str:
        return "action_redirect_off_topic"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        reply = redirect_off_topic(catalog(), design_state(tracker), current_turn(tracker))
        send(dispatcher, [reply])
        return []
