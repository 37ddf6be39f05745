"""Product words in sentences: wishes must start the product, off-topic ones must not.

The words are every product's name and `also_called` phrases from the catalog, and
seeded one- and two-edit typos of their words of five letters or more, as far as the
bot promises to read them (`allowed_edits`). A typo within the same reach of another
product's word is excluded: which product it means is a guess, for the bot and for
people.

Every word in every template would be tens of thousands of turns; pairing them by
rotation (`rotation`) gives every word and every template a turn in a run of fixed
length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz.distance import DamerauLevenshtein

from bot.catalog.model import Catalog, Product
from bot.evaluation.misspellings import misspellings
from bot.evaluation.sets import PRODUCT_PLACEHOLDER
from bot.evaluation.summary import markdown_cell
from bot.evaluation.turns import Observed, design_unchanged
from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.spelling import MAX_EDITS, MIN_TYPO_LENGTH, allowed_edits

TYPOS_PER_EDIT_COUNT = 3
"""Typos per word and number of edits: "a few", so the words' own spellings keep
their weight among the cases."""

SEED = "tailor-product-words"

TURNS_PER_SCENARIO = 750
"""Wishes and off-topic sentences each get this many turns: about 1 500 in all."""

_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class ProductWord:
    """A way to name a product: a catalog phrase, or that phrase with a typo."""

    product: str
    text: str
    typo_of: str | None = None
    """The catalog word the typo misspells."""


@dataclass(frozen=True)
class ProductWords:
    """The words to test, and the typos left out as ambiguous."""

    words: tuple[ProductWord, ...]
    ambiguous: tuple[ProductWord, ...]

    @property
    def typos(self) -> int:
        """How many of the words are typos."""
        return sum(word.typo_of is not None for word in self.words)


def product_words(catalog: Catalog) -> ProductWords:
    """Every product's phrases, then the typos of their words, in catalog order."""
    words: list[ProductWord] = []
    ambiguous: list[ProductWord] = []
    for product in catalog.products:
        phrases = _phrases(product)
        words += [ProductWord(product.id, phrase) for phrase in phrases]
        others = sorted(
            {key for other in catalog.products if other is not product for key in _keys(other)}
        )
        for typo, word in _typos(product, phrases):
            (ambiguous if _within_reach(typo, others) else words).append(word)
    return ProductWords(tuple(words), tuple(ambiguous))


@dataclass(frozen=True)
class WordCase:
    """A product word in a sentence, and the design in progress when it is said."""

    word: ProductWord
    sentence: str
    during: str | None = None
    """The product being designed (off-topic sentences); None right after the consent."""


def wish_cases(
    words: Sequence[ProductWord], templates: Sequence[str], limit: int = TURNS_PER_SCENARIO
) -> list[WordCase]:
    """Wishes, each to be said as the first design message."""
    return [
        WordCase(words[w], _fill(templates[t], words[w].text))
        for w, t in rotation(len(words), len(templates), limit)
    ]


def off_topic_cases(
    words: Sequence[ProductWord],
    templates: Sequence[str],
    designs: Sequence[str],
    limit: int = TURNS_PER_SCENARIO,
) -> list[WordCase]:
    """Off-topic sentences, each said mid-design of another product.

    The product is one of `designs` (ids) other than the one named, taken in turn;
    words with no other design to be said in are left out.
    """
    cases = []
    for index, (w, t) in enumerate(rotation(len(words), len(templates), limit)):
        word = words[w]
        others = [product for product in designs if product != word.product]
        if others:
            sentence = _fill(templates[t], word.text)
            cases.append(WordCase(word, sentence, others[index % len(others)]))
    return cases


def rotation(words: int, templates: int, limit: int) -> Iterator[tuple[int, int]]:
    """Up to `limit` distinct (word, template) index pairs, every word before any twice.

    Round r pairs word w with template (w + r) mod `templates`, so consecutive words get
    different templates and each round shifts them all by one.
    """
    total = min(limit, words * templates)
    for index in range(total):
        word, round_ = index % words, index // words
        yield word, (word + round_) % templates


@dataclass(frozen=True)
class WordResult:
    """One case and what the bot did with it."""

    case: WordCase
    passed: bool
    reply: str


def judge_wish(case: WordCase, observed: Observed) -> WordResult:
    """A wish is understood when it started the product it names."""
    return WordResult(case, observed.slots.get("product") == case.word.product, observed.reply)


def judge_off_topic(case: WordCase, before: Mapping[str, object], observed: Observed) -> WordResult:
    """An off-topic sentence passes when the design in progress is as it was."""
    return WordResult(case, design_unchanged(before, observed.slots), observed.reply)


@dataclass(frozen=True)
class ProductWordFigures:
    """The product-word figures of one run."""

    words: int
    typos: int
    ambiguous: int
    wishes: int
    wishes_understood: int
    off_topic: int
    off_topic_unchanged: int


def figures(
    words: ProductWords, wishes: Sequence[WordResult], off_topic: Sequence[WordResult]
) -> ProductWordFigures:
    """Counts for the report."""
    return ProductWordFigures(
        words=len(words.words),
        typos=words.typos,
        ambiguous=len(words.ambiguous),
        wishes=len(wishes),
        wishes_understood=sum(result.passed for result in wishes),
        off_topic=len(off_topic),
        off_topic_unchanged=sum(result.passed for result in off_topic),
    )


def failures_markdown(
    words: ProductWords, wishes: Sequence[WordResult], off_topic: Sequence[WordResult]
) -> str:
    """The failed cases and the typos left out, for `results/product_word_failures.md`."""
    lines = ["# Product words: failures", ""]
    for title, results, context in (
        ("Wishes that did not start their product", wishes, "after the consent"),
        ("Off-topic sentences that changed the design", off_topic, "designing"),
    ):
        failed = [result for result in results if not result.passed]
        lines += [f"## {title}: {len(failed)} of {len(results)}", ""]
        if failed:
            lines += [
                f"| product | word | sentence | {context} | the bot said |",
                "|---|---|---|---|---|",
            ]
            lines += [
                f"| {result.case.word.product} | {markdown_cell(result.case.word.text)} | "
                f"{markdown_cell(result.case.sentence)} | {result.case.during or '-'} | "
                f"{markdown_cell(result.reply)} |"
                for result in failed
            ]
            lines.append("")
    lines += [
        f"## Typos left out as ambiguous between products: {len(words.ambiguous)}",
        "",
        *(f"- {word.text} ({word.product}, for {word.typo_of})" for word in words.ambiguous),
    ]
    return "\n".join(lines).rstrip("\n") + "\n"


def _phrases(product: Product) -> list[str]:
    """The product's name and synonyms, lower case, each once."""
    return list(
        dict.fromkeys(" ".join(p.casefold().split()) for p in (product.name, *product.also_called))
    )


def _keys(product: Product) -> set[str]:
    """The comparison keys of every word of the product's phrases."""
    return {normalize_word(word) for phrase in _phrases(product) for word in _WORD.findall(phrase)}


def _typos(product: Product, phrases: Sequence[str]) -> Iterator[tuple[str, ProductWord]]:
    """Each typo of each long enough word, with the first phrase that has the word."""
    seen: set[str] = set()
    keys = _keys(product)
    for phrase in phrases:
        for match in _WORD.finditer(phrase):
            word = match.group()
            key = normalize_word(word)
            if len(word) < MIN_TYPO_LENGTH or key in seen:
                continue
            seen.add(key)
            for edits in range(1, MAX_EDITS + 1):
                for typo in misspellings(word, edits, TYPOS_PER_EDIT_COUNT, SEED, keys):
                    text = phrase[: match.start()] + typo + phrase[match.end() :]
                    yield typo, ProductWord(product.id, text, typo_of=word)


def _within_reach(typo: str, product_keys: Sequence[str]) -> bool:
    """Whether the bot's spelling correction could read `typo` as one of `product_keys`."""
    key = normalize_word(typo)
    limits = allowed_edits([key], product_keys, product_keys)[0]
    return any(
        DamerauLevenshtein.distance(key, other) <= limit
        for other, limit in zip(product_keys, limits, strict=True)
    )


def _fill(template: str, word: str) -> str:
    return template.replace(PRODUCT_PLACEHOLDER, word)
