"""`tailor data check`: what Rasa's validator cannot know, because it needs the catalog.

Rasa checks the domain, stories and rules against each other. These checks tie the
catalog, the dialogue and the training data together:

- every attribute can be asked (the dialogue writes a question for it) and filled
  (each option's label and synonyms, a number's min and max, a sample text, yes and
  no, typed as the answer to that question, are read back as that value);
- every option is reachable: some complete choice of the other attributes lets the
  catalog's rules accept it;
- no NLU example contradicts the catalog: annotated products, attributes and options
  are read the same way by the catalog's entity finder; the same words are never an
  example of two intents, nor both training data and held-out test data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from bot.catalog.grid import grid_of
from bot.catalog.labels import number_label, quoted
from bot.catalog.model import (
    Attribute,
    AttributeType,
    Catalog,
    DesignValue,
    Product,
    TextCharset,
)
from bot.catalog.numbers import json_number
from bot.catalog.rules import find_conflicts
from bot.dialogue.prompts import ask_attribute
from bot.dialogue.state import DesignState
from bot.layout import HELD_OUT, TRAINING_DATA
from bot.training.errors import TrainingDataError
from bot.training.examples import (
    Example,
    catalog_disagreements,
    catalog_vocabulary,
    parse_markup,
    read_examples,
)
from bot.understanding import extract

MAX_SEARCH_STEPS = 20_000
"""Designs checked against the rules per product before the options still open are
reported as undecided. The demo products need a few dozen; a pathological catalog
(dozens of interlocking rules) must not hang the check: 20 000 take a few seconds."""

SAMPLE_TEXT = "Zed 42"
"""What a customer might ask to have printed; cut to the attribute's length."""


@dataclass(frozen=True)
class Problem:
    """One thing `tailor data check` found wrong, and where to fix it."""

    where: str
    message: str


def check_project(project_root: Path, catalog: Catalog) -> list[Problem]:
    """Every problem of the catalog and of the NLU data in `project_root`, catalog first."""
    problems = list(check_catalog(catalog))
    try:
        training = read_examples(project_root, TRAINING_DATA)
        held_out = read_examples(project_root, HELD_OUT)
    except TrainingDataError as error:
        return [*problems, Problem("training data", str(error))]
    problems += check_examples(catalog, training, held_out)
    return problems


def check_catalog(catalog: Catalog) -> Iterator[Problem]:
    """The attributes that cannot be asked or filled, and the unreachable options."""
    for product in catalog.products:
        for attribute in product.attributes:
            where = f"catalog, {product.id} > {attribute.id}"
            question = _question(catalog, product, attribute, where)
            if isinstance(question, Problem):
                yield question
                continue
            for answer, expected, place in _answers(attribute):
                read = extract(answer, product, asked=attribute.id).values.get(attribute.id)
                if read != expected:
                    yield Problem(
                        where + place,
                        f"answering {quoted(answer)} to {quoted(question)} is read as "
                        f"{_described(read)}, not {_described(expected)}",
                    )
        yield from _unreachable(product)


def check_examples(
    catalog: Catalog, training: Sequence[Example], held_out: Sequence[Example]
) -> Iterator[Problem]:
    """Examples contradicting the catalog, under two intents, or in both sets."""
    vocabulary = catalog_vocabulary(catalog)
    for examples, misses_allowed in ((training, False), (held_out, True)):
        for example in examples:
            try:
                plain, entities = parse_markup(example.text)
            except TrainingDataError as error:
                yield Problem(example.place, str(error))
                continue
            for problem in catalog_disagreements(
                vocabulary, plain, entities, misses_allowed=misses_allowed
            ):
                yield Problem(example.place, f"{quoted(example.text)}: {problem}")
    by_key: dict[str, list[Example]] = defaultdict(list)
    for example in training:
        by_key[example.key].append(example)
    for examples in by_key.values():
        first = examples[0]
        for other in examples[1:]:
            if other.intent != first.intent:
                yield Problem(
                    other.place,
                    f"{quoted(other.plain)} is an example of {other.intent} here and of "
                    f"{first.intent} at {first.place}; keep one",
                )
    for example in held_out:
        trained = by_key.get(example.key)
        if trained:
            yield Problem(
                example.place,
                f"{quoted(example.plain)} is held-out test data and also training data "
                f"({trained[0].place}); remove it from one of them",
            )


def _question(
    catalog: Catalog, product: Product, attribute: Attribute, where: str
) -> str | Problem:
    """The question the bot asks for `attribute` in a new design, or why it cannot."""
    try:
        reply = ask_attribute(catalog, product, DesignState(product=product.id), attribute)
    except (ValueError, LookupError, TypeError, ArithmeticError) as error:
        return Problem(where, f"the bot cannot ask for it: {error}")
    if not reply.text or not reply.text.strip():
        return Problem(where, "the bot asks for it with an empty question")
    return reply.text


def _answers(attribute: Attribute) -> Iterator[tuple[str, object, str]]:
    """`(answer typed, value it must be read as, where)` for every way to fill `attribute`."""
    if attribute.type is AttributeType.CHOICE:
        for option in attribute.options:
            for name in (option.label, *option.also_called):
                yield name, option.id, f" > {option.id}"
    elif attribute.type is AttributeType.NUMBER:
        for limit, end in ((attribute.min, "min"), (attribute.max, "max")):
            if limit is not None:
                yield number_label(attribute, limit), limit, f" ({end})"
    elif attribute.type is AttributeType.TEXT:
        yield _sample_text(attribute), _sample_text(attribute), ""
    else:
        yield "yes", True, ""
        yield "no", False, ""


def _sample_text(attribute: Attribute) -> str:
    """`SAMPLE_TEXT`, cut to fit the attribute and its characters."""
    sample = SAMPLE_TEXT
    if attribute.allowed not in (None, TextCharset.LETTERS_DIGITS_SPACES):
        sample = sample.replace(" ", "-")
    return sample[: attribute.max_length].strip() if attribute.max_length else sample


def _described(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return quoted(str(value)) if not isinstance(value, Decimal) else str(value)


def _unreachable(product: Product) -> Iterator[Problem]:
    """The options of `product` that no complete design allows, or that the budget left open.

    A design found for one option shows every value in it reachable, so most options
    need no search of their own.
    """
    search = _Search(product)
    reachable: set[tuple[str, DesignValue]] = set()
    for attribute in search.attributes:
        if attribute.type is not AttributeType.CHOICE:
            continue
        for option in attribute.options:
            if (attribute.id, option.id) in reachable:
                continue
            where = f"catalog, {product.id} > {attribute.id} > {option.id}"
            found = search.complete({attribute.id: option.id})
            if found is not None:
                reachable |= set(found.items())
            elif search.exhausted:
                yield Problem(
                    where,
                    f"could not decide within {MAX_SEARCH_STEPS} designs whether "
                    f"{option.label} can be chosen; simplify the rules of {product.id}",
                )
            else:
                yield Problem(
                    where,
                    f"{option.label} can never be chosen: every design with it breaks a rule "
                    f"({_rule_messages(product, attribute.id)})",
                )


def _rule_messages(product: Product, attribute_id: str) -> str:
    messages = (
        rule.message
        for rule in product.rules
        if attribute_id in (rule.when.attribute, rule.forbid.attribute)
    )
    return "; ".join(dict.fromkeys(messages))


class _Search:
    """Depth-first search for a complete design that breaks no rule, within a budget.

    Only attributes some rule names matter. After each choice, every attribute still
    open keeps only the values that fit (forward checking) and the one with the fewest
    goes next, so a dead end shows as soon as some attribute has nothing left. The
    budget counts designs checked against the rules, over all searches of the product.
    """

    def __init__(self, product: Product) -> None:
        self.product = product
        named = {c.attribute for rule in product.rules for c in (rule.when, rule.forbid)}
        self.attributes = [a for a in product.attributes if a.id in named]
        self.candidates = {a.id: _candidates(product, a) for a in self.attributes}
        self.budget = MAX_SEARCH_STEPS
        self.exhausted = False

    def complete(self, design: dict[str, DesignValue]) -> dict[str, DesignValue] | None:
        """A design extending `design` over every attribute, breaking no rule; else None."""
        return self._extend(design, [a for a in self.attributes if a.id not in design])

    def _extend(
        self, design: dict[str, DesignValue], remaining: list[Attribute]
    ) -> dict[str, DesignValue] | None:
        if not remaining:
            return design
        fitting = {
            a.id: [v for v in self.candidates[a.id] if self._fits(design, a.id, v)]
            for a in remaining
        }
        if self.exhausted or not all(fitting.values()):
            return None
        attribute = min(remaining, key=lambda a: len(fitting[a.id]))
        rest = [a for a in remaining if a is not attribute]
        for value in fitting[attribute.id]:
            found = self._extend(design if value is None else {**design, attribute.id: value}, rest)
            if found is not None or self.exhausted:
                return found
        return None

    def _fits(self, design: dict[str, DesignValue], attribute_id: str, value: object) -> bool:
        """Whether `value` (None: skipped) breaks no rule with `design`; spends the budget."""
        if value is None:
            return True
        if self.budget <= 0:
            self.exhausted = True
            return False
        self.budget -= 1
        return not find_conflicts(self.product, {**design, attribute_id: value})


def _candidates(product: Product, attribute: Attribute) -> list[DesignValue | None]:
    """One value per way `attribute` can meet the rules: skipped, each option, each range.

    A number only matters to rules through `above` thresholds, so the smallest value
    and the first value above each threshold stand for all of them.
    """
    skipped: list[DesignValue | None] = [None] if attribute.optional else []
    if attribute.type is AttributeType.CHOICE:
        return [*skipped, *(option.id for option in attribute.options)]
    grid = grid_of(attribute)  # rules name choice and number attributes only
    values = {grid.low}
    for rule in product.rules:
        for condition in (rule.when, rule.forbid):
            if condition.attribute == attribute.id and condition.above is not None:
                nearest = grid.neighbours(condition.above)[-1]
                values.add(nearest if nearest > condition.above else nearest + grid.step)
    return [*skipped, *(json_number(v) for v in sorted(values) if v <= grid.high)]
