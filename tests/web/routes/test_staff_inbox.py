"""The NLU inbox: what lands there, accepting (with corrections) and discarding, flags, access."""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.engine import Engine

from bot.settings import Settings
from bot.storage.schema import nlu_reviews
from tests.review.seed import Seeder, message_ids, user

from ..staff_fixtures import LoggedIn
from ..staff_support import SUPPORT_EMAIL, TRAINER_EMAIL

INBOX = "/staff/inbox"
NLU = Path("data") / "nlu.yml"
SCRIPT = "<script>alert(1)</script>"


def accept(trainer: LoggedIn, message: int, intent: str, example: str) -> httpx.Response:
    """Send the review form's "accept" as the trainer's browser does."""
    return trainer.client.post(
        f"{INBOX}/{message}/accept",
        data={"csrf_token": trainer.csrf_token, "intent": intent, "example": example},
    )


@pytest.fixture
def unsure(seed: Seeder, engine: Engine) -> tuple[int, int]:
    """A conversation whose one message the bot read as `inform` with 0.21 confidence."""
    conversation = seed.conversation(
        "customer-unsure",
        said=[
            user(
                "could someone ring me about trainers",
                confidence=0.21,
                entities=[
                    {"entity": "product", "value": "sneaker", "start": 28, "end": 36},
                ],
            ),
            user("size 42", confidence=0.99),
        ],
        consent=True,
    )
    return conversation, message_ids(engine, conversation)[0]


def test_low_confidence_messages_wait_in_the_inbox(
    trainer_client: LoggedIn, unsure: tuple[int, int]
) -> None:
    page = trainer_client.client.get(INBOX)

    assert page.status_code == 200
    assert "could someone ring me about trainers" in page.text
    assert "size 42" not in page.text
    assert len(re.findall("data-inbox-item", page.text)) == 1


def test_the_review_form_shows_the_message_as_annotated_training_markup(
    trainer_client: LoggedIn, unsure: tuple[int, int]
) -> None:
    _, message = unsure
    page = trainer_client.client.get(f"{INBOX}/{message}")

    assert page.status_code == 200
    markup = 'could someone ring me about [trainers]{"entity": "product", "value": "sneaker"}'
    assert markup.replace('"', "&#34;") in page.text
    assert '<option value="request_human"' in page.text


def test_accepting_with_a_corrected_intent_writes_the_training_data(
    trainer_client: LoggedIn, unsure: tuple[int, int], settings: Settings, engine: Engine
) -> None:
    _, message = unsure
    nlu = settings.project_dir / NLU
    before = nlu.read_text()

    page = accept(
        trainer_client, message, "request_human", "could someone ring me about [trainers](product)"
    )

    assert page.status_code == 200, page.text
    assert "+    - could someone ring me about [trainers](product)" in page.text
    after = nlu.read_text()
    assert len(after.splitlines()) == len(before.splitlines()) + 1
    assert "    - could someone ring me about [trainers](product)\n" in after
    with engine.connect() as connection:
        review = connection.execute(select(nlu_reviews)).one()
    assert (review.decision, review.intent, review.reviewed_by) == (
        "accepted",
        "request_human",
        TRAINER_EMAIL,
    )
    assert "could someone ring me" not in trainer_client.client.get(INBOX).text


@pytest.mark.parametrize(
    ("intent", "example", "reason"),
    [
        ("request_human", "hello", "greet"),
        ("no_such_intent", "could someone ring me", "intent"),
        ("request_human", "", "empty"),
        ("request_human", "x" * 100_000, "at most"),
        ("request_human", "ring me about [trainers](no_such_entity)", "no_such_entity"),
        ("request_human", "- foo\n- bar", "line"),
        ("request_human", f"{SCRIPT}\x00", ""),
    ],
    ids=["duplicate", "unknown-intent", "empty", "huge", "unknown-entity", "yaml", "hostile"],
)
def test_a_refused_example_keeps_the_form_and_leaves_the_file_untouched(
    trainer_client: LoggedIn,
    unsure: tuple[int, int],
    settings: Settings,
    engine: Engine,
    intent: str,
    example: str,
    reason: str,
) -> None:
    _, message = unsure
    nlu = settings.project_dir / NLU
    before = nlu.read_bytes()

    page = accept(trainer_client, message, intent, example)

    assert page.status_code == 400
    assert 'role="alert"' in page.text
    assert reason.lower() in page.text.lower()
    assert SCRIPT not in page.text
    assert nlu.read_bytes() == before
    with engine.connect() as connection:
        assert connection.execute(select(nlu_reviews)).first() is None


def test_discarding_closes_the_message_without_touching_the_data(
    trainer_client: LoggedIn, unsure: tuple[int, int], settings: Settings, engine: Engine
) -> None:
    _, message = unsure
    before = (settings.project_dir / NLU).read_bytes()

    response = trainer_client.client.post(
        f"{INBOX}/{message}/discard", data={"csrf_token": trainer_client.csrf_token}
    )

    assert response.status_code == 303
    assert (settings.project_dir / NLU).read_bytes() == before
    assert "could someone ring me" not in trainer_client.client.get(INBOX).text
    reviewed = trainer_client.client.get(f"{INBOX}/{message}")
    assert "data-review" in reviewed.text and "Discarded" in reviewed.text
    again = accept(trainer_client, message, "greet", "hey")
    assert again.status_code == 409


def test_any_staff_member_flags_a_message_into_the_inbox(
    staff_client: LoggedIn, trainer_client: LoggedIn, seed: Seeder, engine: Engine
) -> None:
    conversation = seed.conversation("customer-sure", said=[user("size 43", confidence=0.99)])
    message = message_ids(engine, conversation)[0]
    url = f"/staff/conversations/{conversation}/messages/{message}/flag"

    flagged = staff_client.client.post(
        url, data={"csrf_token": staff_client.csrf_token, "flagged": "yes"}
    )

    assert flagged.status_code == 303
    page = trainer_client.client.get(INBOX).text
    assert "size 43" in page and f"flagged by {SUPPORT_EMAIL}" in page
    staff_client.client.post(url, data={"csrf_token": staff_client.csrf_token, "flagged": "no"})
    assert "size 43" not in trainer_client.client.get(INBOX).text


@pytest.mark.parametrize(
    "flagged", ["", "maybe", "yes" * 10_000, SCRIPT], ids=["empty", "maybe", "huge", "hostile"]
)
def test_a_flag_form_without_yes_or_no_is_refused(
    staff_client: LoggedIn, unsure: tuple[int, int], flagged: str
) -> None:
    conversation, message = unsure
    response = staff_client.client.post(
        f"/staff/conversations/{conversation}/messages/{message}/flag",
        data={"csrf_token": staff_client.csrf_token, "flagged": flagged},
    )

    assert response.status_code == 400
    assert SCRIPT not in response.text


def test_a_message_flagged_under_another_conversation_is_not_found(
    staff_client: LoggedIn, unsure: tuple[int, int]
) -> None:
    conversation, message = unsure
    response = staff_client.client.post(
        f"/staff/conversations/{conversation + 1}/messages/{message}/flag",
        data={"csrf_token": staff_client.csrf_token, "flagged": "yes"},
    )

    assert response.status_code == 404


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "9" * 40, "1e3", "%00"])
def test_odd_message_ids_are_not_found(trainer_client: LoggedIn, raw: str) -> None:
    assert trainer_client.client.get(f"{INBOX}/{raw}").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=abc", "page_size=100000"])
def test_odd_paging_is_refused(trainer_client: LoggedIn, query: str) -> None:
    assert trainer_client.client.get(f"{INBOX}?{query}").status_code == 400


def test_support_staff_cannot_use_the_inbox(
    staff_client: LoggedIn, unsure: tuple[int, int]
) -> None:
    _, message = unsure
    assert staff_client.client.get(INBOX).status_code == 403
    assert staff_client.client.get(f"{INBOX}/{message}").status_code == 403
    refused = staff_client.client.post(
        f"{INBOX}/{message}/discard", data={"csrf_token": staff_client.csrf_token}
    )
    assert refused.status_code == 403


def test_the_trainer_sees_the_inbox_and_models_in_the_navigation(
    trainer_client: LoggedIn, staff_client: LoggedIn
) -> None:
    assert 'href="/staff/inbox"' in trainer_client.client.get("/staff/conversations").text
    assert 'href="/staff/inbox"' not in staff_client.client.get("/staff/conversations").text
