"""`tailor data add-example` and `tailor data check`, run in-process on copies of the project."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from bot.cli.data import format_problems, running_validator, validator_findings
from bot.cli.main import MAX_ERROR_LINE, main
from bot.settings import PROJECT_ROOT
from bot.training.checks import Problem, check_project
from tests.cli.support import run_main
from tests.demo_catalog import CATALOG


@pytest.fixture
def project(tmp_path: Path, isolated_env: dict[str, str]) -> Path:
    """A copy of the project's domain, config, training data and held-out NLU set."""
    root = tmp_path / "project"
    root.mkdir()
    for name in ("domain.yml", "config.yml"):
        shutil.copy(PROJECT_ROOT / name, root / name)
    shutil.copytree(PROJECT_ROOT / "data", root / "data")
    shutil.copytree(PROJECT_ROOT / "tests" / "nlu", root / "tests" / "nlu")
    return root


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(root)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(argv: list[str], project: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_main(["--project-dir", str(project), "data", *argv], capsys)


def test_help_explains_the_commands_and_exit_status(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["data", "--help"])
    listing = capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["data", "add-example", "--help"])
    add_help = " ".join(capsys.readouterr().out.split())

    assert exit_.value.code == 0
    assert "add-example" in listing and "check" in listing
    assert "--intent INTENT" in add_help and "[--file PATH] TEXT" in add_help
    assert (
        "Exit status: 0 added, 1 refused (the message says why), 2 wrong command line" in add_help
    )
    assert "'I want [trainers](product)'" in add_help


def test_add_example_prints_the_diff_of_the_one_line_it_added(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nlu = project / "data" / "nlu.yml"
    before = nlu.read_text(encoding="utf-8")

    code, out, err = run(
        ["add-example", "--intent", "design_product", "can I get [trainers](product) made"],
        project,
        capsys,
    )

    assert (code, err) == (0, "")
    assert out.startswith("--- a/data/nlu.yml\n+++ b/data/nlu.yml\n@@ ")
    assert [
        line for line in out.splitlines() if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ] == ["+    - can I get [trainers](product) made"]
    after = nlu.read_text(encoding="utf-8")
    assert after.replace("    - can I get [trainers](product) made\n", "", 1) == before


def test_add_example_into_a_chosen_file(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        [
            "add-example",
            "--intent",
            "goodbye",
            "--file",
            "data/trainer/goodbye.yml",
            "cheerio until next week",
        ],
        project,
        capsys,
    )

    assert code == 0
    assert out.startswith("--- /dev/null\n+++ b/data/trainer/goodbye.yml\n")
    assert "- cheerio until next week" in (project / "data" / "trainer" / "goodbye.yml").read_text()


REFUSED = {
    "duplicate": (
        ["--intent", "greet", "Hello"],
        "'Hello' is already an example of greet (data/nlu.yml, line ",
    ),
    "conflict": (
        ["--intent", "goodbye", "hello"],
        "'hello' is already an example of greet (data/nlu.yml, line ",
    ),
    "held out": (
        ["--intent", "greet", "hiya!"],
        "'hiya!' is in the held-out test set (tests/nlu/first_set.yml",
    ),
    "unknown intent": (
        ["--intent", "greeting", "hello you"],
        "domain.yml has no intent 'greeting'; did you mean greet?",
    ),
    "empty": (["--intent", "greet", ""], "the example is empty"),
    "huge": (
        ["--intent", "greet", "x" * 100_000],
        "the example has 100000 characters; an example may have at most 500",
    ),
    "yaml injection": (["--intent", "greet", "- foo\n- bar"], "has a line break"),
    "NUL": (["--intent", "greet", "a\x00b"], "invisible character U+0000"),
    "control": (["--intent", "greet", "a\x07b"], "invisible character U+0007"),
    "contradicts the catalog": (
        ["--intent", "inform", "[trainers](option)"],
        "contradicts the catalog: the catalog reads 'trainers' as product 'sneaker'",
    ),
    "bad markup": (["--intent", "inform", 'a [b]{"entity": } c'], "is not valid JSON"),
    "outside data": (
        ["--intent", "greet", "--file", "tests/nlu/first_set.yml", "howdy y'all"],
        "tests/nlu/first_set.yml: training examples go into a .yml file under data/",
    ),
    "hostile intent": (["--intent", "x" * 100_000, "hello you"], "domain.yml has no intent 'xxxx"),
}


@pytest.mark.parametrize(("argv", "message"), REFUSED.values(), ids=REFUSED.keys())
def test_a_refused_example_exits_1_and_touches_nothing(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    before = snapshot(project)

    code, out, err = run(["add-example", *argv], project, capsys)

    assert (code, out) == (1, "")
    assert err.startswith("tailor: error: ")
    assert message in err
    assert all(len(line) <= MAX_ERROR_LINE + len("tailor: error: ") for line in err.splitlines())
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        "colour: navy # please",
        "# not a comment",
        "Ünïcødé 👍🏽 naïve",
        "- foo",
    ],
)
def test_odd_but_harmless_text_is_added_verbatim(
    project: Path, capsys: pytest.CaptureFixture[str], text: str
) -> None:
    code, out, _ = run(["add-example", "--intent", "out_of_scope", "--", text], project, capsys)

    assert code == 0
    assert f"+    - {text}\n" in out


def test_a_corrupted_training_file_is_named_and_left_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nlu = project / "data" / "nlu.yml"
    nlu.write_text(
        nlu.read_text(encoding="utf-8") + "- intent: greet\n\texamples: |\n", encoding="utf-8"
    )
    before = snapshot(project)

    code, _, err = run(["add-example", "--intent", "greet", "hello again friend"], project, capsys)

    assert code == 1
    assert err.startswith("tailor: error: data/nlu.yml, line ")
    assert "invalid YAML" in err and "tabs" in err
    assert snapshot(project) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["add-example", "hello"],
        ["add-example", "--intent", "greet"],
        ["add-example"],
        ["frobnicate"],
        [],
    ],
)
def test_usage_errors_exit_2(
    project: Path, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    before = snapshot(project)
    code, _, err = run(argv, project, capsys)
    assert code == 2
    assert "usage: tailor data" in err
    assert snapshot(project) == before


def test_a_broken_catalog_is_a_configuration_error(
    project: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    broken = tmp_path / "catalog.yml"
    broken.write_text("shop: x\nshop: y\n", encoding="utf-8")
    monkeypatch.setenv("CATALOG_PATH", str(broken))

    code, _, err = run(["add-example", "--intent", "greet", "hello you"], project, capsys)

    assert code == 2
    assert "duplicate key 'shop'" in err


def test_check_needs_a_project(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], isolated_env: dict[str, str]
) -> None:
    code, _, err = run(["check"], tmp_path, capsys)
    assert code == 2
    assert (
        err
        == f"tailor: error: cannot check: domain.yml, config.yml, data not found in {tmp_path}\n"
    )


def test_check_on_the_project_runs_rasas_validator_and_ours(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    expected = check_project(project, CATALOG)

    code, out, _ = run(["check"], project, capsys)

    assert "Rasa's validator: no problems.\n" in out
    assert out.endswith(format_problems(expected) + "\n")
    assert code == (1 if expected else 0)


def test_check_on_a_broken_copy_reports_both_kinds_of_problem(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nlu = project / "data" / "nlu.yml"
    nlu.write_text(
        nlu.read_text(encoding="utf-8")
        + "\n- intent: ask_weather\n  examples: |\n    - will it rain today\n"
        + "\n- intent: goodbye\n  examples: |\n    - I want [trainers](option)\n    - HELLO\n",
        encoding="utf-8",
    )
    before = snapshot(project)

    code, out, _ = run(["check"], project, capsys)

    assert code == 1
    assert "Rasa's validator found problems:\n" in out
    assert "labeled with intent 'ask_weather'. This intent is not listed in your domain" in out
    assert "'I want [trainers](option)': the catalog reads 'trainers' as product" in out
    assert "'HELLO' is an example of goodbye here and of greet at data/nlu.yml, line" in out
    assert snapshot(project) == before


def test_a_validator_still_running_when_the_check_fails_is_stopped(tmp_path: Path) -> None:
    """Our checks run while Rasa's validator does; an error in them must not leave it."""
    pid_file = tmp_path / "validator.pid"
    fake = tmp_path / "fake-python"
    fake.write_text(f"#!/bin/sh\necho $$ > {pid_file}\nexec sleep 60\n")
    fake.chmod(0o755)

    with (
        pytest.raises(RuntimeError, match="our checks failed"),
        running_validator(tmp_path, os.environ, python=str(fake)),
    ):
        while not pid_file.exists() or not pid_file.read_text().strip():
            time.sleep(0.01)
        raise RuntimeError("our checks failed")

    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


def test_validator_output_is_reduced_to_its_findings() -> None:
    output = (
        "2026-01-01 10:00:00 INFO     rasa.validator  - Validating intents...\n"
        "\x1b[93m/x/rasa/shared/utils/io.py:100: UserWarning: Intent 'x' is not in the domain.\n"
        "  More info at https://rasa.com/docs/rasa/domain\n"
        "\x1b[0m2026-01-01 10:00:01 ERROR    rasa.validator  - Story structure conflict\n"
        "\x1b[91mProject validation completed with errors.\x1b[0m\n"
    )
    assert validator_findings(output, 1) == [
        "Intent 'x' is not in the domain.",
        "rasa.validator  - Story structure conflict",
    ]


def test_an_unexplained_validator_failure_shows_the_end_of_its_output() -> None:
    output = "\n".join(f"line {n}" for n in range(50)) + "\nTraceback: boom\n"
    findings = validator_findings(output, 2)
    assert findings[0] == "rasa data validate exited with code 2; the end of its output:"
    assert findings[-2:] == ["line 49", "Traceback: boom"]
    assert len(findings) == 21


def test_problems_are_grouped_by_file() -> None:
    problems = [
        Problem("catalog, desk > top > oak", "Oak can never be chosen"),
        Problem("data/nlu.yml, line 3", "a"),
        Problem("tests/nlu/test_nlu.yml, line 9", "b"),
        Problem("data/nlu.yml, line 5", "c"),
        Problem("training data", "data/x.yml: invalid YAML"),
    ]
    assert format_problems(problems) == (
        "5 problems found:\n"
        "catalog:\n  desk > top > oak: Oak can never be chosen\n"
        "data/nlu.yml:\n  line 3: a\n  line 5: c\n"
        "tests/nlu/test_nlu.yml:\n  line 9: b\n"
        "training data:\n  data/x.yml: invalid YAML"
    )
    assert format_problems([]) == "Catalog, dialogue and NLU data: no problems."
