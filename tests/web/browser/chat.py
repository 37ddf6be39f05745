"""A customer using the widget through its stable test hooks, as a person would.

Only the documented hooks are used (`data-chat-open`, `data-chat-input`,
`data-chat-send`, `data-chat-message` with `data-from`, `data-chat-choice`, plus
`data-chat-design`, `data-chat-card`, `data-chat-unread`, `data-chat-typing`), so
these tests keep passing whatever the widget's markup and classes become.
"""

from __future__ import annotations

import re

from playwright.sync_api import Dialog, Locator, Page

SETTLED = """() => !document.querySelector('[data-chat-message][data-pending]')
    && document.querySelector('[data-chat-typing]').hidden"""
"""Every message delivered and no reply outstanding."""

LAST_TURN = """() => {
    const all = [...document.querySelectorAll('[data-chat-message]')];
    const last = all.map(m => m.dataset.from).lastIndexOf('user');
    return all.slice(last + 1).map(m => m.innerText).join('\\n');
}"""


class Chat:
    """The widget on `page`; `dialogs` records any alert() a script managed to run."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", self._dismiss)

    def _dismiss(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    @property
    def launcher(self) -> Locator:
        return self.page.locator("[data-chat-open]")

    @property
    def input(self) -> Locator:
        return self.page.locator("[data-chat-input]")

    @property
    def design(self) -> Locator:
        return self.page.locator("[data-chat-design]")

    def messages(self, sender: str) -> Locator:
        return self.page.locator(f'[data-chat-message][data-from="{sender}"]')

    def open(self) -> None:
        self.launcher.click()
        self.input.wait_for(state="visible")

    @property
    def status(self) -> Locator:
        return self.page.get_by_role("status")

    def send(self, text: str) -> None:
        """Type `text` and press Enter, without waiting for an answer."""
        self.input.fill(text)
        self.input.press("Enter")

    def say(self, text: str) -> str:
        """Type and send `text` with the Send button; return what the bot answered."""
        self.input.fill(text)
        self.page.locator("[data-chat-send]").click()
        return self.wait_for_reply()

    def click(self, title_start: str) -> str:
        """Click the answerable choice whose title starts with `title_start`."""
        choices = self.page.locator("[data-chat-choice]:enabled")
        choices.filter(has_text=re.compile("^" + re.escape(title_start))).first.click()
        return self.wait_for_reply()

    def wait_for_reply(self) -> str:
        self.page.wait_for_function(SETTLED)
        reply: str = self.page.evaluate(LAST_TURN)
        return reply
