"""Security headers on every response, including errors raised before any route runs.

A pure ASGI middleware rather than a route decorator so 404s, 422s and 500s get the
headers too. HTML gets a Content-Security-Policy that allows nothing but our inline
styles: the pages load no scripts, fonts or remote resources, so any that appear were
injected. The one page that runs a script, the shop with the chat widget, sets its own
policy (`widget_page_policy`), which the middleware leaves alone.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HTML_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)


def widget_page_policy(bot_url: str) -> str:
    """The CSP of a page embedding the widget: our own scripts and styles, and the bot.

    Still no inline script or style (the widget needs neither), so text injected into
    the page stays inert; `connect-src` names the one origin the widget talks to.
    """
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        f"connect-src {bot_url}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )


class SecurityHeadersMiddleware:
    """Add nosniff and same-origin referrers everywhere, and a strict CSP on HTML."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, adding the headers as the response starts."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "same-origin"
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", HTML_CONTENT_SECURITY_POLICY)
            await send(message)

        await self.app(scope, receive, send_with_headers)
