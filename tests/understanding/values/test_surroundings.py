import pytest

from bot.understanding.text import Coverage, tokenize
from bot.understanding.values.choice_values import option_matches
from bot.understanding.values.surroundings import Surroundings
from bot.understanding.vocabulary.lexicon import lexicon

from ..support import choice, number, option, product

SHOE = product(
    "shoe",
    number("size", "EU", 36, 47, name="shoe size"),
    choice("upper", option("white"), option("black"), name="upper colour"),
    choice("sole", option("white"), option("black"), name="sole colour"),
    choice("laces", option("white"), option("black")),
    unit="pair",
)
COLOURS = ["upper", "sole", "laces"]


def _around(message: str) -> tuple[Surroundings, list[tuple[int, int]]]:
    """Surroundings of a message whose option words are its values."""
    tokens = tokenize(message)
    matches = lexicon(SHOE).find(message, tokens)
    values = [(m.start, m.end) for m in option_matches(matches)]
    coverage = Coverage(len(message), [(tokens[s].start, tokens[e - 1].end) for s, e in values])
    return Surroundings(tokens, matches, coverage), values


@pytest.mark.parametrize(
    ("message", "attributes"),
    [
        ("white sole", ["sole"]),
        ("sole in black", ["sole"]),
        ("laces: black", ["laces"]),
        ("make the laces black", ["laces"]),
        ("the sole should be black", ["sole"]),
        ("the sole, if possible, black", [None]),
        ("laces of a nice deep black", [None]),
        ("black laces white sole", ["laces", "sole"]),
        ("black colour", [None]),
        ("upper colour black", ["upper"]),
        ("black laces and white", ["laces", None]),
        ("a black sole with white", ["sole", None]),
    ],
)
def test_attribute_named_next_to_a_value(message: str, attributes: list[str | None]) -> None:
    surroundings, values = _around(message)
    assert [surroundings.attribute_named(s, e, COLOURS) for s, e in values] == attributes


def test_a_word_outside_the_candidates_decides_nothing() -> None:
    surroundings, [(start, end)] = _around("white sole")
    assert surroundings.attribute_named(start, end, ["upper", "laces"]) is None


def test_reach_limits_how_far_back_a_word_names_a_value() -> None:
    surroundings, [(start, _)] = _around("laces, if you can, black")
    assert surroundings.named_before(start, COLOURS) is None
    surroundings, [(start, _)] = _around("laces in black")
    assert surroundings.named_before(start, COLOURS) == "laces"
    assert surroundings.named_before(start, COLOURS, reach=0) is None


@pytest.mark.parametrize(
    ("message", "counted"),
    [
        ("2 pairs", True),
        ("2 black pairs", True),
        ("2 shoes", True),
        ("2 in black", False),
        ("2, pairs", False),
        ("2", False),
    ],
)
def test_counted_after(message: str, counted: bool) -> None:
    surroundings, _ = _around(message)
    assert surroundings.counted_after(1) is counted


def test_tokens_in_maps_characters_to_words() -> None:
    surroundings, _ = _around("size 'JD' 42 \u00b20")
    assert surroundings.tokens_in(5, 9) == (1, 2)
    assert surroundings.tokens_in(10, 12) == (2, 3)
    assert surroundings.tokens_in(4, 5) == (1, 1)
    assert surroundings.tokens_in(14, 15) == (3, 4)
    assert surroundings.tokens_in(15, 20) == (4, 4)


def test_a_value_after_the_last_word_still_looks_back() -> None:
    surroundings, _ = _around("laces ")
    assert surroundings.named_before(1, COLOURS) == "laces"
