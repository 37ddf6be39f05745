"""Staff passwords: the rules for a new one, and argon2id hashing.

Hashing is deliberately slow (argon2id's memory-hard default profile), so two limits
protect the server: a password longer than `MAX_PASSWORD_LENGTH` is refused before it
is hashed, and a login for an unknown e-mail verifies against a dummy hash so it costs
the same as a known one and its timing reveals nothing.
"""

from __future__ import annotations

from functools import cached_property

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

MIN_PASSWORD_LENGTH = 12
"""Long enough that guessing is hopeless within the lockout policy; a passphrase fits."""
MAX_PASSWORD_LENGTH = 1024
"""Beyond any real passphrase; refusing longer ones keeps hashing cheap to ask for."""


class WeakPassword(ValueError):
    """A new password does not meet the rules (message says which)."""


def check_new_password(password: str) -> str:
    """`password` if it may become a staff password, else `WeakPassword`.

    Only length is required (NIST SP 800-63B): composition rules make passwords worse.
    Whitespace-only passwords are refused because they are usually a paste gone wrong.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise WeakPassword(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise WeakPassword(f"the password must have at most {MAX_PASSWORD_LENGTH} characters")
    if not password.strip():
        raise WeakPassword("the password must not be only spaces")
    if "\x00" in password:
        raise WeakPassword("the password must not contain NUL characters")
    if not _is_utf8(password):
        raise WeakPassword("the password is not valid UTF-8")
    return password


class Passwords:
    """Hash and verify staff passwords with one argon2id parameter set.

    Tests pass a cheap `PasswordHasher`; production uses argon2-cffi's default profile.
    Changing the parameters later is safe: `needs_rehash` spots old hashes at login.
    """

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self._hasher = hasher if hasher is not None else PasswordHasher()

    def hash(self, password: str) -> str:
        """A salted argon2id hash of a password that passed `check_new_password`."""
        return self._hasher.hash(check_new_password(password))

    def verify(self, password_hash: str, password: str) -> bool:
        """Whether `password` matches; False for oversized input or a corrupt hash."""
        if len(password) > MAX_PASSWORD_LENGTH or not _is_utf8(password):
            return False
        try:
            return self._hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def verify_unknown(self, password: str) -> bool:
        """Spend the time `verify` would, for a login name without an account; always False."""
        self.verify(self._dummy_hash, password)
        return False

    def needs_rehash(self, password_hash: str) -> bool:
        """Whether a stored hash was made with other parameters than the current ones."""
        try:
            return self._hasher.check_needs_rehash(password_hash)
        except InvalidHashError:
            return True

    @cached_property
    def _dummy_hash(self) -> str:
        # Made with the current parameters, so verifying it costs what a real one costs.
        return self._hasher.hash("not a password: the hash unknown logins are checked against")


def _is_utf8(text: str) -> bool:
    # A str can hold lone surrogates (undecodable bytes from a terminal or pipe), which
    # have no UTF-8 form for the hasher to work on.
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True
