from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from sqlalchemy import select, update
from sqlalchemy.engine import Engine

from bot.cli.main import main
from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.settings import PROJECT_ROOT
from bot.storage.database import create_engine_for
from bot.storage.inbox import ACCEPTED, InboxStore
from bot.storage.rasa_tracker import RasaEvents
from bot.storage.repository import Store
from bot.storage.review import ReviewStore
from bot.storage.schema import USER, conversations, messages
from bot.training.stories import TEST_STORIES, TRAINING_STORIES
from tests.databases import MigratedDatabases
from tests.privacy.support import Customer, conversation_ids

TRAINER = "trainer@example.com"
NOW = datetime.now(timezone.utc)


@dataclass(frozen=True)
class Shop:
    engine: Engine
    project: Path
    older: int
    latest: int

    def run(self, *args: str) -> int:
        return main(["--project-dir", str(self.project), "transcripts", "to-story", *args])

    def review(self, conversation_id: int) -> None:
        assert ReviewStore(self.engine).set_reviewed(conversation_id, TRAINER, True)

    def story_file(self, name: str = TEST_STORIES) -> Path:
        return self.project / name


@pytest.fixture
def shop(
    isolated_env: dict[str, str],
    tmp_path: Path,
    migrated_databases: MigratedDatabases,
    project_domain: Domain,
) -> Iterator[Shop]:
    """Alice asked for a desk yesterday (two messages) and for a lamp an hour ago."""
    url = migrated_databases.sqlite_at(isolated_env["DATABASE_URL"])
    engine = create_engine_for(url)
    domain = project_domain
    rasa = DatabaseTrackerStore(domain, url=url)
    alice = Customer("alice", rasa, Store(engine), domain)
    yesterday = (NOW - timedelta(days=1)).timestamp()
    alice.session(NOW - timedelta(days=1), "a desk please")
    alice.save(
        [
            UserUttered(
                "make it oak", {"name": "inform", "confidence": 0.42}, timestamp=yesterday + 20
            ),
            ActionExecuted("utter_ok", timestamp=yesterday + 21),
            BotUttered("Oak it is.", timestamp=yesterday + 22),
            ActionExecuted("action_listen", timestamp=yesterday + 23),
        ]
    )
    alice.session(NOW - timedelta(hours=1), "a lamp")
    Customer("bob", rasa, Store(engine), domain).session(NOW - timedelta(hours=2), "a bed")
    rasa.engine.dispose()
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy2(PROJECT_ROOT / "domain.yml", project / "domain.yml")
    older, latest = conversation_ids(engine, "alice")
    yield Shop(engine, project, older, latest)
    engine.dispose()


def short(value: object) -> str:
    """A readable test id for a value that may be 100 000 characters long."""
    text = repr(value)
    return text if len(text) <= 30 else f"{text[:20]}...({len(text)} chars)"


def user_message_ids(engine: Engine, conversation_id: int) -> list[int]:
    with engine.connect() as connection:
        return list(
            connection.execute(
                select(messages.c.id)
                .where(messages.c.conversation_id == conversation_id, messages.c.sender == USER)
                .order_by(messages.c.position)
            ).scalars()
        )


def test_the_latest_reviewed_conversation_becomes_a_test_story(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)

    assert shop.run("alice", "--test") == 0

    out = capsys.readouterr().out
    name = f"Reviewed conversation {shop.latest} (desk, {NOW - timedelta(hours=1):%Y-%m-%d})"
    assert out.startswith(
        f"Added the test story of conversation {shop.latest} to {TEST_STORIES}:\n"
        f"--- /dev/null\n+++ b/{TEST_STORIES}\n"
    )
    written = shop.story_file().read_text()
    assert f"+  - story: {name}\n" in out and f"  - story: {name}\n" in written
    assert "        user: |-\n          a lamp\n" in written
    assert "a desk" not in written


def test_an_older_conversation_as_a_named_training_story_in_another_file(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.older)
    args = ["alice", "--conversation", str(shop.older), "--name", "Desk: oak # wood"]

    assert shop.run(*args, "--file", "data/desks.yml") == 0

    assert "to data/desks.yml:" in capsys.readouterr().out
    written = shop.story_file("data/desks.yml").read_text()
    assert "  - story: 'Desk: oak # wood'\n" in written
    assert written.count("- intent: inform\n") == 2 and "user:" not in written
    assert not shop.story_file(TRAINING_STORIES).exists()


def test_print_shows_the_story_and_writes_nothing(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)

    assert shop.run("alice", "--print", "--name", "Lamp") == 0

    assert capsys.readouterr().out.startswith(
        'version: "3.1"\nstories:\n  - story: Lamp\n    steps:\n      - intent: inform\n'
    )
    assert not (shop.project / "data").exists()


def test_inbox_corrections_apply_and_correct_overrides_their_intent(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.older)
    first, second = user_message_ids(shop.engine, shop.older)
    inbox = InboxStore(shop.engine)
    for message, intent, example in [
        (first, "design_product", "a [desk](product) please"),
        (second, "deny", "make it [oak](option)"),
    ]:
        inbox.record_review(
            message, decision=ACCEPTED, intent=intent, example=example, by=TRAINER, at=NOW
        )
    args = ["alice", "--conversation", str(shop.older), "--test", "--print"]

    assert shop.run(*args, "--correct", "2=inform") == 0

    out = capsys.readouterr().out
    assert "- intent: design_product\n        user: |-\n          a [desk](product) please\n" in out
    assert "- intent: inform\n        user: |-\n          make it [oak](option)\n" in out


def test_a_conversation_not_reviewed_is_refused(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    assert shop.run("alice", "--test") == 1

    err = capsys.readouterr().err
    assert f"conversation {shop.latest} has not been reviewed" in err
    assert "mark it reviewed" in err and "staff console" in err
    assert not shop.story_file().exists()


@pytest.mark.parametrize(
    ("sender", "problem"),
    [
        ("carol", "there is no conversation of sender 'carol'"),
        ("<script>alert(1)</script>", "no conversation of sender '<script>alert(1)</script>'"),
        ("- foo\n- bar", "no conversation of sender '- foo - bar'"),
        ("x" * 255, "no conversation of sender 'xxxx"),
    ],
    ids=short,
)
def test_unknown_senders_are_reported(
    shop: Shop, capsys: pytest.CaptureFixture[str], sender: str, problem: str
) -> None:
    assert shop.run(sender) == 1

    err = capsys.readouterr().err
    assert problem in err and len(err) < 400


def test_the_conversation_must_be_the_senders(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    [bobs] = conversation_ids(shop.engine, "bob")
    shop.review(bobs)

    assert shop.run("alice", "--conversation", str(bobs)) == 1
    assert f"conversation {bobs} is not one of sender 'alice'" in capsys.readouterr().err

    assert shop.run("alice", "--conversation", "99999") == 1
    assert "there is no conversation 99999" in capsys.readouterr().err


def test_a_declined_transcript_never_becomes_a_story(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)
    with shop.engine.begin() as connection:
        connection.execute(
            update(conversations).where(conversations.c.id == shop.latest).values(consent=False)
        )

    assert shop.run("alice") == 1
    assert "the customer declined" in capsys.readouterr().err


def test_a_conversation_whose_events_are_gone_is_reported(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)
    with shop.engine.begin() as connection:
        RasaEvents(connection).delete_sender("alice")

    assert shop.run("alice") == 1
    err = capsys.readouterr().err
    assert f"Rasa holds no events of conversation {shop.latest}" in err and "purged" in err


@pytest.mark.parametrize(
    "correction",
    ["3", "x=inform", "0=inform", "=inform", "2=", "2=two words", "2=in\x00form", "9" * 100_000],
    ids=short,
)
def test_malformed_corrections_are_command_line_errors(
    shop: Shop, capsys: pytest.CaptureFixture[str], correction: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        shop.run("alice", "--correct", correction)

    assert exited.value.code == 2
    err = capsys.readouterr().err
    assert "--correct" in err and len(err.splitlines()[-1]) <= 300


def test_a_message_corrected_twice_is_a_command_line_error(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    assert shop.run("alice", "--correct", "1=greet", "--correct", "1=deny") == 2
    assert "names customer message 1 twice" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("correction", "problem"),
    [
        ("1=agree", "the domain has no intent 'agree'"),
        ("3=greet", "there is no customer message 3 to correct: the conversation has 2"),
    ],
)
def test_corrections_that_do_not_fit_the_conversation_are_refused(
    shop: Shop, capsys: pytest.CaptureFixture[str], correction: str, problem: str
) -> None:
    shop.review(shop.older)

    assert shop.run("alice", "--conversation", str(shop.older), "--correct", correction) == 1
    assert problem in capsys.readouterr().err
    assert not (shop.project / "data").exists()


@pytest.mark.parametrize("name", ["", "two\nlines", "nul\x00", "x" * 100_000], ids=short)
def test_bad_names_are_refused(shop: Shop, capsys: pytest.CaptureFixture[str], name: str) -> None:
    shop.review(shop.latest)

    assert shop.run("alice", "--name", name) == 1
    assert "story name" in capsys.readouterr().err
    assert not (shop.project / "data").exists()


@pytest.mark.parametrize("sender", ["", "nul\x00", "x" * 100_000], ids=short)
def test_impossible_sender_ids_are_command_line_errors(
    shop: Shop, capsys: pytest.CaptureFixture[str], sender: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        shop.run(sender)

    assert exited.value.code == 2
    assert "SENDER_ID must be 1 to 255 characters" in capsys.readouterr().err


@pytest.mark.parametrize("conversation", ["abc", "-1", "0", "1" * 100_000], ids=short)
def test_impossible_conversation_ids_are_command_line_errors(
    shop: Shop, capsys: pytest.CaptureFixture[str], conversation: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        shop.run("alice", "--conversation", conversation)

    assert exited.value.code == 2
    assert "--conversation must be" in capsys.readouterr().err


def test_the_same_story_twice_is_refused_and_the_file_kept(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)
    assert shop.run("alice", "--test") == 0
    before = shop.story_file().read_bytes()

    assert shop.run("alice", "--test") == 1
    assert "already has a story named 'Reviewed conversation" in capsys.readouterr().err
    assert shop.run("alice", "--test", "--name", "Lamp again") == 1
    assert "already has a story with the same steps" in capsys.readouterr().err
    assert shop.story_file().read_bytes() == before


def test_a_corrupt_stories_file_is_reported_and_left_untouched(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    shop.review(shop.latest)
    path = shop.story_file(TRAINING_STORIES)
    path.parent.mkdir()
    path.write_text('version: "3.1"\nstories:\n  - story: a\n   steps: oops\n')

    assert shop.run("alice") == 1

    assert f"tailor: error: {TRAINING_STORIES}, line 4" in capsys.readouterr().err
    assert path.read_text().endswith("   steps: oops\n")


def test_a_project_without_a_domain_is_a_configuration_error(
    shop: Shop, capsys: pytest.CaptureFixture[str]
) -> None:
    (shop.project / "domain.yml").unlink()

    assert shop.run("alice") == 2
    assert "cannot read domain.yml" in capsys.readouterr().err


def test_help_explains_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["transcripts", "to-story", "--help"])

    assert exited.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    for words in ["reviewed", "NLU inbox", "--correct N=INTENT", TEST_STORIES, "Exit status"]:
        assert words in out
