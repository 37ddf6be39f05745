"""Fixtures every test package may use."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime.stack import free_port


@pytest.fixture
def isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Settings pointing at a temporary database and free ports, whatever `.env` says."""
    values = {
        "DATABASE_URL": f"sqlite:///{tmp_path / 'tailor.db'}",
        "RASA_PORT": str(free_port()),
        "ACTION_PORT": str(free_port()),
        "WEB_PORT": str(free_port()),
        "TAILOR_HOST": "127.0.0.1",
        "RASA_API_TOKEN": "",
        "STAFF_API_TOKEN": "",
        "PUBLIC_BASE_URL": "",
        "CATALOG_PATH": "",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values
