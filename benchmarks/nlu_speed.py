"""How much the catalog's spaCy component costs per message, next to the whole NLU.

Run with `make benchmark-nlu` (or `.venv/bin/python benchmarks/nlu_speed.py [MODEL]`).
It reads the held-out messages (tests/nlu/) and times, in this one run:
- the spaCy component alone: `find_entities` on the vocabulary saved in the model,
  which is all the component does per message besides marking features;
- the whole NLU pipeline of the model (tokenizer, our component, featurizers, DIET,
  fallback) through Rasa's `Agent.parse_message`, the baseline.
It prints milliseconds per message (median of several passes), the component's share
of the baseline, and whether the component stays under the 2 ms target. The figures
are printed, never asserted: timing assertions in tests only make CI flaky.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from rasa.core.agent import Agent
from rasa.shared.nlu.training_data.loading import load_data

from bot.runtime.training import latest_model
from bot.settings import PROJECT_ROOT
from bot.understanding.entities import find_entities
from bot.understanding.vocabulary.pipeline import CatalogVocabulary

TARGET_MS = 2.0
PASSES = 5
HELD_OUT = PROJECT_ROOT / "tests" / "nlu"


def _messages() -> list[str]:
    texts = []
    for path in sorted(HELD_OUT.glob("*.yml")):
        texts += [example.get("text") for example in load_data(str(path)).training_examples]
    return texts


def _vocabulary_from(model: Path) -> CatalogVocabulary:
    """The vocabulary exactly as the served model holds it."""
    with tempfile.TemporaryDirectory(prefix="tailor-bench-") as folder:
        with tarfile.open(model) as archive:
            archive.extractall(folder)
        [saved] = [p.parent for p in Path(folder).rglob("values.json")]
        return CatalogVocabulary.load(saved)


def _per_message_ms(run_all: Callable[[], None], count: int) -> float:
    timings = []
    for _ in range(PASSES):
        started = time.perf_counter()
        run_all()
        timings.append((time.perf_counter() - started) * 1000 / count)
    return statistics.median(timings)


def main(argv: list[str]) -> int:
    """Print the figures for the model named in `argv` (default: the latest)."""
    model = Path(argv[0]) if argv else latest_model(PROJECT_ROOT)
    if model is None or not model.is_file():
        print("no trained model: run `make train` first", file=sys.stderr)
        return 2
    messages = _messages()
    vocabulary = _vocabulary_from(model)
    agent = Agent.load(str(model))

    def component() -> None:
        for text in messages:
            find_entities(vocabulary, text)

    async def parse_all() -> None:
        for text in messages:
            await agent.parse_message(text)

    def pipeline() -> None:
        asyncio.run(parse_all())

    component()  # warm caches before timing either
    pipeline()
    component_ms = _per_message_ms(component, len(messages))
    pipeline_ms = _per_message_ms(pipeline, len(messages))
    verdict = "under" if component_ms < TARGET_MS else "OVER"
    print(f"model: {model.name}; {len(messages)} held-out messages, median of {PASSES} passes")
    print(f"spaCy catalog component: {component_ms:7.3f} ms/message "
          f"({verdict} the {TARGET_MS:g} ms target)")  # fmt: skip
    print(f"whole NLU pipeline:      {pipeline_ms:7.3f} ms/message (baseline)")
    print(f"component / pipeline:    {component_ms / pipeline_ms:7.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
