"""`tailor conversations erase` and `tailor privacy purge`: forgetting customers from a shell.

Erasing shows what it is about to delete and asks before deleting (`--yes` skips the
question, for scripts). Purging is meant for cron: it never asks, prints one line per
purge, exits 0 whether or not there was anything to delete, and non-zero only when the
database could not be purged, with a one-line message. Every command migrates the
database first, like `tailor run` does.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import TypeVar

from sqlalchemy.exc import SQLAlchemyError

from bot.runtime.database import database_failure, describe_database, migrate
from bot.runtime.errors import TailorError
from bot.settings import Settings
from bot.storage.database import create_engine_for
from bot.storage.privacy import RASA_EVENTS, ErasureReport, PrivacyStore, PurgeReport
from bot.storage.schema import SENDER_ID_LENGTH
from bot.storage.validation import is_sender_id, parse_row_id

UNCONSENTED_GRACE = timedelta(hours=2)
"""How long a conversation without consent may be silent before it counts as over: well
past Rasa's 60-minute session expiry, so a customer still typing keeps the bot's memory."""

_T = TypeVar("_T")


class PrivacyCommandError(TailorError):
    """Nothing to erase, erasing declined, or the database failed: exit status 1."""


def add_privacy_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tailor conversations` and `tailor privacy` on the main parser."""
    conversations = commands.add_parser(
        "conversations",
        help="erase stored conversations",
        description="Work on the conversations stored at DATABASE_URL.",
    )
    actions = conversations.add_subparsers(
        dest="conversations_command", metavar="CONVERSATIONS_COMMAND", required=True
    )
    erase = actions.add_parser(
        "erase",
        help="delete a conversation, or all of a sender's, everywhere",
        description="Delete a conversation (by the id the staff console shows) or every "
        "conversation of a sender, with all their messages, specifications, feedback, "
        "tags, notes and insights, and Rasa's tracker events of them. Shows what will be "
        "deleted and asks first, unless --yes. Exit status 1 if there is nothing to erase.",
    )
    which = erase.add_mutually_exclusive_group(required=True)
    which.add_argument(
        "conversation_id",
        nargs="?",
        type=_conversation_id,
        metavar="CONVERSATION_ID",
        help="the conversation's id, as the staff console shows it",
    )
    which.add_argument("--sender", type=_sender_id, metavar="SENDER_ID", help="a sender id")
    erase.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    erase.set_defaults(handler=_erase)

    privacy = commands.add_parser(
        "privacy",
        help="purge transcripts that must not be kept",
        description="Apply the privacy rules to the stored conversations.",
    )
    privacy_actions = privacy.add_subparsers(
        dest="privacy_command", metavar="PRIVACY_COMMAND", required=True
    )
    purge = privacy_actions.add_parser(
        "purge",
        help="drop transcripts without consent and older than RETENTION_DAYS (for cron)",
        description="Delete the messages and Rasa events of conversations that ended "
        "without the customer's consent, and, when RETENTION_DAYS is set, of conversations "
        "started longer ago (with their contact details). Conversations, specifications, "
        "feedback, tags, notes and insights stay. Never asks; exit status 0 unless the "
        "database fails. For cron, e.g. hourly: 17 * * * * /srv/tailor/.venv/bin/tailor "
        "privacy purge",
    )
    purge.add_argument(
        "--dry-run", action="store_true", help="report what would be deleted, delete nothing"
    )
    purge.set_defaults(handler=_purge)


def _conversation_id(text: str) -> int:
    # Not echoed back: the value may be anything, of any length.
    try:
        return parse_row_id(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"CONVERSATION_ID {error}") from None


def _sender_id(text: str) -> str:
    if not is_sender_id(text):
        raise argparse.ArgumentTypeError(
            f"SENDER_ID must be 1 to {SENDER_ID_LENGTH} characters without NUL"
        )
    return text


def _erase(args: argparse.Namespace, settings: Settings) -> int:
    store = _store(settings)
    erase: Callable[..., ErasureReport | None]
    if args.sender is not None:
        what = f"sender {args.sender!r}"
        erase = partial(store.erase_sender, args.sender)
    else:
        what = f"conversation {args.conversation_id}"
        erase = partial(store.erase, args.conversation_id)
    planned = _database_work(settings, partial(erase, dry_run=True))
    if planned is None:
        raise PrivacyCommandError(f"nothing to erase: no {what} in {_where(settings)}")
    if not args.yes and not _confirmed(f"Erase {what}: {describe_erasure(planned)}?"):
        raise PrivacyCommandError("not confirmed; nothing was erased")
    done = _database_work(settings, erase)
    if done is None:
        raise PrivacyCommandError(f"nothing to erase: {what} is already gone")
    print(f"Erased {what}: {describe_erasure(done)}.")
    return 0


def _purge(args: argparse.Namespace, settings: Settings) -> int:
    store = _store(settings)
    now = datetime.now(timezone.utc)
    verb = "would strip" if args.dry_run else "stripped"
    unconsented = _database_work(
        settings, lambda: store.drop_unconsented(now, UNCONSENTED_GRACE, dry_run=args.dry_run)
    )
    print(f"Ended without consent: {verb} {describe_purge(unconsented)}.")
    if settings.retention_days is None:
        print("RETENTION_DAYS is not set: other transcripts are kept until erased.")
    else:
        days = settings.retention_days
        old = _database_work(
            settings, lambda: store.purge_transcripts(now, days, dry_run=args.dry_run)
        )
        print(f"Started over {days} days ago: {verb} {describe_purge(old, contacts=True)}.")
    if args.dry_run:
        print("Dry run: nothing was deleted.")
    return 0


def describe_erasure(report: ErasureReport) -> str:
    """Rows deleted per table, zeros included: "conversations 1, messages 14, ..."."""
    return ", ".join(
        f"{'Rasa events' if table == RASA_EVENTS else table.replace('_', ' ')} {count}"
        for table, count in report.deleted.items()
    )


def describe_purge(report: PurgeReport, *, contacts: bool = False) -> str:
    """What a purge took, in one line."""
    taken = [_count(report.messages, "message"), _count(report.events, "Rasa event")]
    if contacts:
        taken.append(_count(report.contacts, "contact"))
    return f"{_count(report.conversations, 'conversation')} ({', '.join(taken)})"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def _confirmed(question: str) -> bool:
    """Whether the user answered yes; end of input or Ctrl-C is a no."""
    try:
        answer = input(f"{question} This cannot be undone. [y/N] ")
    except (EOFError, KeyboardInterrupt):
        print()
        return False
    return answer.strip().lower() in {"y", "yes"}


def _store(settings: Settings) -> PrivacyStore:
    migrate(settings.database_url)
    return PrivacyStore(create_engine_for(settings.database_url))


def _database_work(settings: Settings, work: Callable[[], _T]) -> _T:
    """`work()`, with a database failure turned into one line naming the database."""
    try:
        return work()
    except SQLAlchemyError as error:
        raise PrivacyCommandError(database_failure(settings.database_url, error)) from error


def _where(settings: Settings) -> str:
    return describe_database(settings.database_url)
