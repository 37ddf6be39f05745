"""spaCy comes without TensorFlow, and TensorFlow stays importable for Rasa."""

from __future__ import annotations

import subprocess
import sys


def _run(code: str) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    return done.stdout.split()


def test_the_vocabularies_run_spacy_on_numpy_and_leave_tensorflow_importable() -> None:
    code = (
        "import importlib.util, sys\n"
        "import bot.understanding.vocabulary\n"
        "import spacy, thinc.compat\n"
        "print(thinc.compat.has_tensorflow, 'tensorflow' in sys.modules,\n"
        "      importlib.util.find_spec('tensorflow') is not None,\n"
        "      spacy.blank('en')('navy suede').text)\n"
    )
    assert _run(code) == ["False", "False", "True", "navy", "suede"]
