from __future__ import annotations

import pytest

from bot.dialogue.consent import answer_consent
from bot.dialogue.refusals import Refusal
from bot.dialogue.state import ASKED_CONSENT, DesignState, Turn
from tests.demo_catalog import CATALOG

SNEAKER = DesignState(product="sneaker")


def asked(text: str, intent: str | None) -> Turn:
    return Turn(text, intent, asked=ASKED_CONSENT)


def said(outcome) -> str:  # type: ignore[no-untyped-def]
    return "\n".join(r.text or "" for r in outcome.design.replies)


@pytest.mark.parametrize(
    ("turn", "consent"),
    [
        (Turn.from_message("/affirm", "affirm", (), ASKED_CONSENT), True),
        (Turn.from_message("/deny", "deny", (), ASKED_CONSENT), False),
        (asked("yes, keep it", "affirm"), True),
        (asked("no thanks", "deny"), False),
        (asked("okay", "nlu_fallback"), True),
        (asked("nope", "out_of_scope"), False),
    ],
    ids=["yes-button", "no-button", "yes", "no", "typed-yes-nlu-missed", "typed-no-nlu-missed"],
)
def test_a_yes_or_a_no_answers_the_question(turn: Turn, consent: bool) -> None:
    for state in (DesignState(), SNEAKER):
        outcome = answer_consent(CATALOG, state, turn)
        assert outcome.consent is consent
        assert outcome.design.state == state and outcome.design.understood
        assert len(outcome.design.replies) == 1


def test_answering_the_design_instead_applies_it_and_keeps_no_transcript() -> None:
    outcome = answer_consent(
        CATALOG, DesignState(), asked("suede sneakers in 42", "design_product")
    )

    assert outcome.consent is False
    assert outcome.design.state.product == "sneaker"
    assert dict(outcome.design.state.design) == {"material": "suede", "size": 42}
    assert "no to the transcript" in said(outcome)
    assert outcome.design.replies[-1].custom is not None  # the design panel, as usual


def test_a_value_for_the_product_already_named_counts_as_answering_the_design() -> None:
    outcome = answer_consent(CATALOG, SNEAKER, asked("size 42", "inform"))

    assert outcome.consent is False
    assert dict(outcome.design.state.design) == {"size": 42}


def test_a_refused_value_is_still_an_answer_to_the_design() -> None:
    outcome = answer_consent(CATALOG, SNEAKER, asked("size 48", "inform"))

    assert outcome.consent is False
    assert outcome.design.state == SNEAKER
    assert outcome.design.refusals == [Refusal("unavailable", "size", "48")]
    assert "47" in said(outcome)


def test_wanting_to_get_on_with_it_is_no_consent_either() -> None:
    outcome = answer_consent(
        CATALOG, DesignState(), asked("I want to design something", "design_product")
    )

    assert (outcome.consent, outcome.design.state) == (False, DesignState())


def test_yes_with_a_product_keeps_both() -> None:
    outcome = answer_consent(CATALOG, DesignState(), asked("yes, and I'd like a desk", "affirm"))

    assert outcome.consent is True
    assert outcome.design.state.product == "desk"
    assert "Thank you" in said(outcome)


@pytest.mark.parametrize("intent", ["ask_price", "out_of_scope", "bot_challenge", "request_human"])
def test_a_digression_is_left_to_the_rules(intent: str) -> None:
    outcome = answer_consent(CATALOG, DesignState(), asked("what's this about?", intent))

    assert outcome.consent is None
    assert outcome.design.understood is False and outcome.design.replies == []


@pytest.mark.parametrize("text", ["maybe", "hmm", "", "x" * 10_000, "<script>alert(1)</script>"])
def test_neither_yes_nor_no_is_asked_again(text: str) -> None:
    outcome = answer_consent(CATALOG, DesignState(), asked(text, "inform"))

    assert outcome.consent is None
    assert outcome.design.state == DesignState() and outcome.design.understood
    assert said(outcome) == "Sorry, I didn't catch a yes or a no there."


def test_a_product_switch_asked_in_place_of_the_consent_question_is_answered_first() -> None:
    """The first message named a desk, the next "black sneakers": the switch was asked."""
    waiting = DesignState(product="desk", design={"width": 180}, pending_product="sneaker")
    outcome = answer_consent(CATALOG, waiting, asked("yes", "affirm"))

    assert outcome.consent is None  # asked next, on its own
    assert outcome.design.state == DesignState(product="sneaker")
    assert "let's design custom sneakers instead" in said(outcome)

    declined = answer_consent(CATALOG, waiting, asked("no", "deny"))
    assert declined.consent is None
    assert declined.design.state == DesignState(product="desk", design={"width": 180})


def test_another_product_named_at_the_consent_question_is_left_to_confirm() -> None:
    outcome = answer_consent(CATALOG, SNEAKER, asked("a black desk", "inform"))

    assert outcome.design.state == DesignState(product="sneaker", pending_product="desk")
    assert outcome.consent is False  # answering the design instead, as ever
