"""A `ConversationFilter` from a URL's query, and back: one parser for the console and the API.

The console's list page, its CSV/JSON exports and the bearer API read the same
parameters, so a filter that works on the page works in a script too. Empty values
mean "any" (an HTML form sends every field, filled or not); unknown parameters are
ignored; a parameter given twice, or a value that cannot be read, is a `QueryError`
naming the parameter, which the page shows (400) and the API returns (422).

    from, to            dates (YYYY-MM-DD, UTC) the conversation started on, inclusive
    product             a product id
    status              active | completed | abandoned | handed_over
    rating              1..5, a range such as 4-5, or unrated
    tag                 a tag (any case and spacing)
    reviewed            yes | no
    low_confidence      yes | no
    q                   text to find in the messages
    sort, order         started | ended | rating | messages | product; desc | asc
    page, page_size     the console's paging (the API pages with limit and offset)
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar
from urllib.parse import urlencode

from starlette.datastructures import QueryParams

from bot.review.filters import (
    DEFAULT_PAGE_SIZE,
    MAX_OFFSET,
    MAX_PAGE_SIZE,
    MAX_RATING,
    MIN_RATING,
    STARTED,
    ConversationFilter,
)

FROM = "from"
TO = "to"
PRODUCT = "product"
STATUS = "status"
RATING = "rating"
TAG = "tag"
REVIEWED = "reviewed"
LOW_CONFIDENCE = "low_confidence"
SEARCH = "q"
SORT = "sort"
ORDER = "order"
PAGE = "page"
PAGE_SIZE = "page_size"

UNRATED = "unrated"
YES = "yes"
NO = "no"
ASCENDING = "asc"
DESCENDING = "desc"
ANY = "query"
"""The parameter blamed when only a combination of values is wrong."""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_RATING = re.compile(r"(\d)(?:-(\d))?")
_WHOLE_NUMBER = re.compile(r"\d{1,19}")
_DEFAULTS = ConversationFilter()

T = TypeVar("T")


class QueryError(ValueError):
    """A query parameter that cannot be read, with a message for whoever sent it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def parse_filter(params: QueryParams, *, limit: int, offset: int) -> ConversationFilter:
    """The filter `params` describe, on the page given by `limit` and `offset`.

    Raises `QueryError` for a value that cannot be read or a combination that makes no
    sense (then the parameter is `ANY`).
    """
    rating_min, rating_max, unrated = _value(params, RATING, _rating, (None, None, False))
    values: dict[str, Any] = {
        "started_from": _value(params, FROM, _date, None),
        "started_to": _value(params, TO, _date, None),
        "product": _value(params, PRODUCT, str, None),
        "status": _value(params, STATUS, str, None),
        "rating_min": rating_min,
        "rating_max": rating_max,
        "unrated": unrated,
        "tag": _value(params, TAG, str, None),
        "reviewed": _value(params, REVIEWED, _yes_no, None),
        "low_confidence": _value(params, LOW_CONFIDENCE, _yes_no, None),
        "search": _value(params, SEARCH, str, None),
        "sort": _value(params, SORT, str, STARTED),
        "descending": _value(params, ORDER, _descending, True),
    }
    _check_each(values)
    try:
        return ConversationFilter(**values, limit=limit, offset=offset)
    except ValueError as error:
        raise QueryError(ANY, str(error)) from error


def parse_page(params: QueryParams) -> tuple[int, int]:
    """`limit` and `offset` of the console's `page` (from 1) and `page_size` parameters."""
    size = _value(params, PAGE_SIZE, _whole_number, DEFAULT_PAGE_SIZE)
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise QueryError(PAGE_SIZE, f"{PAGE_SIZE} must be from 1 to {MAX_PAGE_SIZE}.")
    number = _value(params, PAGE, _whole_number, 1)
    last_page = MAX_OFFSET // size + 1
    if not 1 <= number <= last_page:
        raise QueryError(PAGE, f"{PAGE} must be from 1 to {last_page}.")
    return size, (number - 1) * size


def filter_params(criteria: ConversationFilter) -> list[tuple[str, str]]:
    """The query parameters that describe `criteria` without its paging; defaults left out.

    `parse_filter` reads them back into the same filter (a one-sided rating range comes
    back closed, which matches the same conversations), so links keep the filter.
    """
    pairs = [
        (FROM, criteria.started_from and criteria.started_from.isoformat()),
        (TO, criteria.started_to and criteria.started_to.isoformat()),
        (PRODUCT, criteria.product),
        (STATUS, criteria.status),
        (RATING, _rating_text(criteria)),
        (TAG, criteria.tag),
        (REVIEWED, _yes_no_text(criteria.reviewed)),
        (LOW_CONFIDENCE, _yes_no_text(criteria.low_confidence)),
        (SEARCH, criteria.search),
        (SORT, None if criteria.sort == _DEFAULTS.sort else criteria.sort),
        (ORDER, None if criteria.descending == _DEFAULTS.descending else ASCENDING),
    ]
    return [(name, value) for name, value in pairs if value]


def page_url(path: str, criteria: ConversationFilter, page: int = 1, **changes: Any) -> str:
    """`path` with `criteria` (changed by `changes`) and the console's paging as the query."""
    changed = _replaced(criteria, changes)
    paging = [(PAGE, str(page))] if page != 1 else []
    if changed.limit != DEFAULT_PAGE_SIZE:
        paging.append((PAGE_SIZE, str(changed.limit)))
    query = urlencode(filter_params(changed) + paging)
    return f"{path}?{query}" if query else path


def _replaced(criteria: ConversationFilter, changes: dict[str, Any]) -> ConversationFilter:
    values = {field.name: getattr(criteria, field.name) for field in fields(criteria)}
    return ConversationFilter(**{**values, **changes})


def _value(params: QueryParams, name: str, read: Callable[[str], T], default: T) -> T:
    given = params.getlist(name)
    if len(given) > 1:
        raise QueryError(name, f"Give {name} once, not {len(given)} times.")
    if not given or not given[0].strip():
        return default
    try:
        return read(given[0])
    except ValueError as error:
        raise QueryError(name, f"{name}: {error}") from None


_FIELDS_OF_PARAMETER = {
    FROM: ("started_from",),
    TO: ("started_to",),
    PRODUCT: ("product",),
    STATUS: ("status",),
    RATING: ("rating_min", "rating_max", "unrated"),
    TAG: ("tag",),
    SEARCH: ("search",),
    SORT: ("sort",),
}


def _check_each(values: dict[str, Any]) -> None:
    """Check each parameter's values on their own first, so an error names its parameter."""
    for parameter, names in _FIELDS_OF_PARAMETER.items():
        try:
            ConversationFilter(**{name: values[name] for name in names})
        except ValueError as error:
            raise QueryError(parameter, f"{parameter}: {error}") from None


def _date(text: str) -> date:
    if not _DATE.fullmatch(text.strip()):
        raise ValueError("give a date as YYYY-MM-DD, for example 2024-05-17.")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(f"{text.strip()} is not a date in the calendar.") from None


def _rating(text: str) -> tuple[int | None, int | None, bool]:
    value = text.strip().lower()
    if value == UNRATED:
        return None, None, True
    match = _RATING.fullmatch(value)
    if match is None:
        raise ValueError("give a rating from 1 to 5, a range such as 4-5, or 'unrated'.")
    low = int(match.group(1))
    return low, int(match.group(2) or low), False


def _rating_text(criteria: ConversationFilter) -> str | None:
    if criteria.unrated:
        return UNRATED
    if criteria.rating_min is None and criteria.rating_max is None:
        return None
    low = criteria.rating_min if criteria.rating_min is not None else MIN_RATING
    high = criteria.rating_max if criteria.rating_max is not None else MAX_RATING
    return str(low) if low == high else f"{low}-{high}"


def _yes_no(text: str) -> bool:
    value = text.strip().lower()
    if value not in (YES, NO):
        raise ValueError("answer yes or no.")
    return value == YES


def _yes_no_text(value: bool | None) -> str | None:
    return None if value is None else (YES if value else NO)


def _descending(text: str) -> bool:
    value = text.strip().lower()
    if value not in (ASCENDING, DESCENDING):
        raise ValueError(f"give {ASCENDING} or {DESCENDING}.")
    return value == DESCENDING


def _whole_number(text: str) -> int:
    if not _WHOLE_NUMBER.fullmatch(text.strip()):
        raise ValueError("give a whole number.")
    return int(text.strip())
