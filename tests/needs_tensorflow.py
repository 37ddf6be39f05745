"""The mark of the test modules that import TensorFlow, and how they import it.

Rasa's NLU components and model loading import TensorFlow, about 7 s and 400 MB per
process; nothing else in the tests does (spaCy comes without it, see
`bot.understanding.vocabulary.spacy_import`). Every xdist worker imports every test
module to collect it, so such a module imports Rasa's TensorFlow parts inside its
fixtures and tests, never at its top, and carries this mark: `--dist loadgroup` then
runs all of them on one worker, the only one that pays for TensorFlow.
"""

from __future__ import annotations

import pytest

NEEDS_TENSORFLOW = pytest.mark.xdist_group("tensorflow")
