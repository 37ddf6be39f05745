"""Number values and quantities, through `extract`, on small catalogs."""

from decimal import Decimal

from bot.understanding import extract

from ..support import number, product

SHELF = product(
    "shelf",
    number("width", "cm", 40, 200),
    number("height", "cm", 30, 240, name="height"),
    number("shelves", None, 1, 8, name="number of shelves"),
    unit="box",
)
SOCKS = product("socks", number("size", "EU", 35, 46, name="sock size"), unit="pair")


def test_the_attribute_named_before_or_after_wins() -> None:
    assert extract("height 180", SHELF).values == {"height": Decimal(180)}
    assert extract("180 high", SHELF).values == {}
    assert extract("180 height, 5 shelves", SHELF).values == {
        "height": Decimal(180),
        "shelves": Decimal(5),
    }


def test_a_number_fitting_several_ranges_needs_a_word_or_a_question() -> None:
    assert extract("100", SHELF).values == {}
    assert extract("100", SHELF, asked="height").values == {"height": Decimal(100)}
    assert extract("220", SHELF).values == {"height": Decimal(220)}


def test_units_are_converted_to_the_attribute_unit() -> None:
    assert extract("width 1.2 m", SHELF).values == {"width": Decimal(120)}
    assert extract("1200 mm", SHELF, asked="width").values == {"width": Decimal(120)}
    assert extract("2,2 m", SHELF).values == {"height": Decimal(220)}


def test_units_that_do_not_compare_give_nothing() -> None:
    assert extract("width 42 EU", SHELF).values == {}


def test_a_size_run_fills_the_number_attributes_in_catalog_order() -> None:
    assert extract("120 x 180 x 4", SHELF).values == {
        "width": Decimal(120),
        "height": Decimal(180),
        "shelves": Decimal(4),
    }


def test_the_quantity_is_counted_in_the_catalog_unit_or_usual_words() -> None:
    assert extract("3 boxes", SHELF).quantity == 3
    assert extract("three pieces", SHELF).quantity == 3
    assert extract("4 pairs in size 40", SOCKS).quantity == 4
    assert extract("4 pairs in size 40", SOCKS).values == {"size": Decimal(40)}


def test_a_number_with_a_unit_before_the_product_is_a_measure_not_a_quantity() -> None:
    """ "a 160 cm standing desk" is one desk 160 cm wide, not 160 desks (210 cm fits
    only the height here)."""
    found = extract("a 210 cm shelf", SHELF)
    assert found.quantity is None
    assert found.values == {"height": Decimal(210)}


def test_a_bare_number_is_the_quantity_only_when_asked() -> None:
    assert extract("3", SOCKS, asked="quantity").quantity == 3
    assert extract("3", SOCKS).quantity is None
    assert extract("2.5", SOCKS, asked="quantity").quantity is None


def test_a_second_number_does_not_replace_the_first_guess() -> None:
    assert extract("40 or 41", SOCKS, asked="size").values == {"size": Decimal(40)}
