import pytest

from bot.understanding.phrasing.quotes import find_quotes

from ..support import timed


@pytest.mark.parametrize(
    ("message", "quoted"),
    [
        ("print 'NO SLEEP' on it", ["NO SLEEP"]),
        ('print "Go Team" please', ["Go Team"]),
        ("\u201cTailor\u201d", ["Tailor"]),
        ("\u2018Don\u2019t stop\u2019", ["Don\u2019t stop"]),
        ("it's 'Don't stop' ok", ["Don't stop"]),
        ("\u201eNord\u201c and \u00abAtelier\u00bb", ["Nord", "Atelier"]),
        ("' spaced out '", ["spaced out"]),
        ("I'd like it's fine", []),
        ("the players' names", []),
        ("' '", []),
        ('"unclosed', []),
        ("'two\nlines'", []),
    ],
)
def test_quoted_text(message: str, quoted: list[str]) -> None:
    assert [q.text for q in find_quotes(message)] == quoted


def test_span_includes_the_quotes() -> None:
    message = "print 'NO SLEEP' on it"
    [quote] = find_quotes(message)
    assert message[quote.start : quote.end] == "'NO SLEEP'"


def test_hostile_input_is_answered_quickly(hostile: str) -> None:
    assert isinstance(timed(lambda: find_quotes(hostile)), list)
