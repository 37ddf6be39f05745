from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from bot.cli.main import main
from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.storage.database import create_engine_for
from bot.storage.repository import Store
from bot.storage.schema import conversations, messages
from tests.databases import MigratedDatabases
from tests.privacy import support
from tests.privacy.support import Customer, conversation_ids, rasa_event_rows


@pytest.fixture
def engine(isolated_env: dict[str, str], migrated_databases: MigratedDatabases) -> Iterator[Engine]:
    url = migrated_databases.sqlite_at(isolated_env["DATABASE_URL"])
    engine = create_engine_for(url)
    yield engine
    engine.dispose()


@pytest.fixture
def shop(isolated_env: dict[str, str], engine: Engine) -> Iterator[dict[str, int]]:
    """Alice visited 40 days ago and yesterday, Bob 35 days ago; nobody said no to a transcript
    but Bob never answered the question."""
    domain = support.domain()
    rasa = DatabaseTrackerStore(domain, url=isolated_env["DATABASE_URL"])
    store = Store(engine)
    now = datetime.now(timezone.utc)
    alice = Customer("alice-4f2a", rasa, store, domain)
    alice.session(now - timedelta(days=40), "an old desk")
    alice.finish("spec-old")
    alice.session(now - timedelta(days=1), "a new desk")
    alice.finish("spec-new")
    bob = Customer("bob-77c1", rasa, store, domain)
    bob.session(now - timedelta(days=35), "just looking")
    rasa.engine.dispose()
    old, new = conversation_ids(engine, alice.sender)
    [bobs] = conversation_ids(engine, bob.sender)
    with engine.begin() as connection:
        connection.execute(
            update(conversations).where(conversations.c.id.in_([old, new])).values(consent=True)
        )
    yield {"old": old, "new": new, "bob": bobs}


def message_count(engine: Engine, conversation_id: int) -> int:
    with engine.connect() as connection:
        return connection.execute(
            select(func.count())
            .select_from(messages)
            .where(messages.c.conversation_id == conversation_id)
        ).scalar_one()


def answer(monkeypatch: pytest.MonkeyPatch, typed: str) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO(typed))


# tailor conversations erase


def test_erase_with_yes_deletes_at_once_and_says_what(
    shop: dict[str, int], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conversations", "erase", str(shop["old"]), "--yes"]) == 0

    out = capsys.readouterr().out
    assert out.startswith(f"Erased conversation {shop['old']}: conversations 1, messages 2, ")
    assert out.rstrip().endswith("Rasa events 8.")
    assert conversation_ids(engine, "alice-4f2a") == [shop["new"]]
    assert len(rasa_event_rows(engine, "alice-4f2a")) == 8


@pytest.mark.parametrize("typed", ["y\n", "YES\n", " yes \n"])
def test_erase_asks_first_and_shows_what_will_go(
    typed: str,
    shop: dict[str, int],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answer(monkeypatch, typed)

    assert main(["conversations", "erase", str(shop["bob"])]) == 0

    out = capsys.readouterr().out
    assert f"Erase conversation {shop['bob']}: conversations 1, messages 2," in out
    assert "This cannot be undone. [y/N]" in out
    assert conversation_ids(engine, "bob-77c1") == []


@pytest.mark.parametrize("typed", ["n\n", "\n", "", "yess\n", "oui\n"])
def test_erase_without_confirmation_deletes_nothing(
    typed: str,
    shop: dict[str, int],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    answer(monkeypatch, typed)

    assert main(["conversations", "erase", str(shop["bob"])]) == 1

    assert "not confirmed; nothing was erased" in capsys.readouterr().err
    assert conversation_ids(engine, "bob-77c1") == [shop["bob"]]
    assert len(rasa_event_rows(engine, "bob-77c1")) == 8


def test_erase_a_sender(
    shop: dict[str, int], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conversations", "erase", "--sender", "alice-4f2a", "--yes"]) == 0

    out = capsys.readouterr().out
    assert "Erased sender 'alice-4f2a': conversations 2, messages 4," in out
    assert "Rasa events 16." in out
    assert conversation_ids(engine, "alice-4f2a") == []
    assert rasa_event_rows(engine, "alice-4f2a") == []
    assert conversation_ids(engine, "bob-77c1") == [shop["bob"]]


@pytest.mark.parametrize(
    "argv",
    [
        ["conversations", "erase", "987654", "--yes"],
        ["conversations", "erase", "987654"],
        ["conversations", "erase", "--sender", "nobody", "--yes"],
    ],
)
def test_erase_of_something_unknown_fails_without_asking(
    argv: list[str], shop: dict[str, int], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 1

    captured = capsys.readouterr()
    assert captured.err.startswith("tailor: error: nothing to erase: no ")
    assert "[y/N]" not in captured.out
    assert len(conversation_ids(engine, "alice-4f2a")) == 2


def test_erase_twice_fails_the_second_time(
    shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conversations", "erase", str(shop["bob"]), "--yes"]) == 0
    assert main(["conversations", "erase", str(shop["bob"]), "--yes"]) == 1


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("abc", "must be a whole number"),
        ("1.5", "must be a whole number"),
        ("", "must be a whole number"),
        ("\uff11", "must be a whole number"),  # a full-width 1
        ("1; DROP TABLE conversations", "must be a whole number"),
        ("0", "must be between 1 and 2147483647"),
        ("-3", "must be between 1 and 2147483647"),
        ("2147483648", "must be between 1 and 2147483647"),
        ("9" * 100_000, "must be between 1 and 2147483647"),
    ],
)
def test_malformed_conversation_ids_are_refused_without_echo(
    value: str, problem: str, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["conversations", "erase", value, "--yes"])

    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert problem in err
    assert len(err) < 500


@pytest.mark.parametrize("sender", ["", "x" * 256, "a\x00b"])
def test_impossible_sender_ids_are_refused(
    sender: str, shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["conversations", "erase", "--sender", sender, "--yes"])

    assert exit_.value.code == 2
    assert "SENDER_ID must be 1 to 255 characters without NUL" in capsys.readouterr().err


def test_a_hostile_sender_id_is_shown_escaped(
    shop: dict[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["conversations", "erase", "--sender", "\x1b[2J\r\nboom", "--yes"]) == 1

    err = capsys.readouterr().err
    assert "\x1b" not in err
    assert "'\\x1b[2J\\r\\nboom'" in err


@pytest.mark.parametrize(
    "argv",
    [
        ["conversations", "erase"],
        ["conversations", "erase", "1", "--sender", "alice-4f2a"],
        ["conversations", "erase", "1", "2"],
        ["conversations"],
    ],
)
def test_erase_needs_exactly_one_target(argv: list[str], isolated_env: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(argv)

    assert exit_.value.code == 2


# tailor privacy purge


def test_purge_without_retention_drops_only_unconsented_transcripts(
    shop: dict[str, int], engine: Engine, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["privacy", "purge"]) == 0

    assert capsys.readouterr().out.splitlines() == [
        "Ended without consent: stripped 1 conversation (2 messages, 8 Rasa events).",
        "RETENTION_DAYS is not set: other transcripts are kept until erased.",
    ]
    assert message_count(engine, shop["bob"]) == 0
    assert message_count(engine, shop["old"]) == 2


def test_purge_with_retention_strips_old_transcripts(
    shop: dict[str, int],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "30")

    assert main(["privacy", "purge"]) == 0
    assert main(["privacy", "purge"]) == 0

    first, second = capsys.readouterr().out.split("Ended without consent")[1:]
    assert "Started over 30 days ago: stripped 1 conversation (2 messages, 8 Rasa events, " in (
        first
    )
    assert "0 conversations (0 messages, 0 Rasa events, 0 contacts)" in second
    assert message_count(engine, shop["old"]) == 0
    assert message_count(engine, shop["new"]) == 2
    assert len(rasa_event_rows(engine, "alice-4f2a")) == 8


def test_purge_dry_run_deletes_nothing(
    shop: dict[str, int],
    engine: Engine,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", "30")

    assert main(["privacy", "purge", "--dry-run"]) == 0

    out = capsys.readouterr().out
    assert "would strip 1 conversation (2 messages, 8 Rasa events)" in out
    assert out.rstrip().endswith("Dry run: nothing was deleted.")
    assert message_count(engine, shop["bob"]) == 2
    assert message_count(engine, shop["old"]) == 2


def test_purge_on_a_fresh_database_succeeds(
    isolated_env: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["privacy", "purge"]) == 0
    assert "stripped 0 conversations" in capsys.readouterr().out


def test_purge_reports_a_database_failure_in_one_line(
    isolated_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Nothing listens on port 9: connecting fails at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg2://tailor:s3cret@127.0.0.1:9/tailor")

    assert main(["privacy", "purge"]) != 0

    err = capsys.readouterr().err
    assert err.startswith("tailor: error: ")
    assert len(err.strip().splitlines()) == 1
    assert "s3cret" not in err


@pytest.mark.parametrize("days", ["abc", "0", "-5", "1e3"])
def test_purge_with_a_bad_retention_setting_exits_2(
    days: str,
    isolated_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("RETENTION_DAYS", days)

    assert main(["privacy", "purge"]) == 2
    assert "RETENTION_DAYS" in capsys.readouterr().err


def test_purge_takes_no_arguments(isolated_env: dict[str, str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["privacy", "purge", "--yes"])

    assert exit_.value.code == 2
