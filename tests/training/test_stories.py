"""Stories from conversations: Rasa's writer on replayed events, corrected and made safe."""

from __future__ import annotations

import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (
    ActionExecuted,
    ActionExecutionRejected,
    ActiveLoop,
    BotUttered,
    DefinePrevUserUtteredFeaturization,
    Event,
    SessionStarted,
    SlotSet,
    UserUttered,
)
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from bot.settings import PROJECT_ROOT
from bot.training.errors import TrainingDataError
from bot.training.stories import (
    MAX_STORY_NAME,
    TEST_STORIES,
    TRAINING_STORIES,
    Correction,
    add_story,
    story_from_events,
)

DOMAIN = Domain.load(PROJECT_ROOT / "domain.yml")
DESIGN_STORIES = "tests/stories/test_design_stories.yml"


class Conversation:
    """Rasa's events of a conversation, as the tracker store keeps them, built turn by turn."""

    def __init__(self) -> None:
        self.events: list[Event] = [
            ActionExecuted("action_session_start"),
            SessionStarted(),
            ActionExecuted("action_listen"),
        ]

    def said(
        self,
        text: str,
        intent: str,
        entities: Sequence[dict[str, Any]] = (),
        confidence: float = 0.97,
    ) -> Conversation:
        self.events += [
            UserUttered(text, {"name": intent, "confidence": confidence}, list(entities)),
            DefinePrevUserUtteredFeaturization(False),
        ]
        return self

    def did(self, *events: Event) -> Conversation:
        self.events += [*events, ActionExecuted("action_listen")]
        return self

    def dicts(self) -> list[dict[str, Any]]:
        return [
            {**event.as_dict(), "timestamp": 1_790_000_000.0 + index}
            for index, event in enumerate(self.events)
        ]


def entity(name: str, value: Any, start: int, end: int) -> dict[str, Any]:
    return {
        "entity": name,
        "value": value,
        "start": start,
        "end": end,
        "confidence_entity": 1.0,
        "extractor": "CatalogEntityExtractor",
    }


def sneakers() -> Conversation:
    """A customer designing sneakers, with a digression the form rejects."""
    asked = {"buttons": [], "custom": {"type": "question", "attribute": "size"}}
    return (
        Conversation()
        .said("hello", "greet")
        .did(
            ActionExecuted("utter_greet"),
            BotUttered("Hi, I'm Tailor."),
            ActionExecuted("design_form"),
            ActiveLoop("design_form"),
            SlotSet("requested_slot", "transcript_consent"),
            BotUttered("May we keep a transcript of this chat?"),
        )
        .said("/affirm", "affirm", confidence=1.0)
        .did(
            ActionExecuted("design_form"),
            SlotSet("transcript_consent", True),
            SlotSet("requested_slot", "product"),
            BotUttered("What would you like to design?"),
        )
        .said("I'd like my own trainers", "design_product", [entity("product", "sneaker", 16, 24)])
        .did(
            ActionExecuted("design_form"),
            SlotSet("product", "sneaker"),
            SlotSet("design", {}),
            SlotSet("requested_slot", "design_complete"),
            BotUttered("What shoe size would you like?", data=asked),
        )
        .said("size 42", "inform", [entity("attribute", "size", 0, 4), entity("number", 42, 5, 7)])
        .did(
            ActionExecuted("design_form"),
            SlotSet("design", {"size": 42}),
            SlotSet("requested_slot", "design_complete"),
            BotUttered("Which upper material would you like?"),
        )
        .said("what's the difference?", "ask_option_info")
        .did(
            ActionExecutionRejected("design_form"),
            ActionExecuted("action_answer_question"),
            BotUttered("Suede is soft."),
            ActionExecuted("design_form"),
            SlotSet("requested_slot", "design_complete"),
        )
    )


def story(conversation: Conversation, *, test: bool = True, **options: Any) -> str:
    return story_from_events(
        conversation.dicts(),
        name=options.pop("name", "Sneakers"),
        test=test,
        domain=DOMAIN,
        **options,
    )


def read_back(text: str) -> list[UserUttered]:
    """The customer messages Rasa's own story reader finds in `text`."""
    [step] = YAMLStoryReader(DOMAIN).read_from_string(text)
    return [event for event in step.events if isinstance(event, UserUttered)]


def test_a_test_story_has_the_customers_words_with_markup_and_the_steering_steps() -> None:
    assert story(sneakers()) == (
        'version: "3.1"\n'
        "stories:\n"
        "  - story: Sneakers\n"
        "    steps:\n"
        "      - intent: greet\n"
        "        user: |-\n"
        "          hello\n"
        "      - action: utter_greet\n"
        "      - action: design_form\n"
        "      - active_loop: design_form\n"
        "      - slot_was_set:\n"
        "          - requested_slot: transcript_consent\n"
        "      - intent: affirm\n"
        "        user: |-\n"
        "          /affirm\n"
        "      - action: design_form\n"
        "      - slot_was_set:\n"
        "          - requested_slot: product\n"
        "      - intent: design_product\n"
        "        user: |-\n"
        '          I\'d like my own [trainers]{"entity": "product", "value": "sneaker"}\n'
        "      - action: design_form\n"
        "      - slot_was_set:\n"
        "          - requested_slot: design_complete\n"
        "      - intent: inform\n"
        "        user: |-\n"
        '          [size](attribute) [42]{"entity": "number", "value": 42}\n'
        "      - action: design_form\n"
        "      - intent: ask_option_info\n"
        "        user: |-\n"
        "          what's the difference?\n"
        "      - action: action_answer_question\n"
        "      - action: design_form\n"
    )


def test_a_training_story_has_intents_and_entities_but_no_words() -> None:
    text = story(sneakers(), test=False)

    assert "user:" not in text and "trainers" not in text
    assert (
        "      - intent: inform\n"
        "        entities:\n"
        "          - attribute: size\n"
        "          - number: 42\n"
        "      - action: design_form\n"
    ) in text
    assert [message.intent_name for message in read_back(text)] == [
        "greet",
        "affirm",
        "design_product",
        "inform",
        "ask_option_info",
    ]


def test_rasa_reads_a_test_story_back_as_it_was_said() -> None:
    messages = read_back(story(sneakers()))

    assert [message.text for message in messages] == [
        "hello",
        "/affirm",
        "I'd like my own trainers",
        "size 42",
        "what's the difference?",
    ]
    assert [(e["entity"], e["value"]) for e in messages[3].entities] == [
        ("attribute", "size"),
        ("number", 42),
    ]


def test_corrections_replace_the_intent_or_the_words_and_entities() -> None:
    text = story(
        sneakers(),
        corrections={
            1: Correction(intent="affirm"),
            3: Correction(text="I'd like my own [sneakers](product)"),
            5: Correction(intent="ask_price", text="what does [suede](option) cost?"),
        },
    )

    greeting, _, trainers, _, question = read_back(text)
    assert (greeting.text, greeting.intent_name) == ("hello", "affirm")
    assert (trainers.text, trainers.intent_name) == ("I'd like my own sneakers", "design_product")
    assert [(e["entity"], e["value"]) for e in trainers.entities] == [("product", "sneakers")]
    assert (question.text, question.intent_name) == ("what does suede cost?", "ask_price")


@pytest.mark.parametrize("number", [0, 6, -1, True, 10**100])
def test_a_correction_of_a_message_that_does_not_exist_is_refused(number: int) -> None:
    with pytest.raises(TrainingDataError, match=r"no customer message .* the conversation has 5"):
        story(sneakers(), corrections={number: Correction(intent="greet")})


def test_a_correction_to_an_unknown_intent_is_refused() -> None:
    with pytest.raises(TrainingDataError, match="message 2: the domain has no intent 'agree'"):
        story(sneakers(), corrections={2: Correction(intent="agree")})


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('hi [there]{"entity": oops}', "not valid JSON"),
        ("", "empty"),
        ("two\nlines", "line break"),
        ("x" * 100_000, "at most"),
    ],
)
def test_a_correction_with_bad_markup_is_refused_naming_the_message(
    text: str, problem: str
) -> None:
    with pytest.raises(TrainingDataError, match=f"customer message 4: .*{problem}"):
        story(sneakers(), corrections={4: Correction(text=text)})


def test_contact_details_are_redacted_and_lose_their_entities() -> None:
    conversation = Conversation().said(
        "size 42, write to jo@example.com or +49 30 1234567",
        "inform",
        [entity("number", 42, 5, 7)],
    )

    text = story(conversation)

    assert "example.com" not in text and "1234567" not in text
    [message] = read_back(text)
    assert message.text == "size 42, write to (email) or (phone)"
    assert message.entities == []


def test_brackets_and_spaces_around_a_message_do_not_turn_into_markup() -> None:
    conversation = Conversation().said(
        "  [sand](color) 42  ", "inform", [entity("number", 42, 16, 18)]
    )

    [message] = read_back(story(conversation))

    assert message.text == "(sand)(color) 42"
    assert [(e["entity"], e["start"], e["end"]) for e in message.entities] == [("number", 14, 16)]


@pytest.mark.parametrize(
    "said",
    [
        "- foo\n- bar",
        "size: 42 # comment",
        "<script>alert(1)</script>",
        "ünïcödé 😀 中文",
        "version: '3.1'\nstories:",
        "x" * 100_000,
        "null",
        "|",
    ],
)
def test_hostile_messages_are_written_so_rasa_reads_them_back_verbatim(said: str) -> None:
    [message] = read_back(story(Conversation().said(said, "inform")))

    assert message.text == said


@pytest.mark.parametrize(
    ("said", "written"),
    [("nul\x00here", "nul here"), ("esc\x1b[1m", "esc (1m"), ("\u2028line", "line")],
)
def test_characters_yaml_cannot_hold_become_spaces(said: str, written: str) -> None:
    [message] = read_back(story(Conversation().said(said, "inform")))

    assert message.text == written


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("x" * (MAX_STORY_NAME + 1), "at most 200"),
        ("two\nlines", "U\\+000A"),
        ("nul\x00", "U\\+0000"),
        ("bidi\u202e", "U\\+202E"),
    ],
)
def test_bad_story_names_are_refused(name: str, problem: str) -> None:
    with pytest.raises(TrainingDataError, match=f"story name .*{problem}"):
        story(sneakers(), name=name)


@pytest.mark.parametrize("name", ["- foo: bar # x", "<script>", "Größe 42 ✓", "x" * MAX_STORY_NAME])
def test_odd_story_names_are_written_as_they_are(name: str) -> None:
    [step] = YAMLStoryReader(DOMAIN).read_from_string(story(sneakers(), name=name))

    assert step.block_name == name


def test_a_conversation_without_customer_messages_makes_no_story() -> None:
    empty = Conversation().did(ActionExecuted("utter_greet"))

    with pytest.raises(TrainingDataError, match="no customer message"):
        story(empty)


# add_story


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project whose tests/stories/ holds our hand-written test stories."""
    (tmp_path / "tests" / "stories").mkdir(parents=True)
    shutil.copy2(PROJECT_ROOT / DESIGN_STORIES, tmp_path / DESIGN_STORIES)
    return tmp_path


def test_a_new_test_stories_file_is_created_in_our_layout(project: Path) -> None:
    text = story(sneakers())

    change = add_story(project, text, test=True)

    assert change.path == project / TEST_STORIES
    assert change.before == "" and change.after == text
    assert (project / TEST_STORIES).read_text() == text
    assert change.diff(project).startswith(f"--- /dev/null\n+++ b/{TEST_STORIES}\n")


def test_training_stories_go_to_data(project: Path) -> None:
    add_story(project, story(sneakers(), test=False), test=False)

    assert "  - story: Sneakers\n" in (project / TRAINING_STORIES).read_text()


def test_stories_are_appended_keeping_everything_else(project: Path) -> None:
    path = project / DESIGN_STORIES
    before = path.read_text()

    change = add_story(project, story(sneakers()), test=True, file=Path(DESIGN_STORIES))

    after = path.read_text()
    assert after == change.after and after.startswith(before)
    added = after[len(before) :]
    assert added.startswith("  - story: Sneakers\n    steps:\n      - intent: greet\n")
    assert all(
        line.startswith("+") for line in change.diff(project).splitlines()[3:] if line[:1] in "+-"
    )
    assert len(YAMLStoryReader(DOMAIN).read_from_file(path)) == before.count("- story:") + 1


def test_a_story_name_already_in_the_file_is_refused(project: Path) -> None:
    add_story(project, story(sneakers()), test=True)
    before = (project / TEST_STORIES).read_bytes()
    other = Conversation().said("hello", "greet").did(ActionExecuted("utter_greet"))

    with pytest.raises(TrainingDataError, match="already has a story named 'Sneakers'"):
        add_story(project, story(other), test=True)

    assert (project / TEST_STORIES).read_bytes() == before


def test_a_story_with_the_steps_of_another_is_refused(project: Path) -> None:
    add_story(project, story(sneakers()), test=True)
    before = (project / TEST_STORIES).read_bytes()

    with pytest.raises(
        TrainingDataError, match="already has a story with the same steps: 'Sneakers'"
    ):
        add_story(project, story(sneakers(), name="Sneakers again"), test=True)

    assert (project / TEST_STORIES).read_bytes() == before


def test_steps_are_compared_however_the_text_blocks_end(project: Path) -> None:
    hand_written = (
        'version: "3.1"\nstories:\n  - story: Greeting\n    steps:\n'
        "      - user: |\n          hello\n        intent: greet\n"
        "      - action: utter_greet\n"
    )
    (project / TEST_STORIES).write_text(hand_written)
    greeting = Conversation().said("hello", "greet").did(ActionExecuted("utter_greet"))

    with pytest.raises(TrainingDataError, match="same steps: 'Greeting'"):
        add_story(project, story(greeting, name="Hello"), test=True)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('version: "3.1"\nstories:\n  - story: [unclosed\n', "line 3"),
        ("stories: []\n", "no version"),
        ('version: "3.1"\nstories: {a: 1}\n', "must be a list"),
        ("- just\n- a list\n", "is a list"),
    ],
)
def test_a_broken_stories_file_is_reported_and_left_untouched(
    project: Path, content: str, problem: str
) -> None:
    path = project / TEST_STORIES
    path.write_text(content)

    with pytest.raises(TrainingDataError, match=problem) as error:
        add_story(project, story(sneakers()), test=True)

    assert str(error.value).startswith(TEST_STORIES)
    assert path.read_text() == content


@pytest.mark.parametrize(
    ("file", "problem"),
    [
        ("tests/stories/test_more.txt", "named \\*.yml"),
        ("tests/stories/more.yml", "name the file test_more.yml"),
    ],
)
def test_test_stories_need_a_file_rasa_test_reads(project: Path, file: str, problem: str) -> None:
    with pytest.raises(TrainingDataError, match=problem):
        add_story(project, story(sneakers()), test=True, file=Path(file))

    assert not (project / file).exists()


@pytest.mark.parametrize(
    ("story_yaml", "problem"),
    [
        ('version: "3.1"\nstories: []\n', "no stories"),
        ('version: "3.1"\nrules: []\n', "no stories"),
        ('version: "3.1"\nstories:\n  - steps: [{action: a}]\n', "needs a `story:` name"),
        ('version: "3.1"\nstories:\n  - story: "a\\tb"\n    steps: [{action: a}]\n', "U\\+0009"),
        ('version: "3.1"\nstories:\n  - story: a\n    steps: []\n', "has no steps"),
        ("stories: [", "invalid YAML"),
        ("", "a mapping"),
    ],
)
def test_story_documents_to_add_are_checked(project: Path, story_yaml: str, problem: str) -> None:
    with pytest.raises(TrainingDataError, match=problem):
        add_story(project, story_yaml, test=True)

    assert not (project / TEST_STORIES).exists()
