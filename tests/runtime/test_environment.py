from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from bot.runtime.environment import child_env, settings_env
from bot.settings import Settings, load_settings


def some_settings(tmp_path: Path) -> Settings:
    return Settings(
        database_url=f"sqlite:///{tmp_path / 'x.db'}",
        catalog_path=tmp_path / "catalog.yml",
        rasa_port=6005,
        action_port=6055,
        web_port=8100,
        host="127.0.0.2",
        staff_api_token="staff",
        rasa_api_token="rasa",
        public_base_url="https://shop.example",
    )


def test_a_child_reading_its_environment_gets_the_same_settings(tmp_path: Path) -> None:
    settings = some_settings(tmp_path)
    no_dotenv = tmp_path / "missing.env"
    assert load_settings(env=settings_env(settings), dotenv_path=no_dotenv) == settings


def test_unset_tokens_stay_unset_even_if_dotenv_has_them(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("STAFF_API_TOKEN=from-dotenv\nRASA_API_TOKEN=from-dotenv\n")
    settings = dataclasses.replace(
        some_settings(tmp_path), staff_api_token=None, rasa_api_token=None
    )
    assert load_settings(env=settings_env(settings), dotenv_path=dotenv) == settings


def test_privacy_and_console_settings_reach_children(tmp_path: Path) -> None:
    settings = dataclasses.replace(
        some_settings(tmp_path), retention_days=30, low_confidence_threshold=0.45
    )
    no_dotenv = tmp_path / "missing.env"
    assert load_settings(env=settings_env(settings), dotenv_path=no_dotenv) == settings


def test_unset_retention_stays_unset_even_if_dotenv_has_it(tmp_path: Path) -> None:
    dotenv = tmp_path / ".env"
    dotenv.write_text("RETENTION_DAYS=7\n")
    settings = some_settings(tmp_path)
    assert load_settings(env=settings_env(settings), dotenv_path=dotenv).retention_days is None


def test_children_get_telemetry_off_and_the_project_importable(tmp_path: Path) -> None:
    settings = some_settings(tmp_path)
    env = child_env(settings, Path("/project"), base={"PATH": "/bin", "PYTHONPATH": "/extra"})
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
    assert env["PYTHONPATH"] == f"/project{os.pathsep}/extra"
    assert env["PATH"] == "/bin"
    assert env["RASA_PORT"] == "6005"


def test_without_a_pythonpath_the_project_root_is_all_of_it(tmp_path: Path) -> None:
    env = child_env(some_settings(tmp_path), Path("/project"), base={"RASA_TELEMETRY_ENABLED": "1"})
    assert env["PYTHONPATH"] == "/project"
    assert env["RASA_TELEMETRY_ENABLED"] == "false"
