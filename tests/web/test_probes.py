"""The probes' time bounds, which the routes cannot test without waiting seconds."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from bot.settings import Settings
from bot.storage.migrate import upgrade_to_head
from bot.storage.repository import Store
from bot.web.probes import HealthReport, check_health

from .support import Canned, StandIn


@pytest.fixture
def migrated_store(settings: Settings) -> Store:
    upgrade_to_head(settings.database_url)
    return Store.from_url(settings.database_url)


def _check(settings: Settings, store: Store, timeout: float) -> HealthReport:
    async def run() -> HealthReport:
        async with httpx.AsyncClient() as client:
            return await check_health(client, settings, store, timeout=timeout)

    return asyncio.run(run())


def test_a_probe_that_hangs_is_cut_off(
    settings: Settings, migrated_store: Store, rasa: StandIn
) -> None:
    rasa.responses["/status"] = Canned(body={"model_file": "m.tar.gz"}, delay_seconds=3)

    started = time.monotonic()
    report = _check(settings, migrated_store, timeout=0.3)

    assert time.monotonic() - started < 2
    assert report.checks["rasa"].to_dict() == {"ok": False, "detail": "no answer within 0.3 s"}
    assert report.checks["actions"].ok
    assert report.checks["database"].ok
    assert not report.ok


def test_probes_run_concurrently(
    settings: Settings, migrated_store: Store, rasa: StandIn, actions: StandIn
) -> None:
    rasa.responses["/status"] = Canned(body={"model_file": "m.tar.gz"}, delay_seconds=0.6)
    actions.responses["/health"] = Canned(delay_seconds=0.6)

    started = time.monotonic()
    report = _check(settings, migrated_store, timeout=2)

    assert time.monotonic() - started < 1.1
    assert report.ok
    assert report.to_dict()["status"] == "ok"
