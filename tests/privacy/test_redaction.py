from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.privacy.redaction import CARD, EMAIL, PHONE, find_contact, redact

ZWSP = "\u200b"
RLM = "\u200f"
LRM = "\u200e"


def full_width(text: str) -> str:
    """`text` as East Asian keyboards type it (spaces stay ASCII)."""
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


REDACTED = [
    # phone numbers, international
    ("+49 30 1234567", PHONE),
    ("call +49 30 1234567 today", f"call {PHONE} today"),
    ("+49 (0)30 123 45 67", PHONE),
    ("+49-171-2345678", PHONE),
    ("+44 20 7946 0958", PHONE),
    ("+1 (555) 123-4567", PHONE),
    ("+33 1 23 45 67 89", PHONE),
    ("+4917123456789", PHONE),
    ("0049 30 1234567", PHONE),
    ("Tel.: +41 44 668 18 00.", f"Tel.: {PHONE}."),
    # phone numbers, national
    ("(030) 123-4567", PHONE),
    ("0171 2345678", PHONE),
    ("01712345678", PHONE),
    ("030/1234567", PHONE),
    ("030 / 123 45 67", PHONE),
    ("tel:0171-2345678.", f"tel:{PHONE}."),
    ("(555) 123-4567", PHONE),
    # phone numbers, North American
    ("555.123.4567", PHONE),
    ("555-123-4567", PHONE),
    ("555 123 4567", PHONE),
    ("1-555-123-4567", PHONE),
    ("5551234567", PHONE),
    # e-mail addresses
    ("jane@example.com", EMAIL),
    ("mail me: jane.doe+shop@mail.example.co.uk, thanks", f"mail me: {EMAIL}, thanks"),
    ("first.last@sub.domain.example.org.", f"{EMAIL}."),
    ("o'brien_99@example.ie", EMAIL),
    ("José.García@exämple.es", EMAIL),
    ("用户@例子.中国", EMAIL),
    ("<jane@example.com>", f"<{EMAIL}>"),
    ("JANE@EXAMPLE.COM or jane@example.com", f"{EMAIL} or {EMAIL}"),
    # card numbers
    ("4111 1111 1111 1111", CARD),
    ("4111-1111-1111-1111", CARD),
    ("4111111111111111", CARD),
    ("378282246310005", CARD),
    ("3782 822463 10005", CARD),
    ("4222 2222 2222 2", CARD),
    ("6011 0009 9013 9424 123", CARD),
    ("card 4111 1111 1111 1112 exp 12/27", f"card {CARD} exp 12/27"),
    # several in one message
    (
        "I'm jane@example.com, +49 30 1234567, card 4111 1111 1111 1111",
        f"I'm {EMAIL}, {PHONE}, card {CARD}",
    ),
    # hidden or foreign characters inside
    (f"4111{ZWSP}1111 1111 1111", CARD),
    (f"{RLM}+49 30 {LRM}1234567", f"{RLM}{PHONE}"),
    ("\u0660\u0661\u0667\u0661 \u0662\u0663\u0664\u0665\u0666\u0667\u0668", PHONE),
    (full_width("4111 1111 1111 1111"), CARD),
    (full_width("jane@example.com"), EMAIL),
    (full_width("+49 30 1234567"), PHONE),
    (
        f"call 0171{ZWSP} 2345678 \U0001f468\u200d\U0001f469\u200d\U0001f467",
        f"call {PHONE} \U0001f468\u200d\U0001f469\u200d\U0001f467",
    ),
]

KEPT = [
    # what customers legitimately type in this shop
    "size 42.5",
    "44 EU",
    "sizes 38 39 40 41 42 43 44 for the team",
    "180 cm",
    "1.6 m",
    "160x80",
    "160 x 80 cm, height 72-120 cm",
    "40 shirts",
    "10 000 shirts",
    "1 000 000",
    "1,152.00 EUR",
    "EUR 1.152,00",
    "2024",
    "born 1987, order by 2026-12-24",
    "12.05.2024",
    "05.12.2024",
    "at 14:30",
    "Xq3v9LmN2pRtY7wZ_a-b",
    "spec a-1234567890123",
    "J.D.",
    "monogram 'J.D.' in gold",
    "3 desks, 2 lamps, 1 chair",
    "size 42@1.6",
    "twitter @atelier_nord",
    "192.168.1.1",
    "1234 5678",
    "order 12345678",
    "",
    "   ",
]


@pytest.mark.parametrize(("text", "expected"), REDACTED)
def test_redacts(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_keeps_what_customers_legitimately_type(text: str) -> None:
    assert redact(text) == text


def test_the_table_is_large() -> None:
    assert len(REDACTED) + len(KEPT) >= 40


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("reach me at jane.doe@example.com please", "jane.doe@example.com"),
        ("call (030) 123-4567 or mail x@example.com", "(030) 123-4567"),
        ("mail x@example.com or call (030) 123-4567", "x@example.com"),
        (f"+49 30 {ZWSP}1234567", "+49 30 1234567"),
        ("\u0660\u0661\u0667\u0661 \u0662\u0663\u0664\u0665\u0666\u0667\u0668", "0171 2345678"),
        ("card 4111 1111 1111 1111, phone 0171 2345678", "0171 2345678"),
        ("card 4111 1111 1111 1111", None),
        ("a desk 160x80 in oak, 42.5", None),
        ("", None),
    ],
)
def test_find_contact(text: str, contact: str | None) -> None:
    assert find_contact(text) == contact


def test_find_contact_agrees_with_redact() -> None:
    for text, expected in REDACTED:
        contact = find_contact(text)
        assert (contact is not None) == (EMAIL in expected or PHONE in expected), text


HOSTILE = {
    "100k digits": "9" * 100_000,
    "100k zeros": "0" * 100_000,
    "digit soup": "1 " * 50_000,
    "dash chain": "1-" * 50_000,
    "dot chain": "1." * 50_000,
    "plus chain": "+1 " * 33_000,
    "paren chain": "(0" * 50_000,
    "zero-width digits": f"4{ZWSP}" * 50_000,
    "rtl digits": f"{RLM}1" * 50_000,
    "arabic digits": "\u0661\u0662 " * 33_000,
    "100k letters": "a" * 100_000,
    "at chain": "a@" * 50_000,
    "dotted local part": "a." * 50_000 + "@",
    "endless domain": "a@" + "b." * 50_000,
    "domain without tld": "x@" + "y-" * 50_000,
    "many addresses": "x@y." * 25_000,
    "almost cards": "4111 1111 1111 " * 6_000,
}


def timed(action: Callable[[], object]) -> float:
    """Seconds of this process's CPU `action` takes: a busy machine does not inflate them."""
    started = time.process_time()
    action()
    return time.process_time() - started


@pytest.mark.timeout(30)
@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_input_does_not_hang(name: str) -> None:
    text = HOSTILE[name]
    # Linear work takes well under a second even on a busy machine; backtracking would not.
    assert timed(lambda: (redact(text), find_contact(text))) < 3.0


def test_a_long_message_takes_milliseconds() -> None:
    words = ["I", "want", "42", "shirts", "in", "navy,", "size", "44", "EU", "160x80", "J.D."]
    message = " ".join(words[i % len(words)] for i in range(2_000))[:10_000]
    fastest = min(timed(lambda: redact(message)) for _ in range(5))
    assert fastest < 0.02


@given(st.text())
def test_redaction_is_idempotent(text: str) -> None:
    once = redact(text)
    assert redact(once) == once


@given(
    st.text(alphabet=st.characters(blacklist_categories=("Nd",), blacklist_characters="@\uff20"))
)
def test_text_without_digits_or_at_signs_is_untouched(text: str) -> None:
    assert redact(text) == text
