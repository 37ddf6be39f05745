"""Whole conversations against the live stack: one per product, then storage and restart.

Each test talks to the Rasa REST channel like the widget does, then checks what was
saved through the web app's public and staff APIs and Rasa's own event table.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from bot.cli.stack import Stack
from bot.settings import PROJECT_ROOT
from tests.e2e.conftest import Customer

pytestmark = pytest.mark.e2e

SCHEMA = json.loads((PROJECT_ROOT / "bot" / "spec" / "specification.schema.json").read_text())
SPEC_LINK = re.compile(r"/specs/([A-Za-z0-9_-]{16,})")


def confirm_and_rate(customer: Customer, rating_words: str, comment: str) -> str:
    """Confirm the summary, rate, comment; return the spec id from the link."""
    customer.say("yes, please confirm")
    text = customer.text()
    match = SPEC_LINK.search(text)
    assert match, text
    assert customer.custom("specification")["spec_id"] == match.group(1)
    assert "rate" in text.lower()
    customer.say(rating_words)
    assert "comment" in customer.text().lower() or "tell us" in customer.text().lower()
    customer.say(comment)
    assert "thank you" in customer.text().lower()
    return match.group(1)


def staff_view(stack: Stack, sender: str) -> dict:
    response = httpx.get(
        f"http://127.0.0.1:{stack.settings.web_port}/api/conversations/{sender}",
        headers={"Authorization": f"Bearer {stack.settings.staff_api_token}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return response.json()


def public_spec(stack: Stack, spec_id: str) -> dict:
    base = f"http://127.0.0.1:{stack.settings.web_port}"
    page = httpx.get(f"{base}/specs/{spec_id}", timeout=10)
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    response = httpx.get(f"{base}/api/specs/{spec_id}", timeout=10)
    assert response.status_code == 200
    spec = response.json()
    Draft202012Validator(SCHEMA).validate(spec)
    return spec


def rasa_event_count(stack: Stack, sender: str) -> int:
    engine = sa.create_engine(stack.settings.database_url, future=True)
    with engine.connect() as connection:
        return connection.execute(
            sa.text("SELECT COUNT(*) FROM events WHERE sender_id = :sender"), {"sender": sender}
        ).scalar_one()


def test_sneakers_with_rule_clash_bad_values_digressions_and_a_correction(
    stack: Stack, customer: Customer
) -> None:
    customer.say("hello")
    assert "What would you like to design?" in customer.text()
    assert {b["title"] for b in customer.buttons()} >= {"Custom sneakers", "Standing desk"}

    customer.say("I'd like to design my own trainers")
    assert "shoe size" in customer.text()
    customer.say("size 48")
    assert "47" in customer.text() and "shoe size" in customer.text()
    customer.say("forty two")
    assert "Which upper material would you like?" in customer.text()

    customer.say("what's the difference between suede and leather?")
    assert "Suede" in customer.text() and "Which upper material" in customer.text()
    customer.say("what's the weather like in Oslo")
    assert "Which upper material" in customer.text()

    customer.click("Suede")
    assert "Which upper colour would you like?" in customer.text()
    assert "White" not in {b["title"] for b in customer.buttons()}
    customer.say("white")
    assert "Suede is not offered in white." in customer.text()
    customer.say("sand")
    assert "Which sole would you like?" in customer.text()
    customer.say("gum sole")
    assert "Which laces would you like?" in customer.text()
    customer.say("red laces")
    assert "monogram" in customer.text()
    customer.say("monogram ABCDEFGHIJK")
    assert "8" in customer.text() and "monogram" in customer.text()
    customer.say("no monogram")
    assert "How many pairs" in customer.text()
    customer.say("12")
    assert "10" in customer.text()
    customer.say("2 pairs")
    summary = customer.text()
    assert "Total: 238.00 EUR" in summary and "Lead time: 13 days" in summary

    customer.say("how much is that per pair?")
    assert "119.00 EUR" in customer.text() and "Shall I confirm" in customer.text()
    customer.say("actually make the laces reflective")
    assert "Total: 248.00 EUR" in customer.text()

    spec_id = confirm_and_rate(customer, "I'd give it a 4", "Great, very easy to use")

    spec = public_spec(stack, spec_id)
    assert spec["product"]["id"] == "sneaker"
    assert spec["conversation_id"] == customer.sender
    assert {k: v["value"] for k, v in spec["options"].items()} == {
        "size": 42,
        "material": "suede",
        "color": "sand",
        "sole": "gum",
        "laces": "reflective",
    }
    assert spec["quantity"] == 2
    assert spec["price"]["total"] == 248 and spec["lead_time_days"] == 13

    stored = staff_view(stack, customer.sender)
    assert stored["status"] == "completed" and stored["product"] == "sneaker"
    assert stored["feedback"] == {"rating": 4, "comment": "Great, very easy to use"}
    assert stored["spec"]["spec_id"] == spec_id
    user_texts = [m["text"] for m in stored["messages"] if m["sender"] == "user"]
    assert user_texts[:2] == ["hello", "I'd like to design my own trainers"]
    assert any(m["sender"] == "bot" and m["buttons"] for m in stored["messages"])
    assert all(m["intent"] for m in stored["messages"] if m["sender"] == "user")
    assert rasa_event_count(stack, customer.sender) > 50


def test_standing_desk_from_one_message_with_units_rules_and_buttons(
    stack: Stack, customer: Customer
) -> None:
    customer.say("a standing desk 1.8 m wide")
    assert "depth" in customer.text()
    customer.say("80 cm deep")
    assert "Which desktop would you like?" in customer.text()
    customer.say("bamboo")
    assert "Which frame would you like?" in customer.text()
    customer.say("single motor")
    assert "Desks wider than 160 cm need the dual-motor frame" in customer.text()
    assert "Which frame would you like?" in customer.text()
    customer.say("dual motor")
    customer.say("silver")
    assert "cable tray" in customer.text()
    customer.click("Yes")
    assert "How many desks" in customer.text()
    customer.say("1")
    assert "Total: 884.00 EUR" in customer.text()

    customer.say("make it 190 wide")
    assert "Bamboo tops are made up to 180 cm wide." in customer.text()
    assert "Total: 884.00 EUR" in customer.text()

    customer.say("yes")
    spec_id = SPEC_LINK.search(customer.text()).group(1)  # type: ignore[union-attr]
    customer.click("5")
    customer.click("No comment")

    spec = public_spec(stack, spec_id)
    assert spec["options"]["width"] == {"value": 180, "label": "180 cm", "price": 90}
    assert spec["options"]["cable_tray"]["value"] is True
    assert spec["price"]["total"] == 884
    assert staff_view(stack, customer.sender)["feedback"] == {"rating": 5, "comment": None}


def test_team_tshirts_with_volume_discount(stack: Stack, customer: Customer) -> None:
    customer.say("I need team t-shirts")
    assert "Which shirt colour would you like?" in customer.text()
    customer.say("black")
    customer.say("XL")
    assert "print text" in customer.text()
    customer.say("NO SLEEP")
    assert "Which print position would you like?" in customer.text()
    customer.say("front and back")
    customer.say("black")
    assert "A black print does not show on a black shirt." in customer.text()
    customer.say("gold")
    assert "Volume discounts" in customer.text()
    customer.say("60 shirts")
    summary = customer.text()
    assert "Volume discount: 20%" in summary and "Total: 1152.00 EUR" in summary

    spec_id = confirm_and_rate(customer, "five", "no")
    spec = public_spec(stack, spec_id)
    assert spec["options"]["print_text"]["value"] == "NO SLEEP"
    assert spec["price"]["discount"] == 0.2 and spec["quantity"] == 60


def test_switching_product_and_starting_over(stack: Stack, customer: Customer) -> None:
    customer.say("I want to build a desk")
    assert "width" in customer.text()
    customer.say("actually I'd rather design sneakers")
    assert "shoe size" in customer.text()
    customer.say("start over")
    assert "What would you like to design?" in customer.text()


def test_a_restart_loses_no_conversation(stack: Stack, customer: Customer) -> None:
    customer.say("I'd like custom sneakers")
    customer.say("41.5")
    assert "Which upper material would you like?" in customer.text()

    stack.stop()
    stack.start()

    customer.say("leather")
    assert "Which upper colour would you like?" in customer.text()
