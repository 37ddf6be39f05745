"""Values of number attributes, and the order quantity, from the numbers in a message.

A number goes, in this order of evidence: to the measures of a size run ("160x80" is
width then depth, in catalog order); to an attribute named right before it ("size
41.5"); to the quantity when a counting word follows a number without a unit ("2 pairs",
"60 black shirts", but not "a 160 cm desk", which is a width); to an attribute named
right after it ("160 wide", "80 cm deep") or a few words before ("size is 42"); to the
quantity or the number attribute the bot asked for; else to the only number attribute,
not set yet by this message, whose range holds it. Units are converted to the
attribute's own unit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.model import Attribute, AttributeType, Product
from bot.understanding.numbers.number_mentions import NumberMention, dimension_runs
from bot.understanding.numbers.units import convert
from bot.understanding.results import Finding
from bot.understanding.values.surroundings import Surroundings

QUANTITY = "quantity"
"""The `asked` value meaning the bot just asked how many."""


@dataclass(frozen=True)
class NumberValues:
    """What the numbers of a message set: attribute values, and the quantity if given.

    `quantity_anchored` tells a counted quantity ("2 pairs") from a bare number that
    only became the quantity because the bot asked for it.
    """

    findings: list[Finding]
    quantity: int | None
    quantity_anchored: bool


def number_values(
    text: str,
    mentions: Sequence[NumberMention],
    surroundings: Surroundings,
    product: Product,
    asked: str | None,
) -> NumberValues:
    """Place every number of the message (see the module docstring for the order)."""
    measures = {a.id: a for a in product.attributes if a.type is AttributeType.NUMBER}
    findings: list[Finding] = []
    unplaced: list[NumberMention] = []
    quantity: int | None = None
    for run in dimension_runs(text, list(mentions)):
        if len(run) > 1:
            for mention, attribute in zip(run, measures.values(), strict=False):
                findings.extend(_measured(mention, attribute, anchored=True))
            continue
        mention = run[0]
        start, end = surroundings.tokens_in(mention.start, mention.end)
        attribute = surroundings.named_before(start, measures, reach=0)
        counted = mention.unit is None and surroundings.counted_after(end)
        if attribute is None and counted and _whole(mention.value):
            quantity = int(mention.value)
            continue
        attribute = attribute or surroundings.attribute_named(start, end, measures)
        if attribute is None:
            unplaced.append(mention)
        else:
            findings.extend(_measured(mention, measures[attribute], anchored=True))
    counted = quantity is not None
    filled = {finding.attribute for finding in findings}
    for mention in unplaced:
        if asked == QUANTITY and quantity is None and _whole(mention.value):
            quantity = int(mention.value)
            continue
        attribute = _guess(mention, measures, asked, filled)
        if attribute is not None:
            filled.add(attribute.id)
            findings.extend(_measured(mention, attribute, anchored=mention.unit is not None))
    return NumberValues(findings, quantity, quantity_anchored=counted)


def _guess(
    mention: NumberMention, measures: dict[str, Attribute], asked: str | None, filled: set[str]
) -> Attribute | None:
    """The attribute asked for, else the only one whose range holds the number."""
    free = {id_: a for id_, a in measures.items() if id_ not in filled}
    if asked in free:
        return free[asked]
    fitting = [a for a in free.values() if _holds(a, convert(mention.value, mention.unit, a.unit))]
    return fitting[0] if len(fitting) == 1 else None


def _holds(attribute: Attribute, value: Decimal | None) -> bool:
    if value is None:
        return False
    return (attribute.min is None or value >= attribute.min) and (
        attribute.max is None or value <= attribute.max
    )


def _measured(mention: NumberMention, attribute: Attribute, anchored: bool) -> list[Finding]:
    """The mention as a value of `attribute` in its unit; none if the units do not compare."""
    value = convert(mention.value, mention.unit, attribute.unit)
    if value is None:
        return []
    return [Finding(attribute.id, value, anchored, start=mention.start, end=mention.end)]


def _whole(value: Decimal) -> bool:
    return value == value.to_integral_value()
