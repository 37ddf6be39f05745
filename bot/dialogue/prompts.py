"""The bot's questions and notices: consent, design, summary, feedback, hand-over.

Every design question is written from the catalog, so a new product or attribute is
asked about correctly without new code.
"""

from __future__ import annotations

from bot.catalog.model import Attribute, AttributeType, Catalog, Product
from bot.catalog.validation import allowed_options, describe_allowed, describe_valid
from bot.dialogue import payloads
from bot.dialogue.replies import Button, Reply
from bot.dialogue.state import DesignState
from bot.dialogue.wording import capitalised, money, percent, price_delta, product_phrase
from bot.pricing import Quote, quote


def ask_transcript_consent() -> Reply:
    """Ask, once per customer, whether the shop may keep this chat's transcript."""
    return Reply(
        text=(
            "Before we start: may we keep a transcript of this chat to improve our "
            "service? Your design and rating are kept either way."
        ),
        buttons=(Button("Yes, keep it", payloads.yes()), Button("No thanks", payloads.no())),
    )


def consent_answered(consent: bool) -> Reply:
    """Acknowledge a clear yes or no to the transcript question."""
    if consent:
        return Reply(text="Thank you!")
    return Reply(text="No problem: we'll keep only your design and rating, not this chat.")


def consent_assumed_no() -> Reply:
    """Say that answering the design instead of the question keeps no transcript."""
    return Reply(text="I'll take that as a no to the transcript: we'll keep only your design.")


def consent_unclear() -> Reply:
    """The answer to the transcript question was neither yes nor no."""
    return Reply(text="Sorry, I didn't catch a yes or a no there.")


def product_buttons(catalog: Catalog) -> tuple[Button, ...]:
    """One button per product; clicking starts (or switches to) that product."""
    return tuple(Button(p.name, payloads.choose_product(p.id)) for p in catalog.products)


def ask_product(catalog: Catalog) -> Reply:
    """Ask what to design, with the products and their starting prices."""
    lines = [f"- {p.name}, from {money(p.base_price, catalog.currency)}" for p in catalog.products]
    text = "What would you like to design?\n" + "\n".join(lines)
    return Reply(text=text, buttons=product_buttons(catalog))


def ask_attribute(catalog: Catalog, product: Product, state: DesignState, attr: Attribute) -> Reply:
    """Ask for one attribute, naming it as the catalog does and stating its limits."""
    currency = catalog.currency
    if attr.type is AttributeType.CHOICE:
        options = allowed_options(product, state.design, attr.id)
        buttons = tuple(
            Button(
                f"{o.label}{price_delta(o.price, currency)}", payloads.choose_option(attr.id, o.id)
            )
            for o in options
        )
        return Reply(text=f"Which {attr.name} would you like?", buttons=buttons)
    if attr.type is AttributeType.NUMBER:
        limit = describe_allowed(product, state.design, attr.id)
        extra = f" With your choices so far it can be {limit}." if limit else ""
        return Reply(text=f"What {attr.name} would you like? Choose {describe_valid(attr)}.{extra}")
    if attr.type is AttributeType.YES_NO:
        return Reply(
            text=f"Would you like a {attr.name}{price_delta(attr.price, currency)}?",
            buttons=(Button("Yes", payloads.yes()), Button("No", payloads.no())),
        )
    price = price_delta(attr.price, currency)
    if attr.optional:
        return Reply(
            text=(
                f"Would you like a {attr.name}{price}? If so, type it: {describe_valid(attr)}. "
                f"Otherwise say 'no {attr.name}'."
            ),
            buttons=(Button(f"No {attr.name}", payloads.no()),),
        )
    return Reply(text=f"What should the {attr.name} say? {capitalised(describe_valid(attr))}.")


def ask_quantity(catalog: Catalog, product: Product) -> Reply:
    """Ask how many, with the limits and any volume discounts."""
    limits = product.quantity
    text = f"How many {limits.unit}s would you like? Between {limits.min} and {limits.max}."
    if limits.discounts:
        tiers = ", ".join(
            f"{tier.min_quantity}+ {limits.unit}s: {percent(tier.discount)} off"
            for tier in limits.discounts
        )
        text += f" Volume discounts: {tiers}."
    return Reply(text=text)


def describe_quote(product: Product, price: Quote) -> str:
    """The priced lines of a design: every choice, unit price, discount, total, lead time."""
    currency = price.currency
    lines = [
        f"- {capitalised(line.attribute_name)}: {line.label}{price_delta(line.price, currency)}"
        for line in price.lines
    ]
    unit_name = product.quantity.unit if price.quantity == 1 else f"{product.quantity.unit}s"
    lines.append(
        f"Unit price: {money(price.unit, price.currency)} x {price.quantity} {unit_name} "
        f"= {money(price.subtotal, price.currency)}"
    )
    if price.discount:
        saved = price.subtotal - price.total
        lines.append(
            f"Volume discount: {percent(price.discount)} (-{money(saved, price.currency)})"
        )
    lines.append(f"Total: {money(price.total, price.currency)}")
    lines.append(f"Lead time: {price.lead_time_days} days")
    return "\n".join(lines)


def summary(catalog: Catalog, product: Product, state: DesignState) -> Reply:
    """The summary asked before confirming, with a payload rich clients can render."""
    price = quote(product, state.design, state.quantity or product.quantity.min, catalog.currency)
    text = (
        f"Here is your {product_phrase(product.name, article=False)} design:\n"
        f"{describe_quote(product, price)}\n"
        "Shall I confirm this design? You can also change any choice, "
        f"for example '{change_example(product, state)}'."
    )
    return Reply(
        text=text,
        buttons=(Button("Confirm", payloads.yes()), Button("Change something", payloads.no())),
        custom=design_panel(product, price),
    )


def design_panel(product: Product, price: Quote) -> dict[str, object]:
    """A JSON view of the design for rich clients (the website widget's design panel)."""
    return {
        "type": "design",
        "product": {"id": product.id, "name": product.name},
        "options": [
            {
                "attribute": line.attribute_id,
                "name": line.attribute_name,
                "label": line.label,
                "price": float(line.price),
            }
            for line in price.lines
        ],
        "quantity": price.quantity,
        "currency": price.currency,
        "unit": float(price.unit),
        "discount": float(price.discount),
        "total": float(price.total),
        "lead_time_days": price.lead_time_days,
    }


def design_update(catalog: Catalog, state: DesignState) -> Reply:
    """The live design panel after a change: the choices so far and the running price.

    Rich clients keep a "your design" panel beside the chat; sending the whole panel
    after every change (not a diff) lets a client that missed one catch up. Until the
    customer says how many, the quantity and total are unknown, so they are null;
    without a product the panel is empty.
    """
    product = catalog.product(state.product) if state.product else None
    if product is None:
        return Reply(custom={"type": "design", "product": None})
    price = quote(product, state.design, state.quantity or product.quantity.min, catalog.currency)
    panel = design_panel(product, price)
    if state.quantity is None:
        panel.update(quantity=None, discount=None, total=None)
    return Reply(custom=panel)


def change_menu(product: Product, state: DesignState) -> Reply:
    """After 'no' to the summary: what can be changed, one button each."""
    buttons = [
        Button(capitalised(attr.name), payloads.change_attribute(attr.id))
        for attr in product.attributes
        if attr.id in state.design or attr.id in state.skipped
    ]
    buttons.append(Button("Quantity", payloads.change_attribute(payloads.QUANTITY)))
    return Reply(
        text=(
            "What would you like to change? Pick one, or just tell me, "
            f"for example '{change_example(product, state)}'."
        ),
        buttons=tuple(buttons),
    )


def change_example(product: Product, state: DesignState) -> str:
    """A correction this customer could actually make, to show how changes are said."""
    for attr in product.attributes:
        current = state.design.get(attr.id)
        other = next((o for o in attr.options if o.id != current), None)
        if attr.type is AttributeType.CHOICE and other is not None:
            return f"make the {attr.name} {other.label.lower()}"
    return f"make it {product.quantity.max} {product.quantity.unit}s"


RATINGS = range(1, 6)


def ask_rating() -> Reply:
    """Ask for a rating from 1 to 5, one button per star count."""
    return Reply(
        text="How would you rate this conversation, from 1 (poor) to 5 (excellent)?",
        buttons=tuple(Button(str(stars), payloads.rate(stars)) for stars in RATINGS),
    )


def ask_feedback_comment() -> Reply:
    """Ask for an optional comment."""
    return Reply(
        text="Thank you! Anything you'd like to tell us? Type a comment, or say 'no'.",
        buttons=(Button("No comment", payloads.no()),),
    )


def handing_over(catalog: Catalog) -> Reply:
    """Agree to pass the conversation on to the shop's staff."""
    return Reply(text=f"Of course: I'll pass this conversation on to the team at {catalog.shop}.")


def ask_handover_contact(*, transcript_kept: bool) -> Reply:
    """Ask how staff can reach the customer; without a transcript, say why it matters."""
    text = "How can they reach you? Type an e-mail address or a phone number"
    if transcript_kept:
        text += ", or say 'no' and they'll read this conversation."
    else:
        text += (
            ", or say 'no'. As we keep no transcript of this chat, they can only get "
            "back to you with one."
        )
    return Reply(text=text, buttons=(Button("No, thanks", payloads.no()),))


def contact_unclear() -> Reply:
    """The answer to the contact question held no e-mail address or phone number."""
    return Reply(text="Sorry, I didn't find an e-mail address or a phone number there.")


def handed_over(
    catalog: Catalog, contact: str | None, *, transcript_kept: bool, resuming: bool
) -> Reply:
    """Tell the customer what happens next, and that the design carries on if it does."""
    if contact:
        text = (
            f"Thanks, someone from {catalog.shop} will get back to you at {contact} "
            "within one working day."
        )
    elif transcript_kept:
        text = f"Thanks, someone from {catalog.shop} will read this conversation."
    else:
        text = (
            f"All right. Without a transcript or a way to reach you, {catalog.shop} can't "
            "get back to you: ask for a person again any time to leave one."
        )
    if resuming:
        text += " Meanwhile, let's carry on with your design."
    return Reply(text=text)


def hand_over_failed() -> Reply:
    """The contact could not be stored: promise nothing."""
    return Reply(
        text="Sorry, I couldn't pass on your details just now. Please ask for a person again."
    )
