import pytest

from bot.catalog.loader import load_catalog
from bot.catalog.model import Catalog
from bot.settings import DEFAULT_CATALOG_PATH
from bot.understanding.vocabulary.products import find_products

from ..support import choice, option, product, timed


@pytest.mark.parametrize(
    ("message", "found"),
    [
        ("I'd like to design my own trainers", ["sneaker"]),
        ("team t-shirts", ["tshirt"]),
        ("a standing desk 160 wide", ["desk"]),
        ("tshirt", ["tshirt"]),
        ("T shirts for the club", ["tshirt"]),
        ("a sit-stand desk", ["desk"]),
        ("sit stand desk", ["desk"]),
        ("Custom Sneakers", ["sneaker"]),
        ("new kicks", ["sneaker"]),
        ("a workstation and some tees", ["desk", "tshirt"]),
        ("shirts and shoes and more shirts", ["tshirt", "sneaker"]),
        ("I'm just looking", []),
        ("outstanding", []),
        ("guarantee", []),
        ("comfortable", []),
        ("", []),
    ],
)
def test_demo_products(catalog: Catalog, message: str, found: list[str]) -> None:
    assert [p.id for p in find_products(message, catalog)] == found


def test_a_new_product_is_found_by_its_catalog_names() -> None:
    mug = product("mug", choice("glaze", option("matte")), name="Ceramic mug", also_called=("cup",))
    shop = Catalog(shop="Test", currency="EUR", products=(mug,))
    for message in ["a ceramic mug", "two cups please", "MUGS", "mug"]:
        assert find_products(message, shop) == [mug], message
    assert find_products("a ceramic plate", shop) == []


def test_hostile_input_is_answered_quickly(catalog: Catalog, hostile: str) -> None:
    found = timed(lambda: find_products(hostile, catalog))
    assert all(p in catalog.products for p in found)


def test_products_come_from_the_catalog_passed_even_when_an_equal_one_was_seen_first() -> None:
    first = load_catalog(DEFAULT_CATALOG_PATH)
    second = load_catalog(DEFAULT_CATALOG_PATH)
    assert first == second
    find_products("team t-shirts", first)
    (found,) = find_products("team t-shirts", second)
    assert found is second.product("tshirt")
