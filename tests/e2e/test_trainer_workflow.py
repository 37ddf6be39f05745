"""A trainer's whole loop on the switching stack, in a copy of the project.

A customer says something the bot does not know how to take; staff flag it; a trainer
accepts it from the NLU inbox under the right intent; the example lands in
data/nlu.yml; "Retrain and switch" trains a model on it and swaps it into the running
Rasa server; the new model reads the message as corrected, and the conversations it
serves from then on are labelled with it in the console.
"""

from __future__ import annotations

import re
import time

import httpx
import pytest
from sqlalchemy import select

from bot.runtime.stack import Stack
from bot.staff.accounts import TRAINER
from bot.storage.database import create_engine_for
from bot.storage.schema import conversations, messages
from tests.live_stack import Customer, served_model
from tests.web.staff_support import TRAINER_EMAIL, add_staff, csrf_field, log_in

pytestmark = pytest.mark.e2e

ODD_MESSAGE = "could a human being from the atelier ring me about this"
"""Worded unlike any training example: the corrected intent has to come from the inbox."""
CORRECT_INTENT = "request_human"
RETRAIN_DEADLINE = 900.0
"""Training (about 30 s alone, at the copy's epochs) and loading the model, on a busy machine."""


def test_a_flagged_message_corrected_in_the_inbox_teaches_the_next_model(
    switching_stack: Stack,
) -> None:
    settings = switching_stack.settings
    project = switching_stack.project_root
    customer = Customer(settings.rasa_url)
    customer.say("hello")
    customer.say(ODD_MESSAGE)
    served_file, first_model = served_model(switching_stack)

    add_staff(settings.database_url, TRAINER_EMAIL, TRAINER)
    with httpx.Client(base_url=f"http://{settings.host}:{settings.web_port}", timeout=60) as web:
        token = log_in(web, TRAINER_EMAIL)
        message_id, conversation_id = _stored_message(settings.database_url, ODD_MESSAGE)
        transcript = web.get(f"/staff/conversations/{conversation_id}")
        assert served_file.removesuffix(".tar.gz") in transcript.text

        flagged = web.post(
            f"/staff/conversations/{conversation_id}/messages/{message_id}/flag",
            data={"csrf_token": token, "flagged": "yes"},
        )
        assert flagged.status_code == 303
        assert ODD_MESSAGE in web.get("/staff/inbox").text

        accepted = web.post(
            f"/staff/inbox/{message_id}/accept",
            data={"csrf_token": token, "intent": CORRECT_INTENT, "example": ODD_MESSAGE},
        )
        assert accepted.status_code == 200, accepted.text
        assert f"+    - {ODD_MESSAGE}" in accepted.text
        assert f"    - {ODD_MESSAGE}\n" in (project / "data" / "nlu.yml").read_text()
        assert ODD_MESSAGE not in web.get("/staff/inbox").text

        page = web.get("/staff/models")
        started = web.post("/staff/models/retrain", data={"csrf_token": csrf_field(page.text)})
        assert started.status_code == 303
        _wait_for_retraining(web)

    _, new_model = served_model(switching_stack)
    assert new_model != first_model
    parsed = httpx.post(
        f"{settings.rasa_url}/model/parse",
        params={"token": settings.rasa_api_token},
        json={"text": ODD_MESSAGE},
        timeout=60,
    ).json()
    assert parsed["intent"]["name"] == CORRECT_INTENT

    later = Customer(settings.rasa_url)
    later.say("hi")
    assert new_model in _model_ids(settings.database_url, later.sender)


def _wait_for_retraining(web: httpx.Client) -> None:
    deadline = time.monotonic() + RETRAIN_DEADLINE
    while time.monotonic() < deadline:
        page = web.get("/staff/models").text
        status = re.search(r"Status: <span class=\"badge[^\"]*\">(\w+)</span>", page)
        assert status is not None, page
        if status.group(1) == "succeeded":
            return
        assert status.group(1) == "running", page
        time.sleep(5)
    pytest.fail("retraining did not finish in time")


def _stored_message(database_url: str, text: str) -> tuple[int, int]:
    """Ids of the customer's message and its conversation, once the event broker wrote it."""
    engine = create_engine_for(database_url)
    query = select(messages.c.id, messages.c.conversation_id).where(messages.c.text == text)
    try:
        for _ in range(100):
            with engine.connect() as connection:
                row = connection.execute(query).first()
            if row is not None:
                return row.id, row.conversation_id
            time.sleep(0.1)
    finally:
        engine.dispose()
    raise AssertionError(f"{text!r} was not stored")


def _model_ids(database_url: str, sender: str) -> set[str]:
    engine = create_engine_for(database_url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(messages.c.model_id)
                .join(conversations, conversations.c.id == messages.c.conversation_id)
                .where(conversations.c.sender_id == sender)
            )
            return {row.model_id for row in rows if row.model_id}
    finally:
        engine.dispose()
