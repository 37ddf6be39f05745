"""The design form's questions the live evaluation stops at, found in the catalog.

Off-topic messages are sent at every kind of question, because each kind reads the
customer's words differently (a number, an option, free text, yes or no, a count):
a message that is harmless at one can be taken for an answer at another. Each
question is found by its kind, not by id, so another catalog is evaluated the same
way, and comes with valid answers to every question before it, so a conversation can
be driven there.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from bot.catalog.grid import grid_of
from bot.catalog.model import Attribute, AttributeType, Catalog, Design, DesignValue, Product
from bot.catalog.numbers import format_number
from bot.catalog.validation import Accepted, allowed_options, check_value, find_conflicts

SAMPLE_TEXT = "ABC"
"""A text answer every text attribute takes: letters only, short."""


class QuestionKind(str, Enum):
    """How a question is answered; the quantity question is a kind of its own."""

    NUMBER = "number"
    CHOICE = "choice"
    TEXT = "text"
    YES_NO = "yes/no"
    QUANTITY = "quantity"


_ATTRIBUTE_KINDS = {
    QuestionKind.NUMBER: AttributeType.NUMBER,
    QuestionKind.CHOICE: AttributeType.CHOICE,
    QuestionKind.TEXT: AttributeType.TEXT,
    QuestionKind.YES_NO: AttributeType.YES_NO,
}


@dataclass(frozen=True)
class Answer:
    """A valid answer to one attribute; None skips an optional one."""

    attribute: Attribute
    value: DesignValue | None


@dataclass(frozen=True)
class Question:
    """A question of the design form, and the answers to every question before it.

    No product: the product question itself. A product but no attribute: its quantity.
    """

    product: Product | None = None
    attribute: Attribute | None = None
    answers: tuple[Answer, ...] = ()

    @property
    def name(self) -> str:
        """How the report names it: "sneaker size", "desk quantity", "product"."""
        if self.product is None:
            return "product"
        return f"{self.product.id} {self.attribute.id if self.attribute else 'quantity'}"


def product_question() -> Question:
    """The question what to design, asked right after the transcript consent."""
    return Question()


def attribute_question(product: Product, attribute: Attribute) -> Question:
    """The question for `attribute`, after valid answers to the attributes before it."""
    before = product.attributes[: product.attributes.index(attribute)]
    return Question(product, attribute, _answers(product, before))


def quantity_question(product: Product) -> Question:
    """The quantity question, after valid answers to every attribute."""
    return Question(product, None, _answers(product, product.attributes))


def questions_by_kind(catalog: Catalog) -> dict[QuestionKind, Question]:
    """One question of each kind the catalog has, in `QuestionKind` order.

    For an attribute kind, the first required attribute of that type in catalog order:
    an optional one is asked with a "No ..." button and read differently. For the
    quantity, the first product's.
    """
    questions: dict[QuestionKind, Question] = {}
    for kind in QuestionKind:
        if kind is QuestionKind.QUANTITY:
            questions[kind] = quantity_question(catalog.products[0])
            continue
        found = next(
            (
                (product, attribute)
                for product in catalog.products
                for attribute in product.attributes
                if attribute.type is _ATTRIBUTE_KINDS[kind] and not attribute.optional
            ),
            None,
        )
        if found is not None:
            questions[kind] = attribute_question(*found)
    return questions


def first_choice_question(product: Product) -> Question | None:
    """The first choice question of `product`, if it has one."""
    attribute = next((a for a in product.attributes if a.type is AttributeType.CHOICE), None)
    return attribute_question(product, attribute) if attribute is not None else None


def _answers(product: Product, attributes: tuple[Attribute, ...]) -> tuple[Answer, ...]:
    design: dict[str, DesignValue] = {}
    answers = []
    for attribute in attributes:
        value = None if attribute.optional else _valid_value(product, design, attribute)
        if value is not None:
            design[attribute.id] = value
        answers.append(Answer(attribute, value))
    return tuple(answers)


def _valid_value(product: Product, design: Design, attribute: Attribute) -> DesignValue:
    """The first value of `attribute` that is valid and breaks no rule with `design`."""
    for raw in _candidates(product, design, attribute):
        checked = check_value(attribute, raw)
        if isinstance(checked, Accepted) and not find_conflicts(
            product, {**design, attribute.id: checked.value}
        ):
            return checked.value
    raise ValueError(f"no value of {product.id} {attribute.id} fits the answers before it")


def _candidates(product: Product, design: Design, attribute: Attribute) -> list[object]:
    if attribute.type is AttributeType.CHOICE:
        return [option.id for option in allowed_options(product, design, attribute.id)]
    if attribute.type is AttributeType.NUMBER:
        grid = grid_of(attribute)
        # A few values from the bottom up: rules cap numbers from above ("wider than").
        return [format_number(grid.low + grid.step * n) for n in range(10)]
    if attribute.type is AttributeType.TEXT:
        return [SAMPLE_TEXT[: attribute.max_length or len(SAMPLE_TEXT)]]
    return [True]
