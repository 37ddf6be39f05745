"""Intent and entity figures, defined the way the bot uses the predictions.

The bot treats Rasa's fallback ("I did not understand") like an out-of-scope message,
so for every figure here a fallback prediction counts as `out_of_scope`:
- intent macro-F1: the mean F1 over the true intents of the test set;
- out-of-scope recall: off-topic messages recognised as such (or as fallback);
- in-scope accuracy: on-topic messages given exactly their intent.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bot.evaluation.predictions import FALLBACK_INTENT, OUT_OF_SCOPE_INTENT, Prediction

CATALOG_ENTITIES = ("product", "attribute", "option")


@dataclass(frozen=True)
class IntentFigures:
    """The intent figures of one set of predictions."""

    macro_f1: float
    out_of_scope_recall: float
    in_scope_accuracy: float
    messages: int


def understood_as(prediction: Prediction, threshold: float | None = None) -> str:
    """The intent the bot acts on: out of scope for a fallback.

    With `threshold`, also for a confidence below it: what that fallback would do.
    """
    low = threshold is not None and prediction.confidence < threshold
    if low or prediction.predicted == FALLBACK_INTENT:
        return OUT_OF_SCOPE_INTENT
    return prediction.predicted


def intent_figures(
    predictions: Sequence[Prediction], threshold: float | None = None
) -> IntentFigures:
    """The figures of `predictions`, optionally as if `threshold` were the fallback's."""
    pairs = [(p.intent, understood_as(p, threshold)) for p in predictions]
    labels = sorted({intent for intent, _ in pairs})
    f1s = [_f1(pairs, label) for label in labels]
    off_topic = [seen for intent, seen in pairs if intent == OUT_OF_SCOPE_INTENT]
    on_topic = [(intent, seen) for intent, seen in pairs if intent != OUT_OF_SCOPE_INTENT]
    return IntentFigures(
        macro_f1=sum(f1s) / len(f1s) if f1s else 0.0,
        out_of_scope_recall=_share(seen == OUT_OF_SCOPE_INTENT for seen in off_topic),
        in_scope_accuracy=_share(intent == seen for intent, seen in on_topic),
        messages=len(pairs),
    )


def _f1(pairs: Sequence[tuple[str, str]], label: str) -> float:
    true_positive = sum(1 for intent, seen in pairs if intent == label and seen == label)
    predicted = sum(1 for _, seen in pairs if seen == label)
    actual = sum(1 for intent, _ in pairs if intent == label)
    if true_positive == 0:
        return 0.0
    precision, recall = true_positive / predicted, true_positive / actual
    return 2 * precision * recall / (precision + recall)


def _share(flags: Iterable[bool]) -> float:
    values = list(flags)
    return sum(values) / len(values) if values else 0.0


@dataclass(frozen=True)
class EntityFigures:
    """F1 per entity, and the micro-averaged F1 over the catalog's entities."""

    f1: dict[str, float]
    catalog_f1: float


def entity_figures(report: Path) -> EntityFigures:
    """Read the entity report `rasa test nlu` writes per extractor.

    Rasa scores entities per token. The catalog figure pools the catalog entities'
    tokens (true positives from recall and support, predictions from precision).
    """
    data = json.loads(report.read_text(encoding="utf-8"))
    rows = {
        name: row
        for name, row in data.items()
        if isinstance(row, dict) and "f1-score" in row and not name.endswith(" avg")
    }
    hits = predicted = actual = 0.0
    for name in CATALOG_ENTITIES:
        row = rows.get(name)
        if row is None or not row["support"]:
            continue
        true_positive = row["recall"] * row["support"]
        hits += true_positive
        actual += row["support"]
        predicted += true_positive / row["precision"] if row["precision"] else 0.0
    precision = hits / predicted if predicted else 0.0
    recall = hits / actual if actual else 0.0
    pooled = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return EntityFigures({name: row["f1-score"] for name, row in rows.items()}, pooled)
