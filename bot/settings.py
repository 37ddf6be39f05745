"""Runtime settings, read once from the environment (and `.env`, which never overrides it).

Every process of the stack (web app, action server, Rasa plugins, CLI) reads the same
settings through `load_settings`, so a value documented in `.env.example` means the same
thing everywhere.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CATALOG_PATH = Path(__file__).resolve().parent / "catalog" / "demo-catalog.yml"
DEFAULT_DATABASE_URL = f"sqlite:///{PROJECT_ROOT / 'var' / 'tailor.db'}"
DEFAULT_LOW_CONFIDENCE = 0.6
MAX_RETENTION_DAYS = 36_500


class SettingsError(ValueError):
    """A setting has a value the stack cannot run with."""


@dataclass(frozen=True)
class Settings:
    """What the processes of the stack need to find each other and their data."""

    database_url: str
    catalog_path: Path
    rasa_port: int
    action_port: int
    web_port: int
    host: str
    staff_api_token: str | None
    rasa_api_token: str | None
    public_base_url: str
    widget_allowed_origins: tuple[str, ...] | None = None
    """WIDGET_ALLOWED_ORIGINS as given; None (unset) means `widget_origins`' default."""
    retention_days: int | None = None
    """RETENTION_DAYS: transcripts older than this are purged; None keeps them."""
    low_confidence_threshold: float = DEFAULT_LOW_CONFIDENCE
    """LOW_CONFIDENCE_THRESHOLD: a customer turn whose intent confidence is below this
    counts as low-confidence in the staff console."""
    project_dir: Path = PROJECT_ROOT
    """TAILOR_PROJECT_DIR: the checkout whose data/, tests/ and models/ trainers change
    from the console (the NLU inbox, story export, retraining). `tailor run` sets it to
    the folder it serves, so the web app edits the training data of the model it runs."""

    @property
    def rasa_url(self) -> str:
        """Base URL of the Rasa server (REST channel and HTTP API)."""
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_server_url(self) -> str:
        """Webhook URL of the action server, as Rasa's `action_endpoint` wants it."""
        return f"http://{self.host}:{self.action_port}/webhook"

    @property
    def widget_origins(self) -> tuple[str, ...]:
        """The shop pages (origins) whose browsers may talk to the bot: Rasa's CORS list.

        By default only the web app's own pages, so the demo shop works out of the box
        and no other site can script conversations through a visitor's browser. Derived
        rather than stored so a changed WEB_PORT (free ports in tests) moves it along.
        """
        if self.widget_allowed_origins is not None:
            return self.widget_allowed_origins
        own = [f"http://{name}:{self.web_port}" for name in ("localhost", "127.0.0.1", self.host)]
        public = _origin(self.public_base_url)
        return tuple(dict.fromkeys([public, *own] if public else own))

    def spec_link(self, spec_id: str) -> str:
        """The shareable link to a specification's printable page."""
        return f"{self.public_base_url.rstrip('/')}/specs/{spec_id}"


def _port(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        port = int(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a port number, got {raw!r}") from None
    if not 0 < port < 65536:
        raise SettingsError(f"{name} must be between 1 and 65535, got {port}")
    return port


def _retention_days(env: Mapping[str, str]) -> int | None:
    raw = env.get("RETENTION_DAYS", "").strip()
    if not raw:
        return None
    try:
        days = int(raw)
    except ValueError:
        raise SettingsError(f"RETENTION_DAYS must be a whole number of days, got {raw!r}") from None
    if not 1 <= days <= MAX_RETENTION_DAYS:
        raise SettingsError(
            f"RETENTION_DAYS must be between 1 and {MAX_RETENTION_DAYS}, got {days}"
        )
    return days


def _confidence(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise SettingsError(f"{name} must be a number between 0 and 1, got {raw!r}") from None
    if not 0.0 <= value <= 1.0:  # also refuses nan
        raise SettingsError(f"{name} must be a number between 0 and 1, got {raw!r}")
    return value


def _optional(env: Mapping[str, str], name: str) -> str | None:
    value = env.get(name, "").strip()
    return value or None


_DEFAULT_PORTS = {"http": 80, "https": 443}
_HOST = re.compile(r"[a-z0-9.-]+")
"""A DNS name or IPv4 address (urlsplit lower-cases it). No wildcards, and no IPv6:
Rasa's CORS library reads an origin containing `[` or `]` as a regular expression."""


def _origin(url: str) -> str | None:
    """The origin of an http(s) URL as browsers send it (lower case, no default port).

    None for anything else, including URLs with credentials or an invalid port.
    """
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        return None
    if scheme not in _DEFAULT_PORTS or "@" in parts.netloc:
        return None
    if not parts.hostname or not _HOST.fullmatch(parts.hostname):
        return None
    default_port = port in (None, _DEFAULT_PORTS[scheme])
    return f"{scheme}://{parts.hostname}" + ("" if default_port else f":{port}")


def _origins(env: Mapping[str, str], name: str) -> tuple[str, ...] | None:
    """A comma-separated list of origins; None when unset or empty.

    Strict on purpose: a path, a typo or `*` would silently break or open CORS, so
    they stop the stack with the value to fix instead.
    """
    origins = []
    for entry in (entry.strip() for entry in env.get(name, "").split(",")):
        if not entry:
            continue
        parts = urlsplit(entry)
        origin = _origin(entry)
        if origin is None or parts.path not in ("", "/") or parts.query or parts.fragment:
            raise SettingsError(
                f"{name} must list origins like https://shop.example.com "
                f"(scheme, host and optional port, comma-separated), got {entry!r}"
            )
        origins.append(origin)
    return tuple(dict.fromkeys(origins)) or None


def _project_dir(env: Mapping[str, str]) -> Path:
    """TAILOR_PROJECT_DIR, which must be an existing folder holding domain.yml."""
    raw = env.get("TAILOR_PROJECT_DIR", "").strip()
    if not raw:
        return PROJECT_ROOT
    path = Path(raw)
    try:
        is_checkout = (path / "domain.yml").is_file()
    except (OSError, ValueError):  # a name too long for the system, or with a NUL
        is_checkout = False
    if not is_checkout:
        raise SettingsError(
            f"TAILOR_PROJECT_DIR must be a Tailor checkout (a folder with domain.yml), "
            f"got {raw[:200]!r}"
        )
    return path


def load_settings(
    env: Mapping[str, str] | None = None, dotenv_path: Path | None = None
) -> Settings:
    """Read settings from `env` (default: the process environment) over `.env`.

    Real environment variables win over `.env`, so a deployment can override any
    line of a checked-out `.env` without editing it.
    """
    path = dotenv_path if dotenv_path is not None else PROJECT_ROOT / ".env"
    merged: dict[str, str] = (
        {k: v for k, v in dotenv_values(path).items() if v is not None} if path.is_file() else {}
    )
    merged.update(os.environ if env is None else env)

    web_port = _port(merged, "WEB_PORT", 8000)
    host = merged.get("TAILOR_HOST", "").strip() or "127.0.0.1"
    return Settings(
        database_url=merged.get("DATABASE_URL", "").strip() or DEFAULT_DATABASE_URL,
        catalog_path=Path(merged.get("CATALOG_PATH", "").strip() or DEFAULT_CATALOG_PATH),
        rasa_port=_port(merged, "RASA_PORT", 5005),
        action_port=_port(merged, "ACTION_PORT", 5055),
        web_port=web_port,
        host=host,
        staff_api_token=_optional(merged, "STAFF_API_TOKEN"),
        rasa_api_token=_optional(merged, "RASA_API_TOKEN"),
        public_base_url=merged.get("PUBLIC_BASE_URL", "").strip() or f"http://localhost:{web_port}",
        widget_allowed_origins=_origins(merged, "WIDGET_ALLOWED_ORIGINS"),
        retention_days=_retention_days(merged),
        low_confidence_threshold=_confidence(
            merged, "LOW_CONFIDENCE_THRESHOLD", DEFAULT_LOW_CONFIDENCE
        ),
        project_dir=_project_dir(merged),
    )
