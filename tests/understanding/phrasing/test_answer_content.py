import pytest

from bot.understanding.phrasing.answer_content import content_end, content_start, short_answer
from bot.understanding.text import tokenize


@pytest.mark.parametrize(
    ("message", "content"),
    [
        ("it should say Go Team", "Go Team"),
        ("please print NO SLEEP", "NO SLEEP"),
        ("the text is hello", "hello"),
        ("I want JD", "JD"),
        ("I'd like purple", "purple"),
        ("JD", "JD"),
        ("JD please", "JD"),
        ("Go Team, thank you", "Go Team"),
        ("please", ""),
    ],
)
def test_lead_ins_and_polite_endings_are_not_content(message: str, content: str) -> None:
    tokens = tokenize(message)
    start = content_start(tokens, 0)
    end = content_end(tokens, start, len(tokens))
    assert " ".join(t.text for t in tokens[start:end]) == content


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("purple", "purple"),
        ("Lime-Green", "Lime-Green"),
        ("I'd like purple please", "purple"),
        ("in purple", "purple"),
        ("just purple", "purple"),
        ("a sort of dark purple tone", None),
        ("what colours do you have?", None),
        ("please", None),
        ("", None),
    ],
)
def test_short_answer(message: str, answer: str | None) -> None:
    assert short_answer(message, tokenize(message), known=()) == answer


def test_an_answer_of_known_words_only_is_not_unknown() -> None:
    message = "the standing desk"
    assert short_answer(message, tokenize(message), known={1, 2}) is None
    assert short_answer(message, tokenize(message), known={2}) == "standing desk"
