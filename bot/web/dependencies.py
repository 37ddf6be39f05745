"""Request-scoped access to what the app built once at startup (see `app.lifespan`).

Routes declare these as typed parameters instead of reaching into `app.state`, so the
startup wiring is the only place that knows where the objects live.

They are `async def` though none awaits anything: FastAPI runs a plain `def` dependency
on its thread pool, a hop to another thread and back for each one on every request, when
all these do is read an attribute; an `async def` one runs on the event loop at once.
Only what never blocks may be written so: whatever touches the database or the disk
stays `def` (or hands that work to the pool itself, as `current_session` does).
"""

from __future__ import annotations

from typing import Annotated

import httpx
from fastapi import Depends, Request
from sqlalchemy.engine import Engine

from bot.catalog.model import Catalog
from bot.serving.retraining import Retrainer
from bot.settings import Settings
from bot.storage.repository import Store
from bot.storage.review import ReviewStore


async def get_settings(request: Request) -> Settings:
    """The settings the app was created with."""
    settings: Settings = request.app.state.settings
    return settings


async def get_store(request: Request) -> Store:
    """The store opened at startup."""
    store: Store = request.app.state.store
    return store


async def get_engine(request: Request) -> Engine:
    """The app's database engine, for the stores that each own a group of tables."""
    engine: Engine = request.app.state.engine
    return engine


async def get_review_store(engine: EngineDep, settings: SettingsDep) -> ReviewStore:
    """The staff console's store, judging confidence by the app's LOW_CONFIDENCE_THRESHOLD."""
    return ReviewStore(engine, settings.low_confidence_threshold)


async def get_catalog(request: Request) -> Catalog:
    """The shop's catalog, loaded at startup."""
    catalog: Catalog = request.app.state.catalog
    return catalog


async def get_http_client(request: Request) -> httpx.AsyncClient:
    """The shared client for outgoing probes (one connection pool for the app)."""
    client: httpx.AsyncClient = request.app.state.http_client
    return client


async def get_retrainer(request: Request) -> Retrainer:
    """The one background retraining job of this app (one at a time)."""
    retrainer: Retrainer = request.app.state.retrainer
    return retrainer


SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[Store, Depends(get_store)]
EngineDep = Annotated[Engine, Depends(get_engine)]
CatalogDep = Annotated[Catalog, Depends(get_catalog)]
ReviewDep = Annotated[ReviewStore, Depends(get_review_store)]
HttpClientDep = Annotated[httpx.AsyncClient, Depends(get_http_client)]
RetrainerDep = Annotated[Retrainer, Depends(get_retrainer)]
