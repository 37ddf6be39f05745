from __future__ import annotations

from datetime import date

from bot.insights.charts import Bars, Panels, Trend
from bot.insights.figures import (
    ConflictCount,
    DropOff,
    Funnel,
    OptionCount,
    OptionPopularity,
    RatingDistribution,
    RatingWeek,
    UnavailableCount,
)
from bot.insights.labels import Labels
from bot.insights.views import (
    conflicts_view,
    drop_off_view,
    funnel_view,
    options_view,
    percent,
    rating_trend_view,
    ratings_view,
    unavailable_view,
)
from tests.demo_catalog import CATALOG

LABELS = Labels(CATALOG)


def test_percent() -> None:
    assert percent(0.4567) == "46%"
    assert percent(1.5) == "150%"
    assert percent(0.0) == "0%"
    assert percent(None) == "n/a"


def test_funnel_view() -> None:
    view = funnel_view(Funnel(200, 150, 90, 60, 30, 7))

    assert view.name == "funnel"
    assert view.table.rows[0] == ("Started", "200", "100%", "n/a")
    assert view.table.rows[3] == ("Confirmed", "60", "30%", "67%")
    assert view.notes == ("Handed to staff: 7 (4% of started).",)
    assert isinstance(view.chart, Bars)
    assert view.chart.values == (200, 150, 90, 60, 30)
    assert view.chart.annotations[1] == "150 (75%)"
    assert "Funnel" in view.alt


def test_drop_off_view_names_questions_and_products() -> None:
    view = drop_off_view(
        [DropOff(None, None, 1), DropOff("desk", "top", 6), DropOff(None, "product", 3)], LABELS
    )

    assert view.table.rows == (
        ("desktop", "Standing desk", "6", "60%"),
        ("which product", "no product", "3", "30%"),
        ("before the first question", "no product", "1", "10%"),
    )
    assert view.chart.labels[0] == "desktop (Standing desk)"
    assert view.notes == ("Abandoned conversations: 10.",)


def test_ratings_view() -> None:
    view = ratings_view(RatingDistribution((1, 0, 0, 1, 2)))

    assert view.table.rows[4] == ("5", "2", "50%")
    assert view.chart.labels == ("1 star", "2 stars", "3 stars", "4 stars", "5 stars")
    assert view.chart.values == (1, 0, 0, 1, 2)
    assert view.notes == ("Average rating: 3.75 from 4 ratings.",)
    assert ratings_view(RatingDistribution((0,) * 5)).notes == (
        "Average rating: n/a from 0 ratings.",
    )


def test_rating_trend_view_fills_quiet_weeks() -> None:
    view = rating_trend_view(
        [RatingWeek(date(2024, 1, 1), 2, 4.5), RatingWeek(date(2024, 1, 15), 1, 2.0)]
    )

    assert view.table.rows == (
        ("2024-W01", "2024-01-01", "2", "4.50"),
        ("2024-W02", "2024-01-08", "0", "n/a"),
        ("2024-W03", "2024-01-15", "1", "2.00"),
    )
    assert view.chart == Trend(
        ("2024-W01", "2024-W02", "2024-W03"),
        (2, 0, 1),
        (4.5, None, 2.0),
        "Ratings",
        "Average rating",
    )


def test_options_view_leaves_free_text_out() -> None:
    popularity = OptionPopularity(
        {"desk": 4, "sneaker": 2},
        (
            OptionCount("desk", "top", "oak", 3),
            OptionCount("desk", "top", "walnut", 1),
            OptionCount("desk", "width", "160", 4),
            OptionCount("sneaker", "monogram", "JD", 2),
            OptionCount("sneaker", "material", "suede", 2),
        ),
    )

    view = options_view(popularity, LABELS)

    # In the catalog's order: sneakers before desks, a desk's width before its top.
    assert view.table.rows == (
        ("Custom sneakers", "upper material", "Suede", "2", "100%"),
        ("Standing desk", "width", "160 cm", "4", "100%"),
        ("Standing desk", "desktop", "Solid oak", "3", "75%"),
        ("Standing desk", "desktop", "Solid walnut", "1", "25%"),
    )
    assert isinstance(view.chart, Panels)
    (sneakers, sneaker_bars), (desk, desk_bars) = view.chart.panels
    assert (sneakers, desk) == ("Custom sneakers", "Standing desk")
    assert desk_bars.labels == ("width: 160 cm", "desktop: Solid oak")
    assert desk_bars.values == (1.0, 0.75)
    assert desk_bars.annotations == ("100% (4)", "75% (3)")
    assert sneaker_bars.labels == ("upper material: Suede",)
    assert "JD" not in str(view)
    assert view.notes == ("Custom sneakers: 2 specifications.", "Standing desk: 4 specifications.")


def test_conflicts_view() -> None:
    view = conflicts_view(
        [
            ConflictCount("sneaker", "color", "white", "material", "suede", 3),
            ConflictCount("desk", "frame", "single", None, None, 1),
        ],
        LABELS,
    )

    assert view.table.rows == (
        ("Custom sneakers", "upper colour: White", "upper material: Suede", "3"),
        ("Standing desk", "frame: Electric, single motor", "n/a", "1"),
    )
    assert view.chart.labels[0] == "upper colour: White with upper material: Suede"
    assert view.chart.values == (3, 1)


def test_unavailable_view_shows_customer_words_cleaned() -> None:
    view = unavailable_view(
        [
            UnavailableCount("sneaker", "color", "<b>purple</b>\n", 2),
            UnavailableCount("desk", "width", "250", 1),
            UnavailableCount("sneaker", "monogram", None, 1),
        ],
        LABELS,
    )

    assert view.table.rows == (
        ("Custom sneakers", "upper colour", "<b>purple</b>", "2"),
        ("Standing desk", "width", "250 cm", "1"),
        ("Custom sneakers", "monogram", "(free text, not kept)", "1"),
    )
    assert view.chart.labels[0] == "upper colour: <b>purple</b>"


def test_long_chart_labels_are_shortened_but_the_table_keeps_the_label() -> None:
    long_value = "very " * 30
    view = unavailable_view([UnavailableCount("sneaker", "color", long_value, 1)], LABELS)

    assert len(view.chart.labels[0]) <= 50
    assert view.table.rows[0][2].startswith("very very")
