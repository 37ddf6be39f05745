"""Staff accounts as the console sees them: an e-mail address and a role.

E-mail addresses are the login names, so they are normalised (trimmed, lower-cased)
everywhere one is typed: `Alice@Shop.example` and `alice@shop.example` are one account.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

SUPPORT = "support"
"""Reviews conversations: list, read, tag, note, mark reviewed, export."""
ADMIN = "admin"
"""Everything support and trainers can do, plus managing staff accounts."""
TRAINER = "trainer"
"""Everything support can do, plus improving the bot: the NLU inbox, stories, retraining."""
ROLES = (SUPPORT, TRAINER, ADMIN)

MAX_EMAIL_LENGTH = 320
"""RFC 5321: 64 characters of local part, the @, 255 of domain."""
MAX_LOCAL_PART_LENGTH = 64

_EMAIL = re.compile(
    r"(?P<local>[a-z0-9.!#$%&'*+/=?^_`{|}~-]+)@"
    r"(?P<domain>[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+)"
)
"""A practical address check: an ASCII local part (RFC 5322's atoms), one @, and a
dotted domain of DNS labels. Not every address RFC 5322 allows, but every one staff
use; a typo such as `alice@shop` or `alice shop@example.com` is caught when it is cheap
to fix, and nothing a database or a terminal could choke on gets through.
"""


class InvalidEmail(ValueError):
    """The text is not an e-mail address a staff account can have."""


class InvalidRole(ValueError):
    """The role is not one of `ROLES`."""


@dataclass(frozen=True)
class StaffUser:
    """A staff member as every console page needs them."""

    id: int
    email: str
    role: str

    @property
    def is_admin(self) -> bool:
        """Whether this user may manage staff accounts."""
        return self.role == ADMIN

    @property
    def can_train(self) -> bool:
        """Whether this user may change the bot: review NLU, export stories, retrain."""
        return self.role in (TRAINER, ADMIN)


@dataclass(frozen=True)
class StaffAccount:
    """A staff member as the accounts page lists them."""

    user: StaffUser
    created_at: datetime
    last_login_at: datetime | None
    locked_until: datetime | None
    """Set while failed logins keep the account's e-mail locked out."""


def login_key(typed: str) -> str:
    """The key a typed login name is counted and looked up under: trimmed, lower-cased.

    Deliberately no validation: failures against nonsense names are counted too, so the
    lockout treats known and unknown names alike.
    """
    return typed.strip().lower()


def normalise_email(typed: str) -> str:
    """`typed` as an account's e-mail address (trimmed, lower-cased), or `InvalidEmail`."""
    email = login_key(typed)
    match = _EMAIL.fullmatch(email)
    if len(email) > MAX_EMAIL_LENGTH or match is None:
        raise InvalidEmail(f"not an e-mail address: {_preview(typed)}")
    if len(match["local"]) > MAX_LOCAL_PART_LENGTH:
        raise InvalidEmail(f"the part before @ is longer than {MAX_LOCAL_PART_LENGTH} characters")
    return email


def require_role(role: str) -> str:
    """`role` if it is one of `ROLES`, else `InvalidRole` naming them."""
    if role not in ROLES:
        raise InvalidRole(f"role must be one of {', '.join(ROLES)}, got {_preview(role)}")
    return role


def _preview(value: str) -> str:
    # Messages end up on a terminal or a page; a megabyte of input should not.
    shown = repr(value)
    return shown if len(shown) <= 60 else f"{shown[:57]}..."
