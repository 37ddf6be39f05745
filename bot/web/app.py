"""The FastAPI application: wiring only.

Served with `uvicorn bot.web.app:create_app --factory --ws none` (uvicorn's websocket
support does not import alongside the websockets version Rasa pins, and the app has no
websockets). Startup migrates the database and loads the catalog before the first
request, so a fresh deployment needs no separate step, and fails loudly when either
cannot be done.
"""

from __future__ import annotations

import asyncio
import copy
import functools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from starlette.routing import BaseRoute, request_response

from bot.catalog.loader import load_catalog
from bot.runtime.environment import child_env
from bot.serving.rasa_server import connect
from bot.serving.retraining import Retrainer
from bot.settings import Settings, load_settings
from bot.staff.passwords import Passwords
from bot.storage.database import create_engine_for
from bot.storage.migrate import upgrade_to_head
from bot.storage.repository import Store
from bot.web.probes import PROBE_TIMEOUT_SECONDS
from bot.web.routes import (
    assets,
    conversations,
    health,
    shop,
    specs,
    staff_accounts,
    staff_conversations,
    staff_dashboard,
    staff_inbox,
    staff_login,
    staff_models,
    staff_stories,
)
from bot.web.security_headers import SecurityHeadersMiddleware
from bot.web.staff_pages import staff_error_page
from bot.web.staff_session import StaffPageError
from bot.web.tls import verifying_context

ROUTERS: tuple[APIRouter, ...] = (
    health.router,
    specs.router,
    conversations.router,
    shop.router,
    assets.router,
    staff_login.router,
    staff_conversations.router,
    staff_dashboard.router,
    staff_accounts.router,
    staff_inbox.router,
    staff_models.router,
    staff_stories.router,
)
"""Every router of the app, in the order their routes are matched."""


def create_app(settings: Settings | None = None, passwords: Passwords | None = None) -> FastAPI:
    """Build the app for `settings` (default: read from the environment).

    `passwords` hashes and checks staff passwords (default: argon2-cffi's profile; tests
    pass a cheap one). The app keeps the one instance, so its dummy hash is made once.
    """
    settings = settings if settings is not None else load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        upgrade_to_head(settings.database_url)
        app.state.engine = create_engine_for(settings.database_url)
        app.state.store = Store(app.state.engine)
        # Specs name neither the shop nor the attributes (the contract keeps ids); the
        # catalog does, so the printable page reads them from it.
        app.state.catalog = load_catalog(settings.catalog_path)
        async with httpx.AsyncClient(
            timeout=PROBE_TIMEOUT_SECONDS, verify=verifying_context()
        ) as client:
            app.state.http_client = client
            yield
        # A training started from the console must not outlive the app (see Retrainer).
        await asyncio.to_thread(app.state.retrainer.stop)
        app.state.engine.dispose()

    # No /docs or /redoc: both pull their scripts from a CDN, which our CSP forbids.
    app = FastAPI(title="Tailor", lifespan=lifespan, docs_url=None, redoc_url=None)
    app.state.settings = settings
    app.state.retrainer = _retrainer(settings)
    app.state.passwords = passwords if passwords is not None else Passwords()
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_exception_handler(StaffPageError, staff_error_page)
    app.router.routes.extend(_bound(route, app) for route in _analysed_routes())
    return app


@functools.cache
def _analysed_routes() -> tuple[BaseRoute, ...]:
    """The routes of `ROUTERS` as `app.include_router` makes them, made once per process.

    Making a route analyses its endpoint: signature, dependencies, type hints evaluated,
    response models built; about 2 ms a route, a tenth of a second for the app. That
    depends on the code alone, so it is done once, and each app gets copies (`_bound`).
    """
    router = APIRouter()
    for included in ROUTERS:
        router.include_router(included)
    return tuple(router.routes)


def _bound(route: BaseRoute, app: FastAPI) -> BaseRoute:
    """`route` as `app.include_router` would have made it for `app`, without the analysis.

    Only an APIRoute's request handler depends on the app: it applies the dependency
    overrides of the app that included the route (`app.dependency_overrides`). So a copy
    gets a handler of its own; the analysis, never changed after it is made, is shared.
    Other routes know nothing of any app and are shared as they are.
    """
    if not isinstance(route, APIRoute):
        return route
    bound = copy.copy(route)
    bound.dependency_overrides_provider = app
    bound.app = request_response(bound.get_route_handler())
    return bound


def _retrainer(settings: Settings) -> Retrainer:
    """Console retraining: trains the project the app edits, then switches its Rasa server."""
    project = settings.project_dir
    return Retrainer(
        project,
        child_env(settings, project),
        functools.partial(connect, settings.rasa_url, settings.rasa_api_token or ""),
        log_path=project / "var" / "logs" / "retrain.log",
    )
