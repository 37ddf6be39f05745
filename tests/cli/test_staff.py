"""`tailor staff ...`: accounts from the shell, with one-line errors for bad input."""

from __future__ import annotations

import io
import subprocess
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.staff.accounts import ADMIN, SUPPORT, TRAINER
from bot.staff.lockout import MAX_FAILURES
from bot.storage.database import create_engine_for
from bot.storage.schema import staff_users
from bot.storage.staff import StaffDirectory
from tests.cheap_passwords import CHEAP_PASSWORDS
from tests.cli.support import run_main
from tests.databases import MigratedDatabases

TAILOR = Path(sys.executable).with_name("tailor")
PASSWORD = "correct horse battery staple"


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run in process hash cheaply; `tailor` run as a program hashes as deployed."""
    monkeypatch.setattr("bot.cli.staff.get_passwords", lambda: CHEAP_PASSWORDS)


@pytest.fixture
def directory(
    isolated_env: dict[str, str], migrated_databases: MigratedDatabases
) -> Iterator[StaffDirectory]:
    """The command's database, migrated (as the command would) to look into it."""
    migrated_databases.sqlite_at(isolated_env["DATABASE_URL"])
    engine = create_engine_for(isolated_env["DATABASE_URL"])
    yield StaffDirectory(engine, CHEAP_PASSWORDS)
    engine.dispose()


def run(
    argv: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    stdin: str | None = None,
    typed: list[str] | None = None,
) -> tuple[int, str, str]:
    """Run `tailor staff ...` in-process; `stdin` is piped, `typed` answers the prompts."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    answers = iter(typed or [])

    def prompt(_: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None

    monkeypatch.setattr("bot.cli.staff.getpass", prompt)
    return run_main(["staff", *argv], capsys)


def one_line_error(err: str, expected: str) -> None:
    assert err.count("\n") == 1, err
    assert err.startswith("tailor: error: ") and expected in err, err
    assert "Traceback" not in err


def test_add_reads_the_password_from_stdin(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        ["add", "Alice@Shop.Example", "--role", "admin", "--password-stdin"],
        capsys,
        monkeypatch,
        stdin=PASSWORD + "\n",
    )

    assert (code, out, err) == (0, "Added alice@shop.example (admin).\n", "")
    now = datetime.now(timezone.utc)
    assert directory.authenticate("alice@shop.example", PASSWORD, now).user is not None


def test_add_prompts_twice(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, _ = run(
        ["add", "bob@shop.example", "--role", "support"],
        capsys,
        monkeypatch,
        typed=[PASSWORD, PASSWORD],
    )

    assert code == 0
    assert directory.find("bob@shop.example").role == SUPPORT  # type: ignore[union-attr]


def test_add_makes_trainers(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = run(
        ["add", "tess@shop.example", "--role", "trainer", "--password-stdin"],
        capsys,
        monkeypatch,
        stdin=PASSWORD + "\n",
    )

    assert (code, out, err) == (0, "Added tess@shop.example (trainer).\n", "")
    trainer = directory.find("tess@shop.example")
    assert trainer is not None and trainer.can_train and not trainer.is_admin


def test_the_role_help_says_what_each_role_may_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["add", "--help"], capsys, monkeypatch)

    assert code == 0
    assert "{support,trainer,admin}" in out
    assert "trainer also improves the bot" in " ".join(out.split())


def test_passwords_never_go_to_the_database_in_clear(
    isolated_env: dict[str, str],
    directory: StaffDirectory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run(["add", "a@shop.example", "--role", "admin"], capsys, monkeypatch, typed=[PASSWORD] * 2)

    engine = create_engine_for(isolated_env["DATABASE_URL"])
    with engine.connect() as connection:
        stored = connection.execute(select(staff_users.c.password_hash)).scalar_one()
    engine.dispose()
    assert stored.startswith("$argon2id$") and PASSWORD not in stored


@pytest.mark.parametrize(
    ("argv", "stdin", "typed", "code", "error"),
    [
        (["add", "not-an-email", "--role", "admin"], None, [], 2, "not an e-mail address"),
        (["add", "x" * 5000 + "@shop.example", "--role", "admin"], None, [], 2, "not an e-mail"),
        (["add", "a@shop.example", "--role", "admin"], None, ["short", "short"], 2, "at least 12"),
        (["add", "a@shop.example", "--role", "admin"], None, [PASSWORD, "other"], 2, "differ"),
        (["add", "a@shop.example", "--role", "admin"], None, [], 2, "no password given"),
        (["add", "a@shop.example", "--role", "admin", "--password-stdin"], "", None, 2, "no pass"),
        (["add", "a@shop.example", "--role", "admin", "--password-stdin"], "\n", None, 2, "least"),
        (
            ["add", "a@shop.example", "--role", "admin", "--password-stdin"],
            "x" * 100_000,
            None,
            2,
            "at most 1024",
        ),
        (["add", "a@shop.example", "--role", "owner"], None, [], 2, "invalid choice"),
        (["add", "a@shop.example", "--role", "Trainer"], None, [], 2, "invalid choice"),
        (["add", "a@shop.example", "--role", "trainer\n- admin"], None, [], 2, "invalid choice"),
        (["add", "a@shop.example", "--role", ""], None, [], 2, "invalid choice"),
        (["add", "a@shop.example"], None, [], 2, "--role"),
        (["remove", "nobody@shop.example"], None, None, 1, "no staff account for"),
        (["set-password", "nobody@shop.example"], None, [PASSWORD] * 2, 1, "no staff account"),
    ],
)
def test_bad_input_gets_one_line_and_stores_nothing(
    directory: StaffDirectory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    stdin: str | None,
    typed: list[str] | None,
    code: int,
    error: str,
) -> None:
    result, out, err = run(argv, capsys, monkeypatch, stdin=stdin, typed=typed)

    assert result == code
    assert out == ""
    if "invalid choice" in error or "--role" in error:
        assert error in err and "Traceback" not in err  # argparse's usage + error
    else:
        one_line_error(err, error)
    assert directory.accounts(datetime.now(timezone.utc)) == []


def test_duplicates_are_refused_before_asking_for_a_password(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    run(["add", "a@shop.example", "--role", "admin"], capsys, monkeypatch, typed=[PASSWORD] * 2)

    code, _, err = run(["add", "A@SHOP.example", "--role", "support"], capsys, monkeypatch)

    assert code == 1
    one_line_error(err, "there is already an account for a@shop.example")
    assert directory.find("a@shop.example").role == ADMIN  # type: ignore[union-attr]


def test_list_shows_roles_logins_and_locks(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert "No staff accounts yet" in run(["list"], capsys, monkeypatch)[1]
    now = datetime.now(timezone.utc)
    directory.add("zed@shop.example", SUPPORT, PASSWORD, now)
    directory.add("amy@shop.example", ADMIN, PASSWORD, now)
    directory.add("tom@shop.example", TRAINER, PASSWORD, now)
    directory.authenticate("amy@shop.example", PASSWORD, now)
    for _ in range(MAX_FAILURES):
        directory.authenticate("zed@shop.example", "wrong", now)

    code, out, _ = run(["list"], capsys, monkeypatch)

    amy, tom, zed = out.splitlines()
    assert code == 0
    assert amy.startswith("amy@shop.example  admin    last login ")
    assert tom == "tom@shop.example  trainer  never logged in"
    assert zed.startswith("zed@shop.example  support  never logged in, locked until ")


def test_remove_deletes_the_account(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    directory.add("a@shop.example", SUPPORT, PASSWORD, datetime.now(timezone.utc))

    code, out, _ = run(["remove", " A@shop.example"], capsys, monkeypatch)

    assert code == 0
    assert "Removed a@shop.example" in out
    assert directory.find("a@shop.example") is None


def test_set_password_replaces_it_and_ends_sessions(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(timezone.utc)
    user = directory.add("a@shop.example", SUPPORT, PASSWORD, now)
    token, _ = directory.start_session(user, now)

    code, out, _ = run(
        ["set-password", "a@shop.example", "--password-stdin"],
        capsys,
        monkeypatch,
        stdin="a whole new passphrase\r\n",
    )

    assert code == 0 and "sessions have ended" in out
    assert directory.session(token, now) is None
    assert directory.authenticate("a@shop.example", "a whole new passphrase", now).user


def test_a_weak_new_password_changes_nothing(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(timezone.utc)
    directory.add("a@shop.example", SUPPORT, PASSWORD, now)

    code, _, err = run(["set-password", "a@shop.example"], capsys, monkeypatch, typed=["x", "x"])

    assert code == 2
    one_line_error(err, "at least 12 characters; nothing was changed")
    assert directory.authenticate("a@shop.example", PASSWORD, now).user is not None


def test_unlock_lifts_a_lockout(
    directory: StaffDirectory, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    now = datetime.now(timezone.utc)
    directory.add("a@shop.example", SUPPORT, PASSWORD, now)
    for _ in range(MAX_FAILURES):
        directory.authenticate("a@shop.example", "wrong", now)

    code, out, _ = run(["unlock", "A@shop.example"], capsys, monkeypatch)

    assert code == 0 and "Unlocked 'a@shop.example'" in out
    assert directory.authenticate("a@shop.example", PASSWORD, now).user is not None
    assert "nothing to do" in run(["unlock", "a@shop.example"], capsys, monkeypatch)[1]


def test_unprintable_names_are_quoted_not_crashed_on(
    isolated_env: dict[str, str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, _ = run(["unlock", "\udcff\x1b[31m@x"], capsys, monkeypatch)

    assert code == 0
    assert "\x1b" not in out and "\\x1b" in out


def test_the_real_command_for_scripts(isolated_env: dict[str, str], tmp_path: Path) -> None:
    added = subprocess.run(
        [TAILOR, "staff", "add", "ops@shop.example", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    again = subprocess.run(
        [TAILOR, "staff", "add", "ops@shop.example", "--role", "admin", "--password-stdin"],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    bad_bytes = subprocess.run(
        [TAILOR, "staff", "add", "new@shop.example", "--role", "admin", "--password-stdin"],
        input=b"\xff\xfe not utf-8 at all\n",
        capture_output=True,
        timeout=120,
    )

    assert (added.returncode, added.stdout, added.stderr) == (
        0,
        "Added ops@shop.example (admin).\n",
        "",
    )
    assert again.returncode == 1 and again.stderr.startswith("tailor: error: there is already")
    assert bad_bytes.returncode == 2
    assert b"not valid UTF-8" in bad_bytes.stderr and b"Traceback" not in bad_bytes.stderr


def test_staff_help_lists_the_commands(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = run(["--help"], capsys, monkeypatch)

    assert code == 0
    for command in ("add", "list", "remove", "set-password", "unlock"):
        assert command in out
