from __future__ import annotations

import pytest

from bot.catalog.model import Catalog
from bot.dialogue.off_topic import redirect_off_topic
from bot.dialogue.state import DesignState, Turn
from tests.demo_catalog import CATALOG
from tests.understanding.support import choice, option, product

SHIRT = DesignState(product="tshirt", design={"color": "navy", "size": "m"})
PRODUCTS = "custom sneakers, a standing desk or a printed T-shirt"


def test_off_topic_hears_what_the_catalog_offers() -> None:
    reply = redirect_off_topic(
        CATALOG, SHIRT, Turn("book me a flight", "out_of_scope", asked="size")
    )
    assert (
        reply.text == f"I can't help with that, I'm afraid: I'm here to help you design {PRODUCTS}."
    )


def test_an_unclear_message_is_not_called_off_topic() -> None:
    reply = redirect_off_topic(CATALOG, DesignState(), Turn("asdfgh", "nlu_fallback"))
    assert reply.text == f"Sorry, I didn't understand that. I'm here to help you design {PRODUCTS}."


@pytest.mark.parametrize(
    ("state", "asked", "name"),
    [(SHIRT, "print_text", "print text"), (DesignState(product="sneaker"), "monogram", "monogram")],
)
def test_at_a_text_question_it_says_how_to_have_the_words_taken(
    state: DesignState, asked: str, name: str
) -> None:
    turn = Turn("am I covered for overdrafts", "out_of_scope", asked=asked)
    reply = redirect_off_topic(CATALOG, state, turn)
    assert reply.text is not None
    assert reply.text.endswith(f" If you want those words as the {name}, put them in quotes.")


@pytest.mark.parametrize("asked", [None, "color", "quantity", "confirmed", "rating", "<x>"])
def test_elsewhere_there_is_no_quoting_hint(asked: str | None) -> None:
    reply = redirect_off_topic(
        CATALOG, SHIRT, Turn("what's the weather", "out_of_scope", asked=asked)
    )
    assert "quotes" not in (reply.text or "")


def test_the_products_come_from_the_catalog() -> None:
    shop = Catalog(
        shop="Test",
        currency="EUR",
        products=(product("mug", choice("glaze", option("matte")), name="Ceramic mug"),),
    )
    reply = redirect_off_topic(shop, DesignState(), Turn("hi", "out_of_scope"))
    assert (
        reply.text
        == "I can't help with that, I'm afraid: I'm here to help you design a ceramic mug."
    )


@pytest.mark.parametrize("text", ["", "x" * 10_000, "🎉", "<script>alert(1)</script>"])
def test_any_message_gets_the_same_calm_answer_without_being_repeated(text: str) -> None:
    """The customer's words are never echoed: off-topic text may be anything at all."""
    reply = redirect_off_topic(CATALOG, SHIRT, Turn(text, "out_of_scope", asked="print_text"))
    usual = redirect_off_topic(CATALOG, SHIRT, Turn("hello", "out_of_scope", asked="print_text"))
    assert reply == usual
