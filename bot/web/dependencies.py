"""Request-scoped access to what the app built once at startup (see `app.lifespan`).

Routes declare these as typed parameters instead of reaching into `app.state`, so the
startup wiring is the only place that knows where the objects live.
"""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request

from bot.settings import Settings
from bot.storage.repository import Store


def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Store:
    """The store opened at startup."""
    store: Store = request.app.state.store
    return store


def get_shop_name(request: Request) -> str:
    """The shop's display name, read from the catalog at startup."""
    name: str = request.app.state.shop_name
    return name


def get_http_client(request: Request) -> httpx.AsyncClient:
    """The shared client for outgoing probes (one connection pool for the app)."""
    client: httpx.AsyncClient = request.app.state.http_client
    return client


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
ShopNameDep = Annotated[str, Depends(get_shop_name)]
HttpClientDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
