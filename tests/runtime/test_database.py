from __future__ import annotations

from pathlib import Path

import pytest

from bot.runtime.database import describe_database, migrate
from bot.runtime.errors import ConfigurationError


def test_passwords_are_masked_when_describing_a_database() -> None:
    assert describe_database("postgresql://u:pw@db/t") == "postgresql://u:***@db/t"
    assert describe_database("sqlite:///var/tailor.db") == "sqlite:///var/tailor.db"
    assert describe_database("::garbage::pw") == "an unparseable DATABASE_URL"


def test_migrating_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'tailor.db'}"
    migrate(url)
    migrate(url)
    assert (tmp_path / "nested" / "tailor.db").is_file()


def test_an_unparseable_url_is_not_echoed() -> None:
    with pytest.raises(ConfigurationError) as error:
        migrate("mysql+://user:hunter2@")
    assert "hunter2" not in str(error.value)
