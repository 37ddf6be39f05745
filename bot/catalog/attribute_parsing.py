"""Reading a product's `attributes` list: the things a customer decides, in asking order."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from decimal import Decimal

from bot.catalog.fields import (
    NOT_NEGATIVE,
    POSITIVE,
    WHOLE_NOT_NEGATIVE,
    WHOLE_POSITIVE,
    Place,
    Section,
    as_mapping,
    describe,
    require_unique_ids,
)
from bot.catalog.grid import NumberGrid, Position
from bot.catalog.model import Attribute, AttributeType, Option, Surcharge, TextCharset
from bot.catalog.naming import option_names
from bot.catalog.numbers import format_number

_COMMON_REQUIRED = ("id", "name", "type")
_COMMON_OPTIONAL = ("optional", "also_called", "description")
_OWN_PRICE = ("price", "lead_time_days")
_TYPE_KEYS: dict[AttributeType, tuple[tuple[str, ...], tuple[str, ...]]] = {
    AttributeType.NUMBER: (("unit", "min", "max", "step"), ("surcharge",)),
    AttributeType.CHOICE: (("options",), ()),
    AttributeType.TEXT: (("max_length",), ("allowed", *_OWN_PRICE)),
    AttributeType.YES_NO: ((), _OWN_PRICE),
}
_TYPE_SPECIFIC_KEYS = {key for keys in _TYPE_KEYS.values() for group in keys for key in group}


def parse_attributes(product: Section) -> tuple[Attribute, ...]:
    """The product's attributes, with ids unique within the product."""
    parsed = [
        (place, _attribute(raw, place))
        for place, raw in product.items("attributes", "attribute", at_least_one=True)
    ]
    require_unique_ids([(place, attribute.id) for place, attribute in parsed], "attribute")
    return tuple(attribute for _, attribute in parsed)


def _attribute(raw: object, place: Place) -> Attribute:
    kind = _attribute_type(as_mapping(raw, place), place)
    required, optional = _TYPE_KEYS[kind]
    section = Section(
        raw,
        place,
        required=(*_COMMON_REQUIRED, *required),
        optional=(*_COMMON_OPTIONAL, *optional),
        not_here={
            key: f"does not apply to a {kind.value} attribute"
            for key in _TYPE_SPECIFIC_KEYS - {*required, *optional}
        },
    )
    common = Attribute(
        id=section.identifier("id"),
        name=section.text("name"),
        type=kind,
        optional=section.flag("optional"),
        also_called=section.names("also_called"),
        description=section.optional_text("description"),
    )
    return _TYPE_READERS[kind](section, common)


def _attribute_type(raw: dict[str, object], place: Place) -> AttributeType:
    if "type" not in raw:
        place.fail("missing required key 'type'")
    kinds = [kind.value for kind in AttributeType]
    if raw["type"] not in kinds:
        place.key("type").fail(f"must be one of {', '.join(kinds)}; got {describe(raw['type'])}")
    return AttributeType(raw["type"])


def _number(section: Section, common: Attribute) -> Attribute:
    unit = section.text("unit")
    low = section.number("min")
    high = section.number("max")
    step = section.number("step", POSITIVE)
    if high < low:
        section.place.key("max").fail(
            f"must be at least min ({format_number(low)}), got {format_number(high)}"
        )
    if NumberGrid(low, high, step).position(high) is not Position.ON_GRID:
        section.place.key("max").fail(
            f"must be min plus a whole number of steps ({format_number(low)} + n * "
            f"{format_number(step)}), got {format_number(high)}"
        )
    surcharge = (
        _surcharge(section.raw["surcharge"], section.place.key("surcharge"))
        if section.has("surcharge")
        else None
    )
    return replace(common, unit=unit, min=low, max=high, step=step, surcharge=surcharge)


def _surcharge(raw: object, place: Place) -> Surcharge:
    section = Section(raw, place, required=("above", "per", "price"))
    return Surcharge(
        above=section.number("above"),
        per=section.number("per", POSITIVE),
        price=section.number("price", NOT_NEGATIVE),
    )


def _choice(section: Section, common: Attribute) -> Attribute:
    parsed = [
        (place, _option(raw, place))
        for place, raw in section.items("options", "option", at_least_one=True)
    ]
    require_unique_ids([(place, option.id) for place, option in parsed], "option")
    _require_unambiguous_names(parsed)
    return replace(common, options=tuple(option for _, option in parsed))


def _option(raw: object, place: Place) -> Option:
    section = Section(
        raw,
        place,
        required=("id", "label"),
        optional=("price", "lead_time_days", "also_called", "description"),
    )
    return Option(
        id=section.identifier("id"),
        label=section.text("label"),
        price=section.number("price", NOT_NEGATIVE, default=Decimal(0)),
        lead_time_days=section.whole("lead_time_days", WHOLE_NOT_NEGATIVE, default=0),
        also_called=section.names("also_called"),
        description=section.optional_text("description"),
    )


def _require_unambiguous_names(parsed: list[tuple[Place, Option]]) -> None:
    """No two options may answer to one name, or "green" could mean either of them."""
    owner: dict[str, str] = {}
    for place, option in parsed:
        for name in option_names(option):
            if owner.setdefault(name, option.id) != option.id:
                place.fail(
                    f"the name {name!r} also belongs to option {owner[name]!r}; "
                    "a customer saying it would be ambiguous"
                )


def _text(section: Section, common: Attribute) -> Attribute:
    return replace(
        _with_own_price(section, common),
        max_length=section.whole("max_length", WHOLE_POSITIVE),
        allowed=_charset(section),
    )


def _charset(section: Section) -> TextCharset | None:
    """The `allowed` phrase; None when absent (validation decides what that lets through)."""
    if not section.has("allowed"):
        return None
    raw = section.raw["allowed"]
    phrases = [charset.value for charset in TextCharset]
    if raw not in phrases:
        section.place.key("allowed").fail(
            f"must be one of {', '.join(repr(p) for p in phrases)}; got {describe(raw)}"
        )
    return TextCharset(raw)


def _with_own_price(section: Section, common: Attribute) -> Attribute:
    """Text and yes/no attributes carry the price and lead time a choice puts on its options."""
    return replace(
        common,
        price=section.number("price", NOT_NEGATIVE, default=Decimal(0)),
        lead_time_days=section.whole("lead_time_days", WHOLE_NOT_NEGATIVE, default=0),
    )


_TYPE_READERS: dict[AttributeType, Callable[[Section, Attribute], Attribute]] = {
    AttributeType.NUMBER: _number,
    AttributeType.CHOICE: _choice,
    AttributeType.TEXT: _text,
    AttributeType.YES_NO: _with_own_price,
}
