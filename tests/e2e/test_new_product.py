"""Whole conversations about a product that only the catalog knows.

The stack's model was trained on the unchanged data/ and a catalog holding the demo
products plus the Kitchen clock of tests/catalogs (`new_product_stack`), whose words no
training example, rule or story contains. A shop adding it edits the catalog and
retrains, nothing else, so the clock must be understood like the demo products from
the customer's very first message on, and what the bot says about the shop's products
must come from the catalog.
"""

from __future__ import annotations

import pytest

from bot.runtime.stack import Stack
from bot.understanding import find_products
from tests.catalogs import CATALOG, PRODUCT
from tests.demo_catalog import CATALOG as DEMO_CATALOG
from tests.e2e.test_conversations import SPEC_LINK, confirm_and_rate, consent_asked, public_spec
from tests.live_stack import Customer, conversation_slots

pytestmark = pytest.mark.e2e

DIAMETER_QUESTION = "What diameter would you like?"
DIAL_QUESTION = "Which dial would you like?"
DEDICATION_QUESTION = "Would you like a dedication"
SILENT_QUESTION = "Would you like a silent movement"
QUANTITY_QUESTION = "How many clocks would you like?"
OFF_TOPIC = "what's the weather like in Oslo"


@pytest.fixture
def customer(new_product_stack: Stack) -> Customer:
    """A new customer of the shop whose catalog has the clock (not the demo stack's)."""
    return Customer(new_product_stack.settings.rasa_url)


def products_named(text: str) -> set[str]:
    """The ids of the products `text` names, read with every product a test knows of."""
    return {product.id for product in find_products(text, CATALOG)}


@pytest.mark.parametrize(
    ("first_message", "design", "question"),
    [
        ("a kitchen clock please", {}, DIAMETER_QUESTION),
        ("custom clocks", {}, DIAMETER_QUESTION),
        ("I'd like to design a clock", {}, DIAMETER_QUESTION),
        (
            "I'd like a kitchen clock, 30 cm in diameter, with a terrazzo face and a silent "
            "movement",
            {"diameter": 30, "dial": "terrazzo", "silent": True},
            DEDICATION_QUESTION,
        ),
    ],
    ids=["a product please", "custom products", "design a product", "full description"],
)
def test_a_first_request_in_any_form_starts_the_new_product(
    new_product_stack: Stack,
    customer: Customer,
    first_message: str,
    design: dict[str, object],
    question: str,
) -> None:
    customer.say(first_message)
    consent_asked(customer)
    slots = conversation_slots(new_product_stack, customer.sender)
    assert (slots["product"], slots["design"]) == ("clock", design), customer.text()

    customer.click("Yes, keep it")
    assert question in customer.text()


def test_a_clock_designed_in_words_through_a_rule_a_question_and_a_volume_discount(
    new_product_stack: Stack, customer: Customer
) -> None:
    customer.say("hello")
    consent_asked(customer)
    customer.say("yes")
    assert "clock" in products_named(customer.text())
    assert "Kitchen clock" in {b["title"] for b in customer.buttons()}

    customer.say("I'd like to design a kitchen clock")
    assert DIAMETER_QUESTION in customer.text()
    customer.say("forty centimetres")
    assert DIAL_QUESTION in customer.text()
    assert {b["title"] for b in customer.buttons()} == {
        "Birch plywood",
        "Terrazzo (+35.00 EUR)",
        "Black",
    }

    customer.say("what is terrazzo?")
    dial = PRODUCT.attribute("dial")
    terrazzo = dial.option("terrazzo") if dial else None
    assert terrazzo is not None and terrazzo.description
    assert terrazzo.description in customer.text() and DIAL_QUESTION in customer.text()

    customer.say("concrete")
    assert "Concrete dials are made up to 35 cm across." in customer.text()
    assert DIAL_QUESTION in customer.text()
    assert conversation_slots(new_product_stack, customer.sender)["design"] == {"diameter": 40}

    customer.say("the speckled one")
    assert DEDICATION_QUESTION in customer.text()
    customer.say("FOR ANNA 1987")
    assert SILENT_QUESTION in customer.text()
    customer.say("yes please")
    assert QUANTITY_QUESTION in customer.text() and "10+ clocks: 10% off" in customer.text()

    customer.say("12 clocks")
    assert conversation_slots(new_product_stack, customer.sender)["quantity"] == 12
    summary = customer.text()
    assert "Dedication: FOR ANNA 1987 (+9.00 EUR)" in summary
    assert "Unit price: 123.00 EUR x 12 clocks = 1476.00 EUR" in summary
    assert "Volume discount: 10%" in summary and "Total: 1328.40 EUR" in summary
    assert "Lead time: 14 days" in summary

    spec_id = confirm_and_rate(customer, "five", "no")
    spec = public_spec(new_product_stack, spec_id)
    assert spec["product"] == {"id": "clock", "name": "Kitchen clock"}
    assert {k: v["value"] for k, v in spec["options"].items()} == {
        "diameter": 40,
        "dial": "terrazzo",
        "dedication": "FOR ANNA 1987",
        "silent": True,
    }
    assert spec["quantity"] == 12 and spec["price"]["total"] == 1328.4
    assert spec["lead_time_days"] == 14


def test_a_clock_started_and_answered_with_its_buttons(
    new_product_stack: Stack, customer: Customer
) -> None:
    customer.say("hello")
    customer.click("Yes, keep it")
    customer.click("Kitchen clock")
    assert conversation_slots(new_product_stack, customer.sender)["product"] == "clock"
    assert DIAMETER_QUESTION in customer.text()
    assert "from 25 to 45 cm, in steps of 5" in customer.text()

    customer.say("40 cm")
    customer.click("Terrazzo")
    assert DEDICATION_QUESTION in customer.text()
    customer.click("No dedication")
    assert SILENT_QUESTION in customer.text()
    customer.click("No")
    assert QUANTITY_QUESTION in customer.text()
    customer.say("1")
    assert "Total: 106.00 EUR" in customer.text() and "Lead time: 12 days" in customer.text()

    customer.click("Confirm")
    match = SPEC_LINK.search(customer.text())
    assert match, customer.text()
    spec = public_spec(new_product_stack, match.group(1))
    assert {k: v["value"] for k, v in spec["options"].items()} == {
        "diameter": 40,
        "dial": "terrazzo",
        "silent": False,
    }


def test_the_off_topic_reply_names_the_products_of_the_catalog_including_the_new_one(
    customer: Customer,
) -> None:
    customer.say(OFF_TOPIC)
    assert products_named(customer.text()) == {p.id for p in CATALOG.products}, customer.text()

    customer.say("a kitchen clock please")
    customer.click("Yes, keep it")
    customer.say(OFF_TOPIC)
    assert DIAMETER_QUESTION in customer.text()
    assert products_named(customer.text()) == {p.id for p in CATALOG.products}, customer.text()


def test_the_demo_shops_off_topic_reply_names_no_product_it_does_not_sell(stack: Stack) -> None:
    """The other half of the test above: the clock is named only where the catalog has it."""
    customer = Customer(stack.settings.rasa_url)
    customer.say(OFF_TOPIC)
    named = products_named(customer.text())
    assert named and named <= {p.id for p in DEMO_CATALOG.products}, customer.text()
