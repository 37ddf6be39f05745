"""GET /healthz: for orchestrators deciding whether to send customers here."""

from __future__ import annotations

from fastapi import APIRouter, status
from fastapi.responses import JSONResponse

from bot.web.dependencies import HttpClientDep, SettingsDep, StoreDep
from bot.web.probes import check_health

router = APIRouter(tags=["health"])


@router.get("/healthz")
async def healthz(client: HttpClientDep, settings: SettingsDep, store: StoreDep) -> JSONResponse:
    """200 when Rasa has a model, the action server answers and the database pings; else 503."""
    report = await check_health(client, settings, store)
    code = status.HTTP_200_OK if report.ok else status.HTTP_503_SERVICE_UNAVAILABLE
    return JSONResponse(report.to_dict(), status_code=code)
