from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlalchemy.future import create_engine

from bot.insights.figures import (
    ConflictCount,
    DropOff,
    Funnel,
    OptionCount,
    RatingDistribution,
    RatingWeek,
    UnavailableCount,
)
from bot.insights.filters import InsightFilter
from bot.storage.database import create_engine_for
from bot.storage.insights import TOP_INSIGHTS, InsightStore
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import (
    ABANDONED,
    ACTIVE,
    COMPLETED,
    conversations,
    specifications,
)
from tests.insights.seeding import conflict, option, seed, unavailable, utc

SQL_INJECTION = "'); DROP TABLE conversations; --"
EVERYTHING = InsightFilter()


@pytest.fixture
def insights(engine: Engine) -> InsightStore:
    return InsightStore(engine)


# --- empty database --------------------------------------------------------------------


def test_an_empty_database_has_zero_figures(insights: InsightStore) -> None:
    assert insights.funnel(EVERYTHING) == Funnel(0, 0, 0, 0, 0, 0)
    assert insights.drop_offs(EVERYTHING) == ()
    assert insights.rating_distribution(EVERYTHING) == RatingDistribution((0, 0, 0, 0, 0))
    assert insights.rating_weeks(EVERYTHING) == ()
    popularity = insights.option_popularity(EVERYTHING)
    assert (popularity.specifications, popularity.counts) == ({}, ())
    assert insights.conflicts(EVERYTHING) == ()
    assert insights.unavailable(EVERYTHING) == ()


# --- funnel ----------------------------------------------------------------------------


def test_funnel_counts_each_step_reached(engine: Engine, insights: InsightStore) -> None:
    day = utc(2024, 5, 1, 12)
    seed(engine, started=day)  # greeted, left
    seed(engine, started=day, product="desk", handed=True)
    seed(engine, started=day, product="desk", summary=True)
    seed(engine, started=day, product="desk", summary=True, options={})
    seed(engine, started=day, product="sneaker", summary=True, options={}, ratings=[(5, day)])
    # Rated twice: still one conversation that gave feedback.
    seed(engine, started=day, product="sneaker", options={}, ratings=[(1, day), (4, day)])

    assert insights.funnel(EVERYTHING) == Funnel(
        started=6, product_chosen=5, summary_shown=3, confirmed=3, feedback_given=2, handed_over=1
    )


def test_funnel_date_range_covers_whole_utc_days(engine: Engine, insights: InsightStore) -> None:
    seed(engine, started=utc(2024, 4, 30, 23, 59, 59))
    seed(engine, started=utc(2024, 5, 1, 0, 0, 0))
    seed(engine, started=utc(2024, 5, 2, 23, 59, 59))
    seed(engine, started=utc(2024, 5, 3, 0, 0, 0))

    def started(start: date | None, end: date | None) -> int:
        return insights.funnel(InsightFilter(start=start, end=end)).started

    assert started(date(2024, 5, 1), date(2024, 5, 2)) == 2
    assert started(date(2024, 5, 1), None) == 3
    assert started(None, date(2024, 5, 1)) == 2
    assert started(date(2024, 5, 3), date(2024, 5, 3)) == 1
    assert started(date(2024, 6, 1), None) == 0
    assert started(date.min, date.max) == 4


def test_funnel_product_filter(engine: Engine, insights: InsightStore) -> None:
    day = utc(2024, 5, 1)
    seed(engine, started=day)
    seed(engine, started=day, product="desk", summary=True, options={})
    seed(engine, started=day, product="sneaker")

    assert insights.funnel(InsightFilter(product="desk")) == Funnel(1, 1, 1, 1, 0, 0)
    assert insights.funnel(InsightFilter(product=SQL_INJECTION)).started == 0


# --- drop-off --------------------------------------------------------------------------


def test_drop_offs_group_abandoned_conversations_by_last_question(
    engine: Engine, insights: InsightStore
) -> None:
    day = utc(2024, 5, 1)
    for _ in range(3):
        seed(engine, started=day, product="desk", status=ABANDONED, last_question="width")
    seed(engine, started=day, product="sneaker", status=ABANDONED, last_question="width")
    seed(engine, started=day, status=ABANDONED, last_question="product")
    seed(engine, started=day, status=ABANDONED)
    seed(engine, started=day, product="desk", status=ACTIVE, last_question="width")
    seed(engine, started=day, product="desk", status=COMPLETED, last_question="rating")

    drop_offs = insights.drop_offs(EVERYTHING)

    assert drop_offs[0] == DropOff("desk", "width", 3)
    assert set(drop_offs[1:]) == {
        DropOff("sneaker", "width", 1),
        DropOff(None, "product", 1),
        DropOff(None, None, 1),
    }
    assert insights.drop_offs(InsightFilter(product="desk")) == (DropOff("desk", "width", 3),)
    assert insights.drop_offs(InsightFilter(start=date(2024, 5, 2))) == ()


# --- ratings ---------------------------------------------------------------------------


def test_rating_distribution_counts_each_conversations_latest_rating(
    engine: Engine, insights: InsightStore
) -> None:
    day = utc(2024, 5, 1)
    seed(engine, started=day, product="desk", ratings=[(5, day)])
    seed(engine, started=day, product="desk", ratings=[(5, day)])
    seed(engine, started=day, product="desk", ratings=[(1, day), (3, day + timedelta(1))])
    seed(engine, started=day, product="sneaker", ratings=[(2, day)])
    seed(engine, started=utc(2024, 6, 1), product="desk", ratings=[(4, utc(2024, 6, 1))])

    assert insights.rating_distribution(EVERYTHING).counts == (0, 1, 1, 1, 2)
    assert insights.rating_distribution(InsightFilter(product="desk")).counts == (0, 0, 1, 1, 2)
    may = InsightFilter(start=date(2024, 5, 1), end=date(2024, 5, 31), product="desk")
    assert insights.rating_distribution(may).counts == (0, 0, 1, 0, 2)


def test_rating_weeks_are_iso_weeks_in_utc(engine: Engine, insights: InsightStore) -> None:
    started = utc(2024, 12, 1)
    # Sunday 29 December 2024 ends ISO week 2024-W52; Monday the 30th starts 2025-W01.
    seed(engine, started=started, ratings=[(2, utc(2024, 12, 29, 23, 59, 59))])
    seed(engine, started=started, ratings=[(4, utc(2024, 12, 30, 0, 0, 0))])
    seed(engine, started=started, ratings=[(5, utc(2025, 1, 5, 23, 0))])
    seed(engine, started=started, ratings=[(1, utc(2025, 1, 20, 8))])

    assert insights.rating_weeks(EVERYTHING) == (
        RatingWeek(date(2024, 12, 23), 1, 2.0),
        RatingWeek(date(2024, 12, 30), 2, 4.5),
        RatingWeek(date(2025, 1, 20), 1, 1.0),
    )
    assert insights.rating_weeks(InsightFilter(start=date(2025, 1, 1))) == ()


def test_rating_weeks_do_not_depend_on_the_sessions_time_zone(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("only PostgreSQL has a session time zone")
    upgrade_to_head(database_url)
    writer = create_engine_for(database_url)
    seed(writer, started=utc(2024, 1, 1), ratings=[(3, utc(2024, 1, 8, 2))])  # a Monday
    writer.dispose()
    new_york = create_engine(database_url, connect_args={"options": "-c timezone=America/New_York"})
    try:
        # In New York it is still Sunday the 7th, ISO week 2024-W01; in UTC it is W02.
        weeks = InsightStore(new_york).rating_weeks(EVERYTHING)
    finally:
        new_york.dispose()
    assert weeks == (RatingWeek(date(2024, 1, 8), 1, 3.0),)


# --- options ---------------------------------------------------------------------------


def test_option_popularity_counts_values_of_filtered_specifications(
    engine: Engine, insights: InsightStore
) -> None:
    day = utc(2024, 5, 1)
    desk = {"width": option(160), "top": option("oak"), "cable_tray": option(True)}
    seed(engine, started=day, product="desk", options=desk)
    seed(engine, started=day, product="desk", options={**desk, "cable_tray": option(False)})
    seed(engine, started=day, product="desk", options={**desk, "top": option("walnut")})
    sneaker = {"size": option(42.5), "material": option(SQL_INJECTION), "monogram": option("JD")}
    seed(engine, started=day, product="sneaker", options=sneaker)
    seed(engine, started=utc(2023, 1, 1), product="sneaker", options=sneaker)
    seed(engine, started=day, product="desk")  # no specification

    popularity = insights.option_popularity(InsightFilter(start=date(2024, 1, 1)))

    assert popularity.specifications == {"desk": 3, "sneaker": 1}
    assert set(popularity.counts) == {
        OptionCount("desk", "cable_tray", "no", 1),
        OptionCount("desk", "cable_tray", "yes", 2),
        OptionCount("desk", "top", "oak", 2),
        OptionCount("desk", "top", "walnut", 1),
        OptionCount("desk", "width", "160", 3),
        OptionCount("sneaker", "material", SQL_INJECTION, 1),
        OptionCount("sneaker", "monogram", "JD", 1),
        OptionCount("sneaker", "size", "42.5", 1),
    }
    only_sneakers = insights.option_popularity(InsightFilter(product="sneaker"))
    assert only_sneakers.specifications == {"sneaker": 2}


def test_option_popularity_filters_on_the_specifications_product(
    engine: Engine, insights: InsightStore
) -> None:
    # The customer switched from sneakers to a desk within one conversation.
    seed(
        engine,
        started=utc(2024, 5, 1),
        product="sneaker",
        spec_product="desk",
        options={"top": option("oak")},
    )

    assert insights.option_popularity(InsightFilter(product="sneaker")).specifications == {}
    desk = insights.option_popularity(InsightFilter(product="desk"))
    assert desk.counts == (OptionCount("desk", "top", "oak", 1),)


@pytest.mark.parametrize(
    "options",
    [
        [],
        "oak",
        {"top": "oak"},
        {"top": {"label": "no value"}},
        {"top": {"value": None}},
        {"top": {"value": {"nested": 1}}},
        {"top": {"value": [1, 2]}},
    ],
)
def test_malformed_options_are_skipped_but_the_specification_counts(
    engine: Engine, insights: InsightStore, options: Any
) -> None:
    seed(engine, started=utc(2024, 5, 1), product="desk", options=options)

    popularity = insights.option_popularity(EVERYTHING)

    assert (popularity.specifications, popularity.counts) == ({"desk": 1}, ())


def test_option_popularity_streams_more_specifications_than_one_batch(
    engine: Engine, insights: InsightStore
) -> None:
    rows = [
        {
            "sender_id": f"bulk-{index}",
            "product": "tshirt",
            "status": COMPLETED,
            "started_at": utc(2024, 5, 1),
        }
        for index in range(1_203)
    ]
    with engine.begin() as connection:
        connection.execute(insert(conversations), rows)
        ids = connection.execute(select(conversations.c.id)).scalars().all()
        connection.execute(
            insert(specifications),
            [
                {
                    "spec_id": f"bulk-spec-{index}",
                    "conversation_id": conversation_id,
                    "product": "tshirt",
                    "created_at": utc(2024, 5, 1),
                    "document": {"options": {"size": option(["s", "m", "l"][index % 3])}},
                }
                for index, conversation_id in enumerate(ids)
            ],
        )

    popularity = insights.option_popularity(EVERYTHING)

    assert popularity.specifications == {"tshirt": 1_203}
    assert popularity.counts == (
        OptionCount("tshirt", "size", "l", 401),
        OptionCount("tshirt", "size", "m", 401),
        OptionCount("tshirt", "size", "s", 401),
    )


# --- design insights -------------------------------------------------------------------


def test_conflicts_most_frequent_first(engine: Engine, insights: InsightStore) -> None:
    day = utc(2024, 5, 1)
    suede_white = conflict("color", "white", "material", "suede")
    seed(engine, started=day, product="sneaker", insights=[suede_white, suede_white])
    seed(engine, started=day, product="sneaker", insights=[suede_white])
    seed(
        engine,
        started=day,
        product="sneaker",
        insights=[conflict("sole", "gum", "material", "knit")],
    )
    seed(
        engine,
        started=day,
        product="desk",
        insights=[conflict("frame", "single", "width", "180"), unavailable("top", "glass")],
    )

    assert insights.conflicts(EVERYTHING) == (
        ConflictCount("sneaker", "color", "white", "material", "suede", 3),
        ConflictCount("desk", "frame", "single", "width", "180", 1),
        ConflictCount("sneaker", "sole", "gum", "material", "knit", 1),
    )
    assert insights.conflicts(InsightFilter(product="desk")) == (
        ConflictCount("desk", "frame", "single", "width", "180", 1),
    )
    assert insights.conflicts(InsightFilter(end=date(2024, 4, 30))) == ()


def test_conflicts_filter_on_the_insights_product(engine: Engine, insights: InsightStore) -> None:
    seed(
        engine,
        started=utc(2024, 5, 1),
        product="desk",
        insights=[conflict("color", "white", "material", "suede", product="sneaker")],
    )

    assert insights.conflicts(InsightFilter(product="desk")) == ()
    assert len(insights.conflicts(InsightFilter(product="sneaker"))) == 1


def test_only_the_top_conflicts_are_listed(engine: Engine, insights: InsightStore) -> None:
    many = [conflict("color", f"colour-{index:03d}", "material", "suede") for index in range(50)]
    seed(engine, started=utc(2024, 5, 1), product="sneaker", insights=many)

    listed = insights.conflicts(EVERYTHING)

    assert len(listed) == TOP_INSIGHTS
    assert [c.value for c in listed] == [f"colour-{index:03d}" for index in range(TOP_INSIGHTS)]


def test_unavailable_values_counted_verbatim(engine: Engine, insights: InsightStore) -> None:
    day = utc(2024, 5, 1)
    seed(
        engine,
        started=day,
        product="sneaker",
        insights=[
            unavailable("color", "purple"),
            unavailable("color", "purple"),
            unavailable("color", SQL_INJECTION),
            unavailable("monogram", None),
            conflict("color", "white", "material", "suede"),
        ],
    )
    seed(engine, started=day, product="desk", insights=[unavailable("width", "250 cm")])

    assert insights.unavailable(InsightFilter(product="sneaker")) == (
        UnavailableCount("sneaker", "color", "purple", 2),
        UnavailableCount("sneaker", "color", SQL_INJECTION, 1),
        UnavailableCount("sneaker", "monogram", None, 1),
    )
    assert UnavailableCount("desk", "width", "250 cm", 1) in insights.unavailable(EVERYTHING)
