from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.questions import ActionAnswerQuestion
from tests.actions.conftest import texts, tracker


def test_price_question_prices_the_design_in_progress(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = {"product": "sneaker", "design": {"material": "suede", "laces": "reflective"}}
    events = ActionAnswerQuestion().run(
        dispatcher, tracker("how much is it so far?", "ask_price", slots=slots), domain
    )
    assert events == []
    assert "124.00 EUR" in texts(dispatcher)
