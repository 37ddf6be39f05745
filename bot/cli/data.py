"""`tailor data add-example` and `tailor data check`: the trainer's edits, from a shell.

`add-example` writes one NLU example and prints the change as a unified diff, ready to
review and commit; a refused example (duplicate, conflict, bad markup, contradicting
the catalog) leaves every file untouched. `check` runs Rasa's validator exactly as
`make validate` does, and meanwhile our checks that need the catalog
(`bot.training.checks`).

Exit status: 0 done / no problems, 1 the example was refused or the check found
problems, 2 the command line, the settings or the project are wrong.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from bot.catalog.errors import CatalogError
from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog
from bot.layout import CONFIG_FILE, DEFAULT_NLU_FILE, DOMAIN_FILE, TRAINING_DATA, TRAINING_INPUTS
from bot.runtime.environment import child_env
from bot.runtime.errors import ConfigurationError, TailorError
from bot.settings import Settings
from bot.training.errors import TrainingDataError
from bot.training.examples import MAX_EXAMPLE_CHARS, add_example

if TYPE_CHECKING:
    from bot.training.checks import Problem

VALIDATE_ARGS = (
    "data",
    "validate",
    "--domain",
    DOMAIN_FILE,
    "--data",
    TRAINING_DATA,
    "--config",
    CONFIG_FILE,
    "--fail-on-warnings",
)
"""The same validation as `make validate`, so the two never disagree."""

VALIDATOR_TAIL = 20
"""Lines of Rasa's output shown when it failed without a warning we recognise."""

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_FINDING = re.compile(r"UserWarning: (?P<warning>.*)|\s(?:WARNING|ERROR)\s+(?P<log>\S.*)")


class DataCommandError(TailorError):
    """The example was refused, or a training file cannot be read: exit status 1."""


def add_data_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tailor data add-example` and `tailor data check` on the main parser."""
    data = commands.add_parser(
        "data",
        help="add NLU examples and check the training data",
        description="Edit and check the Rasa training data in data/ (and the held-out "
        "NLU set in tests/nlu/). Changes are written as small YAML diffs to commit.",
    )
    actions = data.add_subparsers(dest="data_command", metavar="DATA_COMMAND", required=True)
    add = actions.add_parser(
        "add-example",
        help="add a customer message as an example of an intent",
        description="Add TEXT as an NLU example of INTENT and print the change as a diff. "
        "Mark entities as Rasa does: 'I want [trainers](product)'. The example is "
        f"refused, and no file changed, if it is empty, longer than {MAX_EXAMPLE_CHARS} "
        "characters or not one line, if the intent or an entity type is not in "
        "domain.yml, if an annotated product, attribute or option is not what the "
        "catalog reads there, or if the same words already are an example (of any "
        "intent) in data/ or in the held-out set in tests/nlu/.",
        epilog="Exit status: 0 added, 1 refused (the message says why), 2 wrong command "
        "line or settings. Put -- before a TEXT that starts with a dash.",
    )
    add.add_argument(
        "--intent", required=True, metavar="INTENT", help="the intent, as named in domain.yml"
    )
    add.add_argument(
        "--file",
        type=Path,
        metavar="PATH",
        help="the NLU file under data/ to add it to, relative to the project (default: the "
        f"file already holding the intent's examples, else {DEFAULT_NLU_FILE})",
    )
    add.add_argument("text", metavar="TEXT", help="what the customer wrote, quoted")
    add.set_defaults(handler=_add_example)

    check = actions.add_parser(
        "check",
        help="run Rasa's validator and the catalog checks on the training data",
        description="Run Rasa's validator as `make validate` does (`rasa data validate "
        "--fail-on-warnings`) and meanwhile check what needs the catalog: every attribute can be "
        "asked and its answers are understood, every option can be chosen under the "
        "catalog's rules, no NLU example contradicts the catalog or is an example of two "
        "intents, and no example is both training data and held-out test data.",
        epilog="Exit status: 0 no problems, 1 problems found (listed), 2 wrong command line, "
        "settings or project.",
    )
    check.set_defaults(handler=_check)


def _add_example(args: argparse.Namespace, settings: Settings) -> int:
    catalog = _catalog(settings)
    try:
        change = add_example(
            args.project_dir, args.intent, args.text, catalog=catalog, nlu_file=args.file
        )
    except TrainingDataError as error:
        raise DataCommandError(str(error)) from None
    print(change.diff(args.project_dir), end="")
    return 0


def _check(args: argparse.Namespace, settings: Settings) -> int:
    project = args.project_dir
    missing = [name for name in TRAINING_INPUTS if not (project / name).exists()]
    if missing:
        raise ConfigurationError(f"cannot check: {', '.join(missing)} not found in {project}")
    catalog = _catalog(settings)
    print("Running Rasa's validator (rasa data validate --fail-on-warnings)...", flush=True)
    # Rasa's validator runs in its own process while ours run here: neither needs the other.
    with running_validator(project, child_env(settings, project)) as validator:
        print("Checking the catalog against the dialogue and the NLU data...", flush=True)
        # Imported here: the checks load spaCy, seconds that every other command would pay.
        from bot.training.checks import check_project

        problems = check_project(project, catalog)
        findings = validator.findings()
    if findings:
        print("Rasa's validator found problems:")
        print("\n".join(f"  {line}" for line in findings))
    else:
        print("Rasa's validator: no problems.")
    print(format_problems(problems))
    return 1 if findings or problems else 0


class _Validator:
    """`rasa data validate`, running; `findings` waits for it."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._process = process

    def findings(self) -> list[str]:
        """Rasa's warnings and errors about the project; empty when the validator passed."""
        output, _ = self._process.communicate()
        if self._process.returncode == 0:
            return []
        return validator_findings(output, self._process.returncode)


@contextmanager
def running_validator(
    project_root: Path, env: Mapping[str, str], python: str = sys.executable
) -> Iterator[_Validator]:
    """Start Rasa's validator on the project; stopped if the block ends without waiting."""
    process = subprocess.Popen(
        [python, "-m", "rasa", *VALIDATE_ARGS],
        cwd=project_root,
        env=dict(env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        errors="replace",
    )
    try:
        yield _Validator(process)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()


def validator_findings(output: str, returncode: int) -> list[str]:
    """The warning and error lines of the validator's `output`, else its last lines."""
    lines = [_ANSI.sub("", line).rstrip() for line in output.splitlines()]
    findings = []
    for line in lines:
        found = _FINDING.search(line)
        if found:
            findings.append(found.group("warning") or found.group("log"))
    if findings:
        return findings
    tail = [line for line in lines if line.strip()][-VALIDATOR_TAIL:]
    return [f"rasa data validate exited with code {returncode}; the end of its output:", *tail]


def format_problems(problems: Sequence[Problem]) -> str:
    """The problems grouped by file (or by the catalog), one indented line each."""
    if not problems:
        return "Catalog, dialogue and NLU data: no problems."
    groups: dict[str, list[str]] = {}
    for problem in problems:
        group, _, place = problem.where.partition(", ")
        entry = f"{place}: {problem.message}" if place else problem.message
        groups.setdefault(group, []).append(entry)
    lines = [f"{len(problems)} problem{'s' if len(problems) != 1 else ''} found:"]
    for group, entries in groups.items():
        lines.append(f"{group}:")
        lines.extend(f"  {entry}" for entry in entries)
    return "\n".join(lines)


def _catalog(settings: Settings) -> Catalog:
    try:
        return load_catalog(settings.catalog_path)
    except CatalogError as error:
        raise ConfigurationError(str(error)) from None
