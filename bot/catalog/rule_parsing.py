"""Reading a product's `rules`: combinations the business does not make.

A rule is `{when: CONDITION, forbid: CONDITION, message: text}` where a CONDITION names
one attribute and either option ids of a choice attribute (`{material: suede}`,
`{color: [white, red]}`) or a threshold of a number attribute (`{width: {above: 160}}`).
Every reference is checked here, so a rule can never silently fail to apply because of
a misspelt id.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.catalog.fields import Place, Section, as_mapping, describe
from bot.catalog.grid import grid_of
from bot.catalog.labels import shorten
from bot.catalog.model import Attribute, AttributeType, Condition, Rule
from bot.catalog.numbers import format_number


def parse_rules(product: Section, attributes: tuple[Attribute, ...]) -> tuple[Rule, ...]:
    """The product's rules; each must link two different, existing attributes."""
    by_id = {attribute.id: attribute for attribute in attributes}
    return tuple(
        _rule(raw, place, by_id)
        for place, raw in product.items("rules", "rule", at_least_one=False)
    )


def _rule(raw: object, place: Place, attributes: Mapping[str, Attribute]) -> Rule:
    section = Section(raw, place, required=("when", "forbid", "message"))
    when = _condition(section.raw["when"], section.place.key("when"), attributes)
    forbid = _condition(section.raw["forbid"], section.place.key("forbid"), attributes)
    if when.attribute == forbid.attribute:
        section.place.fail(
            f"when and forbid both name {when.attribute!r}; a rule links two different attributes"
        )
    return Rule(when=when, forbid=forbid, message=section.text("message"))


def _condition(raw: object, place: Place, attributes: Mapping[str, Attribute]) -> Condition:
    mapping = as_mapping(raw, place)
    if len(mapping) != 1:
        place.fail(
            "must name exactly one attribute, like {material: suede} or "
            f"{{width: {{above: 160}}}}; got {len(mapping)}"
        )
    [(attribute_id, wanted)] = mapping.items()
    at = place.key(shorten(attribute_id))
    attribute = attributes.get(attribute_id)
    if attribute is None:
        at.fail(f"no such attribute in this product (attributes: {', '.join(attributes)})")
    if isinstance(wanted, dict):
        return _above(wanted, at, attribute)
    return _options(wanted, at, attribute)


def _above(raw: object, place: Place, attribute: Attribute) -> Condition:
    """`{above: n}`: only numbers have thresholds, and one outside the range is a typo."""
    section = Section(raw, place, required=("above",))
    if attribute.type is not AttributeType.NUMBER:
        section.place.fail(
            f"'above' only applies to number attributes; {attribute.id!r} is a "
            f"{attribute.type.value} attribute"
        )
    above = section.number("above")
    grid = grid_of(attribute)
    if not grid.low <= above < grid.high:
        section.place.key("above").fail(
            f"must be at least the {attribute.name}'s min ({format_number(grid.low)}) and below "
            f"its max ({format_number(grid.high)}), or the rule would hold for no {attribute.name} "
            f"or for every one; got {format_number(above)}"
        )
    return Condition(attribute.id, above=above)


def _options(raw: object, place: Place, attribute: Attribute) -> Condition:
    """An option id or a list of them, all options of this choice attribute."""
    if attribute.type is not AttributeType.CHOICE:
        place.fail(
            f"option ids only apply to choice attributes; {attribute.id!r} is a "
            f"{attribute.type.value} attribute"
            + (" (use {above: number})" if attribute.type is AttributeType.NUMBER else "")
        )
    ids = [raw] if isinstance(raw, str) else raw
    if not isinstance(ids, list) or not ids:
        place.fail(f"must be an option id or a non-empty list of option ids, got {describe(raw)}")
    known = [option.id for option in attribute.options]
    for option_id in ids:
        if option_id not in known:
            place.fail(
                f"{describe(option_id)} is not an option of {attribute.id!r} "
                f"(options: {', '.join(known)})"
            )
    return Condition(attribute.id, values=tuple(ids))
