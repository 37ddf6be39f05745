"""`tailor models list|activate`: listing, switching, and one-line errors for bad input.

The Rasa server is a stand-in on a loopback port (tests/serving/rasa_stand_in.py);
the switch of a real one is tests/e2e/test_model_switch.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.cli.models import MISSING_TOKEN
from tests.cli.support import run_main
from tests.serving.archives import write_model
from tests.serving.rasa_stand_in import StandInRasa, running_stand_in

OLD_ID = "aaaa" + "0" * 28
NEW_ID = "bbbb" + "0" * 28
OLD = "20261123-120000-old-model"
NEW = "20261123-130000-new-model"


@pytest.fixture
def project(tmp_path: Path, isolated_env: dict[str, str]) -> Path:
    root = tmp_path / "project"
    write_model(root / "models" / f"{OLD}.tar.gz", OLD_ID, datetime(2026, 11, 23, 12))
    write_model(root / "models" / f"{NEW}.tar.gz", NEW_ID, datetime(2026, 11, 23, 13))
    return root


@pytest.fixture
def rasa(project: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[StandInRasa]:
    """A Rasa stand-in serving the old model, with the settings pointing at it."""
    with running_stand_in() as stand_in:
        stand_in.serve(project / "models" / f"{OLD}.tar.gz")
        monkeypatch.setenv("RASA_PORT", str(stand_in.port))
        monkeypatch.setenv("RASA_API_TOKEN", stand_in.token)
        yield stand_in


def run(project: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    return run_main(["--project-dir", str(project), "models", *argv], capsys)


def puts(rasa: StandInRasa) -> list[object]:
    return [body for method, _, body in rasa.requests if method == "PUT"]


def test_help_explains_the_commands_and_the_token(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["models", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "list" in out and "activate" in out and "RASA_API_TOKEN" in out
    with pytest.raises(SystemExit):
        main(["models", "activate", "--help"])
    assert "start of the model id" in " ".join(capsys.readouterr().out.split())


def test_list_marks_the_model_rasa_serves(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(project, ["list"], capsys)
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        f"Models in {project / 'models'}, newest first "
        f"(* = served by the Rasa server at {rasa.url}):"
    )
    assert lines[1].startswith(f"  {NEW}  {NEW_ID}  2026-11-23 13:00 UTC")
    assert lines[2].startswith(f"* {OLD}  {OLD_ID}  2026-11-23 12:00 UTC")
    assert lines[2].endswith(" kB")


def test_list_says_when_rasa_serves_a_model_not_listed(
    project: Path, rasa: StandInRasa, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rasa.serve(write_model(tmp_path / "elsewhere.tar.gz", "c" * 32, datetime(2026, 1, 1)))
    code, out, _ = run(project, ["list"], capsys)
    assert code == 0
    assert "serves elsewhere.tar.gz, not one of these." in out
    assert "*" not in "".join(out.splitlines()[2:])


def test_list_without_a_token_still_lists(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project, ["list"], capsys)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == f"Which model Rasa serves is unknown: {MISSING_TOKEN}."
    assert lines[1] == f"Models in {project / 'models'}, newest first:"
    assert [line.split()[0] for line in lines[2:]] == [NEW, OLD]


def test_list_without_a_running_rasa_still_lists(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RASA_API_TOKEN", "some-token")
    code, out, _ = run(project, ["list"], capsys)
    assert code == 0
    first, *models = out.splitlines()
    assert first.startswith("Which model Rasa serves is unknown: ")
    assert "no Rasa server answers at http://127.0.0.1:" in first
    assert "some-token" not in out
    assert len(models) == 3


def test_list_skips_broken_archives_and_sidecars(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "models" / "broken.tar.gz").write_bytes(b"junk")
    (project / "models" / f"{NEW}.tar.gz.inputs-sha256").write_text("ab" * 32)
    code, out, _ = run(project, ["list"], capsys)
    assert code == 0 and "broken.tar.gz" not in out and "inputs-sha256" not in out
    assert len(out.splitlines()) == 4


def test_list_of_no_models(
    tmp_path: Path, isolated_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(tmp_path, ["list"], capsys)
    assert code == 0
    assert out.splitlines()[-1] == f"No models in {tmp_path / 'models'}; run `tailor train`."


def test_activate_switches_to_the_newest_by_default(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(project, ["activate"], capsys)
    assert code == 0, err
    assert f"Switching the Rasa server at {rasa.url} to {NEW}" in out
    assert out.splitlines()[-1] == f"The Rasa server now serves {NEW} (model id {NEW_ID})."
    assert rasa.model_id == NEW_ID
    assert puts(rasa) == [{"model_file": str((project / "models" / f"{NEW}.tar.gz").resolve())}]


@pytest.mark.parametrize("reference", [f"{NEW}.tar.gz", NEW, "bbbb", NEW_ID.upper()])
def test_activate_by_name_or_id_prefix(
    reference: str, project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(project, ["activate", reference], capsys)
    assert code == 0, err
    assert rasa.model_id == NEW_ID


def test_activate_by_path(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    rasa.serve(project / "models" / f"{NEW}.tar.gz")
    code, _, err = run(project, ["activate", str(project / "models" / f"{OLD}.tar.gz")], capsys)
    assert code == 0, err
    assert rasa.model_id == OLD_ID


def test_activating_the_served_model_changes_nothing(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(project, ["activate", OLD], capsys)
    assert code == 0
    assert out == f"The Rasa server at {rasa.url} already serves {OLD}.\n"
    assert puts(rasa) == []


def test_activate_without_a_token_says_how_to_set_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(project, ["activate"], capsys)
    assert code == 2 and out == ""
    assert err == f"tailor: error: {MISSING_TOKEN}\n"
    assert "set RASA_API_TOKEN in .env before `tailor run`" in err


def test_activate_without_a_running_rasa_fails(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("RASA_API_TOKEN", "some-token")
    code, _, err = run(project, ["activate"], capsys)
    assert code == 1
    assert err.startswith("tailor: error: could not ask the Rasa server which model it serves")
    assert "some-token" not in err


def test_activate_with_the_wrong_token_fails(
    project: Path,
    rasa: StandInRasa,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RASA_API_TOKEN", "not-the-token")
    code, _, err = run(project, ["activate"], capsys)
    assert code == 1 and "refused the API token" in err and "not-the-token" not in err
    assert rasa.model_id == OLD_ID


def test_a_model_rasa_cannot_load_is_reported(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    rasa.fail_next_load = (400, f"Agent with name '{NEW}.tar.gz' could not be loaded.")
    code, _, err = run(project, ["activate", NEW], capsys)
    assert code == 1
    assert "could not load" in err and "keeps serving its current model" in err
    assert rasa.model_id == OLD_ID


def test_activate_with_no_models(
    tmp_path: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(tmp_path, ["activate"], capsys)
    assert code == 1
    assert err == f"tailor: error: no models in {tmp_path / 'models'}; run `tailor train` first\n"


def test_an_ambiguous_id_prefix_is_a_usage_error(
    project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    write_model(project / "models" / "copy.tar.gz", NEW_ID, datetime(2026, 11, 23, 13))
    code, _, err = run(project, ["activate", "bbbb"], capsys)
    assert code == 2
    assert "'bbbb' matches 2 models" in err and "give the file name instead" in err
    assert puts(rasa) == []


@pytest.mark.parametrize("reference", ["", "  "])
def test_an_empty_model_name_is_a_usage_error(
    reference: str, project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(project, ["activate", reference], capsys)
    assert code == 2 and "no model given" in err


@pytest.mark.parametrize(
    "reference",
    [
        "x" * 100_000,
        "/" + "y" * 100_000,
        "nul\0byte",
        "\x1b[2J\x07",
        "<script>alert(1)</script>",
        "- foo\n- bar",
        "model: evil",
        "# not a model",
        "modèle-😀",
        "../../etc/passwd",
        "/etc/passwd",
    ],
)
def test_hostile_model_names_get_one_clear_line(
    reference: str, project: Path, rasa: StandInRasa, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(project, ["activate", reference], capsys)
    assert code == 1 and out == ""
    assert err.startswith("tailor: error: ") and err.count("\n") == 1
    assert "see `tailor models list`" in err
    assert all(c.isprintable() for c in err.rstrip("\n"))
    assert len(err) < 320
    assert puts(rasa) == [] and rasa.model_id == OLD_ID
