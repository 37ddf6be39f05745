"""Choosing the fallback threshold from data rather than by hand.

Raising the threshold sends more messages to the fallback: off-topic ones (good, they
are then recognised) and uncertain on-topic ones (bad, the customer is asked to
rephrase). Intent macro-F1, with a fallback counted as out of scope, weighs both: we
take the lowest threshold (the least intrusive) whose macro-F1 is within `TOLERANCE`
of the best, since smaller differences are noise between cross-validation runs.

The predictions must be out-of-fold (cross-validation) and made without a fallback,
so their confidences are DIET's own and no held-out message tunes the threshold.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.evaluation.metrics import IntentFigures, intent_figures
from bot.evaluation.predictions import Prediction

CANDIDATES = tuple(round(0.05 * step, 2) for step in range(2, 20))
"""0.10 to 0.95 in steps of 0.05: finer steps would fit the noise of a few hundred messages."""

TOLERANCE = 0.005
"""Macro-F1 differences below this are not told apart (two cross-validation runs of the
same data differed by about 0.01, with different folds)."""


@dataclass(frozen=True)
class ThresholdChoice:
    """The chosen threshold, and the figures it gives on the tuning predictions."""

    threshold: float
    figures: IntentFigures


def choose_threshold(predictions: Sequence[Prediction]) -> ThresholdChoice:
    """The fallback threshold for `predictions` (see the module docstring)."""
    if not predictions:
        raise ValueError("cannot tune a threshold without predictions")
    scored = [(t, intent_figures(predictions, t)) for t in CANDIDATES]
    best = max(figures.macro_f1 for _, figures in scored)
    threshold, figures = next((t, f) for t, f in scored if f.macro_f1 >= best - TOLERANCE)
    return ThresholdChoice(threshold, figures)
