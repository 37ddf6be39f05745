"""`tailor models list` and `tailor models activate`: the trained models, and switching.

Switching goes through the running Rasa server's model endpoint, so customers keep
being served. That endpoint is protected by RASA_API_TOKEN; when it is unset, `tailor
run` makes up a token only its own components know, and no other terminal can switch.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.layout import MODELS_DIR
from bot.runtime.errors import ConfigurationError, TailorError
from bot.serving.rasa_server import ModelSwitchError, ServedModel, connect
from bot.serving.registry import (
    ModelInfo,
    ModelLookupError,
    UnknownModel,
    list_models,
    select_model,
)
from bot.settings import Settings

STATUS_TIMEOUT = 10.0
"""Listing only asks which model is served; a Rasa busy loading one is reported as such."""

MISSING_TOKEN = (
    "RASA_API_TOKEN is not set, so the running Rasa server has a random token that only "
    "`tailor run` knows; set RASA_API_TOKEN in .env before `tailor run` to switch models "
    "from here"
)


class ModelCommandError(TailorError):
    """No such model, or the Rasa server could not be switched: exit status 1."""


class ModelInputError(TailorError):
    """The model reference is empty or names several models: exit status 2."""

    exit_code = 2


def add_models_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tailor models` and its subcommands on the main parser's subcommands."""
    models = commands.add_parser(
        "models",
        help="list the trained models, switch the running Rasa server to one",
        description=f"Work on the trained models in {MODELS_DIR}/ and the model the Rasa "
        "server serves. Switching needs RASA_API_TOKEN to be the token the server was "
        "started with (set it in .env before `tailor run`).",
    )
    actions = models.add_subparsers(dest="models_command", metavar="MODELS_COMMAND", required=True)
    listing = actions.add_parser(
        "list",
        help="the models, newest first, and which one Rasa serves",
        description="List the models, newest first, with model id, training time and size, "
        "and mark the one the Rasa server at RASA_PORT serves (if it answers).",
    )
    listing.set_defaults(handler=_list)
    activate = actions.add_parser(
        "activate",
        help="make the running Rasa server serve a model (default: the newest)",
        description="Switch the running Rasa server to a model without stopping it. It "
        "keeps its current model until the new one is loaded; messages arriving during "
        "the load (up to a minute) wait and are answered by the new model, none are lost. "
        "Exit status 1 if the model is unknown or the server cannot be switched.",
    )
    activate.add_argument(
        "model",
        nargs="?",
        metavar="MODEL",
        help="file name (with or without .tar.gz), path, or the start of the model id "
        "(default: the newest model)",
    )
    activate.set_defaults(handler=_activate)


def require_rasa_token(settings: Settings) -> str:
    """RASA_API_TOKEN; `ConfigurationError` saying how to set it when it is unset.

    Public so `tailor train --activate` checks it before a minute of training.
    """
    if not settings.rasa_api_token:
        raise ConfigurationError(MISSING_TOKEN)
    return settings.rasa_api_token


def switch_model(settings: Settings, project_dir: Path, reference: str | None = None) -> None:
    """Make the Rasa server serve the model `reference` names (default: the newest)."""
    model = _pick(project_dir / MODELS_DIR, reference)
    with connect(settings.rasa_url, require_rasa_token(settings)) as server:
        try:
            if server.status().model_file == model.path.name:
                print(f"The Rasa server at {server.url} already serves {model.label}.")
                return
            print(
                f"Switching the Rasa server at {server.url} to {model.label}; customers' "
                "messages wait while it loads (up to a minute), none are lost...",
                flush=True,
            )
            served = server.activate(model.path)
        except ModelSwitchError as error:
            raise ModelCommandError(str(error)) from None
    print(f"The Rasa server now serves {model.label} (model id {served.model_id}).")


def _list(args: argparse.Namespace, settings: Settings) -> int:
    models_dir = args.project_dir / MODELS_DIR
    served, problem = _served(settings)
    models = list_models(models_dir)
    if problem:
        print(f"Which model Rasa serves is unknown: {problem}.")
    if not models:
        print(f"No models in {models_dir}; run `tailor train`.")
        return 0
    names = {model.path.name for model in models}
    if served is not None and served.model_file not in names:
        print(
            f"The Rasa server at {settings.rasa_url} serves {served.model_file}, not one of these."
        )
    marker = f" (* = served by the Rasa server at {settings.rasa_url})" if served else ""
    print(f"Models in {models_dir}, newest first{marker}:")
    width = max(len(model.label) for model in models)
    for model in models:
        mark = "*" if served is not None and served.model_file == model.path.name else " "
        trained = model.trained_at.strftime("%Y-%m-%d %H:%M UTC")
        print(f"{mark} {model.label:<{width}}  {model.model_id}  {trained}  {_size(model.size):>8}")
    return 0


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{size / 1000:.0f} kB"


def _served(settings: Settings) -> tuple[ServedModel | None, str | None]:
    """What the Rasa server serves, or why that is unknown (one line)."""
    try:
        with connect(
            settings.rasa_url, require_rasa_token(settings), timeout=STATUS_TIMEOUT
        ) as server:
            return server.status(), None
    except (ConfigurationError, ModelSwitchError) as error:
        return None, str(error)


def _activate(args: argparse.Namespace, settings: Settings) -> int:
    switch_model(settings, args.project_dir, args.model)
    return 0


def _pick(models_dir: Path, reference: str | None) -> ModelInfo:
    models = list_models(models_dir)
    if not models:
        raise ModelCommandError(f"no models in {models_dir}; run `tailor train` first")
    if reference is None:
        return models[0]
    try:
        return select_model(models, reference)
    except UnknownModel as error:
        raise ModelCommandError(f"{error} (see `tailor models list`)") from None
    except ModelLookupError as error:  # ambiguous, or no reference at all
        raise ModelInputError(str(error)) from None
