"""The answer to an off-topic or unclear message: what the bot is here for, from the catalog.

The products are listed as the catalog names them, so the reply stays true when the
catalog changes. At a text question ("What should the print text say?") the message
may have been meant as the text itself ("am I covered for overdrafts"): the reply
says how to have any words taken as they are. The form then asks its question again.
"""

from __future__ import annotations

from bot.catalog.model import Catalog
from bot.dialogue.design_turn import asked_text_attribute
from bot.dialogue.replies import Reply
from bot.dialogue.state import DesignState, Turn
from bot.dialogue.wording import one_of, product_phrase

UNCLEAR_INTENT = "nlu_fallback"


def redirect_off_topic(catalog: Catalog, state: DesignState, turn: Turn) -> Reply:
    """Say what the bot can help with; at a text question, how to give any words as the text."""
    products = one_of([product_phrase(product.name) for product in catalog.products])
    opening = (
        "Sorry, I didn't understand that."
        if turn.intent == UNCLEAR_INTENT
        else "I can't help with that, I'm afraid:"
    )
    text = f"{opening} I'm here to help you design {products}."
    attribute = asked_text_attribute(catalog, state, turn)
    if attribute is not None:
        text += f" If you want those words as the {attribute.name}, put them in quotes."
    return Reply(text=text)
