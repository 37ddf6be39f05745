"""What each figure shows: a title, a sentence on its meaning, a table and a chart.

The dashboard page prints the table and the chart route draws the chart from the same
`FigureView`, so the picture and the numbers beside it can never disagree. Every
catalog word comes from `Labels`; every number is formatted here, once.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from bot.catalog.labels import shorten
from bot.insights.charts import Bars, Chart, Panels, Trend
from bot.insights.figures import (
    ConflictCount,
    DropOff,
    Funnel,
    OptionCount,
    OptionPopularity,
    RatingDistribution,
    RatingWeek,
    UnavailableCount,
    fill_weeks,
    share,
)
from bot.insights.labels import Labels

CHART_LABEL_LIMIT = 50
"""Longest bar label in characters; the table beside the chart has the rest."""
OPTIONS_PER_ATTRIBUTE = 3
"""How many of each attribute's most chosen values the options table lists."""
NO_FIGURE = "n/a"


@dataclass(frozen=True)
class Table:
    """The figure's numbers as text, for staff, screen readers and tests."""

    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    label_columns: int = 1
    """How many leading columns hold words; the rest hold numbers (aligned right)."""


@dataclass(frozen=True)
class FigureView:
    """One figure of the dashboard, ready to print and to draw."""

    name: str
    """The chart's name in its URL: /staff/dashboard/charts/<name>.svg."""
    title: str
    description: str
    table: Table
    chart: Chart
    notes: tuple[str, ...] = ()

    @property
    def alt(self) -> str:
        """The chart image's text alternative: the table under it says it all."""
        return f"Chart: {self.title}. The table below lists the same figures."


def percent(fraction: float | None) -> str:
    """A share as a whole percentage ('42%'), or a dash when there is no whole."""
    return NO_FIGURE if fraction is None else f"{fraction:.0%}"


def funnel_view(funnel: Funnel) -> FigureView:
    """The funnel, step by step, with the conversations handed to staff as a note."""
    steps = funnel.steps()
    return FigureView(
        name="funnel",
        title="Funnel",
        description=(
            "How far the conversations started in the period got. Each step counts the "
            "conversations that reached it."
        ),
        table=Table(
            ("Step", "Conversations", "Of started", "From the step before"),
            tuple(
                (step.label, str(step.count), percent(step.of_started), percent(step.from_previous))
                for step in steps
            ),
        ),
        chart=Bars(
            labels=tuple(step.label for step in steps),
            values=tuple(step.count for step in steps),
            annotations=tuple(f"{step.count} ({percent(step.of_started)})" for step in steps),
            axis_label="Conversations",
        ),
        notes=(
            f"Handed to staff: {funnel.handed_over} "
            f"({percent(share(funnel.handed_over, funnel.started))} of started).",
        ),
    )


def drop_off_view(drop_offs: Sequence[DropOff], labels: Labels) -> FigureView:
    """Abandoned conversations by the question the customer left at."""
    ordered = sorted(drop_offs, key=lambda d: (-d.count, d.product or "", d.question or ""))
    abandoned = sum(drop_off.count for drop_off in ordered)
    rows = tuple(
        (
            labels.question(drop_off.product, drop_off.question),
            labels.product(drop_off.product),
            str(drop_off.count),
            percent(share(drop_off.count, abandoned)),
        )
        for drop_off in ordered
    )
    return FigureView(
        name="drop-off",
        title="Where customers drop off",
        description=(
            "Abandoned conversations by the last question the bot asked before the customer left."
        ),
        table=Table(("Last question", "Product", "Abandoned", "Of abandoned"), rows, 2),
        chart=Bars(
            labels=tuple(_chart_label(f"{question} ({product})") for question, product, *_ in rows),
            values=tuple(drop_off.count for drop_off in ordered),
            annotations=tuple(str(drop_off.count) for drop_off in ordered),
            axis_label="Abandoned conversations",
        ),
        notes=(f"Abandoned conversations: {abandoned}.",),
    )


def ratings_view(distribution: RatingDistribution) -> FigureView:
    """How many conversations got each rating."""
    rows = distribution.rows()
    average = distribution.average
    return FigureView(
        name="ratings",
        title="Ratings",
        description="Each rated conversation's latest rating, from 1 (poor) to 5 (excellent).",
        table=Table(
            ("Rating", "Conversations", "Share"),
            tuple((str(rating), str(count), percent(part)) for rating, count, part in rows),
        ),
        chart=Bars(
            labels=tuple(_stars(rating) for rating, _, _ in rows),
            values=tuple(count for _, count, _ in rows),
            annotations=tuple(str(count) for _, count, _ in rows),
            axis_label="Conversations",
            horizontal=False,
        ),
        notes=(f"Average rating: {_average(average)} from {distribution.total} ratings.",),
    )


def rating_trend_view(weeks: Sequence[RatingWeek]) -> FigureView:
    """Ratings per ISO week and their average, weeks without ratings included."""
    filled = fill_weeks(weeks)
    return FigureView(
        name="rating-trend",
        title="Rating trend",
        description=(
            "Ratings given per ISO week (Monday to Sunday, UTC) and their average; weeks "
            "without ratings show no average."
        ),
        table=Table(
            ("Week", "Starts on", "Ratings", "Average"),
            tuple(
                (week.label, week.week.isoformat(), str(week.count), _average(week.average))
                for week in filled
            ),
            label_columns=2,
        ),
        chart=Trend(
            weeks=tuple(week.label for week in filled),
            counts=tuple(week.count for week in filled),
            averages=tuple(week.average for week in filled),
            count_label="Ratings",
            average_label="Average rating",
        ),
    )


def options_view(popularity: OptionPopularity, labels: Labels) -> FigureView:
    """The values confirmed specifications chose most, per product and attribute.

    Free-text attributes are left out: their values are personal and rarely repeat.
    """
    counted = OptionPopularity(
        popularity.specifications,
        tuple(c for c in popularity.counts if labels.is_choice_like(c.product, c.attribute)),
    )

    def in_catalog_order(counts: tuple[OptionCount, ...]) -> list[OptionCount]:
        # A stable sort: within an attribute the most chosen stay first.
        return sorted(counts, key=lambda c: labels.rank(c.product, c.attribute))

    rows = tuple(
        (
            labels.product(count.product),
            labels.attribute(count.product, count.attribute),
            labels.value(count.product, count.attribute, count.value),
            str(count.count),
            percent(counted.share(count)),
        )
        for count in in_catalog_order(counted.top(OPTIONS_PER_ATTRIBUTE))
    )
    favourites = groupby(in_catalog_order(counted.top(1)), key=lambda count: count.product)
    panels = tuple(
        (labels.product(product), _favourites(counted, tuple(counts), labels))
        for product, counts in favourites
    )
    return FigureView(
        name="options",
        title="Most chosen options",
        description=(
            "What confirmed specifications chose. The chart shows each attribute's most "
            f"chosen value per product, the table its {OPTIONS_PER_ATTRIBUTE} most chosen; "
            "free-text answers are left out."
        ),
        table=Table(
            ("Product", "Attribute", "Value", "Specifications", "Of the product's"), rows, 3
        ),
        chart=Panels(panels),
        notes=tuple(
            f"{labels.product(product)}: {count} specifications."
            for product, count in sorted(
                popularity.specifications.items(), key=lambda item: labels.rank(item[0])
            )
        ),
    )


def conflicts_view(conflicts: Sequence[ConflictCount], labels: Labels) -> FigureView:
    """The forbidden combinations customers asked for most."""
    rows = tuple(
        (
            labels.product(c.product),
            _pair(labels, c.product, c.attribute, c.value),
            _pair(labels, c.product, c.other_attribute, c.other_value),
            str(c.count),
        )
        for c in conflicts
    )
    return FigureView(
        name="conflicts",
        title="Rule conflicts",
        description=(
            "Values customers asked for that a catalog rule forbids together with a value "
            "they had already chosen, most frequent first."
        ),
        table=Table(("Product", "Asked for", "Already chosen", "Times"), rows, 3),
        chart=Bars(
            labels=tuple(_chart_label(f"{asked} with {chosen}") for _, asked, chosen, _ in rows),
            values=tuple(c.count for c in conflicts),
            annotations=tuple(str(c.count) for c in conflicts),
            axis_label="Times asked",
        ),
    )


def unavailable_view(unavailable: Sequence[UnavailableCount], labels: Labels) -> FigureView:
    """What customers asked for that the catalog does not offer."""
    rows = tuple(
        (
            labels.product(u.product),
            labels.attribute(u.product, u.attribute),
            labels.value(u.product, u.attribute, u.value),
            str(u.count),
        )
        for u in unavailable
    )
    return FigureView(
        name="unavailable",
        title="Asked for, not offered",
        description=(
            "Values customers asked for that the catalog does not offer, in their words "
            "(contact details removed), most frequent first."
        ),
        table=Table(("Product", "Attribute", "Asked for", "Times"), rows, 3),
        chart=Bars(
            labels=tuple(_chart_label(f"{attribute}: {value}") for _, attribute, value, _ in rows),
            values=tuple(u.count for u in unavailable),
            annotations=tuple(str(u.count) for u in unavailable),
            axis_label="Times asked",
        ),
    )


def _favourites(popularity: OptionPopularity, top: Sequence[OptionCount], labels: Labels) -> Bars:
    """One product's most chosen value of each attribute, as shares of its specifications."""
    shares = tuple(popularity.share(count) or 0.0 for count in top)
    return Bars(
        labels=tuple(
            _chart_label(
                f"{labels.attribute(count.product, count.attribute)}: "
                f"{labels.value(count.product, count.attribute, count.value)}"
            )
            for count in top
        ),
        values=shares,
        annotations=tuple(
            f"{percent(part)} ({count.count})" for part, count in zip(shares, top, strict=True)
        ),
        axis_label="Share of the product's specifications",
        shares=True,
    )


def _pair(labels: Labels, product: str, attribute: str | None, value: str | None) -> str:
    """'upper colour: White'; a dash when the insight names no attribute."""
    if attribute is None:
        return NO_FIGURE
    return f"{labels.attribute(product, attribute)}: {labels.value(product, attribute, value)}"


def _chart_label(text: str) -> str:
    return shorten(text, CHART_LABEL_LIMIT)


def _stars(rating: int) -> str:
    return f"{rating} star" if rating == 1 else f"{rating} stars"


def _average(average: float | None) -> str:
    return NO_FIGURE if average is None else f"{average:.2f}"
