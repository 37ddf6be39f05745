"""WIDGET_ALLOWED_ORIGINS: which shop pages' browsers may talk to the bot (Rasa's CORS)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from bot.settings import Settings, SettingsError, load_settings


def settings_from(tmp_path: Path, **env: str) -> Settings:
    return load_settings(env=env, dotenv_path=tmp_path / "no.env")


def test_by_default_only_the_web_apps_own_pages_may_talk_to_the_bot(tmp_path: Path) -> None:
    settings = settings_from(tmp_path, WEB_PORT="8100", PUBLIC_BASE_URL="https://Shop.example/x")
    assert settings.widget_allowed_origins is None
    assert settings.widget_origins == (
        "https://shop.example",
        "http://localhost:8100",
        "http://127.0.0.1:8100",
    )


def test_the_default_follows_a_changed_web_port(tmp_path: Path) -> None:
    settings = dataclasses.replace(settings_from(tmp_path), web_port=9123, host="127.0.0.2")
    assert "http://127.0.0.1:9123" in settings.widget_origins
    assert "http://127.0.0.2:9123" in settings.widget_origins


def test_configured_origins_replace_the_default_and_are_normalised(tmp_path: Path) -> None:
    settings = settings_from(
        tmp_path,
        WIDGET_ALLOWED_ORIGINS=" https://Shop.Example:443/ ,http://localhost:3000,,"
        "https://shop.example",
    )
    assert settings.widget_origins == ("https://shop.example", "http://localhost:3000")


def test_an_empty_value_means_the_default(tmp_path: Path) -> None:
    assert settings_from(tmp_path, WIDGET_ALLOWED_ORIGINS=" , ").widget_allowed_origins is None


@pytest.mark.parametrize(
    "value",
    [
        "*",
        "https://*.shop.example",
        "shop.example",
        "https://shop.example/checkout",
        "https://shop.example?x=1",
        "https://shop.example#top",
        "https://user:pw@shop.example",
        "https://shop.example:99999",
        "ftp://shop.example",
        "javascript:alert(1)",
        "https://",
        "https://shop.example, null",
        "http://[::1]:8000",
    ],
)
def test_anything_but_an_origin_stops_the_stack_with_the_value_to_fix(
    tmp_path: Path, value: str
) -> None:
    with pytest.raises(SettingsError, match="WIDGET_ALLOWED_ORIGINS"):
        settings_from(tmp_path, WIDGET_ALLOWED_ORIGINS=value)
