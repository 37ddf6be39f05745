"""What the conversation list and transcript pages show, decided outside the templates.

Links that keep the filter (sorting, paging, exports), the choices of the filter form
and the spec card are built here, where they can be tested without rendering HTML;
the templates only place them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

from bot.catalog.model import Catalog
from bot.review.filters import (
    ENDED,
    MESSAGES,
    PRODUCT,
    RATING,
    STARTED,
    ConversationFilter,
)
from bot.review.records import Page
from bot.spec import SpecificationError, validate_specification
from bot.web.review_query import filter_params, page_url
from bot.web.spec_page import SpecPage, spec_page

LIST_PATH = "/staff/conversations"
EXPORT_CSV_PATH = f"{LIST_PATH}/export.csv"
EXPORT_JSON_PATH = f"{LIST_PATH}/export.json"

STATUS_LABELS = {
    "active": "active",
    "completed": "completed",
    "abandoned": "abandoned",
    "handed_over": "handed to staff",
}
RATING_CHOICES = (
    ("unrated", "unrated"),
    ("5", "5"),
    ("4-5", "4 to 5"),
    ("3-5", "3 to 5"),
    ("1-2", "1 to 2"),
    ("1", "1"),
)
"""The rating filter's common choices; the parameter takes any range (see review_query)."""
SORT_LABELS = {
    STARTED: "Started",
    PRODUCT: "Product",
    MESSAGES: "Messages",
    RATING: "Rating",
    ENDED: "Ended",
}
_ASCENDING_FIRST = {PRODUCT}
"""Fields whose first click sorts A to Z; the others start with the largest (newest)."""


@dataclass(frozen=True)
class SortLink:
    """A sortable column header: its label, where a click leads, and how it sorts now."""

    label: str
    url: str
    state: str
    """"ascending", "descending" or "none": the header's aria-sort value."""


@dataclass(frozen=True)
class Pager:
    """The pagination bar: which page this is and links to its neighbours."""

    number: int
    count: int
    previous_url: str | None
    next_url: str | None


@dataclass(frozen=True)
class Choice:
    """An option of a select: the value sent and the text shown."""

    value: str
    label: str


def sort_links(criteria: ConversationFilter) -> dict[str, SortLink]:
    """A header link per sort field: the current one flips its order, others start fresh."""
    links = {}
    for field, label in SORT_LABELS.items():
        if field == criteria.sort:
            state = "descending" if criteria.descending else "ascending"
            descending = not criteria.descending
        else:
            state = "none"
            descending = field not in _ASCENDING_FIRST
        url = page_url(LIST_PATH, criteria, sort=field, descending=descending)
        links[field] = SortLink(label=label, url=url, state=state)
    return links


def pager(criteria: ConversationFilter, page: Page) -> Pager:
    """Previous and next links for `page` that keep the filter, sort and page size."""
    return Pager(
        number=page.number,
        count=page.count,
        previous_url=page_url(LIST_PATH, criteria, page.number - 1) if page.has_previous else None,
        next_url=page_url(LIST_PATH, criteria, page.number + 1) if page.has_next else None,
    )


def export_urls(criteria: ConversationFilter) -> tuple[str, str]:
    """The CSV and JSON export links for everything `criteria` matches."""
    query = urlencode(filter_params(criteria))
    suffix = f"?{query}" if query else ""
    return EXPORT_CSV_PATH + suffix, EXPORT_JSON_PATH + suffix


def product_choices(catalog: Catalog, in_use: Iterable[str], chosen: str | None) -> list[Choice]:
    """Products to filter by: the catalog's and any others conversations mention.

    Named as the catalog names them; a product since removed from the catalog, or one
    typed into the URL, is offered under its id so the form can show what is applied.
    """
    ids = dict.fromkeys([*(product.id for product in catalog.products), *sorted(in_use)])
    if chosen:
        ids.setdefault(chosen)
    return [Choice(value, product_name(catalog, value)) for value in ids]


def product_name(catalog: Catalog, product_id: str | None) -> str:
    """The catalog's name for a product, its id if the catalog has none, '' for None."""
    if product_id is None:
        return ""
    product = catalog.product(product_id)
    return product.name if product is not None else product_id


def with_chosen(options: Iterable[str], chosen: str | None) -> list[str]:
    """`options` plus `chosen` if it is not among them, so a select can show it."""
    listed = list(options)
    return [*listed, chosen] if chosen and chosen not in listed else listed


def spec_card(spec: dict[str, Any] | None, catalog: Catalog) -> SpecPage | None:
    """The spec as the printable page formats it; None if absent or off-contract.

    A stored spec that breaks the contract (an older format, a hand-made row) cannot be
    formatted safely, so the page shows only its id and link instead of failing.
    """
    if spec is None:
        return None
    try:
        validate_specification(spec)
    except SpecificationError:
        return None
    return spec_page(spec, catalog=catalog, json_url=spec_json_url(spec["spec_id"]))


def spec_url(spec_id: str) -> str:
    """The printable page of a spec."""
    return f"/specs/{quote(spec_id, safe='')}"


def spec_json_url(spec_id: str) -> str:
    """The spec as JSON."""
    return f"/api/specs/{quote(spec_id, safe='')}"
