from __future__ import annotations

import dataclasses
from pathlib import Path

import httpx
import pytest

from bot.runtime.components import COMPONENT_NAMES, build_components
from bot.settings import Settings, load_settings


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return dataclasses.replace(
        load_settings(env={}, dotenv_path=tmp_path / "no.env"),
        rasa_port=6005,
        action_port=6055,
        web_port=8100,
        host="127.0.0.2",
        rasa_api_token="t0ken",
    )


def test_components_come_in_dependency_order(settings: Settings) -> None:
    assert tuple(build_components(settings, "py")) == COMPONENT_NAMES == ("actions", "rasa", "web")


def test_command_lines(settings: Settings) -> None:
    components = build_components(settings, "/venv/bin/python")
    assert components["actions"].argv == (
        "/venv/bin/python", "-m", "actions.server", "--actions", "actions",
        "--port", "6055",
    )  # fmt: skip
    assert components["rasa"].argv == (
        "/venv/bin/python", "-m", "bot.rasa_plugins.server", "run", "--enable-api",
        "--port", "6005", "-i", "127.0.0.2", "--endpoints", "endpoints.yml",
        "--credentials", "credentials.yml", "--model", "models",
        "--cors", "http://localhost:8000", "http://localhost:8100", "http://127.0.0.1:8100",
        "http://127.0.0.2:8100",
    )  # fmt: skip
    assert components["web"].argv == (
        "/venv/bin/python", "-m", "uvicorn", "bot.web.app:create_app", "--factory",
        "--ws", "none", "--host", "127.0.0.2", "--port", "8100",
    )  # fmt: skip


def test_rasa_allows_exactly_the_configured_widget_origins(settings: Settings) -> None:
    shops = ("https://shop.example", "https://www.shop.example:8443")
    rasa = build_components(dataclasses.replace(settings, widget_allowed_origins=shops), "py")[
        "rasa"
    ]
    assert rasa.argv[rasa.argv.index("--cors") + 1 :] == shops
    assert "*" not in rasa.argv


def test_no_token_is_on_any_command_line(settings: Settings) -> None:
    """Every local user can read a command line (`ps`); Rasa gets it from RASA_API_TOKEN."""
    for component in build_components(settings, "py").values():
        assert not any("t0ken" in argument for argument in component.argv)


def test_the_action_server_listens_on_the_configured_host_only(settings: Settings) -> None:
    actions = build_components(settings, "py")["actions"]
    assert actions.extra_env == {"SANIC_HOST": "127.0.0.2"}
    assert actions.bind_host == "127.0.0.2"


def test_rasa_is_told_where_the_action_server_is(settings: Settings) -> None:
    rasa = build_components(settings, "py")["rasa"]
    assert rasa.extra_env == {"ACTION_ENDPOINT_URL": "http://127.0.0.2:6055/webhook"}


def test_readiness_endpoints(settings: Settings) -> None:
    components = build_components(settings, "py")
    assert components["actions"].ready_url == "http://127.0.0.2:6055/health"
    assert components["rasa"].ready_url == "http://127.0.0.2:6005/status"
    assert components["rasa"].ready_params == {"token": "t0ken"}
    assert components["web"].ready_url == "http://127.0.0.2:8100/healthz"


def test_the_rasa_api_is_never_started_without_a_token(settings: Settings) -> None:
    with pytest.raises(ValueError, match="Rasa API token"):
        build_components(dataclasses.replace(settings, rasa_api_token=None), "py")


@pytest.mark.parametrize(
    ("status", "body", "ready"),
    [
        (200, b'{"model_file": "20240101-120000.tar.gz", "model_id": "x"}', True),
        (200, b'{"model_file": null}', False),
        (200, b'{"model_file": ""}', False),
        (200, b"[]", False),
        (200, b"Hello from Rasa", False),
        (409, b'{"reason": "NoAgent"}', False),
        (401, b'{"reason": "NotAuthenticated"}', False),
    ],
)
def test_rasa_is_ready_only_with_a_model_loaded(
    settings: Settings, status: int, body: bytes, ready: bool
) -> None:
    rasa = build_components(settings, "py")["rasa"]
    assert rasa.ready_check(httpx.Response(status, content=body)) is ready


@pytest.mark.parametrize(("status", "ready"), [(200, True), (503, False), (404, False)])
def test_the_other_components_are_ready_when_their_health_answers_200(
    settings: Settings, status: int, ready: bool
) -> None:
    for name in ("actions", "web"):
        component = build_components(settings, "py")[name]
        assert component.ready_check(httpx.Response(status)) is ready


def test_a_server_that_is_not_listening_is_not_ready(settings: Settings) -> None:
    actions = build_components(dataclasses.replace(settings, host="127.0.0.1"), "py")["actions"]
    with httpx.Client(timeout=1) as client:
        assert not actions.is_ready(client)
