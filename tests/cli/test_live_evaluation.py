"""The live evaluation's own stack settings; its conversations run in `make evaluate`.

Starting the stack needs the trained model and most of a minute, so the live run
itself is left to `make evaluate`; what it says to Rasa is tested against a stand-in
in tests/serving, and its sets, scenarios and figures in tests/evaluation.
"""

from __future__ import annotations

from pathlib import Path

from bot.cli.live_evaluation import evaluation_settings
from bot.settings import load_settings


def test_the_stack_is_our_own_fresh_ports_tokens_and_database(tmp_path: Path) -> None:
    settings = load_settings()
    own = evaluation_settings(settings, tmp_path)
    other = evaluation_settings(settings, tmp_path)
    assert own.database_url == f"sqlite:///{tmp_path / 'evaluation.db'}"
    assert own.rasa_api_token and own.staff_api_token
    assert own.rasa_api_token not in (settings.rasa_api_token, other.rasa_api_token)
    assert len({own.rasa_port, own.action_port, own.web_port}) == 3
    assert own.public_base_url == f"http://127.0.0.1:{own.web_port}"
    assert own.catalog_path == settings.catalog_path
