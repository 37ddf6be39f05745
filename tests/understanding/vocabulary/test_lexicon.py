from bot.catalog.model import Product
from bot.understanding.text import tokenize
from bot.understanding.vocabulary.lexicon import lexicon
from bot.understanding.vocabulary.vocabulary import Sense, SenseKind

from ..support import choice, number, option, product


def _senses(item: Product, message: str) -> list[tuple[str, set[Sense]]]:
    tokens = tokenize(message)
    return [
        (" ".join(t.text for t in tokens[m.start : m.end]), set(m.payloads))
        for m in lexicon(item).find(message, tokens)
    ]


BIKE = product(
    "bike",
    number("frame_size", "cm", 48, 62, name="frame size"),
    choice("saddle_colour", option("brown", "Brown", "tan"), name="saddle colour"),
    choice("frame_colour", option("teal", "Teal", "turquoise"), name="frame colour"),
    name="City bike",
    also_called=("bicycle",),
)


def test_options_attributes_and_product_come_from_the_catalog() -> None:
    option_of = Sense(SenseKind.OPTION, "frame_colour", "teal")
    assert _senses(BIKE, "turquoise frame colour on my bicycle") == [
        ("turquoise", {option_of}),
        ("frame colour", {Sense(SenseKind.ATTRIBUTE, "frame_colour")}),
        ("bicycle", {Sense(SenseKind.PRODUCT)}),
    ]


def test_a_name_word_names_every_attribute_it_is_in() -> None:
    [(_, senses)] = _senses(BIKE, "frame")
    assert senses == {
        Sense(SenseKind.ATTRIBUTE, "frame_size"),
        Sense(SenseKind.ATTRIBUTE, "frame_colour"),
    }


def test_counting_words_are_the_unit_and_the_usual_ones() -> None:
    for word in ["pieces", "pairs", "pcs", "units"]:
        [(_, senses)] = _senses(BIKE, word)
        assert Sense(SenseKind.QUANTITY) in senses, word


def test_an_attribute_named_after_the_product_is_named_by_the_product() -> None:
    shirt = product(
        "shirt", choice("colour", option("red"), name="shirt colour"), also_called=("tee",)
    )
    [(_, senses)] = _senses(shirt, "tee")
    assert senses == {Sense(SenseKind.PRODUCT), Sense(SenseKind.ATTRIBUTE, "colour")}


def test_the_vocabulary_is_built_once_per_product() -> None:
    assert lexicon(BIKE) is lexicon(BIKE)
