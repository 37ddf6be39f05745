"""The widget in Chromium against the whole live stack: real Rasa, actions and web app.

The session's live stack (`stack`, tests/conftest.py), shared with the end-to-end
tests; every test has its own browser profile, hence its own sender id, so the
conversations stay apart.
"""

from __future__ import annotations

import json
import re

import httpx
import pytest
from playwright.sync_api import Page, expect

from bot.runtime.stack import Stack

from .chat import Chat
from .conftest import csp_violations

pytestmark = [pytest.mark.e2e, pytest.mark.browser]

XSS = "<img src=x onerror=alert(1)>"
PRINT_TEXT = f"A {XSS}"
"""30 characters, the longest print text: the bot keeps it and shows it back."""
SPEC_URL = re.compile(r"/specs/([A-Za-z0-9_-]{16,})$")


@pytest.fixture
def shop(page: Page, stack: Stack) -> Chat:
    """The shop's front page as the web app serves it, with the widget loaded."""
    chat = Chat(page)
    page.goto(f"http://127.0.0.1:{stack.settings.web_port}/")
    expect(chat.launcher).to_be_visible()
    return chat


def sender_of(chat: Chat, stack: Stack) -> str:
    """The widget's sender id, as kept in the browser."""
    saved = chat.page.evaluate(f"localStorage.getItem('tailor-chat:{stack.settings.rasa_url}')")
    sender: str = json.loads(saved)["sender"]
    return sender


def user_messages(stack: Stack, sender: str) -> list[str]:
    """What the customer said, as the bot stored it (staff API)."""
    response = httpx.get(
        f"http://127.0.0.1:{stack.settings.web_port}/api/conversations/{sender}",
        headers={"Authorization": f"Bearer {stack.settings.staff_api_token}"},
        timeout=10,
    )
    response.raise_for_status()
    return [m["text"] for m in response.json()["messages"] if m["sender"] == "user"]


def confirmed_spec(chat: Chat, stack: Stack) -> dict:
    """The card's link leads to the saved spec, whose total and lead time it shows."""
    card = chat.page.locator("[data-chat-card]")
    href = card.locator("a").get_attribute("href") or ""
    match = SPEC_URL.search(href)
    assert match, href
    spec: dict = httpx.get(
        f"http://127.0.0.1:{stack.settings.web_port}/api/specs/{match.group(1)}", timeout=10
    ).json()
    expect(card).to_contain_text(f"{spec['price']['total']:,.2f} EUR")
    expect(card).to_contain_text(f"{spec['lead_time_days']} days")
    return spec


def test_a_sneaker_designed_by_typing_to_a_confirmed_spec(
    shop: Chat, stack: Stack, console: list[str]
) -> None:
    shop.open()
    assert "may we keep a transcript" in shop.say("hello")
    assert "What would you like to design?" in shop.click("Yes, keep it")
    assert "shoe size" in shop.say("I'd like to design my own trainers")
    expect(shop.design).to_contain_text("Your design: Custom sneakers")
    assert "Which upper material" in shop.say("42")
    expect(shop.design).to_contain_text("42 EU")
    assert "Which upper colour" in shop.say("full-grain leather")
    expect(shop.design).to_contain_text("Full-grain leather (+25.00 EUR)")
    assert "Which sole" in shop.say("navy")
    assert "Which laces" in shop.say("gum sole")
    assert "monogram" in shop.say("red laces")
    assert "How many pairs" in shop.say("no monogram")
    summary = shop.say("2 pairs")
    assert "Total:" in summary and "Shall I confirm" in summary
    expect(shop.design).to_contain_text("Quantity2")

    shop.say("yes, please confirm")
    spec = confirmed_spec(shop, stack)
    assert spec["quantity"] == 2 and spec["options"]["material"]["value"] == "leather"
    assert spec["conversation_id"] == sender_of(shop, stack)
    expect(shop.design).to_contain_text("Confirmed")
    assert csp_violations(console) == []


def test_a_sneaker_designed_by_clicking_to_a_confirmed_spec(shop: Chat, stack: Stack) -> None:
    shop.page.get_by_role("button", name="Design yours: Custom sneakers").click()
    expect(shop.messages("user")).to_have_text(["Custom sneakers"])
    assert "may we keep a transcript" in shop.wait_for_reply()
    assert "shoe size" in shop.click("Yes, keep it")
    # Sizes and quantities are numbers, typed; everything with a choice is clicked.
    assert "Which upper material" in shop.say("41.5")
    assert "Which upper colour" in shop.click("Suede")
    answered = shop.page.locator("[data-chat-choice]:disabled")
    expect(answered.filter(has_text="Canvas")).to_have_count(1)
    assert "Which sole" in shop.click("Sand")
    assert "Which laces" in shop.click("Black")
    assert "monogram" in shop.click("Red")
    assert "How many pairs" in shop.click("No monogram")
    assert "Shall I confirm" in shop.say("1")
    shop.click("Confirm")

    spec = confirmed_spec(shop, stack)
    assert {k: v["value"] for k, v in spec["options"].items()} == {
        "size": 41.5,
        "material": "suede",
        "color": "sand",
        "sole": "black",
        "laces": "red",
    }
    assert "comment" in shop.click("5").lower()
    assert "thank" in shop.click("No comment").lower()
    expect(shop.messages("user")).to_have_text(
        ["Custom sneakers", "Yes, keep it", "41.5", "Suede (+30.00 EUR)", "Sand", "Black rubber",
         "Red", "No monogram", "1", "Confirm", "5", "No comment"]
    )  # fmt: skip


def test_a_reload_or_another_page_shows_the_conversation_and_the_design(
    shop: Chat, stack: Stack
) -> None:
    shop.open()
    shop.say("I'd like a standing desk")
    shop.click("Yes, keep it")
    shop.say("160 cm wide")
    before = shop.messages("bot").all_text_contents()
    design = shop.design.text_content() or ""
    assert "160 cm" in design

    shop.page.reload()
    expect(shop.page.get_by_role("dialog")).to_be_visible()
    expect(shop.messages("bot")).to_have_text(before)
    expect(shop.design).to_have_text(design)

    other = Chat(shop.page.context.new_page())
    other.page.goto(shop.page.url)
    expect(other.messages("bot")).to_have_text(before)
    assert "Which desktop" in other.say("80 cm deep")
    expect(shop.messages("user")).to_have_text(["I'd like a standing desk", "Yes, keep it",
                                                "160 cm wide", "80 cm deep"])  # fmt: skip
    assert user_messages(stack, sender_of(shop, stack)) == [
        "I'd like a standing desk",
        "/affirm",  # the button's payload, as Rasa received it
        "160 cm wide",
        "80 cm deep",
    ]


def test_html_from_either_side_stays_inert(shop: Chat) -> None:
    """Typed HTML is shown as text, and reaches the bot unchanged: the print text the
    bot keeps and sends back to the design panel is exactly what was typed."""
    shop.open()
    shop.say("I need team t-shirts")
    shop.click("No thanks")
    shop.say(XSS)
    shop.say("black")
    shop.say("XL")
    assert "print position" in shop.say(PRINT_TEXT)

    expect(shop.messages("user").filter(has_text=XSS)).to_have_count(2)
    expect(shop.design).to_contain_text(PRINT_TEXT)
    expect(shop.page.locator("img, [onerror]")).to_have_count(0)
    assert shop.dialogs == []


def test_while_the_bot_is_unreachable_the_message_waits_even_a_reload_and_goes_once(
    shop: Chat, stack: Stack
) -> None:
    webhook = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    shop.page.route(webhook, lambda route: route.abort("connectionrefused"))
    shop.open()
    shop.send("hello")

    unsent = shop.page.locator("[data-chat-message][data-pending]")
    expect(shop.status).to_contain_text("Can't reach the shop's assistant — retrying")
    expect(unsent).to_have_text(["hello"])
    shop.page.reload()
    expect(shop.status).to_contain_text("Can't reach the shop's assistant")
    expect(unsent).to_have_text(["hello"])

    shop.page.unroute(webhook)
    shop.page.locator("[data-chat-retry]").click()
    assert "may we keep a transcript" in shop.wait_for_reply()
    expect(shop.status).to_be_empty()
    expect(shop.messages("user")).to_have_text(["hello"])
    assert user_messages(stack, sender_of(shop, stack)) == ["hello"]


@pytest.mark.parametrize(
    ("origin", "allowed"),
    [("{shop}", True), ("http://localhost:{port}", True), ("https://evil.example", False),
     ("null", False)],
)  # fmt: skip
def test_only_the_shop_pages_may_read_the_bots_replies(
    stack: Stack, origin: str, allowed: bool
) -> None:
    port = stack.settings.web_port
    origin = origin.format(shop=f"http://127.0.0.1:{port}", port=port)
    webhook = f"{stack.settings.rasa_url}/webhooks/rest/webhook"
    preflight = httpx.options(
        webhook,
        headers={
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    post = httpx.post(
        webhook,
        json={"sender": "cors-check", "message": "hi"},
        headers={"Origin": origin},
        timeout=60,
    )

    for response in (preflight, post):
        assert response.headers.get("access-control-allow-origin") == (origin if allowed else None)
