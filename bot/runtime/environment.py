"""The environment every process of the stack is started with.

Children get the *resolved* settings spelled out as variables rather than relying on
them to re-read `.env`: the supervisor may have changed values (free ports in tests,
a generated Rasa token), and every component must agree on them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

from bot.settings import Settings


def settings_env(settings: Settings) -> dict[str, str]:
    """The variables that make `load_settings()` in a child return `settings` again.

    Unset optional tokens are exported as empty strings (which `load_settings` reads
    as "unset") so a value in `.env` cannot sneak back in underneath.
    """
    return {
        "DATABASE_URL": settings.database_url,
        "CATALOG_PATH": str(settings.catalog_path),
        "RASA_PORT": str(settings.rasa_port),
        "ACTION_PORT": str(settings.action_port),
        "WEB_PORT": str(settings.web_port),
        "TAILOR_HOST": settings.host,
        "STAFF_API_TOKEN": settings.staff_api_token or "",
        "RASA_API_TOKEN": settings.rasa_api_token or "",
        "PUBLIC_BASE_URL": settings.public_base_url,
        "WIDGET_ALLOWED_ORIGINS": ",".join(settings.widget_allowed_origins or ()),
        "RETENTION_DAYS": "" if settings.retention_days is None else str(settings.retention_days),
        "LOW_CONFIDENCE_THRESHOLD": repr(settings.low_confidence_threshold),
        "TAILOR_PROJECT_DIR": str(settings.project_dir),
    }


def child_env(
    settings: Settings, project_root: Path, base: Mapping[str, str] | None = None
) -> dict[str, str]:
    """`base` (default: our environment) plus the settings, with telemetry off.

    The project root goes first on PYTHONPATH because Rasa imports `bot.rasa_plugins`
    and `actions` by name, whatever directory it was started from.
    """
    env = dict(os.environ if base is None else base)
    env.update(settings_env(settings))
    env["RASA_TELEMETRY_ENABLED"] = "false"
    inherited = env.get("PYTHONPATH")
    env["PYTHONPATH"] = f"{project_root}{os.pathsep}{inherited}" if inherited else str(project_root)
    return env
