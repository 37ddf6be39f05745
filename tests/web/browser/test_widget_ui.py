"""The widget in Chromium on the real shop page, with the bot played by Playwright.

A scripted bot (answering through `page.route`) makes hostile replies, held replies
and outages exact; the live-stack tests (test_widget_live.py) hold real conversations.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, Route, expect

from bot.settings import Settings

from .chat import Chat
from .conftest import csp_violations

pytestmark = pytest.mark.browser

XSS = "<img src=x onerror=alert(1)>"


@dataclass
class ScriptedBot:
    """Answers the widget's REST calls with `replies`, recording every message."""

    replies: list[dict[str, Any]] = field(default_factory=lambda: [{"text": "Hello!"}])
    received: list[dict[str, Any]] = field(default_factory=list)

    def handle(self, route: Route) -> None:
        self.received.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(
            json=[{"recipient_id": "x", **reply} for reply in self.replies],
            headers={"Access-Control-Allow-Origin": "*"},
        )


@pytest.fixture
def bot(page: Page, settings: Settings) -> ScriptedBot:
    scripted = ScriptedBot()
    page.route(f"{settings.rasa_url}/webhooks/rest/webhook", scripted.handle)
    return scripted


@pytest.fixture
def shop(page: Page, client: httpx.Client, bot: ScriptedBot) -> Chat:
    """The shop page open in Chromium, with the widget loaded."""
    chat = Chat(page)
    page.goto(str(client.base_url))
    expect(chat.launcher).to_be_visible()
    return chat


def test_design_yours_opens_the_widget_on_that_product(
    shop: Chat, bot: ScriptedBot, console: list[str]
) -> None:
    shop.page.get_by_role("button", name="Design yours: Standing desk").click()

    expect(shop.messages("user")).to_have_text(["Standing desk"])
    expect(shop.messages("bot")).to_have_text(["Hello!"])
    assert bot.received[0]["message"] == '/design_product{"product":"desk"}'
    assert shop.page.evaluate("document.activeElement.hasAttribute('data-chat-input')")
    assert csp_violations(console) == []


def test_hostile_bot_replies_stay_text_and_links_stay_web_links(
    shop: Chat, bot: ScriptedBot
) -> None:
    bot.replies = [
        {
            "text": (
                f"**Bold** {XSS} and [a link](https://shop.example/a?b=1) and "
                "[bad](javascript:alert(2)) and https://shop.example/specs/x.\n"
                f"- first {XSS}\n- **second**\n<script>alert(3)</script>"
            ),
            "buttons": [{"title": XSS, "payload": "/deny"}],
        },
        {
            "custom": {
                "type": "design",
                "product": {"id": "x", "name": XSS},
                "options": [{"attribute": "a", "name": XSS, "label": XSS, "price": 5}],
                "quantity": 1,
                "currency": "EUR",
                "unit": 94,
                "discount": 0,
                "total": 94,
                "lead_time_days": 3,
            }
        },
        {
            "custom": {
                "type": "specification",
                "url": "javascript:alert(4)",
                "product": XSS,
                "total": 94,
                "currency": "EUR",
                "lead_time_days": 3,
            }
        },
    ]
    shop.open()
    shop.say("hi")

    bubble = shop.messages("bot").first
    expect(bubble.locator("strong")).to_have_text(["Bold", "second"])
    expect(bubble.locator("li")).to_have_count(2)
    assert bubble.locator("a").evaluate_all(
        "links => links.map(a => [a.textContent, a.href, a.target, a.rel])"
    ) == [
        ["a link", "https://shop.example/a?b=1", "_blank", "noopener noreferrer"],
        ["https://shop.example/specs/x", "https://shop.example/specs/x", "_blank",
         "noopener noreferrer"],
    ]  # fmt: skip
    expect(bubble).to_contain_text(f"first {XSS}")
    expect(bubble).to_contain_text("[bad](javascript:alert(2))")
    expect(bubble).to_contain_text("<script>alert(3)</script>")
    expect(shop.page.locator("[data-chat-choice]")).to_have_text([XSS])
    expect(shop.design).to_contain_text(f"Your design: {XSS}")
    card = shop.page.locator("[data-chat-card]")
    expect(card).to_contain_text(XSS)
    expect(card).to_contain_text("94.00 EUR")
    expect(card.locator("a")).to_have_count(0)

    widget = shop.page.locator(".tc-root")
    expect(widget.locator("img, script, iframe, [onerror]")).to_have_count(0)
    assert shop.dialogs == []


def test_keyboard_only_with_focus_handling_and_announcements(shop: Chat, bot: ScriptedBot) -> None:
    bot.replies = [{"text": "Which colour?", "buttons": [{"title": "Red", "payload": "/red"}]}]
    keyboard = shop.page.keyboard
    shop.launcher.focus()
    keyboard.press("Enter")

    dialog = shop.page.get_by_role("dialog", name="Atelier <Test> & Co")
    expect(dialog).to_be_visible()
    expect(shop.launcher).to_have_attribute("aria-expanded", "true")
    expect(shop.input).to_be_focused()
    expect(shop.page.locator("[role=log]")).to_have_attribute("aria-live", "polite")

    keyboard.type("hello")
    keyboard.press("Enter")
    shop.wait_for_reply()
    shop.page.locator("[data-chat-choice]").focus()
    keyboard.press("Space")
    shop.wait_for_reply()
    assert [m["message"] for m in bot.received] == ["hello", "/red"]
    expect(shop.messages("user")).to_have_text(["hello", "Red"])
    expect(shop.page.locator("[data-chat-choice]").first).to_be_disabled()
    expect(shop.input).to_be_focused()

    keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(shop.launcher).to_be_focused()
    expect(shop.launcher).to_have_attribute("aria-expanded", "false")


def test_replies_while_closed_show_an_unread_badge(shop: Chat, bot: ScriptedBot) -> None:
    bot.replies = [{"text": "One"}, {"text": "Two"}]
    shop.page.evaluate("TailorChat.send('hello')")
    badge = shop.page.locator("[data-chat-unread]")

    expect(badge).to_have_text("2")
    expect(shop.launcher).to_have_attribute(
        "aria-label", "Chat with Atelier <Test> & Co (2 unread)"
    )
    shop.open()
    expect(badge).to_be_hidden()


@pytest.mark.parametrize(("width", "full_screen"), [(400, True), (1280, False)])
def test_full_screen_below_480_pixels(shop: Chat, width: int, full_screen: bool) -> None:
    shop.page.set_viewport_size({"width": width, "height": 800})
    shop.open()

    box = shop.page.get_by_role("dialog").bounding_box()
    assert box is not None
    assert (box == {"x": 0, "y": 0, "width": width, "height": 800}) is full_screen


def test_the_host_page_themes_the_widget_with_css_variables(shop: Chat) -> None:
    shop.page.evaluate("document.documentElement.style.setProperty('--tailor-accent', '#102030')")

    expect(shop.launcher).to_have_css("background-color", "rgb(16, 32, 48)")
