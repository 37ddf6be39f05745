from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.insights.filters import FilterError, InsightFilter, parse_filter
from tests.demo_catalog import CATALOG


def test_empty_fields_mean_no_limit() -> None:
    assert parse_filter(None, None, None, CATALOG) == InsightFilter()
    assert parse_filter("", "  ", "", CATALOG) == InsightFilter()


def test_dates_and_product() -> None:
    filters = parse_filter("2024-05-01", " 2024-05-31 ", "desk", CATALOG)

    assert filters == InsightFilter(date(2024, 5, 1), date(2024, 5, 31), "desk")
    assert filters.starts_at == datetime(2024, 5, 1, tzinfo=timezone.utc)
    assert filters.ends_before == datetime(2024, 6, 1, tzinfo=timezone.utc)
    assert filters.query() == {"start": "2024-05-01", "end": "2024-05-31", "product": "desk"}


def test_one_day_and_open_ends() -> None:
    assert parse_filter("2024-05-01", "2024-05-01", None, CATALOG).query() == {
        "start": "2024-05-01",
        "end": "2024-05-01",
    }
    open_start = parse_filter(None, "2024-05-01", None, CATALOG)
    assert (open_start.starts_at, open_start.query()) == (None, {"end": "2024-05-01"})


def test_the_last_day_there_is_has_no_day_after() -> None:
    filters = parse_filter("0001-01-01", "9999-12-31", None, CATALOG)

    assert filters.starts_at == datetime(1, 1, 1, tzinfo=timezone.utc)
    assert filters.ends_before is None


@pytest.mark.parametrize(
    ("start", "end", "product", "message"),
    [
        ("2024-13-01", None, None, "The start date '2024-13-01' is not a date"),
        ("yesterday", None, None, "The start date 'yesterday' is not a date"),
        (None, "01/05/2024", None, "The end date '01/05/2024' is not a date"),
        (None, "2024-05-01T10:00", None, "The end date '2024-05-01T10:00' is not a date"),
        ("2024-05-02", "2024-05-01", None, "The start date 2024-05-02 is after the end date"),
        (None, None, "mug", "There is no product 'mug' in the catalog."),
        (None, None, "DESK", "There is no product 'DESK' in the catalog."),
        (None, None, "<script>alert(1)</script>", "There is no product '<script>"),
        (None, None, "'; DROP TABLE conversations; --", "There is no product ''; DROP"),
    ],
)
def test_bad_fields_are_refused_with_a_sentence(
    start: str | None, end: str | None, product: str | None, message: str
) -> None:
    with pytest.raises(FilterError) as refused:
        parse_filter(start, end, product, CATALOG)

    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("huge", ["2" * 100_000, "x" * 100_000])
def test_huge_fields_are_not_echoed_whole(huge: str) -> None:
    for fields in ((huge, None, None), (None, huge, None), (None, None, huge)):
        with pytest.raises(FilterError) as refused:
            parse_filter(*fields, CATALOG)
        assert len(str(refused.value)) < 200


def test_control_characters_are_not_echoed() -> None:
    with pytest.raises(FilterError) as refused:
        parse_filter(None, None, "desk\x00\x1b[31m", CATALOG)

    assert "\x00" not in str(refused.value)
    assert "\x1b" not in str(refused.value)


def test_a_range_cannot_end_before_it_starts() -> None:
    with pytest.raises(FilterError):
        InsightFilter(start=date(2024, 2, 1), end=date(2024, 1, 31))
