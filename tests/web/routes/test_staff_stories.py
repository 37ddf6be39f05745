"""A trainer turns a reviewed conversation into a story from its transcript page."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from rasa.shared.core.domain import Domain
from sqlalchemy.engine import Engine

from bot.rasa_plugins.tracker_store import DatabaseTrackerStore
from bot.settings import Settings
from bot.storage.repository import Store
from bot.storage.review import ReviewStore
from bot.training.stories import TEST_STORIES, TRAINING_STORIES
from tests.privacy.support import Customer, conversation_ids

from ..staff_fixtures import LoggedIn

SCRIPT = "<script>alert(1)</script>"
STARTED = datetime.now(timezone.utc) - timedelta(hours=1)


@pytest.fixture
def conversation(engine: Engine, settings: Settings, project_domain: Domain) -> int:
    """Alice's conversation about a desk, saved by Rasa's tracker store and our broker."""
    domain = project_domain
    rasa = DatabaseTrackerStore(domain, url=settings.database_url)
    Customer("alice", rasa, Store(engine), domain).session(STARTED, "a standing desk please")
    rasa.engine.dispose()
    return conversation_ids(engine, "alice")[-1]


def reviewed(engine: Engine, conversation_id: int) -> int:
    assert ReviewStore(engine).set_reviewed(conversation_id, "trainer@shop.example", True)
    return conversation_id


def post_story(client: LoggedIn, conversation_id: int, **fields: str):
    return client.client.post(
        f"/staff/conversations/{conversation_id}/story",
        data={"csrf_token": client.csrf_token, "name": "Desk request", "kind": "test", **fields},
    )


def test_a_reviewed_conversation_becomes_a_test_story(
    trainer_client: LoggedIn, engine: Engine, conversation: int, settings: Settings
) -> None:
    page = post_story(trainer_client, reviewed(engine, conversation))

    assert page.status_code == 200, page.text
    assert f"+++ b/{TEST_STORIES}" in page.text
    written = (settings.project_dir / TEST_STORIES).read_text()
    assert "- story: Desk request\n" in written
    assert "a standing desk please" in written


def test_a_training_story_goes_to_the_data_folder(
    trainer_client: LoggedIn, engine: Engine, conversation: int, settings: Settings
) -> None:
    page = post_story(trainer_client, reviewed(engine, conversation), kind="training")

    assert page.status_code == 200, page.text
    written = (settings.project_dir / TRAINING_STORIES).read_text()
    assert "- story: Desk request\n" in written
    assert "user:" not in written


def test_the_transcript_offers_the_story_form_only_once_reviewed(
    trainer_client: LoggedIn, staff_client: LoggedIn, engine: Engine, conversation: int
) -> None:
    url = f"/staff/conversations/{conversation}"
    assert "Mark the conversation reviewed first" in trainer_client.client.get(url).text

    reviewed(engine, conversation)

    page = trainer_client.client.get(url).text
    assert f'action="/staff/conversations/{conversation}/story"' in page
    assert f"Reviewed conversation {conversation} (desk, " in page
    assert "/story" not in staff_client.client.get(url).text


def test_an_unreviewed_conversation_is_refused_with_the_reason(
    trainer_client: LoggedIn, conversation: int, settings: Settings
) -> None:
    page = post_story(trainer_client, conversation)

    assert page.status_code == 400
    assert "has not been reviewed" in page.text
    assert not (settings.project_dir / TEST_STORIES).exists()


@pytest.mark.parametrize(
    "name",
    ["", "   ", "line\nbreak", "x" * 100_000, f"{SCRIPT}\x00"],
    ids=["empty", "blank", "two-lines", "huge", "hostile"],
)
def test_a_bad_story_name_keeps_the_form_and_writes_nothing(
    trainer_client: LoggedIn, engine: Engine, conversation: int, settings: Settings, name: str
) -> None:
    page = post_story(trainer_client, reviewed(engine, conversation), name=name)

    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert SCRIPT not in page.text
    assert not (settings.project_dir / TEST_STORIES).exists()


def test_the_same_story_twice_is_refused_and_the_file_kept(
    trainer_client: LoggedIn, engine: Engine, conversation: int, settings: Settings
) -> None:
    post_story(trainer_client, reviewed(engine, conversation))
    before = (settings.project_dir / TEST_STORIES).read_bytes()

    again = post_story(trainer_client, conversation)

    assert again.status_code == 400
    assert "Desk request" in again.text
    assert (settings.project_dir / TEST_STORIES).read_bytes() == before


@pytest.mark.parametrize("kind", ["", "both", "test" * 10_000, SCRIPT])
def test_an_unknown_kind_is_refused(
    trainer_client: LoggedIn, engine: Engine, conversation: int, kind: str
) -> None:
    page = post_story(trainer_client, reviewed(engine, conversation), kind=kind)

    assert page.status_code == 400
    assert SCRIPT not in page.text


def test_support_staff_cannot_write_stories(
    staff_client: LoggedIn, engine: Engine, conversation: int, settings: Settings
) -> None:
    assert post_story(staff_client, reviewed(engine, conversation)).status_code == 403
    assert not (settings.project_dir / TEST_STORIES).exists()


@pytest.mark.parametrize("raw", ["0", "abc", "9" * 40])
def test_odd_conversation_ids_are_not_found(trainer_client: LoggedIn, raw: str) -> None:
    assert post_story(trainer_client, raw).status_code == 404  # type: ignore[arg-type]
