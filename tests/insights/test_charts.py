from __future__ import annotations

import threading
import xml.etree.ElementTree as ElementTree

import pytest

from bot.insights.charts import EMPTY_MESSAGE, Bars, Chart, Panels, Trend, render_svg

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = "<script>alert('x')</script> & $\\nosuch{$ -- ]]>"
"""Markup, an XML comment's end, and broken mathtext (which would raise if parsed)."""

BARS = Bars(
    labels=("Started", "Product chosen"),
    values=(10, 4),
    annotations=("10 (100%)", "4 (40%)"),
    axis_label="Conversations",
)
TREND = Trend(
    weeks=("2024-W01", "2024-W02", "2024-W03"),
    counts=(3, 0, 2),
    averages=(4.0, None, 2.5),
    count_label="Ratings",
    average_label="Average rating",
)
SHARES = Bars(("top: Solid oak",), (0.5,), ("50% (3)",), "Share", shares=True)
PANELS = Panels((("Standing desk", SHARES), ("Custom sneakers", BARS)))
VERTICAL = Bars(("1 star", "2 stars"), (1, 3), ("1", "3"), "Conversations", horizontal=False)
CHARTS = [BARS, TREND, PANELS, VERTICAL]


@pytest.fixture(autouse=True)
def no_cached_charts() -> None:
    """Each test draws its charts for real."""
    render_svg.cache_clear()


def parse(svg: bytes) -> ElementTree.Element:
    root = ElementTree.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def comments(svg: bytes) -> str:
    """The text matplotlib keeps beside each glyph outline, in XML comments."""
    parser = ElementTree.XMLParser(target=ElementTree.TreeBuilder(insert_comments=True))
    parser.feed(svg)
    root = parser.close()
    return "\n".join(str(node.text) for node in root.iter() if node.tag is ElementTree.Comment)


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_valid_svg_named_by_their_title(chart: Chart) -> None:
    svg = render_svg("Funnel", chart)

    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Funnel"
    assert root.get("viewBox")


@pytest.mark.parametrize("chart", CHARTS)
def test_charts_are_deterministic(chart: Chart) -> None:
    first = render_svg("Same", chart)
    render_svg.cache_clear()

    assert render_svg("Same", chart) == first


def test_an_unchanged_chart_is_not_drawn_again() -> None:
    first = render_svg("Funnel", BARS)

    assert render_svg("Funnel", BARS) is first
    assert render_svg.cache_info().hits == 1


def test_different_data_gives_a_different_chart() -> None:
    other = Bars(BARS.labels, (10, 5), ("10 (100%)", "5 (50%)"), BARS.axis_label)

    assert render_svg("Funnel", BARS) != render_svg("Funnel", other)


def test_the_svg_carries_no_date() -> None:
    svg = render_svg("Funnel", BARS)

    assert b"<dc:date>" not in svg


def test_labels_are_drawn() -> None:
    text = comments(render_svg("Funnel", BARS))

    for word in ("Started", "Product chosen", "10 (100%)", "4 (40%)", "Conversations"):
        assert word in text


@pytest.mark.parametrize(
    "chart",
    [
        Bars((), (), (), "Conversations"),
        Bars(("Started", "Confirmed"), (0, 0), ("0", "0"), "Conversations"),
        Trend((), (), (), "Ratings", "Average"),
        Trend(("2024-W01",), (0,), (None,), "Ratings", "Average"),
        Panels(()),
        Panels((("Desk", Bars((), (), (), "Share")),)),
    ],
)
def test_no_data_draws_an_empty_state(chart: Chart) -> None:
    svg = render_svg("Ratings", chart)

    parse(svg)
    assert EMPTY_MESSAGE in comments(svg)


def test_a_panel_without_data_is_left_out() -> None:
    chart = Panels((("Standing desk", SHARES), ("Printed T-shirt", Bars((), (), (), "Share"))))

    text = comments(render_svg("Options", chart))

    assert "Standing desk" in text
    assert "Printed T-shirt" not in text


@pytest.mark.parametrize(
    "chart",
    [
        Bars((HOSTILE,), (1,), (HOSTILE,), HOSTILE),
        Bars((HOSTILE, "b"), (1, 2), ("1", "2"), "n", horizontal=False),
        Trend((HOSTILE,), (1,), (3.0,), HOSTILE, HOSTILE),
        Panels(((HOSTILE, Bars((HOSTILE,), (0.5,), ("50%",), "Share", shares=True)),)),
    ],
)
def test_hostile_text_is_escaped_and_not_read_as_mathtext(chart: Chart) -> None:
    svg = render_svg(HOSTILE, chart)

    root = parse(svg)
    assert root.find(f"{SVG}title").text == HOSTILE
    assert not list(root.iter(f"{SVG}script"))
    assert b"<script" not in svg
    assert "&lt;script&gt;alert('x')&lt;/script&gt; &amp; $\\nosuch{$ - - ]]&gt;" in comments(svg)
    # Drawn as typed: the dollar and backslash glyphs are there (mathtext drops them).
    assert b'id="DejaVuSans-24"' in svg
    assert b'id="DejaVuSans-5c"' in svg


def test_many_bars_and_long_trends_still_render() -> None:
    labels = tuple(f"value {index}" for index in range(200))
    bars = Bars(labels, tuple(range(1, 201)), tuple(map(str, range(1, 201))), "Times")
    weeks = tuple(f"W{index}" for index in range(260))
    trend = Trend(weeks, tuple([1] * 260), tuple([3.0] * 260), "Ratings", "Average")

    parse(render_svg("Many", bars))
    parse(render_svg("Long", trend))


def test_renders_from_many_threads_at_once_match_a_lone_render() -> None:
    expected = {chart: render_svg("Threads", chart) for chart in (BARS, TREND)}
    results: list[bool] = []

    def render(chart: Chart) -> None:
        # Past the cache: every thread really draws.
        results.append(render_svg.__wrapped__("Threads", chart) == expected[chart])

    threads = [threading.Thread(target=render, args=(chart,)) for chart in (BARS, TREND) * 4]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [True] * 8
