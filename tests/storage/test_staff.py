from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import pytest
from argon2 import PasswordHasher, profiles
from sqlalchemy import func, select, update
from sqlalchemy.engine import Engine

from bot.staff.accounts import ADMIN, SUPPORT, InvalidEmail, InvalidRole
from bot.staff.lockout import LOCK_DURATION, MAX_FAILURES
from bot.staff.passwords import Passwords, WeakPassword
from bot.staff.sessions import ABSOLUTE_LIFETIME, IDLE_TIMEOUT, TOUCH_INTERVAL
from bot.storage.schema import login_throttle, staff_sessions, staff_users
from bot.storage.staff import DuplicateAccount, StaffDirectory, token_hash

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
PASSWORD = "correct horse battery staple"
CHEAP = Passwords(PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def directory(engine: Engine) -> StaffDirectory:
    return StaffDirectory(engine, CHEAP)


def count(engine: Engine, table: object) -> int:
    with engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def stored_hash(engine: Engine, email: str) -> str:
    with engine.connect() as connection:
        return connection.execute(
            select(staff_users.c.password_hash).where(staff_users.c.email == email)
        ).scalar_one()


# Accounts -----------------------------------------------------------------------------


def test_added_accounts_are_found_case_insensitively(directory: StaffDirectory) -> None:
    user = directory.add(" Alice@Shop.Example ", ADMIN, PASSWORD, NOW)

    assert user.email == "alice@shop.example"
    assert user.role == ADMIN
    assert directory.find("ALICE@shop.example") == user
    assert directory.find("bob@shop.example") is None


def test_passwords_are_stored_hashed(directory: StaffDirectory, engine: Engine) -> None:
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)

    stored = stored_hash(engine, "alice@shop.example")
    assert stored.startswith("$argon2id$")
    assert PASSWORD not in stored


def test_duplicates_are_refused_whatever_the_case(directory: StaffDirectory) -> None:
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)

    with pytest.raises(DuplicateAccount, match=r"alice@shop\.example"):
        directory.add("ALICE@SHOP.EXAMPLE", ADMIN, PASSWORD, NOW)


@pytest.mark.parametrize(
    ("email", "role", "password", "error"),
    [
        ("not an address", SUPPORT, PASSWORD, InvalidEmail),
        ("a" * 400 + "@shop.example", SUPPORT, PASSWORD, InvalidEmail),
        ("alice@shop.example", "root", PASSWORD, InvalidRole),
        ("alice@shop.example", SUPPORT, "short", WeakPassword),
        ("alice@shop.example", SUPPORT, "x" * 2000, WeakPassword),
    ],
)
def test_bad_accounts_are_refused_and_nothing_is_stored(
    directory: StaffDirectory,
    engine: Engine,
    email: str,
    role: str,
    password: str,
    error: type[Exception],
) -> None:
    with pytest.raises(error):
        directory.add(email, role, password, NOW)
    assert count(engine, staff_users) == 0


def test_accounts_are_listed_with_last_login_and_lock(directory: StaffDirectory) -> None:
    directory.add("bob@shop.example", SUPPORT, PASSWORD, NOW)
    directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    directory.authenticate("alice@shop.example", PASSWORD, NOW)
    for _ in range(MAX_FAILURES):
        directory.authenticate("bob@shop.example", "wrong password", NOW)

    alice, bob = directory.accounts(NOW)

    assert (alice.user.email, alice.user.role, alice.created_at) == (
        "alice@shop.example",
        ADMIN,
        NOW,
    )
    assert alice.last_login_at == NOW
    assert alice.locked_until is None
    assert bob.last_login_at is None
    assert bob.locked_until == NOW + LOCK_DURATION
    assert directory.accounts(NOW + LOCK_DURATION)[1].locked_until is None


def test_removing_an_account_ends_its_sessions(directory: StaffDirectory, engine: Engine) -> None:
    user = directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)

    assert directory.remove("Alice@Shop.Example")
    assert directory.find("alice@shop.example") is None
    assert directory.session(token, NOW) is None
    assert count(engine, staff_sessions) == 0
    assert not directory.remove("alice@shop.example")


@pytest.mark.parametrize(
    "email", ["", "x" * 10_000, "nul\x00@shop.example", "'; DROP TABLE x", "\udcff@shop.example"]
)
def test_impossible_names_are_simply_not_found(directory: StaffDirectory, email: str) -> None:
    assert directory.find(email) is None
    assert not directory.remove(email)
    assert not directory.set_role(email, ADMIN)
    assert not directory.set_password(email, PASSWORD)
    assert not directory.unlock(email)


def test_roles_can_change_but_only_to_known_roles(directory: StaffDirectory) -> None:
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)

    assert directory.set_role("alice@shop.example", ADMIN)
    assert directory.find("alice@shop.example").role == ADMIN  # type: ignore[union-attr]
    with pytest.raises(InvalidRole):
        directory.set_role("alice@shop.example", "owner")
    assert not directory.set_role("nobody@shop.example", ADMIN)


def test_a_new_password_replaces_the_old_and_ends_sessions(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)

    assert directory.set_password("alice@shop.example", "a brand new passphrase")

    assert directory.session(token, NOW) is None
    assert directory.authenticate("alice@shop.example", PASSWORD, NOW).user is None
    assert directory.authenticate("alice@shop.example", "a brand new passphrase", NOW).user


def test_a_weak_new_password_changes_nothing(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)

    with pytest.raises(WeakPassword):
        directory.set_password("alice@shop.example", "short")

    assert directory.session(token, NOW) is not None
    assert directory.authenticate("alice@shop.example", PASSWORD, NOW).user == user


# Logging in ---------------------------------------------------------------------------


def test_the_right_password_logs_in_and_is_recorded(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)

    result = directory.authenticate(" ALICE@shop.example", PASSWORD, NOW + timedelta(hours=1))

    assert result.user == user
    assert directory.accounts(NOW)[0].last_login_at == NOW + timedelta(hours=1)


@pytest.mark.parametrize("known", [True, False])
def test_five_failures_lock_known_and_unknown_names_alike(
    directory: StaffDirectory, known: bool
) -> None:
    if known:
        directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)

    results = [
        directory.authenticate("Alice@shop.example", "wrong password", NOW)
        for _ in range(MAX_FAILURES)
    ]

    assert [r.failures for r in results] == list(range(1, MAX_FAILURES + 1))
    assert [r.locked_until for r in results] == [None] * 4 + [NOW + LOCK_DURATION]
    # Locked: even the right password is refused, and the lock is not extended.
    locked = directory.authenticate("alice@shop.example", PASSWORD, NOW + timedelta(minutes=1))
    assert locked.user is None
    assert locked.failures == 0
    assert locked.locked_until == NOW + LOCK_DURATION


def test_a_lock_runs_out(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    for _ in range(MAX_FAILURES):
        directory.authenticate("alice@shop.example", "wrong password", NOW)

    assert directory.authenticate("alice@shop.example", PASSWORD, NOW + LOCK_DURATION).user == user


def test_a_success_resets_the_count(directory: StaffDirectory) -> None:
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    for _ in range(MAX_FAILURES - 1):
        directory.authenticate("alice@shop.example", "wrong password", NOW)

    assert directory.authenticate("alice@shop.example", PASSWORD, NOW).user is not None
    assert directory.throttle("alice@shop.example") is None
    assert directory.authenticate("alice@shop.example", "wrong", NOW).locked_until is None


def test_unlock_lifts_a_lock(directory: StaffDirectory) -> None:
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    for _ in range(MAX_FAILURES):
        directory.authenticate("alice@shop.example", "wrong password", NOW)

    assert directory.unlock("ALICE@shop.example")
    assert directory.authenticate("alice@shop.example", PASSWORD, NOW).user is not None
    assert not directory.unlock("alice@shop.example")


def test_names_are_counted_apart(directory: StaffDirectory) -> None:
    for _ in range(MAX_FAILURES):
        directory.authenticate("mallory@shop.example", "guess", NOW)
    directory.add("alice@shop.example", SUPPORT, PASSWORD, NOW)

    assert directory.authenticate("alice@shop.example", PASSWORD, NOW).user is not None


@pytest.mark.parametrize(
    "email",
    [
        "",
        "x" * 5000,
        "nul\x00@shop.example",
        "'; DROP TABLE staff_users; --",
        "é@ü.example",
        "\udcff@shop.example",
    ],
)
def test_hostile_names_are_counted_without_errors(
    directory: StaffDirectory, engine: Engine, email: str
) -> None:
    result = directory.authenticate(email, "whatever", NOW)

    assert result.user is None
    assert result.failures == 1
    assert count(engine, login_throttle) == 1


def test_concurrent_failures_are_all_counted(directory: StaffDirectory) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda _: directory.authenticate("eve@shop.example", "guess", NOW), range(4)))

    throttle = directory.throttle("eve@shop.example")
    assert throttle is not None and throttle.failures == 4


def test_old_hashes_are_upgraded_at_login(engine: Engine) -> None:
    cheap = StaffDirectory(engine, CHEAP)
    cheap.add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    old = stored_hash(engine, "alice@shop.example")
    stronger = Passwords(PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY))

    StaffDirectory(engine, stronger).authenticate("alice@shop.example", PASSWORD, NOW)

    new = stored_hash(engine, "alice@shop.example")
    assert new != old
    assert not stronger.needs_rehash(new)
    assert stronger.verify(new, PASSWORD)


def test_a_failed_login_does_not_rehash(engine: Engine) -> None:
    StaffDirectory(engine, CHEAP).add("alice@shop.example", SUPPORT, PASSWORD, NOW)
    old = stored_hash(engine, "alice@shop.example")

    StaffDirectory(engine, Passwords()).authenticate("alice@shop.example", "wrong one", NOW)

    assert stored_hash(engine, "alice@shop.example") == old


# Sessions -----------------------------------------------------------------------------


def test_sessions_open_with_their_token_only(directory: StaffDirectory, engine: Engine) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    token, session = directory.start_session(user, NOW)

    assert session.user == user
    assert directory.session(token, NOW) == session
    assert directory.session(token[:-1] + ("A" if token[-1] != "A" else "B"), NOW) is None
    with engine.connect() as connection:
        (stored,) = connection.execute(select(staff_sessions.c.token_hash)).one()
    assert stored == token_hash(token)
    assert token not in stored


def test_every_login_gets_new_tokens(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    first_token, first = directory.start_session(user, NOW)
    second_token, second = directory.start_session(user, NOW)

    assert first_token != second_token
    assert first.csrf_token != second.csrf_token
    assert directory.session(first_token, NOW) == first


@pytest.mark.parametrize("token", ["", "short", "x" * 43 + "y", "A" * 43, "é" * 43, "\x00" * 43])
def test_unknown_tokens_open_nothing(directory: StaffDirectory, token: str) -> None:
    assert directory.session(token, NOW) is None


def test_idle_sessions_expire_and_are_deleted(directory: StaffDirectory, engine: Engine) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)

    assert directory.session(token, NOW + IDLE_TIMEOUT) is None
    assert count(engine, staff_sessions) == 0


def test_activity_slides_the_idle_timeout(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)
    moment = NOW
    for _ in range(3):
        moment += IDLE_TIMEOUT - timedelta(minutes=1)
        assert directory.session(token, moment) is not None


def test_last_seen_is_written_at_most_once_a_minute(
    directory: StaffDirectory, engine: Engine
) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)

    def last_seen() -> datetime:
        with engine.connect() as connection:
            return connection.execute(select(staff_sessions.c.last_seen_at)).scalar_one()

    directory.session(token, NOW + timedelta(seconds=30))
    assert last_seen() == NOW
    directory.session(token, NOW + TOUCH_INTERVAL)
    assert last_seen() == NOW + TOUCH_INTERVAL


def test_sessions_end_after_their_lifetime_however_active(
    directory: StaffDirectory, engine: Engine
) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    token, _ = directory.start_session(user, NOW)
    with engine.begin() as connection:
        connection.execute(
            update(staff_sessions).values(last_seen_at=NOW + ABSOLUTE_LIFETIME - timedelta(hours=1))
        )

    assert directory.session(token, NOW + ABSOLUTE_LIFETIME - timedelta(minutes=1)) is not None
    assert directory.session(token, NOW + ABSOLUTE_LIFETIME) is None


def test_ending_a_session_ends_only_that_one(directory: StaffDirectory) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    first, _ = directory.start_session(user, NOW)
    second, _ = directory.start_session(user, NOW)

    directory.end_session(first)
    directory.end_session("never issued")

    assert directory.session(first, NOW) is None
    assert directory.session(second, NOW) is not None


def test_expired_sessions_are_purged(directory: StaffDirectory, engine: Engine) -> None:
    user = directory.add("alice@shop.example", ADMIN, PASSWORD, NOW)
    directory.start_session(user, NOW)
    later = NOW + IDLE_TIMEOUT
    directory.start_session(user, later)  # a login also purges: the first one is gone

    assert count(engine, staff_sessions) == 1
    assert directory.purge_expired_sessions(later + IDLE_TIMEOUT) == 1
    assert count(engine, staff_sessions) == 0
