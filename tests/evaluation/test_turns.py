"""Judging one turn: was the design left alone, and was the question asked again?"""

from __future__ import annotations

import pytest

from bot.evaluation.turns import OFF_TOPIC_ACTION, Observed, design_unchanged, redirected

BEFORE = {
    "product": "sneaker",
    "design": {"size": 42},
    "skipped": [],
    "quantity": None,
    "confirmed": None,
    "requested_slot": "design_complete",
}
QUESTION = "Which upper material would you like?"


def seen(texts: tuple[str, ...], actions: tuple[str, ...] = ("utter_out_of_scope",)) -> Observed:
    return Observed("what's the weather", BEFORE, ("design_form", *actions), texts)


@pytest.mark.parametrize(
    "change",
    [
        {"product": "desk"},
        {"design": {"size": 42, "material": "suede"}},
        {"skipped": ["monogram"]},
        {"quantity": 2.0},
        {"confirmed": False},
        {"pending_switch": "desk"},
    ],
)
def test_any_change_to_the_design_counts(change: dict[str, object]) -> None:
    assert design_unchanged(BEFORE, BEFORE)
    assert not design_unchanged(BEFORE, {**BEFORE, **change})


def test_a_pending_value_dropped_is_a_change_too() -> None:
    assert not design_unchanged({**BEFORE, "pending_text": "ABC"}, BEFORE)
    assert design_unchanged({**BEFORE, "pending_text": None}, BEFORE)


def test_slots_outside_the_design_do_not_count() -> None:
    assert design_unchanged(BEFORE, {**BEFORE, "requested_slot": None, "rating": 3.0})


def test_redirected_means_the_off_topic_answer_then_the_same_question_last() -> None:
    assert redirected(seen(("I can't help with that.", QUESTION)), QUESTION)
    assert redirected(seen((QUESTION,), (OFF_TOPIC_ACTION,)), QUESTION)
    assert not redirected(seen(("Sorry?", QUESTION), ("utter_default",)), QUESTION)
    assert not redirected(seen((QUESTION, "I can't help with that.")), QUESTION)
    assert not redirected(seen(("Which upper colour would you like?",)), QUESTION)
    assert not redirected(seen(()), QUESTION)


def test_the_reply_is_one_line() -> None:
    assert seen(("I can't\nhelp.", QUESTION)).reply == f"I can't help. / {QUESTION}"
    assert seen(()).reply == "(nothing)"
