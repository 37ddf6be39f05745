from __future__ import annotations

from collections.abc import Callable, Iterable

import httpx
import pytest

from bot.cli.chat import MAX_MESSAGE_CHARS, RestChannel, converse, rasa_is_up
from bot.runtime.stack import free_port

from .conftest import FakeRasa

FABRIC_QUESTION = [
    {
        "recipient_id": "u",
        "text": "Which fabric?",
        "buttons": [
            {"title": "Cotton", "payload": "/cotton"},
            {"title": "Linen", "payload": "/linen"},
        ],
    }
]


def scripted(lines: Iterable[str | Callable[[], str]]) -> Callable[[str], str]:
    """A `read_line` typing `lines` in turn (a callable runs, then types what it returns),
    then Ctrl-D."""
    pending = list(lines)

    def read_line(prompt: str) -> str:
        if not pending:
            raise EOFError
        line = pending.pop(0)
        return line() if callable(line) else line

    return read_line


def chat(rasa_url: str, lines: Iterable[str | Callable[[], str]]) -> str:
    output: list[str] = []
    with httpx.Client(timeout=5) as client:
        converse(RestChannel(rasa_url, client, sender="tester"), scripted(lines), output.append)
    return "\n".join(output)


def sent(fake: FakeRasa) -> list[str]:
    return [body["message"] for body in fake.received]


def test_a_buttons_number_sends_its_payload(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    fake_rasa.reply_json(FABRIC_QUESTION)
    fake_rasa.reply_json([{"text": "Linen it is."}])

    output = chat(fake_rasa.url, ["I want a shirt", "2"])

    assert sent(fake_rasa) == ["I want a shirt", "/linen"]
    assert "bot> Which fabric?\n       1. Cotton\n       2. Linen" in output
    assert "bot> Linen it is." in output
    assert {body["sender"] for body in fake_rasa.received} == {"tester"}


def test_numbers_only_pick_buttons_of_the_latest_turn(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    fake_rasa.reply_json(FABRIC_QUESTION)
    fake_rasa.reply_json([{"text": "How many?"}])

    chat(fake_rasa.url, ["hi", "1", "2"])

    assert sent(fake_rasa) == ["hi", "/cotton", "2"]


def test_empty_and_blank_lines_send_nothing(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    chat(fake_rasa.url, ["", "   ", "\t"])
    assert sent(fake_rasa) == []


def test_a_huge_message_is_refused_and_the_chat_goes_on(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    huge = "x" * (MAX_MESSAGE_CHARS + 1)

    output = chat(fake_rasa.url, [huge, "hello"])

    assert sent(fake_rasa) == ["hello"]
    assert f"Not sent: that message has {MAX_MESSAGE_CHARS + 1} characters" in output


def test_hostile_input_is_delivered_verbatim_and_hostile_replies_are_defused(
    fake_rasa: FakeRasa,
) -> None:
    fake_rasa.start()
    fake_rasa.reply_json([{"text": "\x1b[2Jgotcha"}])
    hostile = "'; DROP TABLE messages; -- \x1b[31m <script>"

    output = chat(fake_rasa.url, [hostile])

    assert sent(fake_rasa) == [hostile]
    assert "\x1b" not in output
    assert "bot> [2Jgotcha" in output


def test_an_unreachable_server_keeps_the_message_for_resending(fake_rasa: FakeRasa) -> None:
    fake_rasa.reply_json([{"text": "Got it."}])

    def server_comes_back() -> str:
        fake_rasa.start()
        return ""

    output = chat(fake_rasa.url, ["a red linen shirt", server_comes_back])

    assert "Not sent: cannot reach the Rasa server" in output
    assert "Press Enter to send it again" in output
    assert sent(fake_rasa) == ["a red linen shirt"]
    assert output.endswith("bot> Got it.\n")


def test_a_resent_button_choice_is_still_the_payload(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    fake_rasa.reply_json(FABRIC_QUESTION)
    fake_rasa.reply_json({"error": "boom"}, status=500)

    chat(fake_rasa.url, ["hi", "2", ""])

    assert sent(fake_rasa) == ["hi", "/linen", "/linen"]


@pytest.mark.parametrize(
    ("status", "body", "explanation"),
    [
        (500, b'{"error": "boom"}', "answered HTTP 500"),
        (200, b"<html>not json</html>", "not JSON"),
        (200, b'{"text": "a dict, not a list"}', "not a list of messages"),
        (200, b'["a string, not a message"]', "not a list of messages"),
    ],
)
def test_a_malformed_answer_is_reported_and_the_message_kept(
    fake_rasa: FakeRasa, status: int, body: bytes, explanation: str
) -> None:
    fake_rasa.start()
    fake_rasa.reply_raw(body, status=status)
    fake_rasa.reply_json([{"text": "Now it works."}])

    output = chat(fake_rasa.url, ["hello", ""])

    assert explanation in output
    assert sent(fake_rasa) == ["hello", "hello"]
    assert "bot> Now it works." in output


def test_a_new_message_replaces_the_undelivered_one(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    fake_rasa.reply_raw(b"nope", status=503)

    chat(fake_rasa.url, ["first", "second", ""])

    assert sent(fake_rasa) == ["first", "second"]


def test_quit_leaves_without_sending(fake_rasa: FakeRasa) -> None:
    fake_rasa.start()
    chat(fake_rasa.url, ["hello", " /quit ", "never sent"])
    assert sent(fake_rasa) == ["hello"]


def test_each_channel_gets_its_own_random_sender() -> None:
    with httpx.Client() as client:
        first = RestChannel("http://127.0.0.1:1", client)
        second = RestChannel("http://127.0.0.1:1", client)
    assert first.sender != second.sender
    assert len(first.sender) == 32


def test_rasa_is_up_only_when_something_answers(fake_rasa: FakeRasa) -> None:
    with httpx.Client(timeout=2) as client:
        assert not rasa_is_up(f"http://127.0.0.1:{free_port()}", client)
        fake_rasa.start()
        assert rasa_is_up(fake_rasa.url, client)
