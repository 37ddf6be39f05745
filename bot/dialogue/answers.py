"""Answers to the customer's questions: options, prices and lead times, from the catalog.

Questions can come at any point, about the design in progress or about something
else in the catalog; answers use the design so far when there is one, so "how much
is that per shirt?" prices what the customer actually chose.
"""

from __future__ import annotations

from bot.catalog.model import Attribute, AttributeType, Catalog, Option, Product
from bot.catalog.validation import describe_valid
from bot.dialogue.prompts import describe_quote, product_buttons
from bot.dialogue.replies import Reply
from bot.dialogue.state import DesignState, Turn
from bot.dialogue.wording import (
    capitalised,
    money,
    one_of,
    percent,
    price_delta,
    product_phrase,
)
from bot.pricing import quote
from bot.understanding import find_products
from bot.understanding.text import tokenize
from bot.understanding.vocabulary.lexicon import lexicon
from bot.understanding.vocabulary.vocabulary import SenseKind


def answer_question(catalog: Catalog, state: DesignState, turn: Turn) -> Reply:
    """Answer a question (intent ask_*), or remind which product is being designed."""
    current = catalog.product(state.product) if state.product else None
    mentioned = find_products(turn.text, catalog)
    product = mentioned[0] if mentioned else current
    if turn.intent == "design_product":
        return _already_designing(catalog, current)
    if product is None:
        return _about_the_shop(catalog, turn.intent)
    options, attributes = _mentions(product, turn.text)
    in_design = current is not None and product.id == current.id
    if turn.intent == "ask_price":
        return Reply(text=_price(catalog, product, state if in_design else None, options))
    if turn.intent == "ask_lead_time":
        return Reply(text=_lead_time(catalog, product, state if in_design else None, options))
    return Reply(text=_option_info(catalog, product, options, attributes, turn.asked))


def _mentions(
    product: Product, text: str
) -> tuple[list[tuple[Attribute, Option]], list[Attribute]]:
    """Options and attributes the question names, in the order it names them.

    A word naming options of several attributes ("white": shirt or print colour) is
    read as the attribute the question's other options belong to, when there is one.
    """
    matches = lexicon(product).find(text, tokenize(text))
    named_alone = {
        match.payloads[0].attribute
        for match in matches
        if len(match.payloads) == 1 and match.payloads[0].kind is SenseKind.OPTION
    }
    options: list[tuple[Attribute, Option]] = []
    attributes: list[Attribute] = []
    for match in matches:
        senses = [s for s in match.payloads if s.attribute in named_alone] or match.payloads
        for sense in senses:
            attribute = product.attribute(sense.attribute) if sense.attribute else None
            if attribute is None:
                continue
            if sense.kind is SenseKind.OPTION and sense.option:
                option = attribute.option(sense.option)
                if option is not None and (attribute, option) not in options:
                    options.append((attribute, option))
            elif sense.kind is SenseKind.ATTRIBUTE and attribute not in attributes:
                attributes.append(attribute)
    return options, attributes


def _already_designing(catalog: Catalog, current: Product | None) -> Reply:
    if current is None:
        return Reply(
            text="Which product would you like to design?", buttons=product_buttons(catalog)
        )
    return Reply(
        text=(
            f"We're designing your {product_phrase(current.name, article=False)} at the moment. "
            "To design something else, "
            "pick another product, or say 'start over'."
        ),
        buttons=product_buttons(catalog),
    )


def _about_the_shop(catalog: Catalog, intent: str | None) -> Reply:
    if intent == "ask_lead_time":
        lines = [f"- {p.name}: {p.lead_time_days} days" for p in catalog.products]
        head = "Making time, before any option that adds days:"
    elif intent == "ask_price":
        lines = [
            f"- {p.name}: from {money(p.base_price, catalog.currency)} per {p.quantity.unit}"
            for p in catalog.products
        ]
        head = "Prices start at:"
    else:
        lines = [f"- {p.name}: {p.description or ''}".rstrip(": ") for p in catalog.products]
        head = f"At {catalog.shop} you can design:"
    return Reply(
        text="\n".join([head, *lines, "Pick one and I'll price your design as we go."]),
        buttons=product_buttons(catalog),
    )


def _price(
    catalog: Catalog,
    product: Product,
    state: DesignState | None,
    options: list[tuple[Attribute, Option]],
) -> str:
    currency = catalog.currency
    unit = product.quantity.unit
    if options:
        return " ".join(
            f"{option.label} ({attribute.name}) adds {money(option.price, currency)} per {unit}."
            if option.price
            else f"{option.label} ({attribute.name}) costs nothing extra."
            for attribute, option in options
        )
    if state is None or not state.design:
        text = f"{product.name}: from {money(product.base_price, currency)} per {unit}."
    else:
        price = quote(product, state.design, state.quantity or 1, currency)
        text = f"With your choices so far, one {unit} costs {money(price.unit, currency)}."
        if state.quantity:
            text += f"\n{describe_quote(product, price)}"
    if product.quantity.discounts and not (state and state.quantity):
        tiers = ", ".join(
            f"{percent(t.discount)} off from {t.min_quantity} {unit}s"
            for t in product.quantity.discounts
        )
        text += f" Volume discounts: {tiers}."
    return text


def _lead_time(
    catalog: Catalog,
    product: Product,
    state: DesignState | None,
    options: list[tuple[Attribute, Option]],
) -> str:
    if options:
        return " ".join(
            f"{option.label} adds {option.lead_time_days} days."
            if option.lead_time_days
            else f"{option.label} adds no time."
            for _, option in options
        )
    slower = [
        f"{o.label} (+{o.lead_time_days} days)"
        for a in product.attributes
        for o in a.options
        if o.lead_time_days
    ]
    if state is not None and state.design:
        days = quote(product, state.design, state.quantity or 1, catalog.currency).lead_time_days
        return f"With your choices so far, making it takes {days} days."
    text = f"{product.name}: {product.lead_time_days} days to make"
    return text + (f"; some options add time: {', '.join(slower)}." if slower else ".")


def _option_info(
    catalog: Catalog,
    product: Product,
    options: list[tuple[Attribute, Option]],
    attributes: list[Attribute],
    asked: str | None,
) -> str:
    if options:
        return "\n".join(_describe_option(catalog, option) for _, option in options)
    if not attributes and asked and product.attribute(asked):
        attributes = [product.attribute(asked)]  # type: ignore[list-item]
    if attributes:
        return "\n".join(_describe_attribute(catalog, attribute) for attribute in attributes)
    names = one_of([a.name for a in product.attributes], "and")
    about = f"{product.description} " if product.description else ""
    return f"{product.name}: {about}You choose the {names}."


def _describe_option(catalog: Catalog, option: Option) -> str:
    about = option.description or "no further details in our catalog."
    return f"{option.label}{price_delta(option.price, catalog.currency)}: {about}"


def _describe_attribute(catalog: Catalog, attribute: Attribute) -> str:
    if attribute.type is AttributeType.CHOICE:
        lines = [f"{capitalised(attribute.name)} options:"]
        lines += [f"- {_describe_option(catalog, option)}" for option in attribute.options]
        return "\n".join(lines)
    return f"{capitalised(attribute.name)}: {describe_valid(attribute)}."
