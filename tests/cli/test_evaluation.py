"""`tailor evaluate`: orchestration, summary, README and config updates.

Rasa itself is replaced by a small script that writes the files `rasa test` writes,
so these tests check our reading, reporting and editing; the real Rasa runs in
`make evaluate`.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.cli.evaluation import (
    README_END,
    README_START,
    apply_threshold,
    evaluate,
    fallback_threshold,
    update_readme,
)
from bot.cli.main import build_parser
from bot.runtime.errors import ConfigurationError, TailorError

CONFIG = """\
# Our pipeline: comments must survive a threshold update.
recipe: default.v1
pipeline:
  - name: WhitespaceTokenizer
  - name: DIETClassifier
    epochs: 100  # enough
    # a comment line inside a component
    random_seed: 42
  - name: FallbackClassifier
    threshold: 0.4
    ambiguity_threshold: 0.1
"""

FAKE_RASA = r"""#!/usr/bin/env python3
import json, sys
from pathlib import Path
args = sys.argv[3:]
log = Path("rasa-calls.log")
log.write_text(log.read_text() + " ".join(args) + "\n" if log.exists() else " ".join(args) + "\n")
out = Path(args[args.index("--out") + 1])
out.mkdir(parents=True, exist_ok=True)
if args[:2] == ["test", "core"]:
    (out / "story_report.json").write_text(json.dumps({
        "accuracy": 1.0, "micro avg": {"support": 10},
        "conversation_accuracy": {"correct": 2, "total": 2}}))
    sys.exit(0)
cv = "--cross-validation" in args
rows = [
    ("hi", "greet", "greet", 0.95),
    ("book a flight", "out_of_scope", "out_of_scope" if not cv else "inform", 0.3),
    ("suede", "inform", "inform", 0.9),
]
(out / "intent_successes.json").write_text(json.dumps([
    {"text": t, "intent": i, "intent_prediction": {"name": p, "confidence": c}}
    for t, i, p, c in rows]))
(out / "CatalogEntityExtractor_report.json").write_text(json.dumps({
    "option": {"precision": 1.0, "recall": 1.0, "f1-score": 1.0, "support": 3}}))
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "config.yml").write_text(CONFIG)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "model.tar.gz").write_bytes(b"")
    (tmp_path / "tests" / "nlu").mkdir(parents=True)
    (tmp_path / "tests" / "nlu" / "test_nlu.yml").write_text("nlu: []\n")
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_RASA)
    fake.chmod(0o755)
    return tmp_path


def test_the_whole_evaluation_reads_every_report(project: Path) -> None:
    report = evaluate(project, os.environ, python=str(project / "fake-python"))
    calls = (project / "rasa-calls.log").read_text().splitlines()
    assert [call.split()[:2] for call in calls] == [["test", "nlu"]] * 2 + [["test", "core"]]
    assert "--cross-validation" in calls[0] and "--folds 5" in calls[0]
    cv_config = (
        project / "results" / "cross-validation" / "config-without-fallback.yml"
    ).read_text()
    assert "FallbackClassifier" not in cv_config and "DIETClassifier" in cv_config
    assert report.held_out.macro_f1 == 1.0
    assert report.entities.catalog_f1 == 1.0
    assert report.configured_threshold == 0.4
    assert report.tuned is not None and report.tuned.threshold == 0.35
    assert report.stories == (2, 2, 10, 10)
    assert report.meets_targets()
    summary = (project / "results" / "summary.md").read_text()
    assert summary.startswith("| figure | value | target | met |")
    assert "| intent macro-F1 (held-out, 3 messages) | 1.000 | >= 0.95 | yes |" in summary


def test_the_tuned_threshold_is_applied_and_trained_before_the_held_out_run(
    project: Path,
) -> None:
    calls = project / "rasa-calls.log"
    seen_at_retrain: list[str] = []

    def retrain() -> None:
        seen_at_retrain.append(calls.read_text())

    report = evaluate(
        project,
        os.environ,
        python=str(project / "fake-python"),
        apply_tuned=True,
        retrain=retrain,
    )
    assert len(seen_at_retrain) == 1
    assert seen_at_retrain[0].count("\n") == 1  # only the cross-validation ran before
    assert fallback_threshold(project / "config.yml") == 0.35 == report.configured_threshold


def test_without_a_held_out_set_evaluation_refuses(project: Path) -> None:
    (project / "tests" / "nlu" / "test_nlu.yml").unlink()
    with pytest.raises(ConfigurationError, match="no held-out test set"):
        evaluate(project, os.environ, python=str(project / "fake-python"))


def test_a_failing_rasa_run_is_reported(project: Path) -> None:
    (project / "fake-python").write_text("#!/bin/sh\nexit 3\n")
    with pytest.raises(TailorError, match="exited with code 3"):
        evaluate(project, os.environ, python=str(project / "fake-python"))


def test_the_threshold_is_written_keeping_comments(project: Path) -> None:
    config = project / "config.yml"
    apply_threshold(config, 0.55)
    assert config.read_text() == CONFIG.replace("threshold: 0.4", "threshold: 0.55")
    assert fallback_threshold(config) == 0.55


@pytest.mark.parametrize(
    "content", ["pipeline: []\n", "", "- just\n- a list\n", "pipeline:\n  - name: DIETClassifier\n"]
)
def test_configs_without_a_fallback(project: Path, content: str) -> None:
    config = project / "config.yml"
    config.write_text(content)
    if content.startswith("- just") or not content:
        with pytest.raises(ConfigurationError, match="not a Rasa configuration"):
            fallback_threshold(config)
        return
    assert fallback_threshold(config) is None
    with pytest.raises(ConfigurationError, match="no FallbackClassifier"):
        apply_threshold(config, 0.5)


def test_the_readme_keeps_only_the_latest_figures(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bot\n{README_START}\nold\n{README_END}\nrest\n")
    assert update_readme(readme, "| new |")
    assert update_readme(readme, "| newer |")
    assert readme.read_text() == f"# Bot\n{README_START}\n| newer |\n{README_END}\nrest\n"
    plain = tmp_path / "PLAIN.md"
    plain.write_text("no markers")
    assert not update_readme(plain, "| x |")
    assert plain.read_text() == "no markers"


@pytest.mark.parametrize("folds", ["1", "21", "five", "", "9" * 400])
def test_bad_fold_counts_are_refused(folds: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        build_parser().parse_args(["evaluate", "--folds", folds])
    assert exit_info.value.code == 2
    assert len(capsys.readouterr().err) < 1_000


def test_evaluate_help_reads_well(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["evaluate", "--help"])
    help_text = capsys.readouterr().out
    assert "held-out" in help_text and "--apply-threshold" in help_text
