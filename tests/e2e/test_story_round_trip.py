"""A conversation held on the live stack, exported as a test story, passes `rasa test`.

The customer designs sneakers over the REST channel (with a question the form has to
step aside for), staff mark the conversation reviewed, `tailor transcripts to-story
--test` writes it from Rasa's tracker events, and `rasa test core` replays it against
the model that held it: every intent and every action must come out as they did.

The same run replays every test story in tests/stories/ (those staff wrote from the
console among them), so `make test` needs no `rasa test core` of its own: loading the
model is most of a run's minute.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader
from rasa.shared.core.training_data.structures import StoryStep
from sqlalchemy import select

from bot.cli.main import main
from bot.layout import TEST_STORIES_DIR
from bot.runtime.environment import child_env
from bot.runtime.stack import Stack
from bot.runtime.training import latest_model
from bot.settings import PROJECT_ROOT
from bot.storage.database import create_engine_for
from bot.storage.rasa_tracker import conversation_ids
from bot.storage.review import ReviewStore
from bot.storage.schema import USER, messages
from tests.live_stack import Customer

pytestmark = pytest.mark.e2e

RASA_TEST_TIMEOUT = 600.0
"""Loading the model and replaying the stories takes about a minute on a quiet machine."""


def read_stories(path: Path, domain: Domain) -> list[StoryStep]:
    return YAMLStoryReader(domain).read_from_file(path)


def design_sneakers(customer: Customer) -> None:
    customer.say("hello")
    customer.click("Yes, keep it")
    assert "What would you like to design?" in customer.text()
    customer.say("I'd like to design my own trainers")
    assert "shoe size" in customer.text()
    customer.say("size 42")
    assert "Which upper material would you like?" in customer.text()
    customer.say("what's the difference between suede and leather?")
    assert "Suede" in customer.text() and "Which upper material" in customer.text()
    customer.click("Suede")
    customer.say("sand")
    customer.say("gum sole")
    customer.say("red laces")
    customer.say("no monogram")
    assert "How many pairs" in customer.text()
    customer.say("2 pairs")
    assert "Total: 238.00 EUR" in customer.text()
    customer.click("Confirm")
    assert "rate" in customer.text().lower()
    customer.say("I'd give it a 4")
    customer.say("Great, very easy to use")
    assert "thank you" in customer.text().lower()


def mark_reviewed(stack: Stack, sender: str) -> list[tuple[str, str]]:
    """Mark the sender's conversation reviewed; return its (text, intent) as stored."""
    engine = create_engine_for(stack.settings.database_url)
    try:
        with engine.connect() as connection:
            [conversation] = conversation_ids(connection, sender)
            said = connection.execute(
                select(messages.c.text, messages.c.intent)
                .where(messages.c.conversation_id == conversation, messages.c.sender == USER)
                .order_by(messages.c.position)
            ).all()
        assert ReviewStore(engine).set_reviewed(conversation, "trainer@example.com", True)
    finally:
        engine.dispose()
    return [(text, intent) for text, intent in said]


def test_a_reviewed_conversation_as_a_test_story_passes_rasa_test_with_every_test_story(
    stack: Stack,
    project_domain: Domain,
    customer: Customer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    design_sneakers(customer)
    stored = mark_reviewed(stack, customer.sender)
    stories = tmp_path / "stories"
    shutil.copytree(PROJECT_ROOT / TEST_STORIES_DIR, stories)
    story_file = stories / "test_round_trip.yml"
    monkeypatch.setenv("DATABASE_URL", stack.settings.database_url)

    exported = main(
        ["transcripts", "to-story", customer.sender, "--test", "--file", str(story_file)]
    )

    assert exported == 0, capsys.readouterr().err
    [story] = read_stories(story_file, project_domain)
    said = [(e.text, e.intent_name) for e in story.events if isinstance(e, UserUttered)]
    assert said == stored and len(said) == 14
    assert said[:5] == [
        ("hello", "greet"),
        ("/affirm", "affirm"),
        ("I'd like to design my own trainers", "design_product"),
        ("size 42", "inform"),
        ("what's the difference between suede and leather?", "ask_option_info"),
    ]
    text = story_file.read_text()
    assert '[trainers]{"entity": "product", "value": "sneaker"}' in text
    assert "- action: action_answer_question\n" in text

    model = latest_model(PROJECT_ROOT)
    assert model is not None
    results = tmp_path / "results"
    rasa_test = ["test", "core", "--stories", str(stories), "--model", str(model)]
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "rasa",
            *rasa_test,
            "--fail-on-prediction-errors",
            "--out",
            str(results),
        ],
        cwd=PROJECT_ROOT,
        env=child_env(stack.settings, PROJECT_ROOT),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
        timeout=RASA_TEST_TIMEOUT,
        check=False,
    )

    assert completed.returncode == 0, completed.stdout[-3000:]
    replayed = sum(len(read_stories(path, project_domain)) for path in stories.glob("*.yml"))
    assert f"Evaluating {replayed} stories" in completed.stdout
    assert replayed > 1
    assert "None of the test stories failed" in (results / "failed_test_stories.yml").read_text()
