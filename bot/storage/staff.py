"""The only place that reads or writes staff accounts, sessions and the login throttle.

Every method takes the current time from its caller (`now`, timezone-aware), so expiry
and lockout are tested with a fixed clock and the web app and the CLI agree on them.
Tokens are stored as SHA-256 hashes only: a leaked table opens no session.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql.expression import Delete

from bot.staff.accounts import (
    StaffAccount,
    StaffUser,
    login_key,
    normalise_email,
    require_role,
)
from bot.staff.lockout import Throttle, after_failure, locked_until
from bot.staff.passwords import Passwords, check_new_password
from bot.staff.sessions import (
    ABSOLUTE_LIFETIME,
    IDLE_TIMEOUT,
    StaffSession,
    is_live,
    needs_touch,
)
from bot.storage.schema import EMAIL_LENGTH, login_throttle, staff_sessions, staff_users
from bot.storage.validation import clean_text, is_storable_id

TOKEN_BYTES = 32
"""Random bytes in a session token (256 bits), sent base64url-encoded."""
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{43}")
"""What `secrets.token_urlsafe(TOKEN_BYTES)` produces."""


class DuplicateAccount(ValueError):
    """An account with this e-mail address exists already."""


@dataclass(frozen=True)
class LoginResult:
    """What one login attempt came to.

    `user` is set on success. Otherwise `failures` counts this name's consecutive
    failures (0 when the attempt was refused unchecked because the name is locked) and
    `locked_until` says until when it is locked, if it is.
    """

    user: StaffUser | None
    failures: int = 0
    locked_until: datetime | None = None


def token_hash(token: str) -> str:
    """The SHA-256 hex digest under which a session token is stored."""
    return hashlib.sha256(token.encode()).hexdigest()


def is_token(text: str) -> bool:
    """Whether `text` could be a token we issued; anything else never reaches the database."""
    return _TOKEN_SHAPE.fullmatch(text) is not None


def new_token() -> str:
    """A fresh unguessable token, for session cookies and CSRF tokens alike."""
    return secrets.token_urlsafe(TOKEN_BYTES)


class StaffDirectory:
    """Staff accounts, their sessions and the login throttle of one database.

    Methods that change an account take the e-mail as typed and raise `InvalidEmail`,
    `InvalidRole`, `WeakPassword` or `DuplicateAccount` (all `ValueError`s) for input
    that must not be stored; lookups answer None or False for names that do not exist.
    """

    def __init__(self, engine: Engine, passwords: Passwords | None = None) -> None:
        self._engine = engine
        self._passwords = passwords if passwords is not None else Passwords()

    # Accounts ---------------------------------------------------------------------------

    def add(self, email: str, role: str, password: str, now: datetime) -> StaffUser:
        """Create an account; the password is checked against the rules and hashed."""
        address = normalise_email(email)
        require_role(role)
        password_hash = self._passwords.hash(password)
        try:
            with self._engine.begin() as connection:
                user_id = connection.execute(
                    insert(staff_users).values(
                        email=address,
                        role=role,
                        password_hash=password_hash,
                        created_at=now,
                        last_login_at=None,
                    )
                ).inserted_primary_key[0]
        except IntegrityError:
            raise DuplicateAccount(f"there is already an account for {address}") from None
        return StaffUser(id=user_id, email=address, role=role)

    def find(self, email: str) -> StaffUser | None:
        """The account with this e-mail address, if there is one."""
        with self._engine.connect() as connection:
            row = _user_row(connection, email)
        return None if row is None else _user(row)

    def accounts(self, now: datetime) -> list[StaffAccount]:
        """Every account, by e-mail, with its last login and whether it is locked at `now`."""
        query = (
            select(
                staff_users,
                login_throttle.c.failures,
                login_throttle.c.last_failure_at,
                login_throttle.c.locked_until,
            )
            .select_from(
                staff_users.outerjoin(login_throttle, login_throttle.c.email == staff_users.c.email)
            )
            .order_by(staff_users.c.email)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return [
            StaffAccount(
                user=_user(row),
                created_at=row.created_at,
                last_login_at=row.last_login_at,
                locked_until=locked_until(_throttle(row), now),
            )
            for row in rows
        ]

    def remove(self, email: str) -> bool:
        """Delete an account and (by cascade) its sessions; False if there was none."""
        key = _lookup_key(email)
        if key is None:
            return False
        with self._engine.begin() as connection:
            deleted = connection.execute(delete(staff_users).where(staff_users.c.email == key))
        return deleted.rowcount > 0

    def set_role(self, email: str, role: str) -> bool:
        """Give an account another role; False if there is no such account."""
        require_role(role)
        key = _lookup_key(email)
        if key is None:
            return False
        with self._engine.begin() as connection:
            updated = connection.execute(
                update(staff_users).where(staff_users.c.email == key).values(role=role)
            )
        return updated.rowcount > 0

    def set_password(self, email: str, password: str) -> bool:
        """Replace an account's password and end all its sessions; False if no such account.

        Ending the sessions is the point of a reset after a suspected leak: whoever knew
        the old password is logged out everywhere.
        """
        check_new_password(password)
        key = _lookup_key(email)
        if key is None:
            return False
        password_hash = self._passwords.hash(password)
        with self._engine.begin() as connection:
            row = _user_row(connection, key)
            if row is None:
                return False
            connection.execute(
                update(staff_users)
                .where(staff_users.c.id == row.id)
                .values(password_hash=password_hash)
            )
            connection.execute(delete(staff_sessions).where(staff_sessions.c.user_id == row.id))
        return True

    def unlock(self, email: str) -> bool:
        """Forget a login name's failures (lifting any lock); False if it had none."""
        key = _throttle_key(email)
        with self._engine.begin() as connection:
            deleted = connection.execute(
                delete(login_throttle).where(login_throttle.c.email == key)
            )
        return deleted.rowcount > 0

    # Logging in -------------------------------------------------------------------------

    def throttle(self, email: str) -> Throttle | None:
        """The failures recorded for a login name as typed."""
        with self._engine.connect() as connection:
            row = connection.execute(
                select(login_throttle).where(login_throttle.c.email == _throttle_key(email))
            ).first()
        return None if row is None else _throttle(row)

    def authenticate(self, email: str, password: str, now: datetime) -> LoginResult:
        """Check a login, counting it against the name's throttle.

        A locked name is refused without checking the password (and without extending
        the lock). Unknown names cost one dummy verification, like known ones, and are
        counted the same way. A success resets the count, records the login and rehashes
        the password if the hashing parameters have changed since it was set.
        """
        key = _throttle_key(email)
        lock = locked_until(self.throttle(key), now)
        if lock is not None:
            return LoginResult(user=None, locked_until=lock)
        with self._engine.connect() as connection:
            row = _user_row(connection, key)
        if row is None:
            self._passwords.verify_unknown(password)
            return self._record_failure(key, now)
        if not self._passwords.verify(row.password_hash, password):
            return self._record_failure(key, now)
        values: dict[str, object] = {"last_login_at": now}
        if self._passwords.needs_rehash(row.password_hash):
            values["password_hash"] = self._passwords.hash(password)
        with self._engine.begin() as connection:
            connection.execute(update(staff_users).where(staff_users.c.id == row.id).values(values))
            connection.execute(delete(login_throttle).where(login_throttle.c.email == key))
        return LoginResult(user=_user(row))

    def _record_failure(self, key: str, now: datetime) -> LoginResult:
        # Two concurrent first failures may both try to insert; the loser counts again
        # against the winner's row instead of losing its failure.
        try:
            with self._engine.begin() as connection:
                return _count_failure(connection, key, now)
        except IntegrityError:
            with self._engine.begin() as connection:
                return _count_failure(connection, key, now)

    # Sessions ---------------------------------------------------------------------------

    def start_session(self, user: StaffUser, now: datetime) -> tuple[str, StaffSession]:
        """A new session for a user who just logged in: its cookie token and the session.

        Always a new token (a session id planted before login is never adopted), and a
        good moment to drop sessions that have run out.
        """
        token = new_token()
        csrf_token = new_token()
        with self._engine.begin() as connection:
            connection.execute(_expired_sessions(now))
            connection.execute(
                insert(staff_sessions).values(
                    token_hash=token_hash(token),
                    user_id=user.id,
                    csrf_token=csrf_token,
                    created_at=now,
                    last_seen_at=now,
                    expires_at=now + ABSOLUTE_LIFETIME,
                )
            )
        return token, StaffSession(user=user, csrf_token=csrf_token)

    def session(self, token: str, now: datetime) -> StaffSession | None:
        """The live session a cookie token opens at `now`, or None.

        Touches `last_seen_at` (at most once per `TOUCH_INTERVAL`) so the idle timeout
        slides; a session found dead is deleted on the spot.
        """
        if not is_token(token):
            return None
        digest = token_hash(token)
        query = (
            select(staff_sessions, staff_users.c.email, staff_users.c.role)
            .join(staff_users, staff_users.c.id == staff_sessions.c.user_id)
            .where(staff_sessions.c.token_hash == digest)
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
        if row is None:
            return None
        if not is_live(row.last_seen_at, row.expires_at, now):
            self.end_session(token)
            return None
        if needs_touch(row.last_seen_at, now):
            with self._engine.begin() as connection:
                connection.execute(
                    update(staff_sessions)
                    .where(staff_sessions.c.token_hash == digest)
                    .values(last_seen_at=now)
                )
        user = StaffUser(id=row.user_id, email=row.email, role=row.role)
        return StaffSession(user=user, csrf_token=row.csrf_token)

    def end_session(self, token: str) -> None:
        """Delete the session of this token (logout); unknown tokens are ignored."""
        with self._engine.begin() as connection:
            connection.execute(
                delete(staff_sessions).where(staff_sessions.c.token_hash == token_hash(token))
            )

    def purge_expired_sessions(self, now: datetime) -> int:
        """Delete every session that no longer admits requests; returns how many."""
        with self._engine.begin() as connection:
            return connection.execute(_expired_sessions(now)).rowcount


def _lookup_key(email: str) -> str | None:
    """The stored form of an account's e-mail, or None if no account could have it.

    Account addresses are ASCII (see `normalise_email`), so anything else, such as the
    surrogates a command line turns undecodable bytes into, has no account.
    """
    key = login_key(email)
    return key if is_storable_id(key, EMAIL_LENGTH) and key.isascii() else None


def _throttle_key(email: str) -> str:
    """The throttle's key for any typed name: storable on every backend, fits the column."""
    key = clean_text(login_key(email)) or ""
    return key.encode("utf-8", "replace").decode("utf-8")[:EMAIL_LENGTH]


def _user_row(connection: Connection, email: str) -> Row | None:
    key = _lookup_key(email)
    if key is None:
        return None
    return connection.execute(select(staff_users).where(staff_users.c.email == key)).first()


def _user(row: Row) -> StaffUser:
    return StaffUser(id=row.id, email=row.email, role=row.role)


def _throttle(row: Row) -> Throttle | None:
    if row.failures is None:
        return None
    return Throttle(
        failures=row.failures, last_failure_at=row.last_failure_at, locked_until=row.locked_until
    )


def _count_failure(connection: Connection, key: str, now: datetime) -> LoginResult:
    # FOR UPDATE (ignored by SQLite, whose transactions here take the write lock at BEGIN)
    # serialises concurrent failures on one name so none of them is lost.
    row = connection.execute(
        select(login_throttle).where(login_throttle.c.email == key).with_for_update()
    ).first()
    counted = after_failure(None if row is None else _throttle(row), now)
    values = {
        "failures": counted.failures,
        "last_failure_at": counted.last_failure_at,
        "locked_until": counted.locked_until,
    }
    if row is None:
        connection.execute(insert(login_throttle).values(email=key, **values))
    else:
        connection.execute(
            update(login_throttle).where(login_throttle.c.email == key).values(values)
        )
    return LoginResult(user=None, failures=counted.failures, locked_until=counted.locked_until)


def _expired_sessions(now: datetime) -> Delete:
    return delete(staff_sessions).where(
        or_(
            staff_sessions.c.expires_at <= now,
            staff_sessions.c.last_seen_at <= now - IDLE_TIMEOUT,
        )
    )
