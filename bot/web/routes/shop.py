"""GET /: the demo shop's front page, with the chat widget embedded by one script tag.

The page is what a shop's own site would be: it knows the products and the bot's
address and nothing else; the conversation happens entirely in the widget.
"""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import HTMLResponse

from bot.web.dependencies import CatalogDep, SettingsDep
from bot.web.rendering import render
from bot.web.security_headers import widget_page_policy
from bot.web.shop_page import shop_page

router = APIRouter(tags=["shop"])


@router.get("/", response_class=HTMLResponse)
def front_page(catalog: CatalogDep, settings: SettingsDep) -> HTMLResponse:
    """The products as cards; each "Design yours" opens the widget on that product."""
    response = render("shop.html", page=shop_page(catalog, bot_url=settings.rasa_url))
    response.headers["Content-Security-Policy"] = widget_page_policy(settings.rasa_url)
    return response
