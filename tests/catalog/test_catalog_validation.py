from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.catalog.loader import load_catalog
from bot.catalog.model import Attribute, AttributeType, Product
from bot.catalog.validation import (
    Accepted,
    Rejected,
    check_quantity,
    check_value,
    describe_valid,
    missing_attributes,
)
from bot.settings import DEFAULT_CATALOG_PATH

CATALOG = load_catalog(DEFAULT_CATALOG_PATH)


def product(product_id: str) -> Product:
    found = CATALOG.product(product_id)
    assert found is not None
    return found


def attribute(product_id: str, attribute_id: str) -> Attribute:
    found = product(product_id).attribute(attribute_id)
    assert found is not None
    return found


SIZE = attribute("sneaker", "size")
WIDTH = attribute("desk", "width")
MATERIAL = attribute("sneaker", "material")
UPPER_COLOR = attribute("sneaker", "color")
FRAME = attribute("desk", "frame")
MONOGRAM = attribute("sneaker", "monogram")
PRINT_TEXT = attribute("tshirt", "print_text")
CABLE_TRAY = attribute("desk", "cable_tray")


def rejected(attribute: Attribute, raw: object) -> Rejected:
    result = check_value(attribute, raw)
    assert isinstance(result, Rejected), result
    return result


# --- choice ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "option_id", "label"),
    [
        ("suede", "suede", "Suede"),
        ("Full-grain leather", "leather", "Full-grain leather"),
        ("  FULL GRAIN   leather ", "leather", "Full-grain leather"),
        ("knitted", "knit", "Recycled knit"),
        ("Recycled-Knit!", "knit", "Recycled knit"),
    ],
)
def test_choice_accepts_id_label_and_other_names(raw: str, option_id: str, label: str) -> None:
    assert check_value(MATERIAL, raw) == Accepted(option_id, label)


@pytest.mark.parametrize(
    ("raw", "option_id"),
    [("dual-motor", "dual"), ("Dual Motor", "dual"), ("electric", "single"), ("crank", "manual")],
)
def test_choice_hyphens_and_spaces_are_the_same(raw: str, option_id: str) -> None:
    result = check_value(FRAME, raw)
    assert isinstance(result, Accepted)
    assert result.value == option_id


def test_choice_rejection_explains_and_lists_the_options() -> None:
    result = rejected(UPPER_COLOR, "purple")

    assert result.reason == "'purple' is not an upper colour we offer."
    assert result.valid == "Choose one of: White, Black, Navy, Red, Forest green, Sand."
    assert result.suggestions == ()


def test_choice_rejection_suggests_lookalikes_that_are_accepted() -> None:
    result = rejected(UPPER_COLOR, "blak")

    assert result.suggestions == ("Black",)
    assert all(isinstance(check_value(UPPER_COLOR, s), Accepted) for s in result.suggestions)


@pytest.mark.parametrize("raw", [None, 3, True, ["white"], {"id": "white"}, ""])
def test_choice_rejects_what_is_not_a_name(raw: object) -> None:
    assert rejected(UPPER_COLOR, raw).valid.startswith("Choose one of:")


# --- number ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value", "label"),
    [
        (41.5, 41.5, "41.5 EU"),
        (42, 42, "42 EU"),
        (42.0, 42, "42 EU"),
        (Decimal("41.50"), 41.5, "41.5 EU"),
        ("41.5", 41.5, "41.5 EU"),
        ("41,5", 41.5, "41.5 EU"),
        (" 41.5 eu ", 41.5, "41.5 EU"),
        ("36", 36, "36 EU"),
        ("47EU", 47, "47 EU"),
    ],
)
def test_number_accepts_numbers_and_numeric_text(raw: object, value: float, label: str) -> None:
    result = check_value(SIZE, raw)

    assert result == Accepted(value, label)
    assert type(result.value) is type(value)


def test_whole_numbers_are_stored_as_int() -> None:
    assert check_value(WIDTH, "160 cm") == Accepted(160, "160 cm")


def test_number_above_the_largest() -> None:
    result = rejected(SIZE, 47.5)

    assert result.reason == "47.5 is above the largest shoe size, 47 EU."
    assert result.valid == "Choose a shoe size from 36 to 47 EU, in steps of 0.5."
    assert result.suggestions == ("47 EU",)


def test_number_below_the_smallest() -> None:
    result = rejected(WIDTH, "90")

    assert result.reason == "90 is below the smallest width, 100 cm."
    assert result.suggestions == ("100 cm",)


def test_number_off_step_suggests_both_neighbours() -> None:
    result = rejected(SIZE, 41.3)

    assert result.reason == "41.3 is not a valid shoe size: sizes go in steps of 0.5 EU."
    assert result.suggestions == ("41 EU", "41.5 EU")


def test_width_off_step() -> None:
    assert rejected(WIDTH, 165).suggestions == ("160 cm", "170 cm")


@pytest.mark.parametrize(
    "raw", ["big", "", "1e3", "41.5 cm", "4 1", True, False, None, float("nan"), float("inf")]
)
def test_number_rejects_non_numbers(raw: object) -> None:
    result = rejected(SIZE, raw)

    assert "is not a number, so it cannot be a shoe size." in result.reason
    assert result.valid == "Choose a shoe size from 36 to 47 EU, in steps of 0.5."


@pytest.mark.parametrize(
    "raw",
    [
        "4" * 100_000,
        "41." + "0" * 100_000 + "1",
        10**10_000,
        Decimal("1E+999999999"),
        Decimal("1E-999999999"),
        1e308,
    ],
    ids=["long digits", "long fraction", "huge int", "huge exponent", "tiny exponent", "max float"],
)
def test_huge_numbers_are_rejected_with_short_messages(raw: object) -> None:
    result = rejected(SIZE, raw)

    assert len(result.reason) < 200
    assert all(len(s) < 20 for s in result.suggestions)


def test_tiny_fraction_off_the_grid_suggests_its_neighbours() -> None:
    assert rejected(SIZE, "41." + "0" * 1000 + "1").suggestions == ("41 EU", "41.5 EU")


@given(st.integers(min_value=0, max_value=22))
def test_every_grid_value_is_accepted(steps: int) -> None:
    size = Decimal(36) + Decimal("0.5") * steps
    result = check_value(SIZE, str(size))

    assert isinstance(result, Accepted)
    assert Decimal(str(result.value)) == size


@given(st.decimals(min_value=36, max_value=47, allow_nan=False, places=3))
def test_off_grid_values_get_accepted_neighbours_around_them(size: Decimal) -> None:
    result = check_value(SIZE, str(size))
    if isinstance(result, Accepted):
        assert (size * 2) % 1 == 0
        return
    assert len(result.suggestions) == 2
    low, high = (check_value(SIZE, s) for s in result.suggestions)
    assert isinstance(low, Accepted)
    assert isinstance(high, Accepted)
    assert Decimal(str(low.value)) < size < Decimal(str(high.value))
    assert Decimal(str(high.value)) - Decimal(str(low.value)) == Decimal("0.5")


# --- text -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "text"),
    [("AB", "AB"), ("  jd 07 ", "jd 07"), ("Zoë", "Zoë"), ("A\u00a0\tB", "A B"), ("A   B", "A B")],
)
def test_monogram_accepts_letters_digits_spaces(raw: str, text: str) -> None:
    assert check_value(MONOGRAM, raw) == Accepted(text, text)


def test_text_is_stored_in_composed_unicode() -> None:
    result = check_value(MONOGRAM, "Zoe\u0308")
    assert result == Accepted("Zoë", "Zoë")


def test_monogram_too_long() -> None:
    result = rejected(MONOGRAM, "ABCDEFGHIJ")

    assert result.reason == "The monogram can be at most 8 characters; 'ABCDEFGHIJ' has 10."
    assert result.valid == "Use up to 8 letters, digits and spaces."


def test_monogram_refuses_symbols() -> None:
    assert rejected(MONOGRAM, "A#B").reason == (
        "The monogram can only contain letters, digits and spaces, not '#'."
    )


def test_refused_characters_are_listed_once_and_at_most_three() -> None:
    assert rejected(MONOGRAM, "#!#?&").reason.endswith("not '#', '!', '?'.")


@pytest.mark.parametrize("raw", ["", "   ", "\t\n"])
def test_text_cannot_be_empty(raw: str) -> None:
    assert rejected(MONOGRAM, raw).reason == "The monogram cannot be empty."


@pytest.mark.parametrize("raw", [8, None, True, ["AB"]])
def test_text_must_be_text(raw: object) -> None:
    assert rejected(MONOGRAM, raw).reason.startswith("The monogram must be text, not ")


def test_print_text_takes_any_printable_characters() -> None:
    slogan = "Team #1 — Ünïcode & ☕!"
    assert check_value(PRINT_TEXT, slogan) == Accepted(slogan, slogan)


@pytest.mark.parametrize(("raw", "shown"), [("one\ntwo", "'\\n'"), ("bell\x07", "'\\x07'")])
def test_print_text_refuses_line_breaks_and_control_characters(raw: str, shown: str) -> None:
    result = rejected(PRINT_TEXT, raw)

    assert result.reason == (
        f"The print text can only contain printable characters on one line, not {shown}."
    )
    assert result.valid == "Use up to 30 printable characters on one line."


def test_huge_text_is_not_echoed_whole() -> None:
    result = rejected(PRINT_TEXT, "x" * 1_000_000)

    assert result.reason.endswith("has 1000000.")
    assert len(result.reason) < 200


@given(st.text())
def test_any_text_gets_an_answer_with_a_bounded_message(raw: str) -> None:
    result = check_value(PRINT_TEXT, raw)
    if isinstance(result, Accepted):
        assert result.value == result.label
        assert 0 < len(str(result.value)) <= 30
    else:
        assert len(result.reason) < 200


# --- yes/no ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        (True, True),
        (False, False),
        ("yes", True),
        ("Yes!", True),
        ("sure", True),
        ("no", False),
        ("NO THANKS", False),
        ("nope", False),
    ],
)
def test_yes_no(raw: object, value: bool) -> None:
    assert check_value(CABLE_TRAY, raw) == Accepted(value, "Yes" if value else "No")


@pytest.mark.parametrize("raw", ["maybe", 1, 0, None, ""])
def test_yes_no_rejects_anything_else(raw: object) -> None:
    result = rejected(CABLE_TRAY, raw)

    assert result.reason.endswith("is not a yes or no answer.")
    assert result.valid == "Answer yes or no."


# --- describe_valid -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("attr", "phrase"),
    [
        (UPPER_COLOR, "one of: White, Black, Navy, Red, Forest green, Sand"),
        (SIZE, "a shoe size from 36 to 47 EU, in steps of 0.5"),
        (WIDTH, "a width from 100 to 200 cm, in steps of 10"),
        (MONOGRAM, "up to 8 letters, digits and spaces"),
        (PRINT_TEXT, "up to 30 printable characters on one line"),
        (CABLE_TRAY, "yes or no"),
    ],
)
def test_describe_valid(attr: Attribute, phrase: str) -> None:
    assert describe_valid(attr) == phrase


def test_describe_valid_refuses_a_text_attribute_without_a_length() -> None:
    broken = Attribute(id="note", name="note", type=AttributeType.TEXT)
    with pytest.raises(ValueError, match="'note' is not a text attribute"):
        describe_valid(broken)


# --- quantity -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("product_id", "raw", "value", "label"),
    [
        ("tshirt", 12, 12, "12 shirts"),
        ("tshirt", "12 shirts", 12, "12 shirts"),
        ("sneaker", 1, 1, "1 pair"),
        ("sneaker", "2 pairs", 2, "2 pairs"),
        ("sneaker", 2.0, 2, "2 pairs"),
        ("desk", "3", 3, "3 desks"),
    ],
)
def test_quantity_accepted(product_id: str, raw: object, value: int, label: str) -> None:
    result = check_quantity(product(product_id), raw)

    assert result == Accepted(value, label)
    assert type(result.value) is int


@pytest.mark.parametrize(
    ("product_id", "raw", "reason", "suggestions"),
    [
        ("sneaker", 0, "0 is below the smallest order, 1 pair.", ("1 pair",)),
        ("tshirt", 600, "600 is above the largest order, 500 shirts.", ("500 shirts",)),
        ("sneaker", 2.5, "2.5 is not a whole number of pairs.", ("2 pairs", "3 pairs")),
        ("desk", "lots", "'lots' is not a number of desks.", ()),
        ("desk", True, "'True' is not a number of desks.", ()),
        ("desk", "3 chairs", "'3 chairs' is not a number of desks.", ()),
    ],
)
def test_quantity_rejected(
    product_id: str, raw: object, reason: str, suggestions: tuple[str, ...]
) -> None:
    result = check_quantity(product(product_id), raw)

    assert result == Rejected(reason, f"Choose from 1 to {_largest(product_id)}.", suggestions)


def _largest(product_id: str) -> str:
    return {"sneaker": "10 pairs", "tshirt": "500 shirts", "desk": "5 desks"}[product_id]


# --- missing_attributes ---------------------------------------------------------------


def test_missing_attributes_in_catalog_order() -> None:
    sneaker = product("sneaker")
    missing = missing_attributes(sneaker, {"material": "suede"}, skipped=())

    assert [a.id for a in missing] == ["size", "color", "sole", "laces", "monogram"]


def test_skipped_optional_attributes_are_not_missing() -> None:
    sneaker = product("sneaker")
    design = {"size": 42, "material": "suede", "color": "navy", "sole": "gum", "laces": "red"}

    assert missing_attributes(sneaker, design, skipped={"monogram"}) == []
    assert [a.id for a in missing_attributes(sneaker, design, skipped=())] == ["monogram"]


def test_skipping_a_required_attribute_does_not_count() -> None:
    sneaker = product("sneaker")
    missing = missing_attributes(sneaker, {}, skipped={"size"})

    assert missing[0].id == "size"


# --- hostile input --------------------------------------------------------------------

HOSTILE = [
    "x" * 1_000_000,
    "4" + " " * 200_000 + "x" + " " * 200_000 + "y",
    "a \n" * 300_000,
    "#" * 1_000_000,
    "\x00" * 100_000,
]


@pytest.mark.timeout(10)
@pytest.mark.parametrize(
    "attr", [UPPER_COLOR, SIZE, MONOGRAM, PRINT_TEXT, CABLE_TRAY], ids=lambda a: a.id
)
def test_hostile_answers_are_answered_quickly_on_one_short_line(attr: Attribute) -> None:
    for raw in HOSTILE:
        result = check_value(attr, raw)
        message = result.reason if isinstance(result, Rejected) else result.label

        assert len(message) < 200
        assert "\n" not in message


@pytest.mark.timeout(10)
def test_hostile_quantities_are_rejected_quickly() -> None:
    for raw in HOSTILE:
        assert isinstance(check_quantity(product("tshirt"), raw), Rejected)
