"""What each component of the stack runs, where it listens and how it proves it is up.

Declared as data so the supervisor (`bot.runtime.stack`) stays generic and the command
lines can be read in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import httpx

from bot.layout import CREDENTIALS_FILE, ENDPOINTS_FILE, MODELS_DIR
from bot.settings import Settings

COMPONENT_NAMES = ("actions", "rasa", "web")
"""Rasa calls the action server, the web app calls Rasa: stopped in reverse order."""


def _answers_ok(response: httpx.Response) -> bool:
    return response.status_code == 200


def _has_model_loaded(response: httpx.Response) -> bool:
    """Rasa answers /status before a model is loaded; only a model makes it useful."""
    if response.status_code != 200:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and bool(body.get("model_file"))


@dataclass(frozen=True)
class Component:
    """One server of the stack and how to tell that it is ready."""

    name: str
    argv: tuple[str, ...]
    port: int
    port_setting: str
    """The variable to change when the port is taken, named in the error message."""
    bind_host: str
    ready_url: str
    ready_params: Mapping[str, str] = field(default_factory=dict)
    ready_check: Callable[[httpx.Response], bool] = _answers_ok
    extra_env: Mapping[str, str] = field(default_factory=dict)

    def is_ready(self, client: httpx.Client) -> bool:
        """Probe once; a refused or hanging connection just means "not yet"."""
        try:
            response = client.get(self.ready_url, params=dict(self.ready_params))
        except httpx.HTTPError:
            return False
        return self.ready_check(response)


def build_components(settings: Settings, python: str) -> dict[str, Component]:
    """The three components for `settings`, in `COMPONENT_NAMES` order.

    `settings.rasa_api_token` must be set: the Rasa HTTP API is never started open.
    Rasa reads it from `RASA_API_TOKEN` in its environment (`bot.rasa_plugins.server`),
    never from its command line, which every local user can read.
    `python` is the interpreter whose environment has Rasa and uvicorn installed.
    """
    if not settings.rasa_api_token:
        raise ValueError("the stack needs a Rasa API token; Stack generates one if unset")
    host = settings.host
    actions = Component(
        name="actions",
        argv=(
            *(python, "-m", "actions.server"),
            *("--actions", "actions", "--port", str(settings.action_port)),
        ),
        port=settings.action_port,
        port_setting="ACTION_PORT",
        bind_host=host,
        ready_url=f"http://{host}:{settings.action_port}/health",
        # rasa_sdk has no option for the interface; it reads this variable.
        extra_env={"SANIC_HOST": host},
    )
    rasa = Component(
        name="rasa",
        argv=(
            *(python, "-m", "bot.rasa_plugins.server", "run", "--enable-api"),
            *("--port", str(settings.rasa_port), "-i", host),
            *("--endpoints", ENDPOINTS_FILE, "--credentials", CREDENTIALS_FILE),
            *("--model", MODELS_DIR),
            # Browsers on these shop pages may read the REST channel's replies (the
            # widget); without the flag Rasa would answer no origin, with `*` any.
            *("--cors", *settings.widget_origins),
        ),
        port=settings.rasa_port,
        port_setting="RASA_PORT",
        bind_host=host,
        ready_url=f"{settings.rasa_url}/status",
        ready_params={"token": settings.rasa_api_token},
        ready_check=_has_model_loaded,
        extra_env={"ACTION_ENDPOINT_URL": settings.action_server_url},
    )
    web = Component(
        name="web",
        argv=(
            *(python, "-m", "uvicorn", "bot.web.app:create_app", "--factory"),
            # uvicorn's websocket support fails to import with the websockets Rasa pins,
            # and the web app serves no websockets.
            *("--ws", "none"),
            *("--host", host, "--port", str(settings.web_port)),
        ),
        port=settings.web_port,
        port_setting="WEB_PORT",
        bind_host=host,
        ready_url=f"http://{host}:{settings.web_port}/healthz",
    )
    return {component.name: component for component in (actions, rasa, web)}
