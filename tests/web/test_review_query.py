from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

import pytest
from starlette.datastructures import QueryParams

from bot.review.filters import MAX_OFFSET, ConversationFilter
from bot.web.review_query import (
    ANY,
    QueryError,
    filter_params,
    page_url,
    parse_filter,
    parse_page,
)


def parse(query: str, limit: int = 50, offset: int = 0) -> ConversationFilter:
    return parse_filter(QueryParams(query), limit=limit, offset=offset)


def test_no_parameters_is_the_default_filter() -> None:
    assert parse("") == ConversationFilter()
    assert parse("page=3&unknown=1&notice=tagged") == ConversationFilter()


def test_empty_values_mean_any() -> None:
    query = "from=&to=&product=&status=&rating=&tag=&reviewed=&low_confidence=&q=&sort=&order="

    assert parse(query) == ConversationFilter()


def test_every_parameter() -> None:
    criteria = parse(
        "from=2024-05-01&to=2024-05-31&product=desk&status=handed_over&rating=4-5"
        "&tag=Follow+Up&reviewed=no&low_confidence=YES&q=50%25+off&sort=rating&order=asc",
        limit=20,
        offset=40,
    )

    assert criteria == ConversationFilter(
        started_from=date(2024, 5, 1),
        started_to=date(2024, 5, 31),
        product="desk",
        status="handed_over",
        rating_min=4,
        rating_max=5,
        tag="follow up",
        reviewed=False,
        low_confidence=True,
        search="50% off",
        sort="rating",
        descending=False,
        limit=20,
        offset=40,
    )


@pytest.mark.parametrize(
    ("rating", "bounds"),
    [("3", (3, 3, False)), ("1-5", (1, 5, False)), ("unrated", (None, None, True))],
)
def test_ratings(rating: str, bounds: tuple[int | None, int | None, bool]) -> None:
    criteria = parse(f"rating={rating}")

    assert (criteria.rating_min, criteria.rating_max, criteria.unrated) == bounds


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("from=2024-5-1", "from", "YYYY-MM-DD"),
        ("to=2024-02-30", "to", "not a date in the calendar"),
        ("from=2024-05-02&to=2024-05-01", ANY, "start date"),
        ("status=closed", "status", "status must be one of"),
        ("status=active&status=active", "status", "once, not 2 times"),
        ("rating=6", "rating", "from 1 to 5"),
        ("rating=4-2", "rating", "lowest rating"),
        ("rating=12", "rating", "rating from 1 to 5"),
        ("rating=-1", "rating", "rating from 1 to 5"),
        ("tag=a%2Cb", "tag", "tag may only hold"),
        ("reviewed=true", "reviewed", "yes or no"),
        ("low_confidence=%00", "low_confidence", "yes or no"),
        ("q=" + "x" * 201, "q", "at most 200"),
        ("product=" + "x" * 201, "product", "at most 200"),
        ("sort=id", "sort", "sort field"),
        ("order=up", "order", "asc or desc"),
    ],
)
def test_unreadable_values_name_their_parameter(query: str, parameter: str, message: str) -> None:
    with pytest.raises(QueryError, match=message) as raised:
        parse(query)

    assert raised.value.parameter == parameter
    assert raised.value.message == str(raised.value)


def test_paging_of_the_console() -> None:
    assert parse_page(QueryParams("")) == (50, 0)
    assert parse_page(QueryParams("page=3&page_size=20")) == (20, 40)
    assert parse_page(QueryParams("page=&page_size=")) == (50, 0)
    last = MAX_OFFSET // 200 + 1
    assert parse_page(QueryParams(f"page={last}&page_size=200")) == (200, (last - 1) * 200)


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("page=0", "page"),
        ("page=1e3", "page"),
        ("page=" + "1" * 20, "page"),
        (f"page={MAX_OFFSET // 50 + 2}", "page"),
        ("page_size=0", "page_size"),
        ("page_size=500", "page_size"),
        ("page_size=%20", None),
        ("page=1&page=2", "page"),
    ],
)
def test_bad_paging(query: str, parameter: str | None) -> None:
    if parameter is None:
        assert parse_page(QueryParams(query)) == (50, 0)
        return
    with pytest.raises(QueryError) as raised:
        parse_page(QueryParams(query))
    assert raised.value.parameter == parameter


@pytest.mark.parametrize(
    "criteria",
    [
        ConversationFilter(),
        ConversationFilter(started_from=date(2024, 1, 1), started_to=date(2024, 1, 1)),
        ConversationFilter(product="desk&x=1", status="completed", rating_min=2, rating_max=4),
        ConversationFilter(rating_min=5, rating_max=5),
        ConversationFilter(unrated=True, tag="follow up", reviewed=True, low_confidence=False),
        ConversationFilter(search="50% off & <b>?=#", sort="product", descending=False),
        ConversationFilter(sort="messages"),
    ],
)
def test_filter_params_read_back_to_the_same_filter(criteria: ConversationFilter) -> None:
    query = urlencode(filter_params(criteria))

    assert parse(query) == criteria


def test_one_sided_rating_ranges_come_back_closed() -> None:
    for criteria, closed in [
        (ConversationFilter(rating_min=3), (3, 5)),
        (ConversationFilter(rating_max=2), (1, 2)),
    ]:
        back = parse(urlencode(filter_params(criteria)))
        assert (back.rating_min, back.rating_max) == closed


def test_filter_params_leave_defaults_and_paging_out() -> None:
    assert filter_params(ConversationFilter(limit=10, offset=30)) == []
    assert filter_params(ConversationFilter(rating_min=3)) == [("rating", "3-5")]


def test_page_urls() -> None:
    path = "/staff/conversations"
    criteria = ConversationFilter(product="desk", limit=20)

    assert page_url(path, ConversationFilter()) == path
    assert page_url(path, criteria) == f"{path}?product=desk&page_size=20"
    assert page_url(path, criteria, 3) == f"{path}?product=desk&page=3&page_size=20"
    assert page_url(path, criteria, sort="ended", descending=False) == (
        f"{path}?product=desk&sort=ended&order=asc&page_size=20"
    )
