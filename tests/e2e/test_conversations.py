"""Whole conversations against the live stack: one per product, then storage and restart.

Each test talks to the Rasa REST channel like the widget does, then checks what was
saved through the web app's public and staff APIs, our tables and Rasa's event table.
Every new customer is first asked whether the transcript may be kept.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
import sqlalchemy as sa
from jsonschema import Draft202012Validator

from bot.runtime.stack import Stack
from bot.settings import PROJECT_ROOT
from tests.live_stack import Customer

pytestmark = pytest.mark.e2e

SCHEMA = json.loads((PROJECT_ROOT / "bot" / "spec" / "specification.schema.json").read_text())
SPEC_LINK = re.compile(r"/specs/([A-Za-z0-9_-]{16,})")
CONSENT_QUESTION = "may we keep a transcript of this chat"


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


def our_rows(stack: Stack, sql: str, sender: str) -> list[sa.Row]:
    """Rows of our own tables about `sender`'s conversations (`sql` uses :sender)."""
    engine = sa.create_engine(stack.settings.database_url, future=True)
    with engine.connect() as connection:
        return list(connection.execute(sa.text(sql), {"sender": sender}))


def conversation_row(stack: Stack, sender: str) -> sa.Row:
    [row] = our_rows(stack, "SELECT * FROM conversations WHERE sender_id = :sender", sender)
    return row


def insights_of(stack: Stack, sender: str) -> list[tuple]:
    rows = our_rows(
        stack,
        "SELECT i.kind, i.product, i.attribute, i.value, i.other_attribute, i.other_value "
        "FROM design_insights AS i JOIN conversations AS c ON c.id = i.conversation_id "
        "WHERE c.sender_id = :sender ORDER BY i.id",
        sender,
    )
    return [tuple(row) for row in rows]


def consent_asked(customer: Customer) -> None:
    assert CONSENT_QUESTION in customer.text()
    assert [b["title"] for b in customer.buttons()] == ["Yes, keep it", "No thanks"]


def test_sneakers_with_rule_clash_bad_values_digressions_and_a_correction(
    stack: Stack, customer: Customer
) -> None:
    customer.say("hello")
    consent_asked(customer)
    customer.click("Yes, keep it")
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
    assert user_texts[:3] == ["hello", "/affirm", "I'd like to design my own trainers"]
    assert any(m["sender"] == "bot" and m["buttons"] for m in stored["messages"])
    assert all(m["intent"] for m in stored["messages"] if m["sender"] == "user")
    assert any((m["slot_changes"] or {}).get("product") == "sneaker" for m in stored["messages"])
    assert rasa_event_count(stack, customer.sender) > 50

    row = conversation_row(stack, customer.sender)
    assert row.consent in (True, 1) and row.last_question == "feedback_comment"
    assert row.summary_shown_at is not None and 0 < row.min_confidence <= 1
    assert insights_of(stack, customer.sender) == [
        ("unavailable", "sneaker", "size", "48", None, None),
        ("conflict", "sneaker", "color", "white", "material", "suede"),
        ("unavailable", "sneaker", "monogram", None, None, None),
    ]


def test_standing_desk_from_one_message_with_units_rules_and_buttons(
    stack: Stack, customer: Customer
) -> None:
    customer.say("a standing desk 1.8 m wide")
    consent_asked(customer)
    customer.say("no thanks")
    assert "not this chat" in customer.text() and "depth" in customer.text()
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
    stored = staff_view(stack, customer.sender)
    assert stored["feedback"] == {"rating": 5, "comment": None}
    assert (stored["spec"]["spec_id"], stored["messages"]) == (spec_id, [])
    assert conversation_row(stack, customer.sender).consent in (False, 0)


def test_team_tshirts_with_volume_discount(stack: Stack, customer: Customer) -> None:
    customer.say("I need team t-shirts")
    consent_asked(customer)
    customer.say("black")  # the design, not an answer: no transcript is kept
    assert "no to the transcript" in customer.text()
    assert "Which size would you like?" in customer.text()
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
    assert staff_view(stack, customer.sender)["messages"] == []
    assert insights_of(stack, customer.sender) == [
        ("conflict", "tshirt", "print_color", "black", "color", "black")
    ]


def test_switching_product_and_starting_over(stack: Stack, customer: Customer) -> None:
    customer.say("I want to build a desk")
    consent_asked(customer)
    customer.say("yes")
    assert "width" in customer.text()
    customer.say("actually I'd rather design sneakers")
    assert "shoe size" in customer.text()
    customer.say("start over")
    assert "What would you like to design?" in customer.text()  # consent is not asked again
    assert CONSENT_QUESTION not in customer.text()


def test_a_restart_loses_no_conversation(stack: Stack, customer: Customer) -> None:
    customer.say("I'd like custom sneakers")
    customer.click("Yes, keep it")
    customer.say("41.5")
    assert "Which upper material would you like?" in customer.text()

    stack.stop()
    stack.start()

    customer.say("leather")
    assert "Which upper colour would you like?" in customer.text()


def test_asking_for_a_person_mid_design_then_carrying_on(stack: Stack, customer: Customer) -> None:
    customer.say("I'd like a standing desk")
    customer.click("Yes, keep it")
    customer.say("160 cm wide")
    assert "depth" in customer.text()

    customer.say("can I talk to a person please")
    assert "pass this conversation on to the team at Atelier Nord" in customer.text()
    assert "e-mail address or a phone number" in customer.text()
    customer.say("tomorrow")
    assert "didn't find an e-mail address" in customer.text()
    customer.say("you can reach me at jane.doe@example.com")
    assert (
        "someone from Atelier Nord will get back to you at jane.doe@example.com "
        "within one working day" in customer.text()
    )
    assert "carry on with your design" in customer.text() and "depth" in customer.text()
    customer.say("80 cm")
    assert "Which desktop would you like?" in customer.text()

    row = conversation_row(stack, customer.sender)
    assert row.handed_over_at is not None and row.contact == "jane.doe@example.com"
    said = [m["text"] for m in staff_view(stack, customer.sender)["messages"]]
    assert "you can reach me at [email]" in said
    assert not any("jane.doe@example.com" in (text or "") for text in said)


def test_asking_for_a_person_outside_a_design(stack: Stack, customer: Customer) -> None:
    customer.say("get me a human")
    assert "pass this conversation on" in customer.text()
    customer.click("No, thanks")
    assert "will read this conversation" in customer.text()
    assert "carry on" not in customer.text() and CONSENT_QUESTION not in customer.text()

    row = conversation_row(stack, customer.sender)
    assert (row.handed_over_at is not None, row.contact) == (True, None)
