"""Database migrations as the CLI runs them: failures become one readable line.

`upgrade_to_head` raises whatever SQLAlchemy, Alembic or the driver raise; a user
with a typo in DATABASE_URL needs the variable named, not a traceback, and must never
see the password from the URL echoed back.
"""

from __future__ import annotations

from alembic.util import CommandError
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.runtime.errors import ConfigurationError
from bot.storage.migrate import upgrade_to_head


def describe_database(database_url: str) -> str:
    """`database_url` with its password masked, safe to print."""
    try:
        return make_url(database_url).render_as_string(hide_password=True)
    except ArgumentError:
        return "an unparseable DATABASE_URL"


def database_failure(database_url: str, error: SQLAlchemyError) -> str:
    """One line saying which database failed and why (the driver's first line)."""
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()
    return (
        f"{describe_database(database_url)} failed: {reason[0] if reason else type(error).__name__}"
    )


def migrate(database_url: str) -> None:
    """Bring the database to the latest schema or raise `ConfigurationError`."""
    try:
        make_url(database_url)
    except ArgumentError:
        raise ConfigurationError(
            "DATABASE_URL is not a database URL "
            "(expected e.g. sqlite:///var/tailor.db or postgresql://user@host/tailor)"
        ) from None
    try:
        upgrade_to_head(database_url)
    except (SQLAlchemyError, CommandError, ImportError, OSError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise ConfigurationError(
            f"cannot migrate {describe_database(database_url)}: {reason}"
        ) from error
