"""Tricky phrasings of the demo catalog, read by `extract` as the dialogue actions do."""

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bot.catalog.model import AttributeType, Product
from bot.understanding import Extraction, extract

from .support import timed

D = Decimal
E = Extraction


def _check(
    products: dict[str, Product], item: str, message: str, asked: str | None, expected: E
) -> None:
    assert extract(message, products[item], asked) == expected


REQUIRED = [
    ("desk", "a standing desk 160 wide", None, E({"width": D(160)})),
    (
        "sneaker",
        "suede sneakers in sand with a black sole, size 41.5",
        None,
        E({"material": "suede", "color": "sand", "sole": "black", "size": D("41.5")}),
    ),
    ("sneaker", "forty two", "size", E({"size": D(42)})),
    ("desk", "1.6 m wide", None, E({"width": D(160)})),
    ("sneaker", "actually make the laces red", None, E({"laces": "red"})),
    ("tshirt", "black print on a white shirt", None, E({"print_color": "black", "color": "white"})),
    ("sneaker", "no monogram", None, E(skipped=frozenset({"monogram"}))),
    ("sneaker", "monogram JD 23", None, E({"monogram": "JD 23"})),
    ("tshirt", "print 'NO SLEEP' on it", None, E({"print_text": "NO SLEEP"})),
    ("sneaker", "2 pairs", None, E(quantity=2)),
    ("desk", "with the dual motor frame", None, E({"frame": "dual"})),
]


@pytest.mark.parametrize(("item", "message", "asked", "expected"), REQUIRED)
def test_required_phrasings(
    products: dict[str, Product], item: str, message: str, asked: str | None, expected: E
) -> None:
    _check(products, item, message, asked, expected)


SNEAKER = [
    (
        "white upper, black sole, red laces",
        None,
        E({"color": "white", "sole": "black", "laces": "red"}),
    ),
    ("red laces white sole", None, E({"laces": "red", "sole": "white"})),
    ("sole in black", None, E({"sole": "black"})),
    ("laces: red", None, E({"laces": "red"})),
    ("the sole should be black", None, E({"sole": "black"})),
    ("I want them in navy blue with gum soles", None, E({"color": "navy", "sole": "gum"})),
    ("navy", None, E({"color": "navy"})),
    ("tan", None, E({"color": "sand"})),
    ("beige with brown soles", None, E({"color": "sand", "sole": "gum"})),
    ("dark green", None, E({"color": "forest"})),
    ("recycled", None, E({"material": "knit"})),
    ("full-grain leather", None, E({"material": "leather"})),
    ("full grain leather", None, E({"material": "leather"})),
    ("reflective laces please", None, E({"laces": "reflective"})),
    ("white", None, E({"color": "white"})),
    ("white", "sole", E({"sole": "white"})),
    ("the black ones", "laces", E({"laces": "black"})),
    ("black and white", None, E({"color": "black", "sole": "white"})),
    ("red colour with white laces", None, E({"color": "red", "laces": "white"})),
    ("the colour should be red", None, E({"color": "red"})),
    ("size 41.5", None, E({"size": D("41.5")})),
    ("size is 42", None, E({"size": D(42)})),
    ("41,5", "size", E({"size": D("41.5")})),
    ("forty one and a half", "size", E({"size": D("41.5")})),
    ("EU 43", None, E({"size": D(43)})),
    ("43", None, E({"size": D(43)})),
    ("50", "size", E({"size": D(50)})),
    ("160 cm", "size", E()),
    ("two pairs of size 42", None, E({"size": D(42)}, quantity=2)),
    ("size 42, 2 pairs", None, E({"size": D(42)}, quantity=2)),
    ("one pair", None, E(quantity=1)),
    ("2", "quantity", E(quantity=2)),
    ("42", "quantity", E(quantity=42)),
    ("monogram: A.B.", None, E({"monogram": "A.B"})),
    ("initials JD", None, E({"monogram": "JD"})),
    ("with my initials 'KW'", None, E({"monogram": "KW"})),
    ("monogram JD and black laces", None, E({"monogram": "JD", "laces": "black"})),
    ("black laces and monogram JD", None, E({"laces": "black", "monogram": "JD"})),
    ("monogram A", None, E({"monogram": "A"})),
    ("JD", "monogram", E({"monogram": "JD"})),
    ("JD 42", "monogram", E({"monogram": "JD 42"})),
    ("RED", "monogram", E({"monogram": "RED"})),
    ("no thanks", "monogram", E(skipped=frozenset({"monogram"}))),
    ("skip", "monogram", E(skipped=frozenset({"monogram"}))),
    ("none", "monogram", E(skipped=frozenset({"monogram"}))),
    ("no monogram, thanks", "monogram", E(skipped=frozenset({"monogram"}))),
    ("I don't want a monogram", None, E(skipped=frozenset({"monogram"}))),
    ("yes", "monogram", E()),
    ("no", "laces", E()),
    ("I'd like a monogram", None, E(mentioned=frozenset({"monogram"}))),
    ("I'd like to change the laces", None, E(mentioned=frozenset({"laces"}))),
    ("different sole please", None, E(mentioned=frozenset({"sole"}))),
    ("what sizes are there?", None, E(mentioned=frozenset({"size"}))),
    ("purple", "color", E(unknown="purple")),
    ("I'd like purple please", "color", E(unknown="purple")),
    ("what colours do you have?", "color", E(mentioned=frozenset({"color"}))),
    ("I'd like to design my own trainers", None, E()),
]


@pytest.mark.parametrize(("message", "asked", "expected"), SNEAKER)
def test_sneaker(
    products: dict[str, Product], message: str, asked: str | None, expected: E
) -> None:
    _check(products, "sneaker", message, asked, expected)


DESK = [
    ("160x80", None, E({"width": D(160), "depth": D(80)})),
    ("160 by 80 cm", None, E({"width": D(160), "depth": D(80)})),
    ("1m60 x 80", None, E({"width": D(160), "depth": D(80)})),
    ("140cm x 70cm", None, E({"width": D(140), "depth": D(70)})),
    ("80 cm deep", None, E({"depth": D(80)})),
    ("160 cm wide", None, E({"width": D(160)})),
    ("1600 mm wide", None, E({"width": D(160)})),
    ("make it 1m80 wide", None, E({"width": D(180)})),
    ("1,60 m", None, E({"width": D(160)})),
    ("140 wide and 70 deep", None, E({"width": D(140), "depth": D(70)})),
    ("depth 80, width 140", None, E({"depth": D(80), "width": D(140)})),
    ("100", None, E({"width": D(100)})),
    ("70", None, E({"depth": D(70)})),
    ("100", "depth", E({"depth": D(100)})),
    ("1000", None, E()),
    ("2 desks", None, E(quantity=2)),
    ("two standing desks 160 wide", None, E({"width": D(160)}, quantity=2)),
    ("oak top, black frame", None, E({"top": "oak", "frame_color": "black"})),
    ("white laminate", None, E({"top": "laminate"})),
    ("white", None, E({"frame_color": "white"})),
    ("grey legs", None, E({"frame_color": "silver"})),
    ("silver frame with dual motor", None, E({"frame_color": "silver", "frame": "dual"})),
    ("two motors please", None, E({"frame": "dual"})),
    ("dual-motor", None, E({"frame": "dual"})),
    ("electric", None, E({"frame": "single"})),
    ("hand crank", None, E({"frame": "manual"})),
    ("with a cable tray", None, E({"cable_tray": True})),
    ("add cable management", None, E({"cable_tray": True})),
    ("without a cable tray", None, E({"cable_tray": False})),
    ("no cable tray", None, E({"cable_tray": False})),
    ("I don't want a cable tray", None, E({"cable_tray": False})),
    ("cable tray?", None, E(mentioned=frozenset({"cable_tray"}))),
    ("yes please", "cable_tray", E({"cable_tray": True})),
    ("no", "cable_tray", E({"cable_tray": False})),
    ("not sure", "cable_tray", E()),
    ("yes, in walnut", "cable_tray", E({"top": "walnut", "cable_tray": True})),
    ("bamboo", "frame", E({"top": "bamboo"})),
    ("mahogany", "top", E(unknown="mahogany")),
    ("the standing desk", "top", E()),
    ("a standing desk", None, E()),
]


@pytest.mark.parametrize(("message", "asked", "expected"), DESK)
def test_desk(products: dict[str, Product], message: str, asked: str | None, expected: E) -> None:
    _check(products, "desk", message, asked, expected)


TSHIRT = [
    (
        "black print on white shirts, size L",
        None,
        E({"print_color": "black", "color": "white", "size": "l"}),
    ),
    ("white text on a black tee", None, E({"print_color": "white", "color": "black"})),
    ("a red shirt with white writing", None, E({"color": "red", "print_color": "white"})),
    ("gold print", None, E({"print_color": "gold"})),
    ("ink colour black", None, E({"print_color": "black"})),
    ("in gold", "print_color", E({"print_color": "gold"})),
    ("white", None, E({"color": "white"})),
    ("white", "print_color", E({"print_color": "white"})),
    ("heather grey", None, E({"color": "grey"})),
    ("gray", None, E({"color": "grey"})),
    ("navy blue", None, E({"color": "navy"})),
    ("front and back", None, E({"print_position": "both"})),
    ("on the back", None, E({"print_position": "back"})),
    ("XXL", None, E({"size": "xxl"})),
    ("2xl", None, E({"size": "xxl"})),
    ("extra large", None, E({"size": "xl"})),
    ("it's a M", None, E({"size": "m"})),
    ("it's small", None, E({"size": "s"})),
    ("60 shirts", None, E(quantity=60)),
    ("a dozen shirts", None, E(quantity=12)),
    ("60 black shirts in L", None, E({"color": "black", "size": "l"}, quantity=60)),
    ("I want 60 team shirts in navy", None, E({"color": "navy"}, quantity=60)),
    ("100", "quantity", E(quantity=100)),
    ("we need 25", "quantity", E(quantity=25)),
    ("\u201cTeam Nord 2024\u201d", None, E({"print_text": "Team Nord 2024"})),
    ('print "RED 5" on the back', None, E({"print_text": "RED 5", "print_position": "back"})),
    ("the text is Team Nord", None, E({"print_text": "Team Nord"})),
    ("slogan: Just do it", None, E({"print_text": "Just do it"})),
    ("it should say GO TEAM!", "print_text", E({"print_text": "GO TEAM!"})),
    ("GO TEAM on the back", "print_text", E({"print_text": "GO TEAM", "print_position": "back"})),
    ("Team Nord 2024", "print_text", E({"print_text": "Team Nord 2024"})),
    (
        "please print: Caf\u00e9 \u00e0 l'\u00e9quipe #1",
        "print_text",
        E({"print_text": "Caf\u00e9 \u00e0 l'\u00e9quipe #1"}),
    ),
    ("\u2764\ufe0f", "print_text", E({"print_text": "\u2764\ufe0f"})),
    ("print '\u2764\ufe0f'", None, E({"print_text": "\u2764\ufe0f"})),
    ("60 shirts", "print_text", E(quantity=60)),
    ("navy", "print_color", E({"color": "navy"})),
    ("purple", "print_color", E(unknown="purple")),
]


@pytest.mark.parametrize(("message", "asked", "expected"), TSHIRT)
def test_tshirt(products: dict[str, Product], message: str, asked: str | None, expected: E) -> None:
    _check(products, "tshirt", message, asked, expected)


def test_numbers_are_decimals_in_the_attribute_unit(products: dict[str, Product]) -> None:
    width = extract("1.6 m wide", products["desk"]).values["width"]
    assert isinstance(width, Decimal)
    assert str(width) == "160"


def test_only_the_first_characters_are_read(products: dict[str, Product]) -> None:
    assert extract("x" * 1000 + " red laces", products["sneaker"]) == E()


@pytest.mark.parametrize("item", ["sneaker", "desk", "tshirt"])
def test_hostile_input_is_answered_quickly(
    products: dict[str, Product], item: str, hostile: str
) -> None:
    product = products[item]
    for asked in [None, "quantity", *(a.id for a in product.attributes)]:
        extraction = timed(lambda asked=asked: extract(hostile, product, asked))
        _assert_well_formed(extraction, product)


@settings(max_examples=150, deadline=None)
@example(message="\u00b20", item="sneaker")
@given(message=st.text(max_size=120), item=st.sampled_from(["sneaker", "desk", "tshirt"]))
def test_any_message_gives_well_formed_values(
    products: dict[str, Product], message: str, item: str
) -> None:
    product = products[item]
    _assert_well_formed(extract(message, product), product)


def _assert_well_formed(extraction: Extraction, product: Product) -> None:
    for attribute_id, value in extraction.values.items():
        attribute = product.attribute(attribute_id)
        assert attribute is not None
        if attribute.type is AttributeType.CHOICE:
            assert attribute.option(str(value)) is not None
        elif attribute.type is AttributeType.NUMBER:
            assert isinstance(value, Decimal)
        elif attribute.type is AttributeType.TEXT:
            assert isinstance(value, str)
            assert value
        else:
            assert isinstance(value, bool)
    ids = {a.id for a in product.attributes}
    assert extraction.skipped <= ids
    assert extraction.mentioned <= ids
    assert not extraction.mentioned & (extraction.skipped | extraction.values.keys())
    assert extraction.quantity is None or extraction.quantity >= 0
