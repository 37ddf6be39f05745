"""The entities of a message as the NLU reports them, before any product is known.

This is the context-free view: which catalog words, numbers, quantities and quoted
texts the customer wrote, with their spans. What a value belongs to ("white" for the
sole or the laces) depends on the product and on the question just asked, which only
the dialogue knows, so `extract` decides that with the same vocabulary pipeline.

The steps run in the same order as in `extract`, most literal first: quoted text, then
catalog phrases outside quotes, then numbers. A number with a unit ("1.6 m") wins over
a one-letter option inside it ("m" is a T-shirt size); a catalog phrase wins over a
bare number inside it ("two motors"). A bare number followed by a counting word or a
product ("2 pairs", "60 shirts") is the order quantity; a bare "one" is a pronoun.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.understanding.numbers.number_mentions import NumberMention, find_numbers
from bot.understanding.phrasing.quotes import find_quotes
from bot.understanding.text import Coverage, cap, mask
from bot.understanding.vocabulary.pipeline import CatalogVocabulary, VocabularySpan

ENTITY_KINDS = ("product", "attribute", "option", "number", "quantity", "text")
"""Every kind of entity this module finds."""

_COUNTED_BY = frozenset({"count", "product"})
"""Labels of the words that make a number before them the quantity ("2 pairs")."""

_MAX_GAP = 1
"""Characters allowed between a quantity's number and its counting word: one space."""


@dataclass(frozen=True)
class Entity:
    """One entity: its kind, value, character span, and the unit a number came with.

    Kinds: `product`, `attribute`, `option`, `number`, `quantity`, `text`.
    """

    kind: str
    value: str | int | float
    start: int
    end: int
    unit: str | None = None


def find_entities(vocabulary: CatalogVocabulary, text: str) -> list[Entity]:
    """Every entity of `text` (its first `MAX_CHARS` characters), in text order."""
    text = cap(text)
    quotes = find_quotes(text)
    quoted = Coverage(len(text), ((quote.start, quote.end) for quote in quotes))
    phrases = [s for s in vocabulary.spans(text) if not quoted.overlaps(s.start, s.end)]
    numbers = find_numbers(mask(text, ((quote.start, quote.end) for quote in quotes)))
    with_units = Coverage(len(text), ((n.start, n.end) for n in numbers if n.unit))
    phrases = [s for s in phrases if not with_units.overlaps(s.start, s.end)]
    claimed = Coverage(len(text), ((s.start, s.end) for s in phrases))
    numbers = [n for n in numbers if n.unit or not claimed.overlaps(n.start, n.end)]
    entities = [_quoted(text, quote.start, quote.end) for quote in quotes]
    counted: set[int] = set()
    for number in numbers:
        counter = _counter(text, number, phrases)
        if counter is not None:
            counted.add(counter.start)
            entities.append(Entity("quantity", int(number.value), number.start, counter.end))
        elif not _pronoun_one(text, number):
            entities.append(_number(number))
    entities += [
        Entity(s.label, s.value, s.start, s.end)
        for s in phrases
        if s.label != "count" and s.start not in counted
    ]
    return sorted(entities, key=lambda entity: entity.start)


def _quoted(text: str, start: int, end: int) -> Entity:
    """The text inside the quotes `[start, end)`, trimmed, as a `text` entity."""
    inner_start = start + 1
    inner_end = end - 1
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and text[inner_end - 1].isspace():
        inner_end -= 1
    return Entity("text", text[inner_start:inner_end], inner_start, inner_end)


def _counter(
    text: str, number: NumberMention, phrases: list[VocabularySpan]
) -> VocabularySpan | None:
    """The counting word right after a whole, unitless number, if there is one."""
    if number.unit is not None or number.value != number.value.to_integral_value():
        return None
    return next(
        (
            s
            for s in phrases
            if s.label in _COUNTED_BY
            and 0 < s.start - number.end <= _MAX_GAP
            and not text[number.end : s.start].strip()
        ),
        None,
    )


def _pronoun_one(text: str, number: NumberMention) -> bool:
    """Whether the number is a bare, spelled-out "one", so a pronoun rather than a value.

    Read without the question asked, that is the "one" of "that one", "the beige one"
    and "one for me". Answering "how many?", the dialogue still reads it as 1.
    """
    return number.unit is None and text[number.start : number.end].casefold() == "one"


def _number(number: NumberMention) -> Entity:
    whole = number.value == number.value.to_integral_value()
    value: int | float = int(number.value) if whole else float(number.value)
    return Entity("number", value, number.start, number.end, number.unit)
