"""The catalog's combination rules applied to a design.

Everything here is driven by the rule data (`when`, `forbid`, `above`), never by product
or attribute names, so a new product with new rules needs no code.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from bot.catalog.grid import grid_of
from bot.catalog.labels import number_label
from bot.catalog.model import Attribute, AttributeType, Design, DesignValue, Option, Product, Rule


@dataclass(frozen=True)
class Conflict:
    """A rule the design breaks, with the two values that break it."""

    rule: Rule
    when_attribute: str
    when_value: DesignValue
    forbid_attribute: str
    forbid_value: DesignValue


def find_conflicts(product: Product, design: Design) -> list[Conflict]:
    """The rules `design` breaks, in catalog order.

    A rule is only checked once both of its attributes are answered: a half-finished
    design has not broken anything yet.
    """
    conflicts = []
    for rule in product.rules:
        when_value = design.get(rule.when.attribute)
        forbid_value = design.get(rule.forbid.attribute)
        if when_value is None or forbid_value is None:
            continue
        if rule.when.matches(when_value) and rule.forbid.matches(forbid_value):
            conflicts.append(
                Conflict(rule, rule.when.attribute, when_value, rule.forbid.attribute, forbid_value)
            )
    return conflicts


def allowed_options(product: Product, design: Design, attribute_id: str) -> tuple[Option, ...]:
    """The options of a choice attribute that break no rule with the rest of the design.

    The attribute's own current value is ignored, so this also answers "what else could
    I have instead?".
    """
    attribute = _attribute(product, attribute_id, AttributeType.CHOICE)
    return tuple(
        option
        for option in attribute.options
        if not any(
            attribute_id in (conflict.when_attribute, conflict.forbid_attribute)
            for conflict in find_conflicts(product, {**design, attribute_id: option.id})
        )
    )


def describe_allowed(product: Product, design: Design, attribute_id: str) -> str | None:
    """How far the rest of the design limits a number attribute ("up to 180 cm"), or None.

    A rule whose one side is `{attribute: {above: n}}` and whose other side holds in the
    design caps the attribute at n, whichever side of the rule the number is on.
    """
    attribute = _attribute(product, attribute_id, AttributeType.NUMBER)
    caps = list(_caps(product, design, attribute_id))
    if not caps:
        return None
    highest = grid_of(attribute).neighbours(min(caps))[0]
    return f"up to {number_label(attribute, highest)}"


def _caps(product: Product, design: Design, attribute_id: str) -> Iterator[Decimal]:
    for rule in product.rules:
        for mine, other in ((rule.when, rule.forbid), (rule.forbid, rule.when)):
            if (
                mine.attribute == attribute_id
                and mine.above is not None
                and other.matches(design.get(other.attribute))
            ):
                yield mine.above


def _attribute(product: Product, attribute_id: str, kind: AttributeType) -> Attribute:
    """The attribute, or ValueError when the caller asks about one that cannot be meant."""
    attribute = product.attribute(attribute_id)
    if attribute is None:
        raise ValueError(f"{product.name} has no attribute {attribute_id!r}")
    if attribute.type is not kind:
        raise ValueError(
            f"{attribute_id!r} is a {attribute.type.value} attribute, not a {kind.value} one"
        )
    return attribute
