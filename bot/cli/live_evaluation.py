"""The figures `tailor evaluate` measures by talking to the real bot.

Off-topic messages said mid-design at every kind of question, and product words said
as a wish or in passing, go through the whole stack (the latest model, the actions, the
tracker store), because that is where a message can change a design: NLU figures alone
cannot show a form taking an off-topic sentence for an answer. The stack is one of its
own, on free ports with fresh tokens and a throwaway SQLite database, so it runs beside
`tailor run` and leaves the shop's conversations alone; its logs stay in the results.
"""

from __future__ import annotations

import asyncio
import dataclasses
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import httpx

from bot.catalog.model import Catalog
from bot.evaluation import off_topic, product_words
from bot.evaluation.questions import first_choice_question, product_question, questions_by_kind
from bot.evaluation.sets import OffTopicSet, ProductWordsSet
from bot.runtime.errors import TailorError
from bot.runtime.stack import Stack, free_port, new_api_token
from bot.serving.conversations import ConversationError, RasaConversations
from bot.serving.replay import Progress, reach, replay_all
from bot.settings import Settings

OFF_TOPIC_FAILURES = "off_topic_failures.md"
PRODUCT_WORD_FAILURES = "product_word_failures.md"
LOG_FOLDER = "live-logs"

PROGRESS_EVERY = 100
"""Turns between two progress lines: a minute or two apart on two cores."""

Echo = Callable[[str], None]


@dataclass(frozen=True)
class LiveFigures:
    """What the live parts measured; None for a part that was skipped."""

    off_topic: list[off_topic.KindFigures] | None
    product_words: product_words.ProductWordFigures | None


def evaluation_settings(settings: Settings, workdir: Path) -> Settings:
    """`settings` with free ports, fresh tokens and a database in `workdir`."""
    web_port = free_port()
    return dataclasses.replace(
        settings,
        database_url=f"sqlite:///{workdir / 'evaluation.db'}",
        rasa_port=free_port(),
        action_port=free_port(),
        web_port=web_port,
        staff_api_token=new_api_token(),
        rasa_api_token=new_api_token(),
        public_base_url=f"http://127.0.0.1:{web_port}",
    )


def measure_live(
    project_root: Path,
    settings: Settings,
    catalog: Catalog,
    results: Path,
    *,
    off_topic_set: OffTopicSet | None,
    product_words_set: ProductWordsSet | None,
    echo: Echo = print,
) -> LiveFigures:
    """Start a stack of our own, run the parts whose set is given, stop the stack.

    Failures are listed in `results` (`OFF_TOPIC_FAILURES`, `PRODUCT_WORD_FAILURES`).
    """
    with tempfile.TemporaryDirectory(prefix="tailor-evaluation-") as workdir:
        echo("Starting a stack of our own for the conversation figures...")
        own = evaluation_settings(settings, Path(workdir))
        with Stack(own, project_root, log_dir=results / LOG_FOLDER) as stack:
            token = stack.settings.rasa_api_token or ""
            return asyncio.run(
                _measure(
                    stack.settings.rasa_url,
                    token,
                    catalog,
                    results,
                    off_topic_set,
                    product_words_set,
                    echo,
                )
            )


async def _measure(
    rasa_url: str,
    token: str,
    catalog: Catalog,
    results: Path,
    off_topic_set: OffTopicSet | None,
    product_words_set: ProductWordsSet | None,
    echo: Echo,
) -> LiveFigures:
    async with httpx.AsyncClient() as client:
        conversations = RasaConversations(rasa_url, token, client)
        try:
            off = None
            if off_topic_set is not None:
                off = await _off_topic(conversations, catalog, off_topic_set, results, echo)
            words = None
            if product_words_set is not None:
                words = await _product_words(
                    conversations, catalog, product_words_set, results, echo
                )
        except ConversationError as error:
            raise TailorError(f"evaluation failed: {error}") from None
    return LiveFigures(off, words)


async def _off_topic(
    conversations: RasaConversations,
    catalog: Catalog,
    messages: OffTopicSet,
    results: Path,
    echo: Echo,
) -> list[off_topic.KindFigures]:
    questions = questions_by_kind(catalog)
    snapshots = {kind: await reach(conversations, question) for kind, question in questions.items()}
    cases = [
        (kind, domain, message) for kind in snapshots for domain, message in messages.messages()
    ]
    started = time.monotonic()
    observed = await replay_all(
        conversations,
        [(snapshots[kind], message) for kind, _, message in cases],
        _progress(echo, "off-topic"),
    )
    judged = [
        off_topic.judge(kind, domain, snapshots[kind].slots, snapshots[kind].asked, seen)
        for (kind, domain, _), seen in zip(cases, observed, strict=True)
    ]
    echo(f"off-topic: {len(cases)} turns in {time.monotonic() - started:.0f} s")
    (results / OFF_TOPIC_FAILURES).write_text(off_topic.failures_markdown(judged), encoding="utf-8")
    return off_topic.figures(questions, judged)


async def _product_words(
    conversations: RasaConversations,
    catalog: Catalog,
    templates: ProductWordsSet,
    results: Path,
    echo: Echo,
) -> product_words.ProductWordFigures:
    words = product_words.product_words(catalog)
    start = await reach(conversations, product_question())
    designs = {}
    for product in catalog.products:
        question = first_choice_question(product)
        if question is not None:
            designs[product.id] = await reach(conversations, question)
    wishes = product_words.wish_cases(words.words, templates.wishes)
    passing = [
        (case, designs[case.during])
        for case in product_words.off_topic_cases(words.words, templates.off_topic, list(designs))
        if case.during is not None
    ]
    started = time.monotonic()
    observed = await replay_all(
        conversations,
        [(start, case.sentence) for case in wishes]
        + [(snapshot, case.sentence) for case, snapshot in passing],
        _progress(echo, "product words"),
    )
    wish_results = [
        product_words.judge_wish(case, seen)
        for case, seen in zip(wishes, observed[: len(wishes)], strict=True)
    ]
    passing_results = [
        product_words.judge_off_topic(case, snapshot.slots, seen)
        for (case, snapshot), seen in zip(passing, observed[len(wishes) :], strict=True)
    ]
    echo(f"product words: {len(observed)} turns in {time.monotonic() - started:.0f} s")
    (results / PRODUCT_WORD_FAILURES).write_text(
        product_words.failures_markdown(words, wish_results, passing_results), encoding="utf-8"
    )
    return product_words.figures(words, wish_results, passing_results)


def _progress(echo: Echo, part: str) -> Progress:
    def report(done: int, total: int) -> None:
        if done % PROGRESS_EVERY == 0 or done == total:
            echo(f"  {part}: {done}/{total} turns")

    return report
