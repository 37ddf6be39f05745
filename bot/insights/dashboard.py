"""Which figures the dashboard shows, in which order, and where each one's data comes from.

The page shows every figure; a chart image asks for one by name. Both go through
`figure_view`, so a chart is computed from exactly the data its table shows, and a
chart request computes only its own figure. The data comes from a `FigureSource`
(`bot.storage.insights.InsightStore` in the app), described here as a protocol so this
package needs no database.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from bot.insights.figures import (
    ConflictCount,
    DropOff,
    Funnel,
    OptionPopularity,
    RatingDistribution,
    RatingWeek,
    UnavailableCount,
)
from bot.insights.filters import InsightFilter
from bot.insights.labels import Labels
from bot.insights.views import (
    FigureView,
    conflicts_view,
    drop_off_view,
    funnel_view,
    options_view,
    rating_trend_view,
    ratings_view,
    unavailable_view,
)


class UnknownFigure(KeyError):
    """No figure has this name."""


class FigureSource(Protocol):
    """Computes each figure for the conversations a filter selects."""

    def funnel(self, filters: InsightFilter) -> Funnel:
        """How far conversations got."""

    def drop_offs(self, filters: InsightFilter) -> tuple[DropOff, ...]:
        """Abandoned conversations by product and last question."""

    def rating_distribution(self, filters: InsightFilter) -> RatingDistribution:
        """How many conversations got each rating."""

    def rating_weeks(self, filters: InsightFilter) -> tuple[RatingWeek, ...]:
        """Ratings per ISO week, weeks without ratings left out."""

    def option_popularity(self, filters: InsightFilter) -> OptionPopularity:
        """How often specifications chose each value."""

    def conflicts(self, filters: InsightFilter) -> tuple[ConflictCount, ...]:
        """The most frequent rule conflicts, most frequent first."""

    def unavailable(self, filters: InsightFilter) -> tuple[UnavailableCount, ...]:
        """The most frequent values asked for that the catalog lacks, most frequent first."""


_Build = Callable[[FigureSource, InsightFilter, Labels], FigureView]

_FIGURES: dict[str, _Build] = {
    "funnel": lambda source, filters, _: funnel_view(source.funnel(filters)),
    "drop-off": lambda source, filters, labels: drop_off_view(source.drop_offs(filters), labels),
    "ratings": lambda source, filters, _: ratings_view(source.rating_distribution(filters)),
    "rating-trend": lambda source, filters, _: rating_trend_view(source.rating_weeks(filters)),
    "options": lambda source, filters, labels: options_view(
        source.option_popularity(filters), labels
    ),
    "conflicts": lambda source, filters, labels: conflicts_view(source.conflicts(filters), labels),
    "unavailable": lambda source, filters, labels: unavailable_view(
        source.unavailable(filters), labels
    ),
}

FIGURE_NAMES = tuple(_FIGURES)
"""Every figure's name, in the order the dashboard shows them."""


def figure_view(
    name: str, source: FigureSource, filters: InsightFilter, labels: Labels
) -> FigureView:
    """The figure called `name`; raises `UnknownFigure` for a name that is none."""
    build = _FIGURES.get(name)
    if build is None:
        raise UnknownFigure(name)
    return build(source, filters, labels)


def dashboard_views(
    source: FigureSource, filters: InsightFilter, labels: Labels
) -> tuple[FigureView, ...]:
    """Every figure, in dashboard order."""
    return tuple(figure_view(name, source, filters, labels) for name in FIGURE_NAMES)
