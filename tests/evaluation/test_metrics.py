"""Intent and entity figures on predictions small enough to check by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bot.evaluation.metrics import entity_figures, intent_figures, understood_as
from bot.evaluation.predictions import Prediction, PredictionFileError, read_predictions


def p(intent: str, predicted: str, confidence: float = 0.9) -> Prediction:
    return Prediction(text=f"{intent}->{predicted}", intent=intent, predicted=predicted,
                      confidence=confidence)  # fmt: skip


def test_a_fallback_counts_as_out_of_scope() -> None:
    assert understood_as(p("greet", "nlu_fallback")) == "out_of_scope"
    assert understood_as(p("greet", "greet", 0.3), threshold=0.5) == "out_of_scope"
    assert understood_as(p("greet", "greet", 0.5), threshold=0.5) == "greet"


def test_figures_by_hand() -> None:
    predictions = [
        p("greet", "greet"),
        p("greet", "inform"),
        p("inform", "inform"),
        p("out_of_scope", "nlu_fallback"),
        p("out_of_scope", "inform"),
    ]
    figures = intent_figures(predictions)
    # greet: P 1, R 1/2 -> 2/3; inform: P 1/3, R 1 -> 1/2; out_of_scope: P 1, R 1/2 -> 2/3
    assert figures.macro_f1 == pytest.approx((2 / 3 + 1 / 2 + 2 / 3) / 3)
    assert figures.out_of_scope_recall == 0.5
    assert figures.in_scope_accuracy == pytest.approx(2 / 3)
    assert figures.messages == 5


def test_a_threshold_turns_unsure_predictions_into_fallbacks() -> None:
    predictions = [p("out_of_scope", "inform", 0.4), p("inform", "inform", 0.8)]
    assert intent_figures(predictions).out_of_scope_recall == 0
    assert intent_figures(predictions, threshold=0.5).out_of_scope_recall == 1


def test_no_predictions_give_zeros_not_errors() -> None:
    figures = intent_figures([])
    assert (figures.macro_f1, figures.out_of_scope_recall, figures.messages) == (0.0, 0.0, 0)


def test_catalog_entities_are_pooled_over_their_tokens(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    report.write_text(
        json.dumps(
            {
                "option": {"precision": 1.0, "recall": 0.5, "f1-score": 2 / 3, "support": 4},
                "product": {"precision": 0.5, "recall": 1.0, "f1-score": 2 / 3, "support": 2},
                "number": {"precision": 0.0, "recall": 0.0, "f1-score": 0.0, "support": 1},
                "micro avg": {"precision": 1, "recall": 1, "f1-score": 1, "support": 7},
                "accuracy": 0.9,
            }
        )
    )
    figures = entity_figures(report)
    # hits 2 + 2 = 4, predicted 2 + 4 = 6, actual 4 + 2 = 6 -> P = R = F1 = 2/3
    assert figures.catalog_f1 == pytest.approx(2 / 3)
    assert set(figures.f1) == {"option", "product", "number"}


def _write(folder: Path, name: str, rows: object) -> None:
    (folder / name).write_text(json.dumps(rows), encoding="utf-8")


def test_predictions_are_read_from_successes_and_errors(tmp_path: Path) -> None:
    row = {"text": "hi", "intent": "greet", "intent_prediction": {"name": "greet",
                                                                  "confidence": 0.9}}  # fmt: skip
    _write(tmp_path, "intent_successes.json", [row])
    _write(tmp_path, "intent_errors.json", [{**row, "intent": "thank"}])
    assert [x.intent for x in read_predictions(tmp_path)] == ["greet", "thank"]


@pytest.mark.parametrize(
    "content",
    ["", "{", "[1, 2]", '[{"text": "hi"}]', '{"not": "a list"}', "[" * 100_000],
    ids=["empty", "truncated", "numbers", "missing keys", "object", "deeply nested"],
)
def test_broken_prediction_files_get_a_clear_error(tmp_path: Path, content: str) -> None:
    (tmp_path / "intent_errors.json").write_text(content, encoding="utf-8")
    with pytest.raises(PredictionFileError, match=r"intent_errors\.json"):
        read_predictions(tmp_path)


def test_a_folder_without_predictions_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(PredictionFileError, match="no intent predictions"):
        read_predictions(tmp_path)
