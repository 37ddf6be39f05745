from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.feedback import (
    ActionAskFeedbackComment,
    ActionAskRating,
    ActionSaveFeedback,
    ValidateFeedbackForm,
)
from tests.actions.conftest import SENDER, slots_of, texts, tracker


async def validate(dispatcher: CollectingDispatcher, domain: dict[str, Any], **kwargs: Any) -> dict:
    events = await ValidateFeedbackForm().run(
        dispatcher, tracker(active_loop="feedback_form", **kwargs), domain
    )
    return slots_of(events)


@pytest.mark.parametrize(
    ("text", "entities", "rating"),
    [
        ("5", [], 5),
        ("five", [], 5),
        ("4 stars", [], 4),
        ("I'd give it a 3", [], 3),
        ('/inform{"rating": 2}', [{"entity": "rating", "value": 2}], 2),
    ],
)
async def test_ratings_in_words_digits_and_buttons(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], text: str, entities: list, rating: int
) -> None:
    slots = await validate(
        dispatcher, domain, text=text, entities=entities, requested_slot="rating"
    )
    assert slots["rating"] == rating


@pytest.mark.parametrize(
    "text",
    ["10", "great", "", "x" * 10_000, "<script>alert(1)</script>"],
    ids=["too-high", "words", "empty", "huge", "script"],
)
async def test_anything_else_is_asked_again(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], text: str
) -> None:
    slots = await validate(dispatcher, domain, text=text, requested_slot="rating")
    assert slots["rating"] is None
    assert "from 1 to 5" in texts(dispatcher)


async def test_a_question_during_feedback_fills_nothing(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    assert (
        await validate(
            dispatcher,
            domain,
            text="how long until it ships",
            intent="ask_lead_time",
            requested_slot="rating",
        )
        == {}
    )


async def test_comment_or_no_comment(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    said = await validate(dispatcher, domain, text="Lovely bot!", requested_slot="feedback_comment")
    declined = await validate(
        dispatcher, domain, text="no", intent="deny", requested_slot="feedback_comment"
    )
    assert said["feedback_comment"] == "Lovely bot!"
    assert declined["feedback_comment"] == ""


def test_feedback_is_saved_with_the_conversation(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = {"rating": 4.0, "feedback_comment": "", "spec_id": None}
    events = ActionSaveFeedback().run(dispatcher, tracker(slots=slots, active_loop=None), domain)
    assert slots_of(events) == {"rating": None, "feedback_comment": None}
    stored = resources.store().get_conversation(SENDER)
    assert stored is not None
    assert stored.to_dict()["feedback"] == {"rating": 4, "comment": None}


def test_rating_and_comment_questions_have_buttons(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    ActionAskRating().run(dispatcher, tracker(), domain)
    ActionAskFeedbackComment().run(dispatcher, tracker(), domain)
    assert [b["title"] for b in dispatcher.messages[0]["buttons"]] == ["1", "2", "3", "4", "5"]
    assert dispatcher.messages[1]["buttons"][0]["payload"] == "/deny"


@pytest.mark.parametrize("intent", ["greet", "thank", "out_of_scope", "nlu_fallback"])
async def test_a_comment_is_kept_whatever_nlu_made_of_it(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], intent: str
) -> None:
    slots = await validate(
        dispatcher,
        domain,
        text="Hello team, thanks a lot!",
        intent=intent,
        requested_slot="feedback_comment",
    )
    assert slots["feedback_comment"] == "Hello team, thanks a lot!"
