import pytest

from bot.understanding.phrasing.yes_no import bare_answer, parse_yes_no

from ..support import timed


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("yes", True),
        ("Yes please!", True),
        ("yep", True),
        ("sure, why not", True),
        ("of course", True),
        ("ok", True),
        ("please", True),
        ("no problem", True),
        ("\U0001f44d", True),
        ("no", False),
        ("No thanks", False),
        ("nope", False),
        ("nah", False),
        ("no please", False),
        ("not really", False),
        ("I don't think so", False),
        ("skip", False),
        ("\U0001f44e", False),
        ("not sure", None),
        ("no idea", None),
        ("maybe", None),
        ("yes no", None),
        ("with oak", None),
        ("", None),
    ],
)
def test_parse_yes_no(message: str, answer: bool | None) -> None:
    assert parse_yes_no(message) is answer


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("no", False),
        ("no thanks", False),
        ("Nope, thank you.", False),
        ("none", False),
        ("skip", False),
        ("yes please", True),
        ("no, make it JD", None),
        ("no monogram", None),
        ("yes with a cable tray", None),
        ("JD", None),
        ("", None),
    ],
)
def test_bare_answer_is_the_whole_message(message: str, answer: bool | None) -> None:
    assert bare_answer(message) is answer


def test_hostile_input_is_answered_quickly(hostile: str) -> None:
    assert timed(lambda: parse_yes_no(hostile)) in (True, False, None)
    assert timed(lambda: bare_answer(hostile)) in (True, False, None)
