from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from bot.review.filters import MAX_OFFSET, MAX_PAGE_SIZE, ConversationFilter


def test_defaults_list_everything_newest_first() -> None:
    criteria = ConversationFilter()

    assert (criteria.sort, criteria.descending, criteria.limit, criteria.offset) == (
        "started",
        True,
        50,
        0,
    )
    assert criteria.search is None and criteria.tag is None and not criteria.unrated


def test_free_text_is_normalised() -> None:
    criteria = ConversationFilter(tag="  Needs   Follow-up ", product=" desk ", search="  red ")

    assert (criteria.tag, criteria.product, criteria.search) == ("needs follow-up", "desk", "red")


def test_same_day_range_and_full_bounds_are_fine() -> None:
    day = date(2024, 5, 17)

    assert ConversationFilter(started_from=day, started_to=day).started_to == day
    assert ConversationFilter(started_from=date.min, started_to=date.max).started_from == date.min
    assert ConversationFilter(rating_min=3, rating_max=3).rating_max == 3
    assert ConversationFilter(limit=MAX_PAGE_SIZE, offset=MAX_OFFSET).offset == MAX_OFFSET


@pytest.mark.parametrize(
    ("criteria", "message"),
    [
        ({"started_from": date(2024, 5, 2), "started_to": date(2024, 5, 1)}, "start date"),
        ({"product": "   "}, "product cannot be blank"),
        ({"product": "x" * 201}, "at most 200"),
        ({"status": "closed"}, "status must be one of active, completed"),
        ({"status": ""}, "status must be one of"),
        ({"rating_min": 0}, "from 1 to 5"),
        ({"rating_max": 6}, "from 1 to 5"),
        ({"rating_min": 4, "rating_max": 2}, "lowest rating"),
        ({"unrated": True, "rating_min": 1}, "not both"),
        ({"unrated": True, "rating_max": 5}, "not both"),
        ({"tag": "<b>"}, "tag may only hold"),
        ({"tag": ""}, "tag cannot be empty"),
        ({"search": ""}, "search text cannot be blank"),
        ({"search": "x" * 201}, "at most 200"),
        ({"sort": "sender"}, "sort field must be one of started, ended"),
        ({"limit": 0}, "page size"),
        ({"limit": MAX_PAGE_SIZE + 1}, "page size"),
        ({"offset": -1}, "offset"),
        ({"offset": MAX_OFFSET + 1}, "offset"),
    ],
)
def test_impossible_filters_are_refused_with_a_reason(
    criteria: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ConversationFilter(**criteria)
