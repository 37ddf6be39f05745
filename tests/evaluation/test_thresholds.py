"""Tuning the fallback threshold on out-of-fold predictions."""

from __future__ import annotations

import pytest

from bot.evaluation.metrics import intent_figures
from bot.evaluation.predictions import Prediction
from bot.evaluation.thresholds import CANDIDATES, TOLERANCE, choose_threshold


def p(intent: str, predicted: str, confidence: float) -> Prediction:
    return Prediction(text="", intent=intent, predicted=predicted, confidence=confidence)


def test_the_threshold_with_the_best_macro_f1_wins() -> None:
    predictions = [
        *(p("inform", "inform", 0.9) for _ in range(8)),
        p("inform", "inform", 0.52),
        p("out_of_scope", "inform", 0.42),
        p("out_of_scope", "out_of_scope", 0.9),
    ]
    choice = choose_threshold(predictions)
    # 0.45 sends the unsure off-topic message to the fallback and keeps every inform;
    # 0.55 would also lose the 0.52 inform.
    assert choice.threshold == 0.45
    assert choice.figures.macro_f1 == 1.0
    assert choice.figures == intent_figures(predictions, 0.45)


def test_ties_go_to_the_lowest_threshold() -> None:
    """Nothing to gain: the least intrusive threshold, so no customer is asked to
    rephrase for nothing."""
    predictions = [p("greet", "greet", 0.99), p("out_of_scope", "out_of_scope", 0.99)]
    assert choose_threshold(predictions).threshold == CANDIDATES[0]


def test_no_predictions_cannot_be_tuned() -> None:
    with pytest.raises(ValueError, match="without predictions"):
        choose_threshold([])


def test_differences_within_the_tolerance_go_to_the_lower_threshold() -> None:
    """A gain smaller than run-to-run noise does not buy a more intrusive threshold."""
    predictions = [
        *(p("inform", "inform", 0.9) for _ in range(300)),
        p("out_of_scope", "inform", 0.5),
    ]
    predictions += [p("out_of_scope", "out_of_scope", 0.9) for _ in range(300)]
    gain = intent_figures(predictions, 0.55).macro_f1 - intent_figures(predictions, 0.1).macro_f1
    assert 0 < gain < TOLERANCE
    assert choose_threshold(predictions).threshold == CANDIDATES[0]
