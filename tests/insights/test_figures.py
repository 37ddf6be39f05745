from __future__ import annotations

import math
from datetime import date

import pytest

from bot.insights.figures import (
    MAX_TREND_WEEKS,
    Funnel,
    OptionCount,
    OptionPopularity,
    RatingDistribution,
    RatingWeek,
    fill_weeks,
    share,
    value_key,
    week_start,
)


def test_share_is_none_without_a_whole() -> None:
    assert share(1, 4) == 0.25
    assert share(0, 0) is None
    assert share(3, 0) is None


@pytest.mark.parametrize(
    ("value", "key"),
    [
        ("oak", "oak"),
        ("", ""),
        (True, "yes"),
        (False, "no"),
        (160, "160"),
        (42.5, "42.5"),
        (160.0, "160"),
        (10**30, "1000000000000000000000000000000"),
        (math.nan, None),
        (math.inf, None),
        (None, None),
        ({"id": "oak"}, None),
        (["oak"], None),
    ],
)
def test_value_key_writes_values_like_design_insights(value: object, key: str | None) -> None:
    assert value_key(value) == key


def test_funnel_steps_with_shares_of_started_and_of_the_step_before() -> None:
    steps = Funnel(200, 150, 90, 60, 30, 7).steps()

    assert [step.name for step in steps] == [
        "started",
        "product_chosen",
        "summary_shown",
        "confirmed",
        "feedback_given",
    ]
    assert [step.count for step in steps] == [200, 150, 90, 60, 30]
    assert [step.of_started for step in steps] == [1.0, 0.75, 0.45, 0.3, 0.15]
    assert [step.from_previous for step in steps] == [None, 0.75, 0.6, 60 / 90, 0.5]


def test_an_empty_funnel_has_no_shares() -> None:
    steps = Funnel(0, 0, 0, 0, 0, 0).steps()

    assert {step.of_started for step in steps} == {None}
    assert {step.from_previous for step in steps} == {None}


def test_a_step_may_exceed_the_one_before_and_says_so() -> None:
    confirmed = Funnel(10, 10, 2, 4, 0, 0).steps()[3]

    assert confirmed.from_previous == 2.0


def test_rating_distribution() -> None:
    ratings = RatingDistribution.from_counts({5: 6, 4: 2, 1: 2, 0: 99, 6: 99})

    assert ratings.counts == (2, 0, 0, 2, 6)
    assert ratings.total == 10
    assert ratings.average == pytest.approx((2 + 8 + 30) / 10)
    assert ratings.rows()[0] == (1, 2, 0.2)
    assert ratings.rows()[4] == (5, 6, 0.6)


def test_no_ratings_have_no_average() -> None:
    ratings = RatingDistribution.from_counts({})

    assert ratings.average is None
    assert {part for _, _, part in ratings.rows()} == {None}


@pytest.mark.parametrize(
    ("monday", "label"),
    [
        (date(2024, 1, 29), "2024-W05"),
        (date(2024, 12, 30), "2025-W01"),  # the ISO year begins in the calendar year before
        (date(2021, 1, 4), "2021-W01"),
        (date(2020, 12, 28), "2020-W53"),
    ],
)
def test_week_labels_are_iso(monday: date, label: str) -> None:
    assert RatingWeek(monday, 1, 5.0).label == label


def test_week_start_is_monday() -> None:
    assert week_start(date(2024, 1, 7)) == date(2024, 1, 1)  # Sunday
    assert week_start(date(2024, 1, 8)) == date(2024, 1, 8)  # Monday


def test_fill_weeks_adds_weeks_without_ratings_between() -> None:
    first = RatingWeek(date(2024, 1, 1), 2, 4.5)
    last = RatingWeek(date(2024, 1, 22), 1, 3.0)

    assert fill_weeks([last, first]) == (
        first,
        RatingWeek(date(2024, 1, 8), 0, None),
        RatingWeek(date(2024, 1, 15), 0, None),
        last,
    )
    assert fill_weeks([]) == ()


def test_fill_weeks_keeps_only_the_latest_weeks() -> None:
    ancient = RatingWeek(date(1990, 1, 1), 1, 1.0)
    latest = RatingWeek(date(2024, 1, 1), 1, 5.0)

    filled = fill_weeks([ancient, latest])

    assert len(filled) == MAX_TREND_WEEKS
    assert filled[-1] == latest
    assert ancient not in filled
    assert fill_weeks([ancient, latest], limit=1) == (latest,)


def test_top_options_per_attribute() -> None:
    counts = (
        OptionCount("desk", "top", "oak", 5),
        OptionCount("desk", "top", "walnut", 9),
        OptionCount("desk", "top", "bamboo", 5),
        OptionCount("desk", "top", "laminate", 1),
        OptionCount("desk", "frame", "dual", 2),
        OptionCount("sneaker", "color", "red", 4),
    )
    popularity = OptionPopularity({"desk": 10, "sneaker": 8}, counts)

    assert popularity.top(2) == (
        OptionCount("desk", "frame", "dual", 2),
        OptionCount("desk", "top", "walnut", 9),
        OptionCount("desk", "top", "bamboo", 5),  # a tie with oak, broken by the value
        OptionCount("sneaker", "color", "red", 4),
    )
    assert popularity.top(0) == ()
    assert popularity.share(counts[1]) == 0.9
    assert popularity.share(OptionCount("tshirt", "size", "m", 3)) is None
