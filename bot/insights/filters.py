"""Which conversations a dashboard figure covers: a range of start days and a product.

Staff type the filter into a form, so every part of it arrives as text that may be
empty, malformed or hostile; `parse_filter` turns it into an `InsightFilter` or a
`FilterError` whose message can be shown back as it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from bot.catalog.model import Catalog
from bot.insights.labels import display


class FilterError(ValueError):
    """A filter staff cannot get figures for; the message says what to change."""


@dataclass(frozen=True)
class InsightFilter:
    """Conversations started from `start` to `end` (whole UTC days, both included).

    `product` narrows every figure to one catalog product. Each bound is optional, so
    the empty filter covers everything.
    """

    start: date | None = None
    end: date | None = None
    product: str | None = None

    def __post_init__(self) -> None:
        if self.start is not None and self.end is not None and self.start > self.end:
            raise FilterError(
                f"The start date {self.start.isoformat()} is after the end date "
                f"{self.end.isoformat()}."
            )

    @property
    def starts_at(self) -> datetime | None:
        """The first moment covered (midnight UTC of `start`), or None for no lower bound."""
        return None if self.start is None else datetime.combine(self.start, time(), timezone.utc)

    @property
    def ends_before(self) -> datetime | None:
        """The first moment after the range (midnight UTC after `end`), or None.

        Also None when `end` is the last day a `date` can hold: nothing comes after it.
        """
        if self.end is None or self.end == date.max:
            return None
        return datetime.combine(self.end + timedelta(days=1), time(), timezone.utc)

    def query(self) -> dict[str, str]:
        """The filter as the dashboard form's fields, leaving out the empty ones."""
        fields = {
            "start": None if self.start is None else self.start.isoformat(),
            "end": None if self.end is None else self.end.isoformat(),
            "product": self.product,
        }
        return {name: value for name, value in fields.items() if value is not None}


def parse_filter(
    start: str | None, end: str | None, product: str | None, catalog: Catalog
) -> InsightFilter:
    """The filter the form's fields describe; empty fields mean "no limit".

    Dates are ISO days (2024-05-17); the product must be one of the catalog's ids.
    Raises `FilterError` naming the field that is wrong.
    """
    chosen = _blank_to_none(product)
    if chosen is not None and catalog.product(chosen) is None:
        raise FilterError(f"There is no product '{display(chosen)}' in the catalog.")
    return InsightFilter(start=_day(start, "start date"), end=_day(end, "end date"), product=chosen)


def _blank_to_none(text: str | None) -> str | None:
    """An empty form field is a field left out."""
    return None if text is None or not text.strip() else text.strip()


def _day(text: str | None, what: str) -> date | None:
    given = _blank_to_none(text)
    if given is None:
        return None
    try:
        return date.fromisoformat(given)
    except ValueError:
        raise FilterError(
            f"The {what} '{display(given)}' is not a date written as YYYY-MM-DD."
        ) from None
