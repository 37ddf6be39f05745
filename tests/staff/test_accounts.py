from __future__ import annotations

import pytest

from bot.staff.accounts import (
    ADMIN,
    MAX_EMAIL_LENGTH,
    ROLES,
    SUPPORT,
    TRAINER,
    InvalidEmail,
    InvalidRole,
    StaffUser,
    login_key,
    normalise_email,
    require_role,
)
from bot.storage import schema


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("alice@shop.example", "alice@shop.example"),
        ("  Alice@Shop.Example \n", "alice@shop.example"),
        (
            "first.last+console@mail.shop-example.co.uk",
            "first.last+console@mail.shop-example.co.uk",
        ),
        ("o'brien@shop.example", "o'brien@shop.example"),
    ],
)
def test_addresses_are_trimmed_and_lower_cased(typed: str, stored: str) -> None:
    assert normalise_email(typed) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "alice",
        "alice@",
        "@shop.example",
        "alice@shop",
        "alice@@shop.example",
        "alice@shop@example.com",
        "alice smith@shop.example",
        "alice@shop..example",
        "alice@-shop.example",
        "alice@shop.example.",
        "alice\x00@shop.example",
        "alice\n@shop.example",
        "ålice@shop.example",
        "alice@shöp.example",
        "\udcff@shop.example",
        "'; DROP TABLE staff_users; --@shop.example",
        "<script>@shop.example",
        "a" * 65 + "@shop.example",
        "a@" + "b" * MAX_EMAIL_LENGTH + ".example",
    ],
)
def test_bad_addresses_are_refused(typed: str) -> None:
    with pytest.raises(InvalidEmail):
        normalise_email(typed)


def test_the_error_message_is_short_even_for_huge_input() -> None:
    with pytest.raises(InvalidEmail) as error:
        normalise_email("x" * 100_000)
    assert len(str(error.value)) < 100


def test_login_keys_match_how_accounts_are_stored() -> None:
    assert login_key("  Bob@Shop.Example ") == normalise_email("bob@shop.example")
    assert login_key("not an address") == "not an address"


def test_roles() -> None:
    for role in (SUPPORT, TRAINER, ADMIN):
        assert require_role(role) == role
    for bad in ("Admin", "root", "", "admin ", "Trainer", "trainer\x00", "<script>", "x" * 100_000):
        with pytest.raises(InvalidRole, match="support, trainer, admin") as error:
            require_role(bad)
        assert len(str(error.value)) < 120


def test_roles_and_lengths_agree_with_the_schema() -> None:
    assert ROLES == (SUPPORT, TRAINER, ADMIN)
    assert (SUPPORT, TRAINER, ADMIN) == (schema.SUPPORT, schema.TRAINER, schema.ADMIN)
    assert all(len(role) <= schema.ROLE_LENGTH for role in ROLES)
    assert schema.EMAIL_LENGTH == MAX_EMAIL_LENGTH


@pytest.mark.parametrize(
    ("role", "admin", "trainer"),
    [(SUPPORT, False, False), (TRAINER, False, True), (ADMIN, True, True)],
)
def test_what_each_role_may_do(role: str, admin: bool, trainer: bool) -> None:
    user = StaffUser(id=1, email="a@b.example", role=role)

    assert (user.is_admin, user.can_train) == (admin, trainer)
