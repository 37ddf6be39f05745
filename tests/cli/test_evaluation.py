"""`tailor evaluate`: orchestration, summary, README and config updates.

Rasa itself is replaced by a small script that writes the files `rasa test` writes,
so these tests check our reading, reporting and editing; the real Rasa runs in
`make evaluate`, and so do the live parts (a stack with the trained model), whose
sets and figures are checked here and whose conversations are in tests/serving.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import pytest

from bot.cli.evaluation import (
    README_END,
    README_START,
    HeldOutFigures,
    Report,
    apply_threshold,
    evaluate,
    fallback_threshold,
    update_readme,
)
from bot.cli.main import build_parser
from bot.evaluation.metrics import EntityFigures, IntentFigures
from bot.evaluation.off_topic import KindFigures
from bot.evaluation.product_words import ProductWordFigures
from bot.evaluation.questions import QuestionKind
from bot.layout import HELD_OUT_SETS, OFF_TOPIC_SET, PRODUCT_WORDS_SET
from bot.runtime.errors import ConfigurationError, TailorError
from bot.settings import Settings, load_settings

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
if not cv and "EMPTY" in Path(args[args.index("--nlu") + 1]).read_text():
    sys.exit(0)  # writes no predictions, as Rasa does for a set without messages
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
    for name in HELD_OUT_SETS:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("nlu: []\n")
    fake = tmp_path / "fake-python"
    fake.write_text(FAKE_RASA)
    fake.chmod(0o755)
    return tmp_path


def run(project: Path, **options: object) -> Report:
    """`evaluate` with the fake Rasa, and without the live parts unless asked."""
    options = {"off_topic": False, "product_words": False, **options}
    fake = str(project / "fake-python")
    return evaluate(project, os.environ, python=fake, **options)  # type: ignore[arg-type]


def test_the_whole_evaluation_reads_every_report(project: Path) -> None:
    report = run(project)
    calls = (project / "rasa-calls.log").read_text().splitlines()
    assert [call.split()[:2] for call in calls] == [["test", "nlu"]] * 3 + [["test", "core"]]
    assert "--cross-validation" in calls[0] and "--folds 5" in calls[0]
    assert "--nlu tests/nlu/first_set.yml --out" in calls[1]
    assert "--nlu tests/nlu/varied_customers.yml --out" in calls[2]
    assert str(project / "results" / "nlu" / "varied_customers") in calls[2]
    cv_config = (
        project / "results" / "cross-validation" / "config-without-fallback.yml"
    ).read_text()
    assert "FallbackClassifier" not in cv_config and "DIETClassifier" in cv_config
    assert list(report.held_out) == ["first_set", "varied_customers"]
    assert report.held_out["first_set"].intents.macro_f1 == 1.0
    assert report.held_out["varied_customers"].entities.catalog_f1 == 1.0
    assert report.configured_threshold == 0.4
    assert report.tuned is not None and report.tuned.threshold == 0.35
    assert report.stories == (2, 2, 10, 10)
    assert report.meets_targets()
    summary = (project / "results" / "summary.md").read_text()
    assert summary.startswith("| figure | value | target | met |")
    assert "| intent macro-F1 (held-out first_set, 3 messages) | 1.000 | >= 0.96 | yes |" in summary
    assert (
        "| in-scope accuracy (held-out varied_customers, 3 messages) | 1.000 | >= 0.96 | yes |"
        in summary
    )
    assert (
        "| entity F1: option (held-out first_set / varied_customers) | 1.000 / 1.000 | | |"
        in summary
    )
    assert "off-topic" not in summary  # skipped parts have no rows


def test_the_tuned_threshold_is_applied_and_trained_before_the_held_out_run(
    project: Path,
) -> None:
    calls = project / "rasa-calls.log"
    seen_at_retrain: list[str] = []

    def retrain() -> None:
        seen_at_retrain.append(calls.read_text())

    report = run(project, apply_tuned=True, retrain=retrain)
    assert len(seen_at_retrain) == 1
    assert seen_at_retrain[0].count("\n") == 1  # only the cross-validation ran before
    assert fallback_threshold(project / "config.yml") == 0.35 == report.configured_threshold


@pytest.mark.parametrize("name", HELD_OUT_SETS)
def test_without_either_held_out_set_evaluation_refuses(project: Path, name: str) -> None:
    (project / name).unlink()
    with pytest.raises(ConfigurationError, match=f"held-out test set missing.*{name}"):
        run(project)
    assert not (project / "rasa-calls.log").exists()


def test_an_empty_held_out_set_is_named(project: Path) -> None:
    (project / HELD_OUT_SETS[1]).write_text("# EMPTY\nnlu: []\n")
    with pytest.raises(ConfigurationError, match="no figures for tests/nlu/varied_customers"):
        run(project)


def test_a_failing_rasa_run_is_reported(project: Path) -> None:
    (project / "fake-python").write_text("#!/bin/sh\nexit 3\n")
    with pytest.raises(TailorError, match="exited with code 3"):
        run(project)


@pytest.fixture
def settings() -> Settings:
    return load_settings()


def live_project(project: Path) -> Path:
    """The project with a valid off-topic and product-word set."""
    (project / OFF_TOPIC_SET).parent.mkdir(parents=True, exist_ok=True)
    (project / OFF_TOPIC_SET).write_text("version: 1\ndomains: {banking: [open an account]}\n")
    (project / PRODUCT_WORDS_SET).write_text(
        "version: 1\nwishes: ['{product} please']\noff_topic: ['my {product} broke']\n"
    )
    return project


@pytest.mark.parametrize(
    ("part", "content", "problem"),
    [
        (OFF_TOPIC_SET, None, "off_topic.yml: cannot read it.*--no-off-topic"),
        (OFF_TOPIC_SET, "version: 1\ndomains: {a: [\n", "invalid YAML.*--no-off-topic"),
        (OFF_TOPIC_SET, "version: 1\ndomains: {}\n", "must map domain names"),
        (OFF_TOPIC_SET, "", "must be a mapping"),
        (PRODUCT_WORDS_SET, None, "product_words.yml: cannot read it.*--no-product-words"),
        (PRODUCT_WORDS_SET, "version: 1\nwishes: [a]\noff_topic: [b]\n", "{product}"),
        (PRODUCT_WORDS_SET, "x" * 3_000_000, "at most"),
    ],
)
def test_broken_live_sets_fail_before_anything_runs(
    project: Path, settings: Settings, part: str, content: str | None, problem: str
) -> None:
    path = live_project(project) / part
    if content is None:
        path.unlink()
    else:
        path.write_text(content)
    with pytest.raises(ConfigurationError, match=problem):
        run(project, settings=settings, off_topic=True, product_words=True)
    assert not (project / "rasa-calls.log").exists()


def test_a_skipped_part_needs_no_set(project: Path, settings: Settings) -> None:
    live_project(project)
    (project / PRODUCT_WORDS_SET).unlink()
    (project / OFF_TOPIC_SET).write_text("broken: [")
    report = run(project, settings=settings, cross_validation=False, stories=False)
    assert report.off_topic is None and report.product_words is None


def test_a_broken_catalog_fails_before_anything_runs(
    project: Path, settings: Settings, tmp_path: Path
) -> None:
    live_project(project)
    (tmp_path / "catalog.yml").write_text("shop: [")
    broken = dataclasses.replace(settings, catalog_path=tmp_path / "catalog.yml")
    with pytest.raises(ConfigurationError, match="invalid YAML"):
        run(project, settings=broken, off_topic=True)
    assert not (project / "rasa-calls.log").exists()


def test_the_live_parts_need_settings(project: Path) -> None:
    with pytest.raises(ValueError, match="need the settings"):
        run(project, off_topic=True)


def held_out(macro_f1: float = 0.97) -> HeldOutFigures:
    return HeldOutFigures(
        IntentFigures(macro_f1, 0.96, 0.97, 700), EntityFigures({"product": 0.99}, 0.985)
    )


def kind(unchanged: int, redirected: int, messages: int = 440) -> KindFigures:
    return KindFigures(QuestionKind.YES_NO, "desk cable_tray", messages, unchanged, redirected)


def words(understood: int = 700, unchanged: int = 750) -> ProductWordFigures:
    return ProductWordFigures(78, 60, 0, 700, understood, 750, unchanged)


def report(**parts: object) -> Report:
    values = {"held_out": {"first_set": held_out(), "varied_customers": held_out()},
              "configured_threshold": 0.3, "off_topic": [kind(440, 436)],
              "product_words": words(), "stories": (10, 10, 153, 153)}  # fmt: skip
    return Report(**{**values, **parts})  # type: ignore[arg-type]


def test_every_figure_has_its_row_and_target() -> None:
    table = report().table()
    assert (
        "| off-topic at the yes/no question (desk cable_tray): design unchanged | "
        "100.0% (440/440) | 100% | yes |" in table
    )
    assert (
        "| off-topic at the yes/no question (desk cable_tray): answered as off-topic, then the "
        "same question | 99.1% (436/440) | >= 99% | yes |" in table
    )
    assert (
        "| product words as a wish start that product (78 product words, 60 of them typos; "
        "0 ambiguous typos left out) | 100.0% (700/700) | 100% | yes |" in table
    )
    assert "leave another product's design unchanged | 100.0% (750/750) | 100% | yes |" in table
    assert "| test stories: stories / actions correct | 10/10 / 153/153 | all | yes |" in table
    assert report().meets_targets()


@pytest.mark.parametrize(
    "missed",
    [
        {"off_topic": [kind(439, 440)]},
        {"off_topic": [kind(440, 435)]},
        {"product_words": words(understood=699)},
        {"product_words": words(unchanged=749)},
        {"held_out": {"first_set": held_out(), "varied_customers": held_out(0.959)}},
        {"stories": (9, 10, 150, 153)},
    ],
)
def test_any_missed_target_fails_the_run(missed: dict[str, object]) -> None:
    assert not report(**missed).meets_targets()
    assert "| NO |" in report(**missed).table()


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
    assert "--no-off-topic" in help_text and "--no-product-words" in help_text


def test_the_live_parts_can_be_skipped_from_the_command_line() -> None:
    args = build_parser().parse_args(["evaluate", "--no-off-topic", "--no-product-words"])
    assert args.no_off_topic and args.no_product_words
    defaults = build_parser().parse_args(["evaluate"])
    assert not defaults.no_off_topic and not defaults.no_product_words
