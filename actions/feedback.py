"""The feedback form: a rating from 1 to 5 and an optional comment, then saving both."""

from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.resources import current_turn, send, store
from bot.dialogue.design_turn import is_digression
from bot.dialogue.feedback import read_comment, read_rating
from bot.dialogue.payloads import ENTITY_RATING
from bot.dialogue.prompts import ask_feedback_comment, ask_rating

logger = logging.getLogger(__name__)


class ValidateFeedbackForm(FormValidationAction):
    """Reads the rating and the comment; questions and off-topic fall through to rules."""

    def name(self) -> str:
        return "validate_feedback_form"

    def extract_rating(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Take a rating from a button or from words like 'four stars'."""
        turn = current_turn(tracker)
        if turn.asked != "rating" or is_digression(turn.intent, free_text=False):
            return {}
        return {"rating": turn.entity(ENTITY_RATING) or turn.text}

    def validate_rating(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Keep only 1 to 5; anything else is asked again with an example."""
        rating = read_rating(value)
        if rating is None:
            dispatcher.utter_message(
                text="Please give a rating from 1 to 5, for example '4' or 'five stars'."
            )
        return {"rating": rating}

    def extract_feedback_comment(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """Any text is the comment; 'no' means no comment (stored as empty)."""
        turn = current_turn(tracker)
        if turn.asked != "feedback_comment" or is_digression(turn.intent, free_text=True):
            return {}
        return {"feedback_comment": read_comment(turn.text, declined=turn.intent == "deny")}


class ActionSaveFeedback(Action):
    """Saves rating and comment with the conversation, then clears them for next time."""

    def name(self) -> str:
        return "action_save_feedback"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        rating = read_rating(tracker.get_slot("rating"))
        comment = tracker.get_slot("feedback_comment") or None
        try:
            if rating is None:
                raise ValueError("no valid rating in the slots")
            store().save_feedback(tracker.sender_id, rating, comment, tracker.get_slot("spec_id"))
        except Exception:
            # Never let a storage failure end the conversation with an error: the
            # customer is told, and the log keeps the details for support.
            logger.exception("could not save the feedback of %s", tracker.sender_id)
            dispatcher.utter_message(text="Sorry, I couldn't save your feedback.")
        return [SlotSet("rating", None), SlotSet("feedback_comment", None)]


class ActionAskRating(Action):
    """Asks for a rating, with a button per star count."""

    def name(self) -> str:
        return "action_ask_rating"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, [ask_rating()])
        return []


class ActionAskFeedbackComment(Action):
    """Asks for an optional comment."""

    def name(self) -> str:
        return "action_ask_feedback_comment"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[dict[str, Any]]:
        send(dispatcher, [ask_feedback_comment()])
        return []
