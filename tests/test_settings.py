"""Settings the staff console and the privacy commands read: checked, with clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.settings import (
    DEFAULT_LOW_CONFIDENCE,
    MAX_RETENTION_DAYS,
    PROJECT_ROOT,
    SettingsError,
    load_settings,
)


def _load(tmp_path: Path, **env: str):
    return load_settings(env=env, dotenv_path=tmp_path / "missing.env")


def test_retention_and_confidence_have_safe_defaults(tmp_path: Path) -> None:
    settings = _load(tmp_path)

    assert settings.retention_days is None
    assert settings.low_confidence_threshold == DEFAULT_LOW_CONFIDENCE


@pytest.mark.parametrize(("raw", "days"), [("90", 90), (" 1 ", 1), ("", None), ("  ", None)])
def test_retention_days_are_read(tmp_path: Path, raw: str, days: int | None) -> None:
    assert _load(tmp_path, RETENTION_DAYS=raw).retention_days == days


@pytest.mark.parametrize(
    "raw", ["0", "-3", "1.5", "ninety", "9" * 400, str(MAX_RETENTION_DAYS + 1), "1e3", "\x00"]
)
def test_bad_retention_days_name_the_setting_and_the_value(tmp_path: Path, raw: str) -> None:
    with pytest.raises(SettingsError, match="RETENTION_DAYS") as error:
        _load(tmp_path, RETENTION_DAYS=raw)

    assert len(str(error.value)) < 2000


@pytest.mark.parametrize(("raw", "value"), [("0", 0.0), ("1", 1.0), ("0.35", 0.35)])
def test_low_confidence_threshold_is_read(tmp_path: Path, raw: str, value: float) -> None:
    assert _load(tmp_path, LOW_CONFIDENCE_THRESHOLD=raw).low_confidence_threshold == value


@pytest.mark.parametrize("raw", ["-0.1", "1.01", "nan", "inf", "high", "0,5"])
def test_bad_low_confidence_threshold_is_refused(tmp_path: Path, raw: str) -> None:
    with pytest.raises(SettingsError, match="LOW_CONFIDENCE_THRESHOLD"):
        _load(tmp_path, LOW_CONFIDENCE_THRESHOLD=raw)


def test_project_dir_defaults_to_this_checkout(tmp_path: Path) -> None:
    assert _load(tmp_path).project_dir == PROJECT_ROOT
    assert _load(tmp_path, TAILOR_PROJECT_DIR="  ").project_dir == PROJECT_ROOT


def test_project_dir_is_read(tmp_path: Path) -> None:
    (tmp_path / "domain.yml").write_text("version: '3.1'\n")

    assert _load(tmp_path, TAILOR_PROJECT_DIR=f" {tmp_path} ").project_dir == tmp_path


@pytest.mark.parametrize("raw", ["/no/such/folder", "relative/elsewhere", "x" * 5000, "\x00"])
def test_a_project_dir_without_domain_is_refused(tmp_path: Path, raw: str) -> None:
    with pytest.raises(SettingsError, match="TAILOR_PROJECT_DIR") as error:
        _load(tmp_path, TAILOR_PROJECT_DIR=raw)

    assert len(str(error.value)) < 400
