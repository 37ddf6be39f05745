"""The off-topic scenario's results, figures per kind of question, and failure list."""

from __future__ import annotations

from bot.evaluation.off_topic import OffTopicResult, failures_markdown, figures, judge
from bot.evaluation.questions import QuestionKind, questions_by_kind
from bot.evaluation.turns import Observed
from tests.demo_catalog import CATALOG

BEFORE = {"product": "desk", "design": {"width": 100}}
QUESTION = "Would you like a cable tray (+35.00 EUR)?"


def result(
    kind: QuestionKind, *, unchanged: bool = True, redirected: bool = True
) -> OffTopicResult:
    return OffTopicResult(kind, "banking", "my card | is blocked", unchanged, redirected, "Sure!")


def test_a_message_is_judged_on_the_slots_and_the_last_question() -> None:
    moved = Observed("book me a table", {**BEFORE, "design": {}}, ("utter_out_of_scope",),
                     ("I can't help with that.", QUESTION))  # fmt: skip
    judged = judge(QuestionKind.YES_NO, "restaurants", BEFORE, QUESTION, moved)
    assert (judged.unchanged, judged.redirected, judged.passed) == (False, True, False)
    assert judged.reply == f"I can't help with that. / {QUESTION}"
    assert (judged.domain, judged.message) == ("restaurants", "book me a table")


def test_figures_count_per_kind_in_question_order() -> None:
    results = [
        result(QuestionKind.CHOICE),
        result(QuestionKind.CHOICE, redirected=False),
        result(QuestionKind.NUMBER, unchanged=False, redirected=False),
    ]
    rows = figures(questions_by_kind(CATALOG), results)
    assert [(row.kind, row.messages, row.unchanged, row.redirected) for row in rows] == [
        (QuestionKind.NUMBER, 1, 0, 0),
        (QuestionKind.CHOICE, 2, 2, 1),
        (QuestionKind.TEXT, 0, 0, 0),
        (QuestionKind.YES_NO, 0, 0, 0),
        (QuestionKind.QUANTITY, 0, 0, 0),
    ]
    assert rows[0].question == "sneaker size"


def test_failures_are_listed_with_what_the_bot_said() -> None:
    text = failures_markdown(
        [result(QuestionKind.TEXT), result(QuestionKind.TEXT, unchanged=False)]
    )
    assert "1 of 2 messages failed" in text
    assert "| text | banking | my card \\| is blocked | CHANGED | yes | Sure! |" in text


def test_no_failures_say_so() -> None:
    text = failures_markdown([result(QuestionKind.NUMBER)])
    assert "0 of 1 messages failed" in text and "|---|" not in text
