"""`tailor`: the one command a developer needs to train, run, and talk to the bot.

Exit status: 0 success (also after Ctrl-C or SIGTERM stopped `run`/`chat`), 1 a
component or training failed, 2 the command line or configuration is wrong.
"""

from __future__ import annotations

import argparse
import importlib
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

import httpx

from bot.cli.chat import REST_WEBHOOK_PATH, RestChannel, converse, rasa_is_up
from bot.cli.data import add_data_commands
from bot.cli.evaluation import evaluate, update_readme
from bot.cli.models import add_models_commands, require_rasa_token, switch_model
from bot.cli.privacy import add_privacy_commands
from bot.cli.staff import add_staff_commands
from bot.cli.transcripts import add_transcripts_commands
from bot.layout import (
    HELD_OUT,
    OFF_TOPIC_SET,
    PRODUCT_WORDS_SET,
    RESULTS_DIR,
    TEST_STORIES_DIR,
)
from bot.runtime.database import describe_database, migrate
from bot.runtime.environment import child_env
from bot.runtime.errors import ConfigurationError, TailorError
from bot.runtime.signals import sigterm_interrupts
from bot.runtime.stack import DEFAULT_START_TIMEOUT, Stack
from bot.runtime.training import train
from bot.settings import PROJECT_ROOT, Settings, SettingsError, load_settings

MAX_ERROR_LINE = 300
"""Error lines are clipped so a hostile or runaway value cannot flood the terminal."""

CHAT_TIMEOUT = 60.0
"""A turn may run several custom actions; the first one after startup is slow."""


def clip(line: str, limit: int = MAX_ERROR_LINE) -> str:
    """`line`, shortened with an ellipsis when longer than `limit` characters."""
    return line if len(line) <= limit else line[: limit - 1] + "…"


class _Parser(argparse.ArgumentParser):
    """argparse, with error messages clipped like ours (it repeats bad input verbatim)."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {clip(message)}\n")


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {clip(text, 40)!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"must be a positive number of seconds, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    """The whole command line; separate from `main` so its help can be tested."""
    parser = _Parser(
        prog="tailor",
        description="Train, run and talk to Tailor, the shop's product-design chatbot.",
        epilog="Settings come from the environment and .env (see .env.example). "
        "Run `tailor COMMAND --help` for the options of a command.",
    )
    parser.add_argument(
        "--project-dir",
        type=Path,
        default=PROJECT_ROOT,
        metavar="DIR",
        help="the checkout holding domain.yml, data/ and models/ (default: %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        help="train if the data changed, then run the action server, Rasa and the web app",
        description="Train if domain, config or data changed, start the action server, the "
        "Rasa server and the web app, and keep them running until Ctrl-C or SIGTERM. "
        "If one of them dies, the others are stopped and tailor exits with status 1.",
    )
    run.add_argument("--no-train", action="store_true", help="serve the latest model as is")
    run.add_argument(
        "--follow-logs", action="store_true", help="also print the components' logs here"
    )
    _add_stack_options(run)
    run.set_defaults(handler=_run)

    train_command = commands.add_parser(
        "train",
        help="train the model into models/ (skipped when nothing changed)",
        description="Train the Rasa model from domain.yml, config.yml and data/ into "
        "models/. Skipped while the newest model was trained on exactly these inputs.",
    )
    train_command.add_argument("--force", action="store_true", help="train even if nothing changed")
    train_command.add_argument(
        "--activate",
        action="store_true",
        help="then switch the running Rasa server to the newest model, without downtime "
        "(needs RASA_API_TOKEN set in .env before `tailor run`)",
    )
    train_command.set_defaults(handler=_train)

    evaluation = commands.add_parser(
        "evaluate",
        help="measure the NLU and the dialogue (held-out sets, cross-validation, stories, "
        "off-topic messages, product words)",
        description="Train if needed, then evaluate the latest model on each held-out set in "
        f"{HELD_OUT}/, cross-validate on the training data (where the fallback threshold "
        f"is tuned), run the test stories in {TEST_STORIES_DIR}/, and, through a stack of its "
        f"own, say the off-topic messages of {OFF_TOPIC_SET} mid-design and the product words "
        f"of {PRODUCT_WORDS_SET}. Reports, confusion matrices, predictions and failures go to "
        f"{RESULTS_DIR}/; the summary table is printed, written to "
        f"{RESULTS_DIR}/summary.md and kept in README.md. Exit status 1 if a target is missed.",
    )
    evaluation.add_argument(
        "--folds", type=_folds, default=5, metavar="N", help="cross-validation folds (default: 5)"
    )
    evaluation.add_argument(
        "--no-cross-validation",
        action="store_true",
        help="skip cross-validation and threshold tuning (saves 5 trainings)",
    )
    evaluation.add_argument("--no-stories", action="store_true", help="skip the test stories")
    evaluation.add_argument(
        "--no-off-topic", action="store_true", help="skip the off-topic messages mid-design"
    )
    evaluation.add_argument(
        "--no-product-words", action="store_true", help="skip the product words in sentences"
    )
    evaluation.add_argument(
        "--apply-threshold",
        action="store_true",
        help="write the threshold tuned on cross-validation into config.yml and retrain "
        "before evaluating the held-out set",
    )
    evaluation.set_defaults(handler=_evaluate)

    chat = commands.add_parser(
        "chat",
        help="talk to the bot in this terminal",
        description="Talk to the bot over the REST channel. If no Rasa server answers at "
        "the configured port, the action server and Rasa are started in the background "
        "for the session. Type a button's number to press it; /quit or Ctrl-D leaves.",
    )
    _add_stack_options(chat)
    chat.set_defaults(handler=_chat)

    database = commands.add_parser(
        "db", help="manage the database", description="Manage the database at DATABASE_URL."
    )
    database_commands = database.add_subparsers(
        dest="db_command", metavar="DB_COMMAND", required=True
    )
    upgrade = database_commands.add_parser(
        "upgrade",
        help="apply pending migrations (tailor run does this itself)",
        description="Bring the database to the latest schema; an up-to-date database "
        "is left as it is.",
    )
    upgrade.set_defaults(handler=_db_upgrade)
    add_staff_commands(commands)
    add_privacy_commands(commands)
    add_data_commands(commands)
    add_models_commands(commands)
    add_transcripts_commands(commands)
    return parser


def _folds(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {clip(text, 40)!r}") from None
    if not 2 <= value <= 20:
        raise argparse.ArgumentTypeError(f"must be between 2 and 20, got {value}")
    return value


def _add_stack_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--log-dir",
        type=Path,
        metavar="DIR",
        help="where the components write their logs (default: var/logs in the project)",
    )
    parser.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_START_TIMEOUT,
        metavar="SECONDS",
        help="how long the components may take to become ready (default: %(default)g)",
    )


def _run(args: argparse.Namespace, settings: Settings) -> int:
    echo = sys.stdout if args.follow_logs else None
    stack = Stack(
        settings, args.project_dir, log_dir=args.log_dir, echo=echo, start_timeout=args.timeout
    )
    with sigterm_interrupts():
        try:
            stack.check_ports()
            if not args.no_train:
                train(args.project_dir, child_env(stack.settings, args.project_dir))
            stack.start()
            try:
                print(_running_banner(stack), flush=True)
                stack.wait()
            finally:
                stack.stop()
        except KeyboardInterrupt:
            print("\nTailor stopped.", file=sys.stderr)
    return 0


def _running_banner(stack: Stack) -> str:
    settings = stack.settings
    web = f"http://{settings.host}:{settings.web_port}"
    return "\n".join(
        [
            "Tailor is running:",
            f"  chat (REST)  POST {settings.rasa_url}{REST_WEBHOOK_PATH}"
            ' with {"sender": "...", "message": "..."}',
            f"  demo shop    {web}/  (the chat widget, as customers see it)",
            f"  health       {web}/healthz",
            f"  staff        {web}/staff"
            "  (accounts: tailor staff add EMAIL --role support|trainer|admin)",
            f"  logs         {stack.log_dir}",
            "Press Ctrl-C (or send SIGTERM) to stop all three.",
        ]
    )


def _train(args: argparse.Namespace, settings: Settings) -> int:
    if args.activate:
        require_rasa_token(settings)  # fails now rather than after a minute of training
    train(args.project_dir, child_env(settings, args.project_dir), force=args.force)
    if args.activate:
        switch_model(settings, args.project_dir)
    return 0


def _evaluate(args: argparse.Namespace, settings: Settings) -> int:
    env = child_env(settings, args.project_dir)
    train(args.project_dir, env)
    report = evaluate(
        args.project_dir,
        env,
        settings=settings,
        folds=args.folds,
        cross_validation=not args.no_cross_validation,
        stories=not args.no_stories,
        off_topic=not args.no_off_topic,
        product_words=not args.no_product_words,
        apply_tuned=args.apply_threshold,
        retrain=lambda: train(args.project_dir, env),
        echo=lambda line: print(line, flush=True),
    )
    table = report.table()
    print(f"\n{table}\n")
    if update_readme(args.project_dir / "README.md", table):
        print("README.md: evaluation figures updated.")
    return 0 if report.meets_targets() else 1


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    # Imported for its side effect: line editing and history for `input()`.
    importlib.import_module("readline")
    with sigterm_interrupts(), httpx.Client(timeout=CHAT_TIMEOUT) as client:
        try:
            if rasa_is_up(settings.rasa_url, client):
                converse(RestChannel(settings.rasa_url, client), input, print)
                return 0
            stack = Stack(
                settings,
                args.project_dir,
                components=("actions", "rasa"),
                log_dir=args.log_dir,
                start_timeout=args.timeout,
            )
            print(
                f"No Rasa server at {settings.rasa_url}; starting one with the action server "
                f"(logs in {stack.log_dir}). This can take a minute...",
                flush=True,
            )
            with stack:
                converse(RestChannel(stack.settings.rasa_url, client), input, print)
        except KeyboardInterrupt:
            print()
    return 0


def _db_upgrade(args: argparse.Namespace, settings: Settings) -> int:
    migrate(settings.database_url)
    print(f"{describe_database(settings.database_url)} is at the latest schema.")
    return 0


def _fail(message: str, exit_code: int) -> int:
    """Print `message` as `tailor: error: ...`; extra lines (a log tail) follow as they are."""
    first, *details = message.splitlines() or [""]
    print(f"tailor: error: {clip(first)}", file=sys.stderr)
    for line in details:
        print(clip(line), file=sys.stderr)
    return exit_code


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `tailor` script; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        if not args.project_dir.is_dir():
            raise ConfigurationError(f"--project-dir {args.project_dir} is not a folder")
        return args.handler(args, load_settings())
    except SettingsError as error:
        return _fail(str(error), 2)
    except TailorError as error:
        return _fail(str(error), error.exit_code)


if __name__ == "__main__":
    sys.exit(main())
