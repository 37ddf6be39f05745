"""Stories from real conversations: what a customer said and what the bot did, as Rasa YAML.

A trainer turns a reviewed conversation into a training story (`data/`) or a test story
(`tests/`, checked by `rasa test`). Rasa's own tools write it: the conversation's
tracker events are replayed into a `DialogueStateTracker` and exported with
`YAMLStoryWriter`, so the story reads exactly as Rasa would have written it (session
starts, `action_listen` and the bot's messages are left out by the writer).

Before the replay, the events are made fit for a file that is committed to git and kept
forever:

- the trainer's corrections replace what the NLU got wrong (a customer message's intent,
  or its text and entities);
- e-mail addresses, phone and card numbers in what customers typed are redacted, as in
  the stored transcripts; a redacted message loses its entities, whose positions no
  longer fit;
- square brackets a customer typed become parentheses, or Rasa would read them as
  entity markup, and control characters become spaces, or the YAML could not be read;
- only the slots that steer the dialogue are kept (those that influence the
  conversation, and the forms' `requested_slot`), and only when their value changes:
  the others (the design, a feedback comment, a contact address) make no difference to
  what the policies predict, would drown the story's steps, and may hold personal data.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rasa.shared.core.constants import REQUESTED_SLOT
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event, SlotSet, UserUttered, deserialise_events
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.core.training_data.story_writer.yaml_story_writer import YAMLStoryWriter
from rasa.shared.exceptions import RasaException
from rasa.shared.nlu.constants import INTENT_NAME_KEY, PREDICTED_CONFIDENCE_KEY
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from bot.catalog.labels import quoted, shown
from bot.layout import DOMAIN_FILE, TEST_STORIES_DIR, TRAINING_DATA
from bot.privacy.redaction import redact
from bot.training.errors import TrainingDataError
from bot.training.examples import clean_text, parse_markup
from bot.training.markup import NOT_MARKUP
from bot.training.yaml_files import (
    FileChange,
    new_document,
    parse_document,
    read_text,
    relative_name,
    render,
    write_change,
)

__all__ = [
    "MAX_STORY_NAME",
    "TEST_STORIES",
    "TRAINING_STORIES",
    "Correction",
    "add_story",
    "check_story_name",
    "load_domain",
    "merged_corrections",
    "story_from_events",
]

MAX_STORY_NAME = 200
"""A name says which conversation a story came from; it is no place for a transcript."""

TRAINING_STORIES = f"{TRAINING_DATA}/stories.yml"
TEST_STORIES = f"{TEST_STORIES_DIR}/test_reviewed_conversations.yml"

TEST_FILE_PREFIX = "test_"
"""Rasa only runs test stories from files named like this (`YAMLStoryReader`)."""

YAML_SUFFIXES = (".yml", ".yaml")

STORIES = "stories"

_UNSET = object()

_UNWRITABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff]")
"""Characters a YAML block of text cannot hold as they are (control characters,
Unicode line separators, lone surrogates, byte order marks); Rasa's writer would put
them in verbatim and write a file nobody can read back."""


@dataclass(frozen=True)
class Correction:
    """What a trainer changed about one customer message; None leaves it as it was.

    `text` is Rasa markup (`I want [trainers]{"entity": "product", "value": "sneaker"}`)
    and replaces both the words and the entities.
    """

    intent: str | None = None
    text: str | None = None


def load_domain(project_root: Path) -> Domain:
    """The project's domain, which a story's corrections and slots are checked against."""
    try:
        return Domain.load(project_root / DOMAIN_FILE)
    except (RasaException, OSError) as error:
        reason = str(error).strip().splitlines()
        raise TrainingDataError(
            f"cannot read {DOMAIN_FILE}: {reason[0] if reason else type(error).__name__}"
        ) from None


def merged_corrections(
    accepted: Mapping[int, tuple[str | None, str | None]], intents: Mapping[int, str]
) -> dict[int, Correction]:
    """The NLU inbox's accepted corrections (intent, example), then `intents` over them.

    An intent given here replaces the inbox's and keeps its corrected text.
    """
    corrections = {
        number: Correction(intent=intent, text=example)
        for number, (intent, example) in accepted.items()
    }
    for number, intent in intents.items():
        corrections[number] = dataclasses.replace(
            corrections.get(number, Correction()), intent=intent
        )
    return corrections


def story_from_events(
    events: Sequence[Mapping[str, Any]],
    *,
    name: str,
    test: bool,
    domain: Domain,
    corrections: Mapping[int, Correction] | None = None,
) -> str:
    """A Rasa stories document holding one story, `name`, of the conversation in `events`.

    `events` are Rasa's serialised events of one conversation, in order. `test` writes a
    test story (each customer message with its words and entity markup as well as its
    intent). `corrections` are keyed by the customer message they fix, counted from 1
    in the order they were said. `domain` names the intents a correction may use and the
    slots that steer the dialogue. Raises TrainingDataError with a message for the trainer.
    """
    name = check_story_name(name)
    replayed = deserialise_events([dict(event) for event in events])
    said = sum(isinstance(event, UserUttered) for event in replayed)
    if not said:
        raise TrainingDataError("the conversation has no customer message to make a story of")
    corrections = dict(corrections or {})
    _check_corrections(corrections, said, domain)
    kept = _story_events(replayed, corrections, domain)
    tracker = DialogueStateTracker.from_events(name, kept, domain.slots)
    exported = parse_document(
        tracker.export_stories(YAMLStoryWriter(), e2e=test), "the exported story"
    )
    document = new_document(STORIES)
    document[STORIES].extend(exported[STORIES])
    return render(document)


def add_story(
    project_root: Path, story_yaml: str, *, test: bool, file: Path | None = None
) -> FileChange:
    """Append the stories of `story_yaml` to a stories file; return the change written.

    By default training stories go to `TRAINING_STORIES` and test stories to
    `TEST_STORIES`; `file` (absolute or relative to the project) picks another, which is
    created if missing. A story whose name or steps a story in that file already has is
    refused with TrainingDataError, and then nothing is written.
    """
    stories = _stories_of(parse_document(story_yaml, "the story"))
    path = _target_file(project_root, test, file)
    name = relative_name(path, project_root)
    before = read_text(path, root=project_root) if path.exists() else ""
    document = parse_document(before, name) if before else new_document(STORIES)
    existing = document.setdefault(STORIES, CommentedSeq())
    if not isinstance(existing, list):
        raise TrainingDataError(f"{name}: `stories` must be a list of stories")
    for story in stories:
        _refuse_known(story, existing, name)
        existing.append(story)
    change = FileChange(path, before, render(document))
    write_change(change, root=project_root)
    return change


def check_story_name(name: str) -> str:
    """`name` stripped, or TrainingDataError when it cannot name a story."""
    cleaned = name.strip() if isinstance(name, str) else ""
    if not cleaned:
        raise TrainingDataError("the story name is empty")
    if len(cleaned) > MAX_STORY_NAME:
        raise TrainingDataError(
            f"the story name has {len(cleaned)} characters; a name may have at most "
            f"{MAX_STORY_NAME}"
        )
    if not cleaned.isprintable():
        hidden = next(character for character in cleaned if not character.isprintable())
        raise TrainingDataError(
            f"the story name contains U+{ord(hidden):04X}, a line break or invisible "
            "character; a name is one line of plain text"
        )
    return cleaned


def _check_corrections(corrections: Mapping[int, Correction], said: int, domain: Domain) -> None:
    for number, correction in corrections.items():
        if isinstance(number, bool) or not isinstance(number, int) or not 1 <= number <= said:
            raise TrainingDataError(
                f"there is no customer message {shown(number)} to correct: "
                f"the conversation has {said}, numbered from 1"
            )
        if correction.intent is not None and correction.intent not in domain.intents:
            raise TrainingDataError(
                f"customer message {number}: the domain has no intent "
                f"{quoted(correction.intent)}; the intents are: "
                f"{', '.join(domain.intents)}"
            )


def _story_events(
    replayed: Iterable[Event], corrections: Mapping[int, Correction], domain: Domain
) -> list[Event]:
    """The events to replay into the story: corrected, redacted, steering slots only."""
    steering = {slot.name for slot in domain.slots if slot.influence_conversation}
    steering.add(REQUESTED_SLOT)
    values: dict[str, Any] = {slot.name: slot.initial_value for slot in domain.slots}
    kept: list[Event] = []
    said = 0
    for event in replayed:
        if isinstance(event, UserUttered):
            said += 1
            kept.append(_publishable(_corrected(event, corrections.get(said), said)))
        elif isinstance(event, SlotSet):
            if event.key in steering and (
                event.key not in values or values[event.key] != event.value
            ):
                kept.append(event)
            values[event.key] = event.value
        else:
            kept.append(event)
    return kept


def _corrected(event: UserUttered, correction: Correction | None, number: int) -> UserUttered:
    if correction is None:
        return event
    text, entities, intent = event.text, event.entities, event.intent
    if correction.text is not None:
        try:
            text, entities = parse_markup(clean_text(correction.text))
        except TrainingDataError as error:
            raise TrainingDataError(f"customer message {number}: {error}") from None
    if correction.intent is not None:
        intent = {INTENT_NAME_KEY: correction.intent, PREDICTED_CONFIDENCE_KEY: 1.0}
    return _with(event, text, intent, entities)


def _publishable(event: UserUttered) -> UserUttered:
    """`event` with its text redacted and made safe to write (see the module doc).

    The text is stripped, as Rasa's story reader strips it, so a text never starts
    with a space (which ruamel writes as a block that cannot be read back); entities
    move with it. Redaction changes the text's length, so a redacted text's entities go.
    """
    text = event.text or ""
    redacted = redact(text)
    safe = _UNWRITABLE.sub(" ", redacted.translate(NOT_MARKUP))
    stripped = safe.strip()
    if stripped == text:
        return event
    shift = len(safe) - len(safe.lstrip())
    entities = [] if redacted != text else _moved(event.entities, -shift, len(stripped))
    return _with(event, stripped, event.intent, entities)


def _moved(entities: Iterable[Any], shift: int, length: int) -> list[dict[str, Any]]:
    """The entities with their spans moved by `shift`, those then outside the text dropped."""
    moved = []
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if (
            isinstance(start, int)
            and isinstance(end, int)
            and 0 <= start + shift < end + shift <= length
        ):
            moved.append({**entity, "start": start + shift, "end": end + shift})
    return moved


def _with(
    event: UserUttered, text: str | None, intent: dict[str, Any], entities: list[dict[str, Any]]
) -> UserUttered:
    return UserUttered(
        text,
        intent,
        entities,
        timestamp=event.timestamp,
        input_channel=event.input_channel,
        message_id=event.message_id,
        metadata=event.metadata,
    )


def _stories_of(document: CommentedMap) -> list[CommentedMap]:
    """The stories of a document to add, each with a usable name and some steps."""
    stories = document.get(STORIES)
    if not isinstance(stories, list) or not stories:
        raise TrainingDataError("the story document has no stories to add")
    for story in stories:
        if not isinstance(story, CommentedMap) or not isinstance(story.get("story"), str):
            raise TrainingDataError("each story to add needs a `story:` name")
        story["story"] = check_story_name(story["story"])
        if not isinstance(story.get("steps"), list) or not story["steps"]:
            raise TrainingDataError(f"the story {quoted(story['story'])} has no steps")
    return stories


def _target_file(project_root: Path, test: bool, file: Path | None) -> Path:
    path = project_root / (file or (TEST_STORIES if test else TRAINING_STORIES))
    name = relative_name(path, project_root)
    if path.suffix not in YAML_SUFFIXES:
        raise TrainingDataError(f"{name}: a stories file is YAML, named *.yml or *.yaml")
    if test and not path.name.startswith(TEST_FILE_PREFIX):
        raise TrainingDataError(
            f"{name}: rasa test only reads test stories from files named "
            f"{TEST_FILE_PREFIX}*.yml; name the file {TEST_FILE_PREFIX}{path.name}"
        )
    return path


def _refuse_known(story: CommentedMap, existing: Iterable[Any], file: str) -> None:
    steps = _comparable(story["steps"])
    for other in existing:
        if not isinstance(other, Mapping):
            continue
        if other.get("story") == story["story"]:
            raise TrainingDataError(
                f"{file} already has a story named {quoted(story['story'])}; choose another name"
            )
        if _comparable(other.get("steps")) == steps:
            raise TrainingDataError(
                f"{file} already has a story with the same steps: {quoted(str(other.get('story')))}"
            )


def _comparable(value: Any) -> Any:
    """Plain data, whitespace around texts ignored (`user: |` ends with a line break)."""
    return json.loads(
        json.dumps(value, default=str),
        object_hook=lambda mapping: {
            key: item.strip() if isinstance(item, str) else item for key, item in mapping.items()
        },
    )
