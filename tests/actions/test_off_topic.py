"""The off-topic redirect: the catalog's products, and at a text question how to quote."""

from __future__ import annotations

from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.off_topic import ActionRedirectOffTopic
from tests.actions.conftest import texts, tracker

SHIRT = {"product": "tshirt", "design": {"color": "navy", "size": "m"}}
PRODUCTS = "custom sneakers, a standing desk or a printed T-shirt"


def redirect(dispatcher: CollectingDispatcher, domain: dict[str, Any], **kwargs: Any) -> list:
    return ActionRedirectOffTopic().run(dispatcher, tracker(**kwargs), domain)


def test_off_topic_outside_a_design_lists_the_catalogs_products(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = redirect(
        dispatcher, domain, text="what's the weather like", intent="out_of_scope", active_loop=None
    )
    assert events == []
    assert texts(dispatcher) == (
        f"I can't help with that, I'm afraid: I'm here to help you design {PRODUCTS}."
    )


def test_at_the_print_text_question_it_says_how_to_print_the_words_anyway(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    redirect(
        dispatcher,
        domain,
        text="am I covered for overdrafts",
        intent="out_of_scope",
        slots={**SHIRT, "asked_attribute": "print_text"},
        requested_slot="design_complete",
    )
    assert texts(dispatcher).endswith(
        "If you want those words as the print text, put them in quotes."
    )


def test_during_feedback_there_is_no_quoting_hint(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    redirect(
        dispatcher,
        domain,
        text="tell me a joke",
        intent="out_of_scope",
        slots={**SHIRT, "asked_attribute": "print_text"},
        requested_slot="rating",
        active_loop="feedback_form",
    )
    assert "quotes" not in texts(dispatcher) and PRODUCTS in texts(dispatcher)


@pytest.mark.parametrize(
    ("text", "slots"),
    [
        ("", {}),
        ("x" * 10_000, SHIRT),
        ("<script>alert(1)</script>", {"product": "<script>", "asked_attribute": "<b>"}),
        ("\x00\x1b[31m", {"product": None, "design": None, "asked_attribute": 42}),
    ],
    ids=["empty", "huge", "hostile-slots", "control-chars"],
)
def test_malformed_trackers_still_get_the_redirect(
    dispatcher: CollectingDispatcher, domain: dict[str, Any], text: str, slots: dict
) -> None:
    redirect(dispatcher, domain, text=text, intent="nlu_fallback", slots=slots)
    assert texts(dispatcher).startswith("Sorry, I didn't understand that.")
