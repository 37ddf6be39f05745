"""Talking to the running Rasa server as a customer, and reading its trackers.

The customer's side is the REST channel (`POST /webhooks/rest/webhook`, what the widget
uses); the tracker side is Rasa 3.6's HTTP API (`GET /conversations/{id}/tracker`, and
`PUT /conversations/{id}/tracker/events`, which replaces a conversation's events
outright), which wants the API token as `?token=`. Asynchronous, so the evaluation can
hold several conversations at once. The token never appears in an error message.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

import httpx

REST_WEBHOOK = "/webhooks/rest/webhook"
DEFAULT_TIMEOUT = 120.0
"""A turn runs several custom actions; on a busy small machine that takes seconds."""
MAX_REASON = 60


class ConversationError(Exception):
    """The Rasa server could not be reached, refused, or answered something unexpected."""


class RasaConversations:
    """Conversations on the Rasa server at `url`, over `client`."""

    def __init__(
        self, url: str, token: str, client: httpx.AsyncClient, *, timeout: float = DEFAULT_TIMEOUT
    ) -> None:
        if not token:
            raise ValueError("the Rasa HTTP API needs its token (RASA_API_TOKEN)")
        self.url = url.rstrip("/")
        self.timeout = timeout
        self._token = token
        self._client = client

    def __repr__(self) -> str:
        return f"RasaConversations({self.url!r})"

    async def say(self, sender: str, text: str) -> list[dict[str, Any]]:
        """Send `text` as `sender`; the bot's messages of that turn."""
        body = await self._json(
            "POST", REST_WEBHOOK, "send a message", {"sender": sender, "message": text}, auth=False
        )
        if not isinstance(body, list) or not all(isinstance(m, dict) for m in body):
            raise ConversationError(f"the Rasa server answered a message with {_shape(body)}")
        return body

    async def tracker(self, sender: str) -> dict[str, Any]:
        """The conversation's tracker: `slots`, `events` (since the last restart), ..."""
        body = await self._json("GET", self._tracker_route(sender), "read a tracker")
        if not (
            isinstance(body, dict)
            and isinstance(body.get("slots"), dict)
            and isinstance(body.get("events"), list)
        ):
            raise ConversationError(f"the Rasa server answered a tracker with {_shape(body)}")
        return body

    async def replace_events(self, sender: str, events: list[dict[str, Any]]) -> None:
        """Make `events` the whole conversation of `sender`."""
        await self._json("PUT", f"{self._tracker_route(sender)}/events", "replace events", events)

    def _tracker_route(self, sender: str) -> str:
        return f"/conversations/{quote(sender, safe='')}/tracker"

    async def _json(
        self, method: str, route: str, purpose: str, json: object = None, *, auth: bool = True
    ) -> object:
        try:
            response = await self._client.request(
                method,
                f"{self.url}{route}",
                params={"token": self._token} if auth else None,
                json=json,
                timeout=self.timeout,
            )
        except httpx.TimeoutException:
            raise ConversationError(
                f"could not {purpose}: no answer from {self.url} within {self.timeout:g} s"
            ) from None
        except httpx.HTTPError as error:
            raise ConversationError(
                f"could not {purpose}: no Rasa server answers at {self.url} "
                f"({type(error).__name__})"
            ) from None
        if response.status_code in (401, 403):
            raise ConversationError(f"the Rasa server at {self.url} refused the API token")
        try:
            body = response.json()
        except ValueError:
            body = None
        if not response.is_success:
            raise ConversationError(
                f"could not {purpose}: the Rasa server answered HTTP {response.status_code}"
                f"{_reason(body)} (its log says more)"
            )
        if body is None:
            raise ConversationError(f"could not {purpose}: the answer is not JSON")
        return body


def _reason(body: object) -> str:
    """Rasa's one-word reason for an error (`{"reason": "ConversationError"}`), if any.

    Only that: its message can quote a whole traceback, or what was sent.
    """
    reason = body.get("reason") if isinstance(body, dict) else None
    if isinstance(reason, str) and reason.isidentifier() and len(reason) <= MAX_REASON:
        return f" ({reason})"
    return ""


def _shape(body: object) -> str:
    """What an unexpected answer is, without repeating it."""
    return f"a JSON {type(body).__name__}, not what Rasa sends"
