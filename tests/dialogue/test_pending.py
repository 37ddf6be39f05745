from __future__ import annotations

import pytest

from bot.catalog.model import Catalog, Product
from bot.dialogue.pending import carrying_on, pending_question, switched, text_question
from bot.dialogue.state import DesignState
from tests.demo_catalog import CATALOG, DESK, SNEAKER, TSHIRT
from tests.understanding.support import product, text


def buttons(reply) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    return [(b.title, b.payload) for b in reply.buttons]


def test_a_switch_is_asked_with_the_natural_names_and_yes_and_no() -> None:
    state = DesignState(product="tshirt", design={"color": "navy"}, pending_product="desk")
    question = pending_question(CATALOG, state)
    assert question is not None
    assert question.text == (
        "Switch to a standing desk? Your printed T-shirt design so far will be put aside."
    )
    assert buttons(question) == [("Yes", "/affirm"), ("No", "/deny")]


def test_what_follows_the_answer_names_the_product_naturally() -> None:
    assert switched(SNEAKER).text == "Sure, let's design custom sneakers instead."
    assert carrying_on(TSHIRT).text == "OK, let's carry on with your printed T-shirt."
    assert carrying_on(DESK).text == "OK, let's carry on with your standing desk."


@pytest.mark.parametrize(
    ("attribute_id", "owner", "expected"),
    [
        ("print_text", TSHIRT, 'Should the print text say "am I covered for overdrafts"?'),
        ("monogram", SNEAKER, 'Should the monogram say "do JD"?'),
    ],
)
def test_a_text_is_asked_about_in_the_attributes_own_words(
    attribute_id: str,
    owner: Product,
    expected: str,
) -> None:
    held = expected.split('"')[1]
    state = DesignState(product=owner.id, pending_text=held)
    question = pending_question(CATALOG, state, owner.attribute(attribute_id))
    assert question is not None and question.text == expected
    assert buttons(question) == [("Yes", "/affirm"), ("No", "/deny")]


def test_a_new_text_attribute_needs_no_code() -> None:
    caption = text("caption", "caption")
    assert text_question(caption, "Hi?").text == 'Should the caption say "Hi?"?'


@pytest.mark.parametrize(
    "state",
    [
        DesignState(product="tshirt"),
        DesignState(product="tshirt", pending_product="nothing-like-it"),
        DesignState(pending_product="desk"),  # no design under way
        DesignState(product="tshirt", pending_text="GO?"),  # no attribute asked
    ],
    ids=["nothing-pending", "unknown-product", "no-current-product", "text-without-question"],
)
def test_nothing_to_confirm_leaves_the_forms_question(state: DesignState) -> None:
    assert pending_question(CATALOG, state) is None


def test_huge_and_hostile_pending_texts_are_quoted_as_given() -> None:
    hostile = '<script>alert("x")</script>' + "x" * 10_000
    question = pending_question(
        CATALOG, DesignState(product="tshirt", pending_text=hostile), TSHIRT.attribute("print_text")
    )
    assert question is not None and hostile in (question.text or "")


def test_a_switch_between_products_of_another_catalog() -> None:
    mug, plate = product("mug", name="Ceramic mugs"), product("plate", name="Oak plate")
    shop = Catalog(shop="Test", currency="EUR", products=(mug, plate))
    question = pending_question(shop, DesignState(product="mug", pending_product="plate"))
    assert question is not None
    assert (
        question.text
        == "Switch to an oak plate? Your ceramic mugs design so far will be put aside."
    )
