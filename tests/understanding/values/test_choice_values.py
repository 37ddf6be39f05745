"""Choice values, through `extract`, on small catalogs: behaviour comes from the data."""

from bot.understanding import Extraction, extract

from ..support import choice, option, product

LAMP = product(
    "lamp",
    choice(
        "shade",
        option("linen", "Natural linen", "flax"),
        option("paper", "Rice paper"),
        option("black", "Black"),
        name="lampshade colour",
    ),
    choice("base", option("brass", "Brushed brass", "gold"), option("black", "Black"), name="base"),
    choice("cord", option("black", "Black"), option("braided", "Braided textile", "fabric")),
    name="Table lamp",
)


def test_a_new_product_is_understood_from_its_catalog_entry() -> None:
    assert extract("flax with a gold base and a fabric cord", LAMP).values == {
        "shade": "linen",
        "base": "brass",
        "cord": "braided",
    }


def test_shared_option_goes_to_the_attribute_named_next_to_it() -> None:
    assert extract("black base", LAMP).values == {"base": "black"}
    assert extract("cord in black", LAMP).values == {"cord": "black"}
    assert extract("black lampshade", LAMP).values == {"shade": "black"}


def test_shared_option_goes_to_the_attribute_asked() -> None:
    assert extract("black", LAMP, asked="cord").values == {"cord": "black"}


def test_shared_option_goes_to_the_first_attribute_not_yet_set() -> None:
    assert extract("black", LAMP).values == {"shade": "black"}
    assert extract("rice paper and black", LAMP).values == {"shade": "paper", "base": "black"}
    assert extract("black, black and black", LAMP).values == {
        "shade": "black",
        "base": "black",
        "cord": "black",
    }


def test_a_later_named_value_replaces_an_earlier_one() -> None:
    assert extract("black cord, no wait, braided cord", LAMP).values == {"cord": "braided"}


def test_a_phrase_naming_two_options_of_one_attribute_means_the_first() -> None:
    odd = product(
        "odd", choice("tone", option("warm", "Warm", "soft"), option("pale", "Pale", "soft"))
    )
    assert extract("soft", odd).values == {"tone": "warm"}


def test_nothing_named_gives_nothing() -> None:
    assert extract("something nice", LAMP) == Extraction()
