"""`tailor evaluate`: the NLU and dialogue figures, in one report.

Runs Rasa's own evaluations (so the figures mean what Rasa users expect) and reads
their files:
1. the latest model on the held-out set in `tests/nlu/` (never used for training):
   intent and entity reports, confusion matrices (PNG), predictions;
2. 5-fold cross-validation on the training data, with the fallback removed from the
   pipeline so the out-of-fold confidences are DIET's own: the fallback threshold is
   tuned on these (`bot.evaluation.thresholds`), never on the held-out set;
3. the test stories in `tests/stories/`.
It prints a summary table, writes it to `results/summary.md`, and keeps it in the
README between the evaluation markers. `--apply-threshold` writes the tuned threshold
into `config.yml` (comments and layout kept) and retrains before the held-out run.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bot.evaluation.metrics import (
    CATALOG_ENTITIES,
    EntityFigures,
    IntentFigures,
    entity_figures,
    intent_figures,
)
from bot.evaluation.predictions import read_predictions
from bot.evaluation.thresholds import ThresholdChoice, choose_threshold
from bot.layout import HELD_OUT, RESULTS_DIR, TEST_STORIES_DIR
from bot.runtime.errors import ConfigurationError, TailorError
from bot.runtime.training import latest_model, require_model

ENTITY_REPORT = "CatalogEntityExtractor_report.json"
FALLBACK = "FallbackClassifier"
README_START = "<!-- evaluation:start -->"
README_END = "<!-- evaluation:end -->"

TARGETS = {
    "intent macro-F1": 0.95,
    "catalog entity F1": 0.97,
    "out-of-scope recall": 0.90,
    "in-scope accuracy": 0.95,
}


@dataclass(frozen=True)
class Report:
    """Everything one evaluation measured."""

    held_out: IntentFigures
    entities: EntityFigures
    configured_threshold: float | None
    cross_validation: IntentFigures | None
    tuned: ThresholdChoice | None
    stories: tuple[int, int, int, int] | None
    """Correct and total stories, then correct and total actions."""

    def meets_targets(self) -> bool:
        """Whether every held-out figure reaches its target."""
        return all(value >= TARGETS[name] for name, value in self._held_out_figures())

    def _held_out_figures(self) -> list[tuple[str, float]]:
        return [
            ("intent macro-F1", self.held_out.macro_f1),
            ("catalog entity F1", self.entities.catalog_f1),
            ("out-of-scope recall", self.held_out.out_of_scope_recall),
            ("in-scope accuracy", self.held_out.in_scope_accuracy),
        ]

    def table(self) -> str:
        """The summary as a Markdown table."""
        rows = [
            f"| {name} (held-out, {self.held_out.messages} messages) | {value:.3f} | "
            f">= {TARGETS[name]:.2f} | {'yes' if value >= TARGETS[name] else 'NO'} |"
            for name, value in self._held_out_figures()
        ]
        for name in (*CATALOG_ENTITIES, "number", "quantity", "text"):
            if name in self.entities.f1:
                rows.append(f"| entity F1: {name} (held-out) | {self.entities.f1[name]:.3f} | | |")
        if self.cross_validation is not None:
            rows.append(
                f"| intent macro-F1, 5-fold cross-validation ({self.cross_validation.messages}"
                f" training messages, no fallback) | {self.cross_validation.macro_f1:.3f} | | |"
            )
        if self.tuned is not None:
            configured = (
                "none" if self.configured_threshold is None else f"{self.configured_threshold:.2f}"
            )
            rows.append(
                f"| fallback threshold: configured / tuned on cross-validation | {configured} / "
                f"{self.tuned.threshold:.2f} | | |"
            )
        if self.stories is not None:
            stories, total, actions, all_actions = self.stories
            rows.append(
                f"| test stories: stories / actions correct | {stories}/{total} / "
                f"{actions}/{all_actions} | all | {'yes' if stories == total else 'NO'} |"
            )
        header = "| figure | value | target | met |\n|---|---|---|---|"
        return "\n".join([header, *rows])


def evaluate(
    project_root: Path,
    env: Mapping[str, str],
    *,
    folds: int = 5,
    cross_validation: bool = True,
    stories: bool = True,
    apply_tuned: bool = False,
    retrain: Callable[[], None] | None = None,
    python: str = sys.executable,
) -> Report:
    """Run the evaluations and read their figures.

    Cross-validation runs first: with `apply_tuned`, the tuned threshold is written to
    `config.yml` and `retrain` called before the held-out set is evaluated, so the
    held-out figures are those of the configuration the run leaves behind.
    """
    if not any((project_root / HELD_OUT).glob("*.yml")):
        raise ConfigurationError(f"no held-out test set in {project_root / HELD_OUT}")
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
        predictions = read_predictions(cv_dir)
        cv_figures = intent_figures(predictions)
        tuned = choose_threshold(predictions)
        if apply_tuned and tuned.threshold != fallback_threshold(config):
            apply_threshold(config, tuned.threshold)
            if retrain is not None:
                retrain()
    require_model(project_root)
    model = latest_model(project_root)
    held_out_dir = results / "nlu"
    _rasa(python, env, project_root, "test", "nlu", "--model", str(model), "--nlu", HELD_OUT,
          "--out", str(held_out_dir), "--successes")  # fmt: skip
    held_out = intent_figures(read_predictions(held_out_dir))
    entities = entity_figures(held_out_dir / ENTITY_REPORT)
    story_figures = None
    if stories:
        stories_dir = results / "stories"
        _rasa(python, env, project_root, "test", "core", "--model", str(model), "--stories",
              TEST_STORIES_DIR, "--out", str(stories_dir))  # fmt: skip
        story_figures = _story_figures(stories_dir / "story_report.json")
    report = Report(
        held_out, entities, fallback_threshold(config), cv_figures, tuned, story_figures
    )
    (results / "summary.md").write_text(report.table() + "\n", encoding="utf-8")
    return report


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
