"""`tailor evaluate`: the NLU and dialogue figures, in one report.

Runs Rasa's own evaluations (so the figures mean what Rasa users expect) and reads
their files, then talks to the bot itself:
1. 5-fold cross-validation on the training data, with the fallback removed from the
   pipeline so the out-of-fold confidences are DIET's own: the fallback threshold is
   tuned on these (`bot.evaluation.thresholds`), never on the held-out sets;
2. the latest model on each held-out set of `HELD_OUT_SETS` (never used for
   training), each on its own: intent and entity reports, confusion matrices (PNG),
   predictions;
3. the test stories in `tests/stories/`;
4. off-topic messages mid-design and product words, through a stack of its own
   (`bot.cli.live_evaluation`).
It prints one table of every figure with its target, writes it to `results/summary.md`,
and keeps it in the README between the evaluation markers. `--apply-threshold` writes
the tuned threshold into `config.yml` (comments and layout kept) and retrains before
the held-out runs. The sets of part 4 are read before anything runs, so a broken one
fails in a second rather than after the cross-validation's ten minutes.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ruamel.yaml import YAML

from bot.catalog.errors import CatalogError
from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog
from bot.cli.live_evaluation import Echo, LiveFigures, measure_live
from bot.evaluation.metrics import (
    CATALOG_ENTITIES,
    EntityFigures,
    IntentFigures,
    entity_figures,
    intent_figures,
)
from bot.evaluation.off_topic import KindFigures
from bot.evaluation.predictions import Prediction, PredictionFileError, read_predictions
from bot.evaluation.product_words import ProductWordFigures
from bot.evaluation.sets import (
    EvaluationSetError,
    OffTopicSet,
    ProductWordsSet,
    load_off_topic_set,
    load_product_words_set,
)
from bot.evaluation.summary import Row, at_least, markdown_table, share_at_least, targets_met
from bot.evaluation.thresholds import ThresholdChoice, choose_threshold
from bot.layout import (
    HELD_OUT_SETS,
    OFF_TOPIC_SET,
    PRODUCT_WORDS_SET,
    RESULTS_DIR,
    TEST_STORIES_DIR,
)
from bot.runtime.errors import ConfigurationError, TailorError
from bot.runtime.training import latest_model, require_model
from bot.settings import Settings

ENTITY_REPORT = "CatalogEntityExtractor_report.json"
FALLBACK = "FallbackClassifier"
README_START = "<!-- evaluation:start -->"
README_END = "<!-- evaluation:end -->"

TARGETS = {
    "intent macro-F1": 0.96,
    "catalog entity F1": 0.98,
    "out-of-scope recall": 0.95,
    "in-scope accuracy": 0.96,
    "design unchanged": 1.0,
    "same question again": 0.99,
    "wishes understood": 1.0,
    "other design unchanged": 1.0,
}
"""The first four on each held-out set; the off-topic pair at each kind of question."""

OTHER_ENTITIES = ("number", "quantity", "text")
"""Reported without a target, beside the catalog's entities."""


@dataclass(frozen=True)
class HeldOutFigures:
    """The figures of one held-out set."""

    intents: IntentFigures
    entities: EntityFigures


@dataclass(frozen=True)
class Report:
    """Everything one evaluation measured; None for a part that was skipped."""

    held_out: Mapping[str, HeldOutFigures]
    """By set name (the file's stem), in `HELD_OUT_SETS` order."""
    configured_threshold: float | None
    cross_validation: IntentFigures | None = None
    tuned: ThresholdChoice | None = None
    stories: tuple[int, int, int, int] | None = None
    """Correct and total stories, then correct and total actions."""
    off_topic: list[KindFigures] | None = None
    product_words: ProductWordFigures | None = None

    def rows(self) -> list[Row]:
        """Every figure, in the order of the table."""
        return [
            *self._held_out_rows(),
            *self._training_rows(),
            *self._off_topic_rows(),
            *self._product_word_rows(),
        ]

    def table(self) -> str:
        """The summary as a Markdown table."""
        return markdown_table(self.rows())

    def meets_targets(self) -> bool:
        """Whether every figure with a target reaches it."""
        return targets_met(self.rows())

    def _held_out_rows(self) -> Iterator[Row]:
        for name, figures in self.held_out.items():
            where = f"held-out {name}, {figures.intents.messages} messages"
            for figure, value in (
                ("intent macro-F1", figures.intents.macro_f1),
                ("catalog entity F1", figures.entities.catalog_f1),
                ("out-of-scope recall", figures.intents.out_of_scope_recall),
                ("in-scope accuracy", figures.intents.in_scope_accuracy),
            ):
                yield at_least(f"{figure} ({where})", value, TARGETS[figure])
        names = " / ".join(self.held_out)
        for entity in (*CATALOG_ENTITIES, *OTHER_ENTITIES):
            values = [figures.entities.f1.get(entity) for figures in self.held_out.values()]
            if any(value is not None for value in values):
                shown = " / ".join("-" if value is None else f"{value:.3f}" for value in values)
                yield Row(f"entity F1: {entity} (held-out {names})", shown)

    def _training_rows(self) -> Iterator[Row]:
        if self.cross_validation is not None:
            yield Row(
                f"intent macro-F1, 5-fold cross-validation ({self.cross_validation.messages}"
                " training messages, no fallback)",
                f"{self.cross_validation.macro_f1:.3f}",
            )
        if self.tuned is not None:
            configured = (
                "none" if self.configured_threshold is None else f"{self.configured_threshold:.2f}"
            )
            yield Row(
                "fallback threshold: configured / tuned on cross-validation",
                f"{configured} / {self.tuned.threshold:.2f}",
            )
        if self.stories is not None:
            stories, total, actions, all_actions = self.stories
            yield Row(
                "test stories: stories / actions correct",
                f"{stories}/{total} / {actions}/{all_actions}",
                "all",
                stories == total,
            )

    def _off_topic_rows(self) -> Iterator[Row]:
        for kind in self.off_topic or ():
            where = f"off-topic at the {kind.kind.value} question ({kind.question})"
            yield share_at_least(
                f"{where}: design unchanged",
                kind.unchanged,
                kind.messages,
                TARGETS["design unchanged"],
            )
            yield share_at_least(
                f"{where}: answered as off-topic, then the same question",
                kind.redirected,
                kind.messages,
                TARGETS["same question again"],
            )

    def _product_word_rows(self) -> Iterator[Row]:
        words = self.product_words
        if words is None:
            return
        about = (
            f"{words.words} product words, {words.typos} of them typos; "
            f"{words.ambiguous} ambiguous typos left out"
        )
        yield share_at_least(
            f"product words as a wish start that product ({about})",
            words.wishes_understood,
            words.wishes,
            TARGETS["wishes understood"],
        )
        yield share_at_least(
            "product words in off-topic sentences leave another product's design unchanged",
            words.off_topic_unchanged,
            words.off_topic,
            TARGETS["other design unchanged"],
        )


def evaluate(
    project_root: Path,
    env: Mapping[str, str],
    *,
    settings: Settings | None = None,
    folds: int = 5,
    cross_validation: bool = True,
    stories: bool = True,
    off_topic: bool = True,
    product_words: bool = True,
    apply_tuned: bool = False,
    retrain: Callable[[], None] | None = None,
    python: str = sys.executable,
    echo: Echo = print,
) -> Report:
    """Run the evaluations and read their figures.

    Cross-validation runs first: with `apply_tuned`, the tuned threshold is written to
    `config.yml` and `retrain` called before the held-out sets are evaluated, so the
    held-out figures are those of the configuration the run leaves behind. The live
    parts (`off_topic`, `product_words`) need `settings`, to start a stack from.
    """
    missing = [name for name in HELD_OUT_SETS if not (project_root / name).is_file()]
    if missing:
        raise ConfigurationError(
            f"held-out test set missing in {project_root}: {', '.join(missing)}"
        )
    live_inputs = None
    if off_topic or product_words:
        if settings is None:
            raise ValueError("the off-topic and product-word figures need the settings")
        live_inputs = _live_inputs(project_root, settings, off_topic, product_words)
    results = project_root / RESULTS_DIR
    config = project_root / "config.yml"
    cv_figures = tuned = None
    if cross_validation:
        cv_dir = results / "cross-validation"
        cv_dir.mkdir(parents=True, exist_ok=True)
        cv_config = cv_dir / "config-without-fallback.yml"
        _write_without_fallback(config, cv_config)
        _rasa(python, env, project_root, "test", "nlu", "--nlu", "data", "--config",
              str(cv_config), "--cross-validation", "--folds", str(folds), "--out",
              str(cv_dir), "--successes")  # fmt: skip
        predictions = _predictions(cv_dir, "the cross-validation")
        cv_figures = intent_figures(predictions)
        tuned = choose_threshold(predictions)
        if apply_tuned and tuned.threshold != fallback_threshold(config):
            apply_threshold(config, tuned.threshold)
            if retrain is not None:
                retrain()
    require_model(project_root)
    model = latest_model(project_root)
    held_out = {}
    for name in HELD_OUT_SETS:
        out = results / "nlu" / Path(name).stem
        _rasa(python, env, project_root, "test", "nlu", "--model", str(model), "--nlu", name,
              "--out", str(out), "--successes")  # fmt: skip
        held_out[Path(name).stem] = HeldOutFigures(
            intent_figures(_predictions(out, name)), entity_figures(out / ENTITY_REPORT)
        )
    story_figures = None
    if stories:
        stories_dir = results / "stories"
        _rasa(python, env, project_root, "test", "core", "--model", str(model), "--stories",
              TEST_STORIES_DIR, "--out", str(stories_dir))  # fmt: skip
        story_figures = _story_figures(stories_dir / "story_report.json")
    live = LiveFigures(None, None)
    if live_inputs is not None:
        live = measure_live(project_root, live_inputs.settings, live_inputs.catalog, results,
                            off_topic_set=live_inputs.off_topic,
                            product_words_set=live_inputs.product_words, echo=echo)  # fmt: skip
    report = Report(
        held_out=held_out,
        configured_threshold=fallback_threshold(config),
        cross_validation=cv_figures,
        tuned=tuned,
        stories=story_figures,
        off_topic=live.off_topic,
        product_words=live.product_words,
    )
    results.mkdir(parents=True, exist_ok=True)
    (results / "summary.md").write_text(report.table() + "\n", encoding="utf-8")
    return report


@dataclass(frozen=True)
class _LiveInputs:
    """What the live parts start from: settings, the catalog sold from, and their sets."""

    settings: Settings
    catalog: Catalog
    off_topic: OffTopicSet | None
    product_words: ProductWordsSet | None


def _live_inputs(
    project_root: Path, settings: Settings, off_topic: bool, product_words: bool
) -> _LiveInputs:
    try:
        catalog = load_catalog(settings.catalog_path)
    except CatalogError as error:
        raise ConfigurationError(str(error)) from None
    return _LiveInputs(
        settings,
        catalog,
        _read_set(load_off_topic_set, project_root / OFF_TOPIC_SET, "--no-off-topic")
        if off_topic
        else None,
        _read_set(load_product_words_set, project_root / PRODUCT_WORDS_SET, "--no-product-words")
        if product_words
        else None,
    )


_Set = TypeVar("_Set", OffTopicSet, ProductWordsSet)


def _read_set(load: Callable[[Path], _Set], path: Path, flag: str) -> _Set:
    try:
        return load(path)
    except EvaluationSetError as error:
        raise ConfigurationError(f"{error} (or skip that part with {flag})") from None


def _predictions(folder: Path, what: str) -> list[Prediction]:
    try:
        return read_predictions(folder)
    except PredictionFileError as error:
        raise ConfigurationError(f"no figures for {what}: {error}") from None


def fallback_threshold(config: Path) -> float | None:
    """The `threshold` of the FallbackClassifier in `config`, if it has one."""
    for component in _load(config).get("pipeline") or []:
        if component.get("name") == FALLBACK:
            return float(component.get("threshold", 0.3))
    return None


def apply_threshold(config: Path, threshold: float) -> None:
    """Set the FallbackClassifier's threshold in `config`, keeping comments and layout."""
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)  # the layout of Rasa's own examples
    data = yaml.load(config.read_text(encoding="utf-8"))
    components = [c for c in data.get("pipeline") or [] if c.get("name") == FALLBACK]
    if not components:
        raise ConfigurationError(f"{config} has no {FALLBACK} to set a threshold on")
    components[0]["threshold"] = threshold
    with config.open("w", encoding="utf-8") as handle:
        yaml.dump(data, handle)


def update_readme(readme: Path, table: str) -> bool:
    """Put `table` between the evaluation markers of `readme`; False if it has none."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.find(README_START), text.find(README_END)
    if start == -1 or end < start:
        return False
    updated = f"{text[: start + len(README_START)]}\n{table}\n{text[end:]}"
    readme.write_text(updated, encoding="utf-8")
    return True


def _load(config: Path) -> dict[str, Any]:
    data = YAML(typ="safe").load(config.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ConfigurationError(f"{config} is not a Rasa configuration")
    return data


def _write_without_fallback(config: Path, target: Path) -> None:
    data = _load(config)
    data["pipeline"] = [c for c in data.get("pipeline") or [] if c.get("name") != FALLBACK]
    with target.open("w", encoding="utf-8") as handle:
        YAML().dump(data, handle)


def _story_figures(report: Path) -> tuple[int, int, int, int]:
    data = json.loads(report.read_text(encoding="utf-8"))
    conversations = data["conversation_accuracy"]
    actions = data["micro avg"]["support"] if "micro avg" in data else 0
    correct_actions = round(data.get("accuracy", 0.0) * actions)
    return conversations["correct"], conversations["total"], correct_actions, actions


def _rasa(python: str, env: Mapping[str, str], project_root: Path, *arguments: str) -> None:
    argv = [python, "-m", "rasa", *arguments]
    completed = subprocess.run(argv, cwd=project_root, env=dict(env), check=False)
    if completed.returncode != 0:
        raise TailorError(
            f"evaluation failed: `rasa {' '.join(argv[3:5])}` exited with code "
            f"{completed.returncode} (its output is above)"
        )
