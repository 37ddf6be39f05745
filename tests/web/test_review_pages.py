from __future__ import annotations

import copy
from typing import Any

from bot.review.filters import STATUSES, ConversationFilter
from bot.review.records import Page
from bot.web.review_pages import (
    STATUS_LABELS,
    export_urls,
    pager,
    product_choices,
    product_name,
    sort_links,
    spec_card,
    spec_json_url,
    spec_url,
    with_chosen,
)
from tests.demo_catalog import CATALOG
from tests.review.seed import spec_document

LIST = "/staff/conversations"


def test_every_status_has_a_label() -> None:
    assert tuple(STATUS_LABELS) == STATUSES


def test_sort_links_flip_the_current_field_and_start_others_fresh() -> None:
    links = sort_links(ConversationFilter(tag="vip"))

    assert links["started"].state == "descending"
    assert links["started"].url == f"{LIST}?tag=vip&order=asc"
    assert links["rating"].state == "none"
    assert links["rating"].url == f"{LIST}?tag=vip&sort=rating"
    assert links["product"].url == f"{LIST}?tag=vip&sort=product&order=asc"
    ascending = sort_links(ConversationFilter(sort="rating", descending=False))
    assert ascending["rating"].state == "ascending"
    assert ascending["rating"].url == f"{LIST}?sort=rating"


def test_pager() -> None:
    criteria = ConversationFilter(status="active", limit=10, offset=10)

    middle = pager(criteria, Page(items=(), total=25, limit=10, offset=10))
    only = pager(ConversationFilter(), Page(items=(), total=0, limit=50, offset=0))

    assert (middle.number, middle.count) == (2, 3)
    assert middle.previous_url == f"{LIST}?status=active&page_size=10"
    assert middle.next_url == f"{LIST}?status=active&page=3&page_size=10"
    assert (only.number, only.count, only.previous_url, only.next_url) == (1, 1, None, None)


def test_export_urls_carry_the_filter_but_not_the_page() -> None:
    assert export_urls(ConversationFilter()) == (f"{LIST}/export.csv", f"{LIST}/export.json")
    assert export_urls(ConversationFilter(search="a&b", offset=50)) == (
        f"{LIST}/export.csv?q=a%26b",
        f"{LIST}/export.json?q=a%26b",
    )


def test_product_choices_name_catalog_products_and_keep_unknown_ones() -> None:
    choices = product_choices(CATALOG, ["mug", "desk"], "<typed>")

    assert [choice.value for choice in choices] == ["sneaker", "desk", "tshirt", "mug", "<typed>"]
    assert choices[1].label == "Standing desk"
    assert choices[3].label == "mug"
    assert product_name(CATALOG, None) == ""


def test_with_chosen() -> None:
    assert with_chosen(["a", "b"], "b") == ["a", "b"]
    assert with_chosen(["a"], "z") == ["a", "z"]
    assert with_chosen(["a"], None) == ["a"]


def test_spec_card_formats_a_valid_spec() -> None:
    spec: dict[str, Any] = spec_document("Spec_Id-1", "desk")

    card = spec_card(spec, CATALOG)

    assert card is not None
    assert card.product == "Desk"
    assert card.total == "210.00 EUR"
    assert card.json_url == "/api/specs/Spec_Id-1"


def test_spec_card_of_an_off_contract_spec_is_none() -> None:
    broken = copy.deepcopy(spec_document("Spec_Id-1", "desk"))
    del broken["price"]

    assert spec_card(broken, CATALOG) is None
    assert spec_card(None, CATALOG) is None


def test_spec_links_are_quoted() -> None:
    assert spec_url("a/b?c") == "/specs/a%2Fb%3Fc"
    assert spec_json_url("x y") == "/api/specs/x%20y"
