from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from bot.cli.chat_view import Button, render_reply, resolve_answer, safe_text

FABRICS = (Button("Cotton", '/choose_fabric{"fabric": "cotton"}'), Button("Linen", "/linen"))


def test_buttons_are_numbered_under_the_text() -> None:
    reply = render_reply(
        [
            {
                "text": "Which fabric?",
                "buttons": [
                    {"title": "Cotton", "payload": "/cotton"},
                    {"title": "Linen", "payload": "/linen"},
                ],
            }
        ]
    )
    assert reply.text == "bot> Which fabric?\n       1. Cotton\n       2. Linen"
    assert reply.buttons == (Button("Cotton", "/cotton"), Button("Linen", "/linen"))


def test_numbering_runs_across_the_messages_of_one_turn() -> None:
    reply = render_reply(
        [
            {"text": "Colour?", "buttons": [{"title": "Red", "payload": "/red"}]},
            {"text": "Or size?", "buttons": [{"title": "L", "payload": "/l"}]},
        ]
    )
    assert reply.text.splitlines() == [
        "bot> Colour?",
        "       1. Red",
        "bot> Or size?",
        "       2. L",
    ]
    assert [button.payload for button in reply.buttons] == ["/red", "/l"]


def test_multiline_text_stays_aligned_under_the_prefix() -> None:
    reply = render_reply([{"text": "Your design:\n- linen\n- red"}])
    assert reply.text == "bot> Your design:\n     - linen\n     - red"


def test_an_empty_turn_says_so() -> None:
    assert render_reply([]).text == "bot> (no answer)"
    assert render_reply([{"recipient_id": "x"}]).text == "bot> (no answer)"


def test_images_and_custom_payloads_are_shown_not_dropped() -> None:
    reply = render_reply([{"image": "https://shop.example/p.png"}, {"custom": {"spec_id": "abc"}}])
    assert reply.text.splitlines() == [
        "bot> [image] https://shop.example/p.png",
        'bot> [custom] {"spec_id": "abc"}',
    ]


def test_malformed_buttons_are_skipped_or_completed() -> None:
    reply = render_reply(
        [
            {
                "text": "Pick",
                "buttons": [
                    "not a button",
                    {"title": "No payload"},
                    {"payload": "/only_payload"},
                    {},
                    None,
                ],
            }
        ]
    )
    assert reply.buttons == (
        Button("No payload", "No payload"),
        Button("/only_payload", "/only_payload"),
        Button("?", "?"),
    )


def test_null_buttons_and_non_string_text_are_tolerated() -> None:
    reply = render_reply([{"text": 42, "buttons": None}])
    assert reply.text == "bot> 42"
    assert reply.buttons == ()


def test_escape_sequences_and_bidi_overrides_are_removed() -> None:
    hostile = "\x1b]0;pwned\x07\x1b[2JHello\r\u202egnp.exe\u202c\tthere\x00"
    reply = render_reply(
        [{"text": hostile, "buttons": [{"title": "\x1b[31mRed", "payload": "/red"}]}]
    )
    assert "\x1b" not in reply.text and "\u202e" not in reply.text and "\r" not in reply.text
    assert reply.text.splitlines()[0] == "bot> ]0;pwned[2JHellognp.exe\tthere"
    assert reply.text.splitlines()[1] == "       1. [31mRed"


def test_huge_text_is_rendered_whole() -> None:
    text = "x" * 200_000
    assert render_reply([{"text": text}]).text == f"bot> {text}"


def test_typing_a_buttons_number_sends_its_payload() -> None:
    assert resolve_answer("1", FABRICS) == FABRICS[0].payload
    assert resolve_answer("  2 \n", FABRICS) == "/linen"


def test_other_input_is_sent_as_typed() -> None:
    assert resolve_answer("3", FABRICS) == "3"
    assert resolve_answer("0", FABRICS) == "0"
    assert resolve_answer("-1", FABRICS) == "-1"
    assert resolve_answer("1.5", FABRICS) == "1.5"
    assert resolve_answer("linen please", FABRICS) == "linen please"
    assert resolve_answer("1", ()) == "1"
    assert resolve_answer("", FABRICS) == ""


def test_a_huge_number_is_an_answer_not_a_crash() -> None:
    digits = "1" * 10_000  # int() refuses strings this long
    assert resolve_answer(digits, FABRICS) == digits


@given(st.text())
def test_resolving_never_fails_and_returns_input_or_a_payload(typed: str) -> None:
    assert resolve_answer(typed, FABRICS) in {typed, *(b.payload for b in FABRICS)}


BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@given(st.text())
def test_safe_text_leaves_no_control_characters_but_newlines_and_tabs(text: str) -> None:
    cleaned = safe_text(text)
    assert all(char in "\n\t" or unicodedata.category(char) != "Cc" for char in cleaned), repr(
        cleaned
    )
    assert not BIDI_CONTROLS & set(cleaned)
    assert [c for c in text if c in "\n\t"] == [c for c in cleaned if c in "\n\t"]


def test_the_live_design_panel_is_left_to_widgets() -> None:
    panel = {"custom": {"type": "design", "product": None}}
    assert render_reply([{"text": "Noted."}, panel]) == render_reply([{"text": "Noted."}])
