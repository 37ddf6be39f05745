"""spaCy, imported without the TensorFlow that thinc would import alongside it.

thinc, spaCy's machine-learning library, imports TensorFlow whenever it is installed, to
offer wrappers for TensorFlow models; Rasa installs it, and no vocabulary uses those
wrappers. That import took 7 s (15 s without compiled bytecode) and 400 MB in every
process that builds or reads a vocabulary: the action server, `tailor data check`, each
test worker, the benchmarks.

thinc decides once, in `thinc.compat`, and every other thinc module reads its answer.
While spaCy is first imported here, a `None` in `sys.modules` makes `import tensorflow`
fail at once, so thinc runs on NumPy as where TensorFlow is not installed. The entry is
removed straight after, so whatever imports TensorFlow later in the same process (Rasa,
to train or run DIET) gets the real one. Where TensorFlow is imported already, as in
Rasa's own processes, nothing is saved and nothing is changed.
"""

from __future__ import annotations

import sys


def _import_spacy_without_tensorflow() -> None:
    if "tensorflow" in sys.modules or "thinc.compat" in sys.modules:
        return
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # see the docstring
    try:
        import spacy  # noqa: F401
    finally:
        del sys.modules["tensorflow"]


_import_spacy_without_tensorflow()
