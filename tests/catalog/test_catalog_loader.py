import copy
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.catalog.errors import CatalogError
from bot.catalog.loader import load_catalog, parse_catalog
from bot.catalog.model import AttributeType, Condition, TextCharset
from bot.catalog.yaml_file import MAX_CATALOG_BYTES
from bot.settings import DEFAULT_CATALOG_PATH

DEMO_DATA = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
SOURCE = "demo-catalog.yml"

# Index of products in the demo data: 0 sneaker, 1 desk, 2 tshirt.
SNEAKER, DESK, TSHIRT = 0, 1, 2


def product(data: dict[str, Any], index: int) -> dict[str, Any]:
    return data["products"][index]


def attribute(data: dict[str, Any], index: int, attribute_index: int) -> dict[str, Any]:
    return product(data, index)["attributes"][attribute_index]


def test_demo_catalog_loads_with_exact_values() -> None:
    catalog = load_catalog(DEFAULT_CATALOG_PATH)

    assert (catalog.shop, catalog.currency) == ("Atelier Nord", "EUR")
    assert [p.id for p in catalog.products] == ["sneaker", "desk", "tshirt"]
    sneaker = catalog.product("sneaker")
    assert sneaker is not None
    size = sneaker.attribute("size")
    assert size is not None
    assert (size.type, size.unit, size.min, size.max, size.step) == (
        AttributeType.NUMBER,
        "EU",
        Decimal(36),
        Decimal(47),
        Decimal("0.5"),
    )
    monogram = sneaker.attribute("monogram")
    assert monogram is not None
    assert monogram.allowed is TextCharset.LETTERS_DIGITS_SPACES
    assert monogram.optional
    assert (monogram.price, monogram.lead_time_days) == (Decimal(10), 2)


def test_floats_become_the_decimal_they_were_written_as() -> None:
    tshirt = load_catalog(DEFAULT_CATALOG_PATH).product("tshirt")
    assert tshirt is not None
    rates = [str(tier.discount) for tier in tshirt.quantity.discounts]
    assert rates == ["0.1", "0.2", "0.3"]


def test_rules_are_read_as_conditions() -> None:
    desk = load_catalog(DEFAULT_CATALOG_PATH).product("desk")
    assert desk is not None
    assert desk.rules[0].when == Condition("top", values=("bamboo",))
    assert desk.rules[0].forbid == Condition("width", above=Decimal(180))
    assert desk.rules[1].forbid == Condition("frame", values=("single",))


def test_text_without_allowed_phrase_stays_unset() -> None:
    data = copy.deepcopy(DEMO_DATA)
    del attribute(data, TSHIRT, 2)["allowed"]
    tshirt = parse_catalog(data).product("tshirt")
    assert tshirt is not None
    print_text = tshirt.attribute("print_text")
    assert print_text is not None
    assert print_text.allowed is None


def test_path_may_be_a_string() -> None:
    assert load_catalog(str(DEFAULT_CATALOG_PATH)) == load_catalog(DEFAULT_CATALOG_PATH)


def set_key(target: Callable[[dict[str, Any]], dict[str, Any]], **values: object) -> Any:
    return lambda data: target(data).update(values)


def delete_key(target: Callable[[dict[str, Any]], dict[str, Any]], key: str) -> Any:
    return lambda data: target(data).pop(key)


def rules(index: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: product(data, index)["rules"]


def first_rule(index: int) -> Callable[[dict[str, Any]], dict[str, Any]]:
    return lambda data: product(data, index)["rules"][0]


SNEAKER_P = "products[0] (sneaker)"
DESK_P = "products[1] (desk)"
TSHIRT_P = "products[2] (tshirt)"
WIDTH = f"{DESK_P} > attributes[0] (width)"
TOP = f"{DESK_P} > attributes[2] (top)"
CABLE_TRAY = f"{DESK_P} > attributes[5] (cable_tray)"
MATERIAL = f"{SNEAKER_P} > attributes[1] (material)"
COLOR = f"{SNEAKER_P} > attributes[2] (color)"
MONOGRAM = f"{SNEAKER_P} > attributes[5] (monogram)"
TSHIRT_QUANTITY = f"{TSHIRT_P} > quantity"

# (mutation of the demo data, where the error must point, what it must say)
BROKEN_CATALOGS: list[tuple[str, Callable[[dict[str, Any]], object], str, str]] = [
    ("unknown top-level key", set_key(lambda d: d, shops="x"), "", "unknown key 'shops'"),
    (
        "missing currency",
        delete_key(lambda d: d, "currency"),
        "",
        "missing required key 'currency'",
    ),
    ("currency not a code", set_key(lambda d: d, currency="euro"), "currency", "three-letter"),
    ("shop blank", set_key(lambda d: d, shop="  "), "shop", "must be non-empty text, got '  '"),
    ("no products", set_key(lambda d: d, products=[]), "products", "at least one product"),
    ("products not a list", set_key(lambda d: d, products={"a": 1}), "products", "got a mapping"),
    (
        "product not a mapping",
        lambda d: d["products"].__setitem__(0, "sneaker"),
        "products[0]",
        "must be a mapping of keys to values, got 'sneaker'",
    ),
    (
        "product id not an id",
        set_key(lambda d: product(d, DESK), id="Desk"),
        "products[1] (Desk) > id",
        "must be an id of lowercase letters",
    ),
    (
        "duplicate product id",
        set_key(lambda d: product(d, TSHIRT), id="desk"),
        "products[2] (desk) > id",
        "duplicate product id 'desk', already used by products[1] (desk)",
    ),
    (
        "missing attributes",
        delete_key(lambda d: product(d, SNEAKER), "attributes"),
        SNEAKER_P,
        "missing required key 'attributes'",
    ),
    (
        "negative base price",
        set_key(lambda d: product(d, SNEAKER), base_price=-1),
        f"{SNEAKER_P} > base_price",
        "must be a number of 0 or more, got -1",
    ),
    (
        "base price as text",
        set_key(lambda d: product(d, SNEAKER), base_price="cheap"),
        f"{SNEAKER_P} > base_price",
        "got 'cheap'",
    ),
    (
        "base price as boolean",
        set_key(lambda d: product(d, SNEAKER), base_price=True),
        f"{SNEAKER_P} > base_price",
        "got true",
    ),
    (
        "fractional lead time",
        set_key(lambda d: product(d, SNEAKER), lead_time_days=2.5),
        f"{SNEAKER_P} > lead_time_days",
        "must be a whole number of 0 or more, got 2.5",
    ),
    (
        "also_called not a list",
        set_key(lambda d: product(d, SNEAKER), also_called="sneakers"),
        f"{SNEAKER_P} > also_called",
        "must be a list of names, got 'sneakers'",
    ),
    (
        "blank also_called entry",
        set_key(lambda d: product(d, SNEAKER), also_called=["shoes", ""]),
        f"{SNEAKER_P} > also_called[1]",
        "must be non-empty text",
    ),
    (
        "non-text key",
        lambda d: product(d, SNEAKER).update({1: 1}),
        SNEAKER_P,
        "keys must be text, got 1",
    ),
    (
        "attribute type unknown",
        set_key(lambda d: attribute(d, SNEAKER, 2), type="colour"),
        f"{COLOR} > type",
        "must be one of number, choice, text, yes_no; got 'colour'",
    ),
    (
        "attribute type missing",
        delete_key(lambda d: attribute(d, SNEAKER, 2), "type"),
        COLOR,
        "missing required key 'type'",
    ),
    (
        "duplicate attribute id",
        set_key(lambda d: attribute(d, SNEAKER, 3), id="color"),
        f"{SNEAKER_P} > attributes[3] (color) > id",
        "duplicate attribute id 'color', already used by attributes[2] (color)",
    ),
    (
        "optional not a boolean",
        set_key(lambda d: attribute(d, SNEAKER, 5), optional="maybe"),
        f"{MONOGRAM} > optional",
        "must be true or false, got 'maybe'",
    ),
    (
        "negative step",
        set_key(lambda d: attribute(d, DESK, 0), step=-10),
        f"{WIDTH} > step",
        "must be a positive number, got -10",
    ),
    (
        "zero step",
        set_key(lambda d: attribute(d, DESK, 0), step=0),
        f"{WIDTH} > step",
        "must be a positive number, got 0",
    ),
    (
        "step not a number",
        set_key(lambda d: attribute(d, DESK, 0), step=float("nan")),
        f"{WIDTH} > step",
        "must be a positive number, got nan",
    ),
    (
        "min above max",
        set_key(lambda d: attribute(d, DESK, 0), min=250),
        f"{WIDTH} > max",
        "must be at least min (250), got 200",
    ),
    (
        "max off the steps",
        set_key(lambda d: attribute(d, DESK, 0), max=205),
        f"{WIDTH} > max",
        "must be min plus a whole number of steps (100 + n * 10), got 205",
    ),
    (
        "number without unit",
        delete_key(lambda d: attribute(d, DESK, 0), "unit"),
        WIDTH,
        "missing required key 'unit'",
    ),
    (
        "options on a number",
        set_key(lambda d: attribute(d, DESK, 0), options=[]),
        f"{WIDTH} > options",
        "does not apply to a number attribute",
    ),
    (
        "surcharge on a choice",
        set_key(lambda d: attribute(d, DESK, 2), surcharge={"above": 1, "per": 1, "price": 1}),
        f"{TOP} > surcharge",
        "does not apply to a choice attribute",
    ),
    (
        "surcharge per zero",
        lambda d: attribute(d, DESK, 0)["surcharge"].update(per=0),
        f"{WIDTH} > surcharge > per",
        "must be a positive number, got 0",
    ),
    (
        "surcharge missing price",
        lambda d: attribute(d, DESK, 0)["surcharge"].pop("price"),
        f"{WIDTH} > surcharge",
        "missing required key 'price'",
    ),
    (
        "max_length on a yes/no",
        set_key(lambda d: attribute(d, DESK, 5), max_length=3),
        f"{CABLE_TRAY} > max_length",
        "does not apply to a yes_no attribute",
    ),
    (
        "choice without options",
        set_key(lambda d: attribute(d, SNEAKER, 1), options=[]),
        f"{MATERIAL} > options",
        "must list at least one option",
    ),
    (
        "option key typo",
        lambda d: attribute(d, SNEAKER, 1)["options"][0].update(lable="x"),
        f"{MATERIAL} > options[0] (canvas)",
        "unknown key 'lable'; did you mean 'label'?",
    ),
    (
        "duplicate option id",
        lambda d: attribute(d, SNEAKER, 1)["options"][1].update(id="canvas"),
        f"{MATERIAL} > options[1] (canvas) > id",
        "duplicate option id 'canvas', already used by options[0] (canvas)",
    ),
    (
        "two options answering to one name",
        lambda d: attribute(d, SNEAKER, 2)["options"][4].update(also_called=["Navy-Blue"]),
        f"{COLOR} > options[4] (forest)",
        "the name 'navy blue' also belongs to option 'navy'",
    ),
    (
        "negative option price",
        lambda d: attribute(d, SNEAKER, 1)["options"][1].update(price=-25),
        f"{MATERIAL} > options[1] (leather) > price",
        "must be a number of 0 or more, got -25",
    ),
    (
        "negative option lead time",
        lambda d: attribute(d, SNEAKER, 1)["options"][1].update(lead_time_days=-1),
        f"{MATERIAL} > options[1] (leather) > lead_time_days",
        "must be a whole number of 0 or more, got -1",
    ),
    (
        "text without max_length",
        delete_key(lambda d: attribute(d, SNEAKER, 5), "max_length"),
        MONOGRAM,
        "missing required key 'max_length'",
    ),
    (
        "text max_length zero",
        set_key(lambda d: attribute(d, SNEAKER, 5), max_length=0),
        f"{MONOGRAM} > max_length",
        "must be a whole number of 1 or more, got 0",
    ),
    (
        "unknown allowed phrase",
        set_key(lambda d: attribute(d, SNEAKER, 5), allowed="letters only"),
        f"{MONOGRAM} > allowed",
        "must be one of 'letters, digits and spaces', "
        "'any printable characters, no line breaks'; got 'letters only'",
    ),
    (
        "quantity min zero",
        lambda d: product(d, SNEAKER)["quantity"].update(min=0),
        f"{SNEAKER_P} > quantity > min",
        "must be a whole number of 1 or more, got 0",
    ),
    (
        "quantity max below min",
        lambda d: product(d, SNEAKER)["quantity"].update(min=5, max=3),
        f"{SNEAKER_P} > quantity > max",
        "must be at least min (5), got 3",
    ),
    (
        "quantity without unit",
        lambda d: product(d, SNEAKER)["quantity"].pop("unit"),
        f"{SNEAKER_P} > quantity",
        "missing required key 'unit'",
    ),
    (
        "discount of 100%",
        lambda d: product(d, TSHIRT)["quantity"]["discounts"][0].update(discount=1.0),
        f"{TSHIRT_QUANTITY} > discounts[0] > discount",
        "must be a rate of at least 0 and below 1, got 1.0",
    ),
    (
        "negative discount",
        lambda d: product(d, TSHIRT)["quantity"]["discounts"][0].update(discount=-0.1),
        f"{TSHIRT_QUANTITY} > discounts[0] > discount",
        "got -0.1",
    ),
    (
        "tiers not increasing in quantity",
        lambda d: product(d, TSHIRT)["quantity"]["discounts"][1].update(min_quantity=10),
        f"{TSHIRT_QUANTITY} > discounts[1] > min_quantity",
        "must be above the previous tier's 10, got 10",
    ),
    (
        "tiers not increasing in rate",
        lambda d: product(d, TSHIRT)["quantity"]["discounts"][1].update(discount=0.05),
        f"{TSHIRT_QUANTITY} > discounts[1] > discount",
        "must be above the previous tier's 0.1, got 0.05",
    ),
    (
        "tier beyond the largest order",
        lambda d: product(d, TSHIRT)["quantity"]["discounts"][2].update(min_quantity=600),
        f"{TSHIRT_QUANTITY} > discounts[2] > min_quantity",
        "must be at most the largest order (500), got 600",
    ),
    (
        "rule without message",
        lambda d: first_rule(SNEAKER)(d).pop("message"),
        f"{SNEAKER_P} > rules[0]",
        "missing required key 'message'",
    ),
    (
        "rule on an unknown attribute",
        lambda d: first_rule(SNEAKER)(d).update(when={"materiel": "suede"}),
        f"{SNEAKER_P} > rules[0] > when > materiel",
        "no such attribute in this product (attributes: size, material, color",
    ),
    (
        "rule on an unknown option",
        lambda d: first_rule(SNEAKER)(d).update(forbid={"color": ["purple"]}),
        f"{SNEAKER_P} > rules[0] > forbid > color",
        "'purple' is not an option of 'color' (options: white, black, navy, red, forest, sand)",
    ),
    (
        "rule with an empty option list",
        lambda d: first_rule(SNEAKER)(d).update(forbid={"color": []}),
        f"{SNEAKER_P} > rules[0] > forbid > color",
        "must be an option id or a non-empty list of option ids",
    ),
    (
        "above on a choice",
        lambda d: first_rule(SNEAKER)(d).update(forbid={"color": {"above": 3}}),
        f"{SNEAKER_P} > rules[0] > forbid > color",
        "'above' only applies to number attributes; 'color' is a choice attribute",
    ),
    (
        "above outside the range",
        lambda d: first_rule(DESK)(d).update(forbid={"width": {"above": 250}}),
        f"{DESK_P} > rules[0] > forbid > width > above",
        "must be at least the width's min (100) and below its max (200)",
    ),
    (
        "option ids on a number",
        lambda d: first_rule(DESK)(d).update(forbid={"width": ["wide"]}),
        f"{DESK_P} > rules[0] > forbid > width",
        "option ids only apply to choice attributes; 'width' is a number attribute "
        "(use {above: number})",
    ),
    (
        "condition naming two attributes",
        lambda d: first_rule(SNEAKER)(d).update(when={"material": "suede", "sole": "gum"}),
        f"{SNEAKER_P} > rules[0] > when",
        "must name exactly one attribute",
    ),
    (
        "rule linking an attribute to itself",
        lambda d: first_rule(SNEAKER)(d).update(forbid={"material": ["knit"]}),
        f"{SNEAKER_P} > rules[0]",
        "when and forbid both name 'material'",
    ),
    (
        "rules not a list",
        lambda d: product(d, SNEAKER).update(rules={"when": 1}),
        f"{SNEAKER_P} > rules",
        "must be a list of rules, got a mapping",
    ),
]


@pytest.mark.parametrize(
    ("mutate", "place", "problem"),
    [pytest.param(m, p, s, id=name) for name, m, p, s in BROKEN_CATALOGS],
)
def test_broken_catalog_names_the_place(
    mutate: Callable[[dict[str, Any]], object], place: str, problem: str
) -> None:
    data = copy.deepcopy(DEMO_DATA)
    mutate(data)

    with pytest.raises(CatalogError) as raised:
        parse_catalog(data, source=SOURCE)

    message = str(raised.value)
    assert message.startswith(f"{SOURCE}: {place}:" if place else f"{SOURCE}: "), message
    assert problem in message


def test_negative_step_message_is_exact() -> None:
    data = copy.deepcopy(DEMO_DATA)
    attribute(data, DESK, 0)["step"] = -10

    with pytest.raises(CatalogError) as raised:
        parse_catalog(data, source=SOURCE)

    assert str(raised.value) == (
        "demo-catalog.yml: products[1] (desk) > attributes[0] (width) > step: "
        "must be a positive number, got -10"
    )


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (None, "the catalog is empty"),
        ([], "must be a mapping of keys to values, got a list"),
        ("catalog", "must be a mapping of keys to values, got 'catalog'"),
    ],
)
def test_catalog_that_is_not_a_mapping(data: object, problem: str) -> None:
    with pytest.raises(CatalogError, match=f"^<catalog>: {problem}$"):
        parse_catalog(data)


def test_hostile_keys_are_not_echoed_whole() -> None:
    data = copy.deepcopy(DEMO_DATA)
    product(data, SNEAKER)["x" * 100_000] = 1

    with pytest.raises(CatalogError) as raised:
        parse_catalog(data, source=SOURCE)

    assert len(str(raised.value)) < 500


def write(tmp_path: Path, text: str | bytes) -> Path:
    path = tmp_path / "catalog.yml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("shop: [unclosed", "invalid YAML at line 1, column 16: expected ',' or ']'"),
        ("shop: a\nshop: b\n", "invalid YAML at line 2, column 1: duplicate key 'shop'"),
        ("", "the catalog is empty"),
        ("# only a comment\n", "the catalog is empty"),
        ("[" * 1_000_000, "invalid YAML at line 1, column 21: nested more than 20 levels deep"),
        (f"shop: {'9' * 5000}\n", "invalid YAML"),
        ("shop: !!python/object:os.system x\n", "invalid YAML"),
    ],
    ids=["syntax", "duplicate key", "empty", "comment only", "deep nesting", "huge int", "tag"],
)
def test_unreadable_yaml(tmp_path: Path, text: str, problem: str) -> None:
    path = write(tmp_path, text)

    with pytest.raises(CatalogError) as raised:
        load_catalog(path)

    assert str(raised.value).startswith(f"{path}: {problem}")


def test_duplicate_key_in_a_nested_mapping_is_refused(tmp_path: Path) -> None:
    text = DEFAULT_CATALOG_PATH.read_text(encoding="utf-8").replace(
        "    base_price: 299\n", "    base_price: 299\n    base_price: 199\n"
    )

    with pytest.raises(CatalogError, match="duplicate key 'base_price'"):
        load_catalog(write(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.yml"
    with pytest.raises(CatalogError, match=f"^{path}: cannot read the catalog: "):
        load_catalog(path)


def test_binary_file(tmp_path: Path) -> None:
    path = write(tmp_path, b"shop: \xff\xfe\n")
    with pytest.raises(CatalogError, match=f"^{path}: not UTF-8 text"):
        load_catalog(path)


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, "#" * (MAX_CATALOG_BYTES + 1))
    with pytest.raises(CatalogError, match=f"a catalog may have at most {MAX_CATALOG_BYTES}"):
        load_catalog(path)


def test_the_same_content_is_parsed_once_and_an_edit_is_read_afresh(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_bytes(DEFAULT_CATALOG_PATH.read_bytes())
    first = load_catalog(path)
    copied = tmp_path / "copy.yml"
    copied.write_bytes(path.read_bytes())

    assert load_catalog(path) is first and load_catalog(copied) is first

    edited = copy.deepcopy(DEMO_DATA)
    edited["shop"] = "Atelier Sud"
    path.write_text(yaml.safe_dump(edited, allow_unicode=True), encoding="utf-8")
    assert load_catalog(path).shop == "Atelier Sud"
    assert load_catalog(copied) is first


def test_a_refused_catalog_is_refused_again_and_its_repair_is_read(tmp_path: Path) -> None:
    path = tmp_path / "catalog.yml"
    path.write_text("shop: [\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(CatalogError):
            load_catalog(path)
    path.write_bytes(DEFAULT_CATALOG_PATH.read_bytes())
    assert load_catalog(path).products
