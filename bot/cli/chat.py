"""A terminal conversation with the Rasa server over its REST channel.

It talks to the same endpoint the website widget uses, so what a developer sees
here is what a customer gets, minus the styling.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import httpx

from bot.cli.chat_view import Button, render_reply, resolve_answer

MAX_MESSAGE_CHARS = 2000
"""Longer input is almost certainly a paste gone wrong; refusing it keeps the session
(and the tracker store) from being flooded."""

PROBE_TIMEOUT = 5.0
"""The root route only greets; a server that cannot do that in seconds is no use to chat."""

QUIT_COMMAND = "/quit"
REST_WEBHOOK_PATH = "/webhooks/rest/webhook"


class ChannelError(Exception):
    """The Rasa server could not be reached or gave an answer that is not a reply."""


def rasa_is_up(rasa_url: str, client: httpx.Client) -> bool:
    """Whether a Rasa server answers at `rasa_url` (its root greets without a token)."""
    try:
        return client.get(f"{rasa_url}/", timeout=PROBE_TIMEOUT).status_code == 200
    except httpx.HTTPError:
        return False


class RestChannel:
    """Sends one user message and returns the bot's messages for that turn."""

    def __init__(self, rasa_url: str, client: httpx.Client, sender: str | None = None) -> None:
        self.url = f"{rasa_url}{REST_WEBHOOK_PATH}"
        self.sender = sender or uuid.uuid4().hex
        self._client = client

    def send(self, message: str) -> list[dict[str, Any]]:
        """POST `message`; a network failure or a malformed answer is a `ChannelError`."""
        try:
            response = self._client.post(self.url, json={"sender": self.sender, "message": message})
        except httpx.TimeoutException:
            raise ChannelError(
                "the Rasa server did not answer in time (it may still be working on it)"
            ) from None
        except httpx.HTTPError as error:
            raise ChannelError(f"cannot reach the Rasa server at {self.url} ({error})") from None
        if response.status_code != 200:
            raise ChannelError(f"the Rasa server answered HTTP {response.status_code}")
        try:
            messages = response.json()
        except ValueError:
            raise ChannelError("the Rasa server answered something that is not JSON") from None
        if not isinstance(messages, list) or not all(isinstance(m, dict) for m in messages):
            raise ChannelError("the Rasa server answered JSON that is not a list of messages")
        return messages


def converse(
    channel: RestChannel, read_line: Callable[[str], str], write: Callable[[str], None]
) -> None:
    """Run the conversation until /quit or end of input (Ctrl-D).

    A message that could not be delivered is kept: an empty line sends it again, so a
    restarting server never costs the user what they typed.
    """
    write(f"Chatting as {channel.sender}. Type {QUIT_COMMAND} or press Ctrl-D to leave.")
    buttons: tuple[Button, ...] = ()
    undelivered: str | None = None
    while True:
        try:
            typed = read_line("you> ")
        except EOFError:
            write("")
            return
        if typed.strip() == QUIT_COMMAND:
            return
        if typed.strip():
            message = resolve_answer(typed, buttons)
        elif undelivered is not None:
            message = undelivered
        else:
            continue
        if len(message) > MAX_MESSAGE_CHARS:
            write(
                f"! Not sent: that message has {len(message)} characters, "
                f"the limit is {MAX_MESSAGE_CHARS}."
            )
            continue
        try:
            reply = render_reply(channel.send(message))
        except ChannelError as error:
            undelivered = message
            write(f"! Not sent: {error}.\n! Press Enter to send it again, or type another message.")
            continue
        undelivered = None
        buttons = reply.buttons
        write(reply.text)
