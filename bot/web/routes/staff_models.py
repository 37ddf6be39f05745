"""Models, for trainers: which one the bot serves, retraining, and switching models.

Retraining runs `tailor train` in the background (a minute or two) and then switches
the running Rasa server to the new model through Rasa's token-protected model
endpoint; Rasa loads the new model while the old one keeps answering, so customers
notice nothing. Any earlier model can be switched back to the same way.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import httpx
from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.layout import MODELS_DIR
from bot.serving.rasa_server import ModelSwitchError, RasaServer, ServedModel
from bot.serving.registry import list_models
from bot.settings import Settings
from bot.web.dependencies import RetrainerDep, SettingsDep
from bot.web.staff_pages import render_staff
from bot.web.staff_session import CsrfTrainerDep, StaffPageError, TrainerDep, form_field
from bot.web.tls import verifying_context

router = APIRouter(prefix="/staff/models", tags=["staff"])

MODELS_PATH = "/staff/models"
STATUS_TIMEOUT = 3.0
"""The page asks Rasa which model it serves; a busy or absent server must not stall it."""
SWITCH_TIMEOUT = 180.0
"""Loading a model takes Rasa up to a minute on a small machine."""
NOTICES = {
    "retraining": "Retraining has started; this page shows how it goes.",
    "busy": "A retraining is already running; wait for it to finish.",
    "activated": "The bot now serves the chosen model.",
    "stopped": "The retraining was stopped; the bot keeps serving the same model.",
    "not-running": "No retraining was running.",
}
"""Notices a redirect may show, named by key so a link cannot put words on the page."""


@router.get("", response_class=HTMLResponse)
async def models_page(
    request: Request, staff: TrainerDep, settings: SettingsDep, retrainer: RetrainerDep
) -> HTMLResponse:
    """Every trained model, the one being served, and the latest retraining's progress."""
    served, unreachable = await run_in_threadpool(_served, settings)
    models = await run_in_threadpool(list_models, settings.project_dir / MODELS_DIR)
    return render_staff(
        request,
        "staff/models.html",
        staff,
        models=models,
        served=served,
        unreachable=unreachable,
        retraining=retrainer.state,
        notice=NOTICES.get(request.query_params.get("notice", ""), ""),
    )


@router.post("/retrain")
def retrain(staff: CsrfTrainerDep, retrainer: RetrainerDep) -> Response:
    """Start training on the project's current data; the new model is served when done."""
    return _back("retraining" if retrainer.start() else "busy")


@router.post("/stop")
async def stop_retraining(staff: CsrfTrainerDep, retrainer: RetrainerDep) -> Response:
    """Stop the running retraining, e.g. one started by mistake; nothing is switched."""
    running = retrainer.state.status == "running"
    await run_in_threadpool(retrainer.stop)
    return _back("stopped" if running else "not-running")


@router.post("/activate")
async def activate(request: Request, staff: CsrfTrainerDep, settings: SettingsDep) -> Response:
    """Switch the running Rasa server to the chosen model file."""
    label = await form_field(request, "model")
    models = await run_in_threadpool(list_models, settings.project_dir / MODELS_DIR)
    chosen = next((model for model in models if model.label == label), None)
    if chosen is None:
        raise StaffPageError(
            status.HTTP_404_NOT_FOUND, "There is no such model; it may have been deleted."
        )
    try:
        await run_in_threadpool(_switch, settings, chosen.path)
    except (ModelSwitchError, ValueError) as error:  # ValueError: no RASA_API_TOKEN
        raise StaffPageError(status.HTTP_502_BAD_GATEWAY, str(error)) from None
    return _back("activated")


def _served(settings: Settings) -> tuple[ServedModel | None, str]:
    """The model Rasa serves now, or why that could not be found out."""
    with httpx.Client(timeout=STATUS_TIMEOUT, verify=verifying_context()) as client:
        try:
            return _rasa(settings, client).status(), ""
        except (ModelSwitchError, ValueError) as error:  # ValueError: no RASA_API_TOKEN
            return None, str(error)


def _switch(settings: Settings, path: Path) -> ServedModel:
    with httpx.Client(timeout=SWITCH_TIMEOUT, verify=verifying_context()) as client:
        return _rasa(settings, client).activate(path)


def _rasa(settings: Settings, client: httpx.Client) -> RasaServer:
    return RasaServer(settings.rasa_url, settings.rasa_api_token or "", client)


def _back(notice: str) -> RedirectResponse:
    return RedirectResponse(
        f"{MODELS_PATH}?{urlencode({'notice': notice})}", status_code=status.HTTP_303_SEE_OTHER
    )
