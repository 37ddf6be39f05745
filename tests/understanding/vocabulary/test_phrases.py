import pytest

from bot.understanding.text import tokenize
from bot.understanding.vocabulary.phrases import MAX_JOINED_WORDS, PhraseMatcher


def _found(matcher: PhraseMatcher[str], message: str) -> list[tuple[str, tuple[str, ...]]]:
    tokens = tokenize(message)
    return [
        (message[tokens[m.start].start : tokens[m.end - 1].end], m.payloads)
        for m in matcher.find(tokens)
    ]


COLOURS = PhraseMatcher(
    [("navy", "navy"), ("navy blue", "navy"), ("tan", "sand"), ("red", "red"), ("blue", "blue")]
)


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("navy blue please", [("navy blue", ("navy",))]),
        ("NAVY", [("NAVY", ("navy",))]),
        ("navyblue", [("navyblue", ("navy",))]),
        ("standing desk", []),
        ("recycled", []),
        ("tan, red and blue", [("tan", ("sand",)), ("red", ("red",)), ("blue", ("blue",))]),
        ("navy, blue", [("navy", ("navy",)), ("blue", ("blue",))]),
        ("reds", [("reds", ("red",))]),
    ],
)
def test_whole_words_longest_first(message: str, found: list[tuple[str, tuple[str]]]) -> None:
    assert _found(COLOURS, message) == found


@pytest.mark.parametrize(
    "message",
    [
        "t-shirt",
        "T shirt",
        "tshirt",
        "T-Shirts",
        "t shirts",
        "TSHIRTS",
        "\uff54-\uff53\uff48\uff49\uff52\uff54",
    ],
)
def test_hyphen_space_and_joined_spellings_match(message: str) -> None:
    matcher = PhraseMatcher([("t-shirt", "tshirt")])
    assert [payloads for _, payloads in _found(matcher, message)] == [("tshirt",)]


def test_a_phrase_can_mean_several_things() -> None:
    matcher = PhraseMatcher([("white", "upper"), ("white", "sole"), ("white", "upper")])
    assert _found(matcher, "white") == [("white", ("upper", "sole"))]


def test_overlapping_phrases_never_share_a_word() -> None:
    matcher = PhraseMatcher([("front", "front"), ("front and back", "both"), ("back", "back")])
    assert _found(matcher, "front and back, then back") == [
        ("front and back", ("both",)),
        ("back", ("back",)),
    ]


def test_long_phrases_match_spaced_but_not_joined() -> None:
    words = ["one", "two", "three", "four", "five"][: MAX_JOINED_WORDS + 1]
    matcher = PhraseMatcher([(" ".join(words), "long")])
    assert _found(matcher, " ".join(words)) == [(" ".join(words), ("long",))]
    assert _found(matcher, "".join(words)) == []


def test_match_at_finds_the_longest_phrase_starting_there() -> None:
    matcher = PhraseMatcher([("it should", 1), ("it should say", 2)])
    tokens = tokenize("well it should say hi")
    match = matcher.match_at(tokens, 1)
    assert match is not None
    assert (match.start, match.end, match.payloads) == (1, 4, (2,))
    assert matcher.match_at(tokens, 0) is None
    assert matcher.match_at(tokens, len(tokens)) is None


def test_an_empty_matcher_finds_nothing() -> None:
    assert PhraseMatcher([("", "nothing"), ("!!!", "nothing")]).find(tokenize("!!! hi")) == []
