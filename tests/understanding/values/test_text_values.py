"""Text values, through `extract`, on small catalogs."""

from bot.understanding import extract

from ..support import choice, option, product, text

JACKET = product(
    "jacket",
    choice("colour", option("olive"), option("black")),
    text("front", "front text", "chest text"),
    text("back", "back text", "back print"),
    choice("placement", option("sleeve"), option("pocket")),
)


def test_quotes_go_to_the_text_attribute_named_next_to_them() -> None:
    assert extract("back text 'CREW' and front text 'JD'", JACKET).values == {
        "back": "CREW",
        "front": "JD",
    }


def test_quotes_go_to_the_asked_text_attribute_else_the_first() -> None:
    assert extract("'CREW'", JACKET, asked="back").values == {"back": "CREW"}
    assert extract("'CREW'", JACKET).values == {"front": "CREW"}


def test_quoted_words_are_never_options() -> None:
    assert extract("'black olive'", JACKET).values == {"front": "black olive"}


def test_words_after_the_attribute_word_to_the_end_of_the_clause() -> None:
    assert extract("chest text Hello World, olive", JACKET).values == {
        "front": "Hello World",
        "colour": "olive",
    }
    assert extract("back print saying Crew 23 and black", JACKET).values == {
        "back": "Crew 23",
        "colour": "black",
    }


def test_capital_connector_words_are_part_of_the_text() -> None:
    assert extract("back print A", JACKET).values == {"back": "A"}
    assert extract("back print a", JACKET).values == {}


def test_a_shared_word_starts_no_text() -> None:
    assert extract("text Hello", JACKET).values == {}


def test_the_whole_answer_when_a_text_was_asked() -> None:
    assert extract("it should read: Nord Crew!", JACKET, asked="back").values == {
        "back": "Nord Crew!"
    }
    assert extract("Nord Crew on the sleeve", JACKET, asked="back").values == {
        "back": "Nord Crew",
        "placement": "sleeve",
    }
    assert extract("OLIVE", JACKET, asked="front").values == {"front": "OLIVE"}


def test_a_clear_other_answer_is_not_taken_as_the_text() -> None:
    assert extract("olive colour", JACKET, asked="front").values == {"colour": "olive"}
    assert extract("yes", JACKET, asked="front").values == {}
