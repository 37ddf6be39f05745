from __future__ import annotations

import pytest

from bot.dialogue.handover import NO_CONTACT, read_contact
from bot.dialogue.state import ASKED_CONTACT, Turn


def answer(text: str, intent: str | None = "inform") -> Turn:
    return Turn.from_message(text, intent, (), ASKED_CONTACT)


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("jane.doe@example.com", "jane.doe@example.com"),
        ("you can mail me at Jane.Doe@Example.com, thanks", "Jane.Doe@Example.com"),
        ("call me on +49 30 1234567", "+49 30 1234567"),
        ("my number is 0171 2345678 or sam@example.org", "0171 2345678"),
    ],
)
def test_the_first_e_mail_address_or_phone_number_is_the_contact(text: str, contact: str) -> None:
    assert read_contact(answer(text)) == contact


@pytest.mark.parametrize(
    "turn",
    [answer("/deny", "deny"), answer("no thanks", "deny"), answer("nope", "nlu_fallback")],
)
def test_no_means_no_contact(turn: Turn) -> None:
    assert read_contact(turn) == NO_CONTACT


@pytest.mark.parametrize(
    "text",
    ["tomorrow morning", "size 42, 2 pairs", "", "no, wait, my email is", "x" * 10_000,
     "a" * 320 + "@example.com"],
)  # fmt: skip
def test_anything_else_is_no_answer(text: str) -> None:
    assert read_contact(answer(text)) is None
