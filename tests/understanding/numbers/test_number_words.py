import pytest

from bot.understanding.numbers.number_words import find_word_numbers
from bot.understanding.text import tokenize


def _values(message: str) -> list[int]:
    return [number.value for number in find_word_numbers(tokenize(message))]


@pytest.mark.parametrize(
    ("message", "values"),
    [
        ("twelve", [12]),
        ("forty two", [42]),
        ("forty-two", [42]),
        ("Forty", [40]),
        ("zero", [0]),
        ("one hundred and sixty", [160]),
        ("a hundred and sixty", [160]),
        ("one hundred sixty", [160]),
        ("two hundred", [200]),
        ("twelve hundred", [1200]),
        ("a thousand", [1000]),
        ("two thousand and five", [2005]),
        ("a dozen", [12]),
        ("dozen", []),
        ("two dozen", [24]),
        ("half a dozen", [6]),
        ("one two three", [1, 2, 3]),
        ("forty, two", [40, 2]),
        ("forty and two", [40, 2]),
        ("one hundred and", [100]),
        ("a", []),
        ("someone, anyone, ones", []),
    ],
)
def test_spelled_numbers(message: str, values: list[int]) -> None:
    assert _values(message) == values


@pytest.mark.parametrize(
    ("message", "values"),
    [
        ("the red one", []),
        ("that navy blue one", []),
        ("which one", []),
        ("I'll take one", [1]),
        ("one pair", [1]),
        ("the shoes, one pair", [1]),
        ("the one hundred", [100]),
    ],
)
def test_one_after_a_determiner_is_a_thing(message: str, values: list[int]) -> None:
    assert _values(message) == values


def test_numbers_cover_their_words() -> None:
    tokens = tokenize("size forty two please")
    [number] = find_word_numbers(tokens)
    assert (number.start, number.end) == (1, 3)
