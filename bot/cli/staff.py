"""`tailor staff ...`: create and look after staff console accounts from the server's shell.

Accounts are made here rather than in the web console so the first admin needs no
bootstrap page, and passwords are typed at a prompt (twice, unechoed) or piped in with
`--password-stdin` for scripts, never given as an argument that `ps` or shell history
would show. Every command migrates the database first, like `tailor run` does.
"""

from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone
from getpass import getpass
from typing import TextIO

from bot.runtime.database import migrate
from bot.runtime.errors import TailorError
from bot.settings import Settings
from bot.staff.accounts import ROLES, InvalidEmail, StaffAccount, login_key, normalise_email
from bot.staff.passwords import MAX_PASSWORD_LENGTH, Passwords, check_new_password
from bot.storage.database import create_engine_for
from bot.storage.staff import DuplicateAccount, StaffDirectory


class StaffCommandError(TailorError):
    """The account does not exist or already exists: exit status 1."""


class StaffInputError(TailorError):
    """An e-mail address, role or password that cannot be used: exit status 2."""

    exit_code = 2


def add_staff_commands(commands: argparse._SubParsersAction) -> None:
    """Register `tailor staff` and its subcommands on the main parser's subcommands."""
    staff = commands.add_parser(
        "staff",
        help="manage staff console accounts",
        description="Manage the accounts that log in to the staff console at /staff.",
    )
    actions = staff.add_subparsers(dest="staff_command", metavar="STAFF_COMMAND", required=True)

    add = actions.add_parser(
        "add",
        help="create an account (asks for its password)",
        description="Create a staff account. The password (at least 12 characters) is asked "
        "for twice, or read from the first line of stdin with --password-stdin.",
    )
    add.add_argument("email", metavar="EMAIL", help="the login e-mail address")
    add.add_argument(
        "--role",
        required=True,
        choices=ROLES,
        help="support reviews conversations; trainer also improves the bot (NLU inbox, "
        "stories, retraining); admin can do both and manage accounts",
    )
    _add_password_option(add)
    add.set_defaults(handler=_add)

    listing = actions.add_parser("list", help="list the accounts", description="List accounts.")
    listing.set_defaults(handler=_list)

    remove = actions.add_parser(
        "remove", help="delete an account", description="Delete an account and end its sessions."
    )
    remove.add_argument("email", metavar="EMAIL")
    remove.set_defaults(handler=_remove)

    password = actions.add_parser(
        "set-password",
        help="set a new password (ends the account's sessions)",
        description="Replace an account's password and log it out everywhere.",
    )
    password.add_argument("email", metavar="EMAIL")
    _add_password_option(password)
    password.set_defaults(handler=_set_password)

    unlock = actions.add_parser(
        "unlock",
        help="lift a lockout after failed logins",
        description="Forget the failed logins of an e-mail address, lifting its lockout.",
    )
    unlock.add_argument("email", metavar="EMAIL")
    unlock.set_defaults(handler=_unlock)


def _add_password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of stdin instead of prompting",
    )


def _add(args: argparse.Namespace, settings: Settings) -> int:
    # Checked before the password prompt, so nobody types a password for nothing.
    try:
        email = normalise_email(args.email)
    except InvalidEmail as error:
        raise StaffInputError(str(error)) from None
    directory = _directory(settings)
    if directory.find(email) is not None:
        raise _duplicate(email)
    password = read_new_password(args.password_stdin)
    try:
        user = directory.add(email, args.role, password, _now())
    except DuplicateAccount:
        raise _duplicate(email) from None
    print(f"Added {user.email} ({user.role}).")
    return 0


def _list(args: argparse.Namespace, settings: Settings) -> int:
    accounts = _directory(settings).accounts(_now())
    if not accounts:
        print("No staff accounts yet: tailor staff add EMAIL --role admin")
        return 0
    for line in format_accounts(accounts):
        print(line)
    return 0


def _remove(args: argparse.Namespace, settings: Settings) -> int:
    if not _directory(settings).remove(args.email):
        raise _no_account(args.email)
    print(f"Removed {login_key(args.email)}; its sessions have ended.")
    return 0


def _set_password(args: argparse.Namespace, settings: Settings) -> int:
    directory = _directory(settings)
    if directory.find(args.email) is None:
        raise _no_account(args.email)
    password = read_new_password(args.password_stdin)
    if not directory.set_password(args.email, password):
        raise _no_account(args.email)
    print(f"Password of {login_key(args.email)} changed; its sessions have ended.")
    return 0


def _unlock(args: argparse.Namespace, settings: Settings) -> int:
    if not _directory(settings).unlock(args.email):
        # repr: the name may be anything typed, including what a terminal cannot print.
        print(f"{login_key(args.email)!r} had no failed logins; nothing to do.")
    else:
        print(f"Unlocked {login_key(args.email)!r}.")
    return 0


def read_new_password(from_stdin: bool) -> str:
    """A new password that meets the rules, from stdin's first line or typed twice."""
    try:
        if from_stdin:
            password = _first_line(sys.stdin)
        else:
            password = getpass("New password: ")
            if getpass("Repeat it: ") != password:
                raise StaffInputError("the two passwords differ; nothing was changed")
        return check_new_password(password)
    except (EOFError, KeyboardInterrupt):
        raise StaffInputError("no password given; nothing was changed") from None
    except UnicodeDecodeError:
        raise StaffInputError("the password is not valid UTF-8; nothing was changed") from None
    except ValueError as error:
        raise StaffInputError(f"{error}; nothing was changed") from None


def format_accounts(accounts: list[StaffAccount]) -> list[str]:
    """One aligned line per account: e-mail, role, last login, lock state."""
    width = max(len(account.user.email) for account in accounts)
    lines = []
    for account in accounts:
        last = account.last_login_at
        login = f"last login {last:%Y-%m-%d %H:%M} UTC" if last else "never logged in"
        lock = f", locked until {account.locked_until:%H:%M} UTC" if account.locked_until else ""
        lines.append(f"{account.user.email:<{width}}  {account.user.role:<7}  {login}{lock}")
    return lines


def _first_line(stream: TextIO) -> str:
    # Read at most what a valid password could need, so a piped file cannot fill memory.
    line = stream.readline(MAX_PASSWORD_LENGTH + 2)
    if not line:
        raise EOFError
    return line.removesuffix("\n").removesuffix("\r")


def get_passwords() -> Passwords:
    """How the commands hash and check passwords: argon2-cffi's default profile, as the app.

    Tests replace this function to hash cheaply.
    """
    return Passwords()


def _directory(settings: Settings) -> StaffDirectory:
    migrate(settings.database_url)
    return StaffDirectory(create_engine_for(settings.database_url), get_passwords())


def _duplicate(email: str) -> StaffCommandError:
    return StaffCommandError(f"there is already an account for {email}")


def _no_account(email: str) -> StaffCommandError:
    return StaffCommandError(f"there is no staff account for {login_key(email)!r}")


def _now() -> datetime:
    return datetime.now(timezone.utc)
