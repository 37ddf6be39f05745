import pytest

from bot.understanding.phrasing.requests import reads_as_request

from ..support import timed


@pytest.mark.parametrize(
    "message",
    [
        "am I covered for overdrafts",
        "am I covered for overdrafts?",
        "what's the weather like",
        "How does a self-driving car brake",
        "can you print it in gold",
        "Could I see the colours",
        "is it cotton",
        "are these organic",
        "do you ship to Norway",
        "does it shrink",
        "will it fit",
        "would that work",
        "should I pick black",
        "don't you have purple",
        "please tell me about overdrafts",
        "Tell me a joke",
        "show me the colours",
        "help me choose",
        "I need a mortgage",
        "I was wondering about delivery",
        "the print text is WHO ARE YOU?",
        "really?! 🤔",
        "ok?  ",
    ],
)
def test_questions_and_requests(message: str) -> None:
    assert reads_as_request(message)


@pytest.mark.parametrize(
    "message",
    [
        "NO SLEEP",
        "Nord Runners 2026",
        "JD 23",
        "HELLO WORLD",
        "GO TEAM!",
        "Team Nord - est. 1998",
        "it should say Go Team",
        "Keep calm? No.",
        "whatever",
        "Isabel",
        "domino",
        "showtime",
        "",
        "   ",
        "🎉",
    ],
)
def test_plain_texts(message: str) -> None:
    assert not reads_as_request(message)


def test_a_question_word_alone_reads_as_a_question() -> None:
    assert reads_as_request("what")
    assert reads_as_request("WHO")


@pytest.mark.parametrize(
    "message",
    ["?" * 10_000, "what " * 2_000, "a" * 10_000, "\x00\x1b[31m?", "'" * 5_000, "\n" * 5_000],
    ids=["question marks", "question words", "letters", "control", "quotes", "newlines"],
)
def test_huge_and_hostile_messages_are_read_quickly(message: str) -> None:
    timed(lambda: reads_as_request(message))


def test_only_the_read_part_counts() -> None:
    """A question mark past the characters that are read is no question."""
    assert not reads_as_request("NO SLEEP " + "x" * 2_000 + "?")
