"""Off-topic messages mid-design: the scenario's cases, results and figures.

Every message of the off-topic set is said at every kind of question (`questions`),
each in a fresh copy of one conversation stopped there. Right is: the design is as it
was, and the bot answered as off-topic and asked its question again, word for word.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.evaluation.questions import Question, QuestionKind
from bot.evaluation.summary import markdown_cell
from bot.evaluation.turns import Observed, design_unchanged, redirected


@dataclass(frozen=True)
class OffTopicResult:
    """One off-topic message at one kind of question."""

    kind: QuestionKind
    domain: str
    message: str
    unchanged: bool
    redirected: bool
    reply: str

    @property
    def passed(self) -> bool:
        """Right on both counts."""
        return self.unchanged and self.redirected


def judge(
    kind: QuestionKind,
    domain: str,
    before: Mapping[str, object],
    question: str,
    observed: Observed,
) -> OffTopicResult:
    """The result of `observed`, a message said right after the bot asked `question`.

    `before` holds the slots as they were when it was said.
    """
    return OffTopicResult(
        kind=kind,
        domain=domain,
        message=observed.message,
        unchanged=design_unchanged(before, observed.slots),
        redirected=redirected(observed, question),
        reply=observed.reply,
    )


@dataclass(frozen=True)
class KindFigures:
    """The off-topic figures at one kind of question."""

    kind: QuestionKind
    question: str
    """Which question it was ("sneaker size")."""
    messages: int
    unchanged: int
    redirected: int
    """Messages answered as off-topic and followed by the same question."""


def figures(
    questions: Mapping[QuestionKind, Question], results: Sequence[OffTopicResult]
) -> list[KindFigures]:
    """The figures per kind of question, in the order of `questions`."""
    rows = []
    for kind, question in questions.items():
        mine = [result for result in results if result.kind is kind]
        rows.append(
            KindFigures(
                kind=kind,
                question=question.name,
                messages=len(mine),
                unchanged=sum(result.unchanged for result in mine),
                redirected=sum(result.redirected for result in mine),
            )
        )
    return rows


def failures_markdown(results: Sequence[OffTopicResult]) -> str:
    """Every failed message as a Markdown table, for `results/off_topic_failures.md`."""
    failed = [result for result in results if not result.passed]
    lines = [
        "# Off-topic messages mid-design: failures",
        "",
        f"{len(failed)} of {len(results)} messages failed (design changed, or not answered as "
        "off-topic followed by the same question).",
    ]
    if failed:
        lines += [
            "",
            "| kind | domain | message | design | redirected | the bot said |",
            "|---|---|---|---|---|---|",
        ]
        lines += [
            f"| {result.kind.value} | {markdown_cell(result.domain)} | "
            f"{markdown_cell(result.message)} | {'unchanged' if result.unchanged else 'CHANGED'} "
            f"| {'yes' if result.redirected else 'NO'} | {markdown_cell(result.reply)} |"
            for result in failed
        ]
    return "\n".join(lines) + "\n"
