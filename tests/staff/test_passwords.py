from __future__ import annotations

import time

import pytest
from argon2 import PasswordHasher, Type, profiles

from bot.staff.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    Passwords,
    WeakPassword,
    check_new_password,
)

CHEAP = PasswordHasher.from_parameters(profiles.CHEAPEST)
GOOD = "correct horse battery staple"


@pytest.fixture
def passwords() -> Passwords:
    return Passwords(CHEAP)


def test_hashes_are_salted_argon2id_and_verify(passwords: Passwords) -> None:
    first, second = passwords.hash(GOOD), passwords.hash(GOOD)

    assert first.startswith("$argon2id$")
    assert first != second
    assert GOOD not in first
    assert passwords.verify(first, GOOD)
    assert passwords.verify(second, GOOD)


@pytest.mark.parametrize(
    "attempt", ["", GOOD.upper(), GOOD + " ", GOOD[:-1], "x" * 5000, GOOD + "\udcff"]
)
def test_other_passwords_do_not_verify(passwords: Passwords, attempt: str) -> None:
    assert not passwords.verify(passwords.hash(GOOD), attempt)


@pytest.mark.parametrize("stored", ["", "plain text", "$argon2id$v=19$m=8,t=1,p=1$broken"])
def test_corrupt_hashes_never_verify_and_need_rehashing(passwords: Passwords, stored: str) -> None:
    assert not passwords.verify(stored, GOOD)
    assert passwords.needs_rehash(stored)


def test_hashes_made_with_other_parameters_need_rehashing(passwords: Passwords) -> None:
    default = Passwords()
    old = passwords.hash(GOOD)

    assert not passwords.needs_rehash(old)
    assert default.needs_rehash(old)
    assert default.verify(old, GOOD)  # old hashes still log in, then get replaced


def test_the_default_is_argon2id() -> None:
    assert Passwords().hash(GOOD).startswith("$argon2id$")
    assert PasswordHasher().type is Type.ID


def test_unknown_accounts_cost_a_verification_and_never_pass(passwords: Passwords) -> None:
    assert passwords.verify_unknown(GOOD) is False
    assert passwords.verify_unknown("") is False


def test_unknown_accounts_take_as_long_as_known_ones() -> None:
    passwords = Passwords()
    stored = passwords.hash(GOOD)
    passwords.verify_unknown("warm-up the dummy hash")

    def timed(check: object) -> float:
        start = time.perf_counter()
        for _ in range(3):
            check()  # type: ignore[operator]
        return time.perf_counter() - start

    known = timed(lambda: passwords.verify(stored, "wrong password here"))
    unknown = timed(lambda: passwords.verify_unknown("wrong password here"))
    assert 0.5 < unknown / known < 2.0


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("", "at least"),
        ("x" * (MIN_PASSWORD_LENGTH - 1), "at least"),
        ("x" * (MAX_PASSWORD_LENGTH + 1), "at most"),
        (" " * 20, "spaces"),
        ("\t\n" * 10, "spaces"),
        ("valid length\x00password", "NUL"),
        ("long enough \udcff\udcfe", "UTF-8"),
    ],
)
def test_weak_passwords_are_refused(password: str, reason: str) -> None:
    with pytest.raises(WeakPassword, match=reason):
        check_new_password(password)


@pytest.mark.parametrize(
    "password", ["x" * MIN_PASSWORD_LENGTH, "ünïcödé pässwörd", "x" * MAX_PASSWORD_LENGTH]
)
def test_long_enough_passwords_are_accepted(password: str, passwords: Passwords) -> None:
    assert check_new_password(password) == password
    assert passwords.verify(passwords.hash(password), password)


def test_hashing_a_weak_password_is_refused(passwords: Passwords) -> None:
    with pytest.raises(WeakPassword):
        passwords.hash("short")
