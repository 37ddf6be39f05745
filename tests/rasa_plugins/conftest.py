"""What the Rasa plugin tests share: a domain, and DATABASE_URL on a fresh SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain


@pytest.fixture
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """The URL `load_settings()` returns during the test, in a folder that does not exist yet."""
    url = f"sqlite:///{tmp_path / 'var' / 'tailor.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    return url


@pytest.fixture
def domain() -> Domain:
    """Just enough of a domain for trackers that talk about a product."""
    return Domain.from_dict(
        {
            "intents": ["greet", "inform"],
            "slots": {
                "product": {
                    "type": "text",
                    "influence_conversation": False,
                    "mappings": [{"type": "from_entity", "entity": "product"}],
                }
            },
            "responses": {"utter_greet": [{"text": "Hello! What would you like to design?"}]},
        }
    )
