"""`python -m actions.server`: rasa_sdk's arguments are read before any warm-up work."""

from __future__ import annotations

import subprocess
import sys

import pytest

from actions.server import main


@pytest.mark.parametrize(
    "arguments",
    [["--port", "not-a-port"], ["--port"], ["--no-such-option"], ["--port", "9" * 5000]],
    ids=["malformed", "empty", "unknown", "huge"],
)
def test_bad_arguments_exit_2_with_usage(
    arguments: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(arguments)

    assert exit_info.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_importing_every_action_builds_no_vocabulary_and_loads_no_tensorflow() -> None:
    """Rasa's validator and the tests import the actions; only the server warms up, and
    no action needs TensorFlow (seconds and hundreds of MB of the server's start)."""
    code = (
        "import importlib, pkgutil, sys, actions\n"
        "for module in pkgutil.iter_modules(actions.__path__):\n"
        "    importlib.import_module(f'actions.{module.name}')\n"
        "from bot.understanding.vocabulary.lexicon import lexicon\n"
        "print(lexicon.cache_info().currsize, 'tensorflow' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    assert done.stdout.split() == ["0", "False"]
