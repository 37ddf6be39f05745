from __future__ import annotations

import pytest

from bot.catalog.model import Catalog
from bot.dialogue.answers import answer_question
from bot.dialogue.state import DesignState, Turn
from tests.demo_catalog import CATALOG


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return CATALOG


SHIRTS = DesignState(
    product="tshirt",
    design={
        "color": "black",
        "size": "xl",
        "print_text": "GO",
        "print_position": "both",
        "print_color": "gold",
    },
    quantity=60,
)


def test_difference_between_two_options_describes_both(catalog: Catalog) -> None:
    reply = answer_question(
        catalog,
        DesignState(product="sneaker"),
        Turn("what's the difference between suede and leather?", "ask_option_info"),
    )
    assert reply.text is not None
    assert "Suede (+30.00 EUR):" in reply.text and "Full-grain leather (+25.00 EUR):" in reply.text


def test_price_per_unit_of_the_design_in_progress(catalog: Catalog) -> None:
    reply = answer_question(catalog, SHIRTS, Turn("how much is that per shirt?", "ask_price"))
    assert reply.text is not None
    assert "24.00 EUR" in reply.text and "Total: 1152.00 EUR" in reply.text


def test_price_of_one_option(catalog: Catalog) -> None:
    reply = answer_question(
        catalog, DesignState(product="desk"), Turn("how much extra is walnut", "ask_price")
    )
    assert reply.text == "Solid walnut (desktop) adds 220.00 EUR per desk."


def test_lead_time_follows_the_choices(catalog: Catalog) -> None:
    state = DesignState(product="sneaker", design={"material": "leather"})
    reply = answer_question(catalog, state, Turn("when will it arrive", "ask_lead_time"))
    assert reply.text == "With your choices so far, making it takes 13 days."


def test_questions_before_choosing_a_product_cover_the_shop(catalog: Catalog) -> None:
    reply = answer_question(catalog, DesignState(), Turn("what does it cost", "ask_price"))
    assert reply.text is not None and "Standing desk: from 299.00 EUR per desk" in reply.text
    assert len(reply.buttons) == len(catalog.products)


def test_an_attribute_question_lists_its_options(catalog: Catalog) -> None:
    reply = answer_question(
        catalog, DesignState(product="desk"), Turn("what frames do you have", "ask_option_info")
    )
    assert reply.text is not None and "Electric, dual motor (+400.00 EUR)" in reply.text


@pytest.mark.parametrize("text", ["", "?" * 10_000, "🤔", "<script>alert(1)</script>"])
def test_odd_questions_still_get_an_answer(catalog: Catalog, text: str) -> None:
    reply = answer_question(catalog, SHIRTS, Turn(text, "ask_option_info", asked="size"))
    assert reply.text


def test_a_shared_word_is_read_as_the_attribute_of_the_other_options_named(
    catalog: Catalog,
) -> None:
    question = Turn("what's the difference between white and gold print?", "ask_option_info")
    reply = answer_question(catalog, SHIRTS, question)
    assert reply.text == "White: White ink.\nMetallic gold (+2.00 EUR): A shiny metallic gold ink."


def test_asking_for_a_product_mid_design_names_the_design_naturally(catalog: Catalog) -> None:
    reply = answer_question(catalog, SHIRTS, Turn("I want to design something", "design_product"))
    assert reply.text is not None
    assert reply.text.startswith("We're designing your printed T-shirt at the moment.")
    assert [b.title for b in reply.buttons] == [p.name for p in catalog.products]


def test_a_misspelt_product_is_the_one_asked_about(catalog: Catalog) -> None:
    reply = answer_question(catalog, SHIRTS, Turn("how much are custom sneekrs", "ask_price"))
    assert reply.text == "Custom sneakers: from 89.00 EUR per pair."
