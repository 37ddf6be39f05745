"""What the bot checks with the customer before acting on an answer, and what it says after.

Two answers are not taken at once. Another product named in a design under way, when
the customer did not clearly ask to switch ("black desk" while designing sneakers),
would throw the design away: the bot asks first. A text answer that reads as a question
or request ("am I covered for overdrafts") would be printed or stitched as typed: the
bot asks first. Every wording comes from the catalog, so a new product or text
attribute is asked about correctly without new code.
"""

from __future__ import annotations

from bot.catalog.model import Attribute, Catalog, Product
from bot.dialogue import payloads
from bot.dialogue.replies import Button, Reply
from bot.dialogue.state import DesignState
from bot.dialogue.wording import product_phrase

YES_NO = (Button("Yes", payloads.yes()), Button("No", payloads.no()))


def pending_question(
    catalog: Catalog, state: DesignState, asked: Attribute | None = None
) -> Reply | None:
    """The confirmation to ask instead of the form's next question, if one is pending.

    `asked` is the attribute the form is about to ask, which a pending text answers.
    """
    current = catalog.product(state.product) if state.product else None
    if state.pending_product is not None and current is not None:
        new = catalog.product(state.pending_product)
        if new is not None:
            return switch_question(current, new)
    if state.pending_text is not None and asked is not None:
        return text_question(asked, state.pending_text)
    return None


def switch_question(current: Product, new: Product) -> Reply:
    """Ask before dropping the design of `current` for `new`."""
    return Reply(
        text=(
            f"Switch to {product_phrase(new.name)}? Your "
            f"{product_phrase(current.name, article=False)} design so far will be put aside."
        ),
        buttons=YES_NO,
    )


def switched(new: Product) -> Reply:
    """The design starts again with `new`."""
    return Reply(text=f"Sure, let's design {product_phrase(new.name)} instead.")


def carrying_on(current: Product) -> Reply:
    """The switch was declined: the design of `current` goes on where it was."""
    return Reply(
        text=f"OK, let's carry on with your {product_phrase(current.name, article=False)}."
    )


def text_question(attribute: Attribute, text: str) -> Reply:
    """Ask before taking `text`, which reads like a question, as the `attribute`."""
    return Reply(text=f'Should the {attribute.name} say "{text}"?', buttons=YES_NO)
