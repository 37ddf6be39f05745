"""`tailor transcripts to-story`: a reviewed conversation as a Rasa training or test story.

The story is made from Rasa's own tracker events of the conversation (what the bot
understood and did, turn by turn), with the corrections trainers accepted in the staff
console's NLU inbox applied, and then those given with `--correct`. Only a conversation
staff marked reviewed can become a story: someone has read it and vouches for it.

Exit status: 0 written (or printed), 1 the conversation cannot become that story (the
message says why; no file changed), 2 the command line or the settings are wrong.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from bot.catalog.labels import quoted, shown
from bot.layout import DOMAIN_FILE
from bot.runtime.database import database_failure, migrate
from bot.runtime.errors import ConfigurationError, TailorError
from bot.settings import Settings
from bot.storage.database import create_engine_for
from bot.storage.schema import INTENT_LENGTH, SENDER_ID_LENGTH
from bot.storage.story_source import StoryRefused, latest_conversation_id, story_source
from bot.storage.validation import is_sender_id, parse_row_id
from bot.training.errors import TrainingDataError
from bot.training.stories import (
    MAX_STORY_NAME,
    TEST_STORIES,
    TRAINING_STORIES,
    add_story,
    load_domain,
    merged_corrections,
    story_from_events,
)
from bot.training.yaml_files import relative_name

MAX_MESSAGE_NUMBER = 10**6
"""Far more customer messages than any conversation has; bigger numbers are typos."""


class TranscriptCommandError(TailorError):
    """The conversation cannot become the story asked for: exit status 1."""


def add_transcripts_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tailor transcripts to-story` on the main parser."""
    transcripts = commands.add_parser(
        "transcripts",
        help="turn reviewed conversations into training or test stories",
        description="Turn conversations stored at DATABASE_URL into Rasa stories.",
    )
    actions = transcripts.add_subparsers(
        dest="transcripts_command", metavar="TRANSCRIPTS_COMMAND", required=True
    )
    to_story = actions.add_parser(
        "to-story",
        help="add a reviewed conversation to the stories, as Rasa writes them",
        description="Write the sender's latest conversation (or --conversation) as a "
        f"training story in {TRAINING_STORIES}, or with --test as a test story in "
        f"{TEST_STORIES} that `rasa test` checks, and print the change as a diff. The "
        "conversation must be marked reviewed in the staff console. Corrections accepted "
        "in the console's NLU inbox are applied, then those given with --correct. "
        "Slots that do not steer the dialogue are left out, and e-mail addresses, phone "
        "and card numbers in what the customer typed are redacted.",
        epilog="Exit status: 0 written, 1 refused (the message says why; no file changed), "
        "2 wrong command line or settings.",
    )
    to_story.add_argument(
        "sender_id", type=_sender_id, metavar="SENDER_ID", help="the customer's sender id"
    )
    to_story.add_argument(
        "--conversation",
        type=_conversation_id,
        metavar="ID",
        help="the sender's conversation to use, by the id the staff console shows "
        "(default: the sender's latest)",
    )
    to_story.add_argument(
        "--test",
        action="store_true",
        help="write a test story (the customer's words with entity markup, and intents)",
    )
    to_story.add_argument(
        "--name",
        metavar="NAME",
        help=f"the story's name, one line of at most {MAX_STORY_NAME} characters "
        "(default: 'Reviewed conversation ID (product, date)')",
    )
    to_story.add_argument(
        "--file",
        type=Path,
        metavar="PATH",
        help="the stories file to add it to, absolute or relative to the project; a test "
        "stories file must be named test_*.yml (default: see above)",
    )
    to_story.add_argument(
        "--correct",
        type=_correction,
        action="append",
        default=[],
        metavar="N=INTENT",
        help="the customer's Nth message (counted from 1, as the console numbers them) "
        "meant INTENT; may be given for several messages",
    )
    to_story.add_argument(
        "--print",
        action="store_true",
        dest="print_only",
        help="only print the story's YAML, change no file",
    )
    to_story.set_defaults(handler=_to_story)


def _sender_id(text: str) -> str:
    if not is_sender_id(text):
        raise argparse.ArgumentTypeError(
            f"SENDER_ID must be 1 to {SENDER_ID_LENGTH} characters without NUL"
        )
    return text


def _conversation_id(text: str) -> int:
    # Not echoed back: the value may be anything, of any length.
    try:
        return parse_row_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"--conversation {error}") from None


def _correction(text: str) -> tuple[int, str]:
    number, separator, intent = text.partition("=")
    number, intent = number.strip(), intent.strip()
    if not separator or not (number.isascii() and number.isdigit()):
        raise argparse.ArgumentTypeError(
            f"--correct takes N=INTENT, e.g. 3=inform; not {quoted(text)}"
        )
    if not 1 <= int(number[:7]) <= MAX_MESSAGE_NUMBER or len(number) > 7:
        raise argparse.ArgumentTypeError(
            f"--correct: N counts the customer's messages from 1, not {shown(number)}"
        )
    if not intent or len(intent) > INTENT_LENGTH or not intent.isprintable() or " " in intent:
        raise argparse.ArgumentTypeError(
            f"--correct {number}=INTENT: the intent must be a name from {DOMAIN_FILE}, "
            f"not {quoted(intent)}"
        )
    return int(number), intent


def _to_story(args: argparse.Namespace, settings: Settings) -> int:
    given = _given_corrections(args.correct)
    try:
        domain = load_domain(args.project_dir)
    except TrainingDataError as error:
        raise ConfigurationError(f"{error} (in {args.project_dir})") from None
    migrate(settings.database_url)
    engine = create_engine_for(settings.database_url)
    try:
        conversation_id = args.conversation or latest_conversation_id(engine, args.sender_id)
        source = story_source(engine, conversation_id, sender_id=args.sender_id)
    except StoryRefused as error:
        raise TranscriptCommandError(str(error)) from None
    except SQLAlchemyError as error:
        raise TranscriptCommandError(database_failure(settings.database_url, error)) from error
    finally:
        engine.dispose()
    name = args.name if args.name is not None else source.default_name
    try:
        story = story_from_events(
            source.events,
            name=name,
            test=args.test,
            domain=domain,
            corrections=merged_corrections(source.accepted, given),
        )
        if args.print_only:
            print(story, end="")
            return 0
        change = add_story(args.project_dir, story, test=args.test, file=args.file)
    except TrainingDataError as error:
        raise TranscriptCommandError(str(error)) from None
    kind = "test story" if args.test else "training story"
    where = relative_name(change.path, args.project_dir)
    print(f"Added the {kind} of conversation {conversation_id} to {where}:")
    print(change.diff(args.project_dir), end="")
    return 0


def _given_corrections(given: Sequence[tuple[int, str]]) -> dict[int, str]:
    corrections: dict[int, str] = {}
    for number, intent in given:
        if number in corrections:
            raise ConfigurationError(f"--correct names customer message {number} twice")
        corrections[number] = intent
    return corrections
