import pytest

from bot.understanding.text import (
    MAX_CHARS,
    Coverage,
    cap,
    mask,
    normalize_word,
    singular,
    tokenize,
)


def test_tokens_keep_their_place_in_the_message() -> None:
    message = "Suede, size 41.5"
    tokens = tokenize(message)
    assert [t.text for t in tokens] == ["Suede", "size", "41", "5"]
    assert all(message[t.start : t.end] == t.text for t in tokens)


@pytest.mark.parametrize(
    ("message", "words"),
    [
        ("it's I'd don't", ["it's", "i'd", "don't"]),
        ("it\u2019s", ["it's"]),
        ("t-shirt", ["t", "shirt"]),
        ("print_text", ["print", "text"]),
        ("\U0001f44d \U0001f389", []),
        ("\uff34\uff25\uff25", ["tee"]),
        ("STRASSE Stra\u00dfe", ["strasse", "strasse"]),
    ],
)
def test_words_are_folded(message: str, words: list[str]) -> None:
    assert [t.folded for t in tokenize(message)] == words


@pytest.mark.parametrize(
    ("message", "breaks"),
    [
        ("laces red, sole white", [False, False, True, False]),
        ("size 41.5 or 41,5", [False, False, False, False, False, False]),
        ("monogram A.B. please", [False, False, False, True]),
        ("one; two! three? four\nfive", [False, True, True, True, True]),
        ("laces: red", [False, False]),
    ],
)
def test_clause_breaks_need_punctuation_then_space(message: str, breaks: list[bool]) -> None:
    assert [t.breaks_before for t in tokenize(message)] == breaks


@pytest.mark.parametrize(
    ("plural", "single"),
    [
        ("sneakers", "sneaker"),
        ("shoes", "shoe"),
        ("sizes", "size"),
        ("boxes", "box"),
        ("glasses", "glass"),
        ("accessories", "accessory"),
        ("tees", "tee"),
    ],
)
def test_plural_and_singular_share_a_key(plural: str, single: str) -> None:
    assert singular(plural) == singular(single)


@pytest.mark.parametrize("word", ["xs", "yes", "dress", "status", "chassis", "gum"])
def test_words_that_only_look_plural_are_kept(word: str) -> None:
    assert singular(word) == word


@pytest.mark.parametrize(
    ("one", "other"),
    [("Colours", "color"), ("GREY", "gray"), ("Aluminium", "aluminum"), ("T", "t")],
)
def test_spelling_variants_share_a_key(one: str, other: str) -> None:
    assert normalize_word(one) == normalize_word(other)


def test_cap_keeps_only_the_part_that_is_read() -> None:
    assert cap("x" * (MAX_CHARS + 50)) == "x" * MAX_CHARS
    assert cap("short") == "short"


def test_mask_blanks_spans_without_moving_anything() -> None:
    masked = mask("print 'RED' 2 shirts", [(6, 11), (12, 13)])
    assert masked == "print" + " " * 9 + "shirts"


def test_coverage_answers_overlaps() -> None:
    coverage = Coverage(20, [(2, 4), (10, 12)])
    assert coverage.overlaps(3, 8)
    assert coverage.overlaps(11, 11 + 1)
    assert not coverage.overlaps(4, 10)
    assert not coverage.overlaps(12, 20)
