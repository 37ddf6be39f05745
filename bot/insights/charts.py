"""The dashboard's charts, drawn server-side as SVG with matplotlib.

Staff pages load no scripts and nothing from a CDN, so charts arrive as finished
images. Rendering uses matplotlib's object API (no pyplot, whose global figure list is
not thread-safe) under a lock, because the settings below live in matplotlib's
process-wide `rcParams` and the web server renders from several threads at once.

The output is deterministic (fixed id salt, no date), so equal data gives equal bytes
and tests and caches can compare them. Text is drawn as glyph outlines with the
string kept in an XML comment that matplotlib escapes, and mathtext is switched off
for every label: a customer's '$x$' stays two dollars and an x. The chart's title is
also the SVG's `<title>` (matplotlib writes the `Title` metadata there), which screen
readers announce.
"""

from __future__ import annotations

import functools
import io
import math
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath
from matplotlib.ticker import MaxNLocator, PercentFormatter

WIDTH_INCHES = 8.0
TITLE_INCHES = 0.5
"""Room for the chart's title above everything else."""
ROW_INCHES = 0.3
"""Height of one bar of a horizontal bar chart, so long lists stay readable."""
AXIS_INCHES = 0.6
"""Room under a plot for its tick labels and axis label."""
PANEL_TITLE_INCHES = 0.35
MARGIN_INCHES = 0.35
"""Blank edge beside a plot: room for the last tick label or a right-hand axis."""
AXIS_LABEL_INCHES = 0.8
"""Room left of a plot (or right, for a second axis) with numbers and an axis label."""
PLOT_INCHES = 2.4
"""Height of a vertical bar chart's or a trend's plot."""
MAX_LABEL_SHARE = 0.55
"""Most of the width labels may take; the views shorten labels so they fit within it."""
TICK_FONT_POINTS = 10.0
MAX_WEEK_TICKS = 12
BAR_COLOUR = "#2f6690"
LINE_COLOUR = "#d1495b"
EMPTY_MESSAGE = "No data for these filters."
CACHE_SIZE = 64
"""Charts kept rendered: a reload with unchanged figures costs no drawing."""

_SETTINGS = {
    "svg.hashsalt": "tailor-dashboard",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": TICK_FONT_POINTS,
    "axes.titlesize": 12.0,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "text.usetex": False,
}
_render_lock = threading.Lock()
_TEXT_TO_PATH = TextToPath()


@dataclass(frozen=True)
class Bars:
    """A bar per label, with `annotations` (the figure as text) at the bars' ends."""

    labels: tuple[str, ...]
    values: tuple[float, ...]
    annotations: tuple[str, ...]
    axis_label: str
    horizontal: bool = True
    shares: bool = False
    """Whether the values are shares in [0, 1], drawn as percentages, or counts."""

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to draw: no bars, or only zeros."""
        return not any(self.values)


@dataclass(frozen=True)
class Trend:
    """Counts per week as bars, with their average as a line on a 1 to 5 scale."""

    weeks: tuple[str, ...]
    counts: tuple[int, ...]
    averages: tuple[float | None, ...]
    count_label: str
    average_label: str

    @property
    def is_empty(self) -> bool:
        """Whether there is nothing to draw."""
        return not any(self.counts)


@dataclass(frozen=True)
class Panels:
    """Several bar charts stacked under one title, each with its own heading."""

    panels: tuple[tuple[str, Bars], ...]

    @property
    def is_empty(self) -> bool:
        """Whether no panel has anything to draw."""
        return all(bars.is_empty for _, bars in self.panels)


Chart = Bars | Trend | Panels


@functools.lru_cache(maxsize=CACHE_SIZE)
def render_svg(title: str, chart: Chart) -> bytes:
    """`chart` under `title` as a standalone SVG document; an empty state without data.

    Charts are immutable values and rendering is deterministic, so equal arguments
    are answered from a small cache.
    """
    with _render_lock, matplotlib.rc_context(_SETTINGS):
        figure = _draw(chart)
        figure.suptitle(
            title,
            y=1 - 0.12 / figure.get_figheight(),
            va="top",
            fontweight="bold",
            parse_math=False,
        )
        buffer = io.BytesIO()
        FigureCanvasSVG(figure).print_svg(buffer, metadata={"Date": None, "Title": title})
    return buffer.getvalue()


def _draw(chart: Chart) -> Figure:
    """The figure with the chart's plots placed by hand.

    Matplotlib's automatic layouts draw every text twice to measure it, which doubles
    the cost of a chart; the margins here are known or measured once instead.
    """
    if chart.is_empty:
        figure = Figure(figsize=(WIDTH_INCHES, 1.6))
        figure.text(0.5, 0.4, EMPTY_MESSAGE, ha="center", va="center", color="#555555")
        return figure
    if isinstance(chart, Trend):
        figure = Figure(figsize=(WIDTH_INCHES, TITLE_INCHES + PLOT_INCHES + 1.0))
        _draw_trend(
            _place(figure, TITLE_INCHES, PLOT_INCHES, AXIS_LABEL_INCHES, AXIS_LABEL_INCHES), chart
        )
        return figure
    if isinstance(chart, Bars) and not chart.horizontal:
        figure = Figure(figsize=(WIDTH_INCHES, TITLE_INCHES + PLOT_INCHES + AXIS_INCHES))
        _draw_bars(
            _place(figure, TITLE_INCHES, PLOT_INCHES, AXIS_LABEL_INCHES, MARGIN_INCHES), chart
        )
        return figure
    panels = chart.panels if isinstance(chart, Panels) else (("", chart),)
    return _draw_panels(tuple((heading, bars) for heading, bars in panels if not bars.is_empty))


def _draw_panels(panels: tuple[tuple[str, Bars], ...]) -> Figure:
    """Horizontal bar charts stacked top to bottom, their bars' labels all aligned."""
    labels = [label for _, bars in panels for label in bars.labels]
    left = _text_width(labels) + MARGIN_INCHES
    heights = [
        (PANEL_TITLE_INCHES if heading else 0.0) + ROW_INCHES * max(len(bars.labels), 2)
        for heading, bars in panels
    ]
    figure = Figure(figsize=(WIDTH_INCHES, TITLE_INCHES + sum(heights) + AXIS_INCHES * len(panels)))
    top = TITLE_INCHES
    for (heading, bars), height in zip(panels, heights, strict=True):
        heading_room = PANEL_TITLE_INCHES if heading else 0.0
        axes = _place(figure, top + heading_room, height - heading_room, left, MARGIN_INCHES)
        _draw_bars(axes, bars)
        if heading:
            axes.set_title(heading, loc="left", parse_math=False)
        top += height + AXIS_INCHES
    return figure


def _place(figure: Figure, top: float, height: float, left: float, right: float) -> Axes:
    """A plot `top` inches below the figure's top edge, `height` high, between margins."""
    width, figure_height = figure.get_size_inches()
    left = min(left, width * MAX_LABEL_SHARE)  # clip a freak label rather than the plot
    return figure.add_axes(
        (
            left / width,
            1 - (top + height) / figure_height,
            (width - left - right) / width,
            height / figure_height,
        )
    )


def _text_width(labels: Sequence[str]) -> float:
    """Width in inches of the widest of `labels` as tick labels are drawn."""
    font = FontProperties(size=TICK_FONT_POINTS)
    widths = (
        _TEXT_TO_PATH.get_text_width_height_descent(label, font, ismath=False)[0]
        for label in labels
    )
    return max(widths, default=0.0) / 72


def _draw_bars(axes: Axes, bars: Bars) -> None:
    positions = list(range(len(bars.labels)))
    if bars.horizontal:
        container = axes.barh(positions, bars.values, color=BAR_COLOUR)
        axes.set_yticks(positions)
        axes.set_yticklabels(bars.labels, parse_math=False)
        axes.invert_yaxis()  # the first bar on top, as the table lists it
        axes.set_xlabel(bars.axis_label, parse_math=False)
        axes.set_xlim(0, _headroom(bars.values))
        value_axis = axes.xaxis
    else:
        container = axes.bar(positions, bars.values, color=BAR_COLOUR)
        axes.set_xticks(positions)
        axes.set_xticklabels(bars.labels, parse_math=False)
        axes.set_ylabel(bars.axis_label, parse_math=False)
        axes.set_ylim(0, _headroom(bars.values))
        value_axis = axes.yaxis
    if bars.shares:
        value_axis.set_major_formatter(PercentFormatter(xmax=1.0))
    else:
        value_axis.set_major_locator(MaxNLocator(integer=True))
    axes.bar_label(container, labels=list(bars.annotations), padding=3, parse_math=False)


def _headroom(values: Sequence[float]) -> float:
    """Axis length leaving room for the annotation after the longest bar."""
    return max(values) * 1.25


def _draw_trend(axes: Axes, trend: Trend) -> None:
    positions = list(range(len(trend.weeks)))
    axes.bar(positions, trend.counts, color=BAR_COLOUR, alpha=0.45)
    axes.set_ylabel(trend.count_label, parse_math=False)
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    step = max(1, math.ceil(len(positions) / MAX_WEEK_TICKS))
    axes.set_xticks(positions[::step])
    axes.set_xticklabels(trend.weeks[::step], rotation=45, ha="right", parse_math=False)
    averages = axes.twinx()
    averages.spines["right"].set_visible(True)
    averages.plot(
        positions,
        [math.nan if average is None else average for average in trend.averages],
        color=LINE_COLOUR,
        marker="o",
        markersize=3,
    )
    averages.set_ylim(0.8, 5.2)
    averages.set_yticks([1, 2, 3, 4, 5])
    averages.set_ylabel(trend.average_label, color=LINE_COLOUR, parse_math=False)
