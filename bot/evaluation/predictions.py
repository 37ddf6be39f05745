"""Reading the intent predictions `rasa test nlu --successes` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

FALLBACK_INTENT = "nlu_fallback"
"""What Rasa's `FallbackClassifier` predicts when DIET is not confident enough."""

OUT_OF_SCOPE_INTENT = "out_of_scope"


@dataclass(frozen=True)
class Prediction:
    """One test message: its true intent, and the predicted intent with its confidence."""

    text: str
    intent: str
    predicted: str
    confidence: float


class PredictionFileError(ValueError):
    """A predictions file is missing or not what `rasa test nlu` writes."""


def read_predictions(folder: Path) -> list[Prediction]:
    """Successes and errors of one `rasa test nlu` run, in file order."""
    predictions: list[Prediction] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = folder / name
        if not path.is_file():
            continue
        try:
            rows = json.loads(path.read_text(encoding="utf-8"))
            predictions += [
                Prediction(
                    text=str(row["text"]),
                    intent=str(row["intent"]),
                    predicted=str(row["intent_prediction"]["name"]),
                    confidence=float(row["intent_prediction"]["confidence"]),
                )
                for row in rows
            ]
        except (ValueError, KeyError, TypeError, RecursionError) as error:
            raise PredictionFileError(f"{path}: not a rasa prediction file ({error})") from error
    if not predictions:
        raise PredictionFileError(f"no intent predictions in {folder}")
    return predictions
