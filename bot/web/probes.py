"""Readiness probes of the three things a conversation needs: Rasa, actions, database.

A probe never raises and never returns exception text: the report is public, the Rasa
status URL carries RASA_API_TOKEN, and driver errors can name hosts or users. Causes
are logged server-side instead, HTTP ones by exception type only (their messages and
tracebacks may quote the tokenised URL).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import asdict, dataclass
from typing import Any

import httpx

from bot.settings import Settings
from bot.storage.repository import Store

PROBE_TIMEOUT_SECONDS = 2.0
"""Per probe, end to end: a health check that hangs is as useless as one that fails."""

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Check:
    """The outcome of one probe, as shown in the health report."""

    ok: bool
    detail: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class HealthReport:
    """All probes together; healthy only when every one passed."""

    checks: dict[str, Check]

    @property
    def ok(self) -> bool:
        """Whether the stack can hold a conversation right now."""
        return all(check.ok for check in self.checks.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "status": "ok" if self.ok else "unavailable",
            "checks": {name: check.to_dict() for name, check in self.checks.items()},
        }


async def probe_rasa(client: httpx.AsyncClient, settings: Settings) -> Check:
    """Rasa is ready only with a model loaded: a running server without one cannot talk."""
    params = {"token": settings.rasa_api_token} if settings.rasa_api_token else None
    response = await _get(client, f"{settings.rasa_url}/status", params, "rasa")
    if isinstance(response, Check):
        return response
    try:
        status = response.json()
    except ValueError:
        status = None
    if not isinstance(status, dict):
        return Check(ok=False, detail="status response is not a JSON object")
    model_file = status.get("model_file")
    if not isinstance(model_file, str) or not model_file:
        return Check(ok=False, detail="no model loaded")
    return Check(ok=True, detail="model loaded")


async def probe_actions(client: httpx.AsyncClient, settings: Settings) -> Check:
    """The action server's own health endpoint: 200 means it can run our actions."""
    url = f"http://{settings.host}:{settings.action_port}/health"
    response = await _get(client, url, None, "actions")
    return response if isinstance(response, Check) else Check(ok=True, detail="reachable")


async def probe_database(store: Store) -> Check:
    """Ping in a worker thread: the store is synchronous and must not block the loop."""
    try:
        await asyncio.to_thread(store.ping)
    except Exception:
        logger.warning("health: database ping failed", exc_info=True)
        return Check(ok=False, detail="database unreachable")
    return Check(ok=True, detail="reachable")


async def check_health(
    client: httpx.AsyncClient,
    settings: Settings,
    store: Store,
    timeout: float = PROBE_TIMEOUT_SECONDS,
) -> HealthReport:
    """Run every probe concurrently, each bounded by `timeout`."""
    probes = {
        "rasa": probe_rasa(client, settings),
        "actions": probe_actions(client, settings),
        "database": probe_database(store),
    }
    results = await asyncio.gather(
        *(_bounded(name, probe, timeout) for name, probe in probes.items())
    )
    return HealthReport(checks=dict(zip(probes, results, strict=True)))


async def _bounded(name: str, probe: Awaitable[Check], timeout: float) -> Check:
    """A deadline over the whole probe; per-phase HTTP timeouts could add up past it."""
    try:
        return await asyncio.wait_for(probe, timeout)
    except asyncio.TimeoutError:
        logger.warning("health: %s probe timed out after %s s", name, timeout)
        return Check(ok=False, detail=f"no answer within {timeout:g} s")


async def _get(
    client: httpx.AsyncClient, url: str, params: dict[str, str] | None, name: str
) -> httpx.Response | Check:
    """GET `url`: the 200 response, or the failed Check explaining why not."""
    try:
        response = await client.get(url, params=params)
    except httpx.HTTPError as error:
        logger.warning("health: %s probe failed: %s", name, type(error).__name__)
        return Check(ok=False, detail="unreachable")
    if response.status_code != httpx.codes.OK:
        return Check(ok=False, detail=f"answered HTTP {response.status_code}")
    return response
