"""The dashboard's figures as plain values, and the arithmetic done on them.

The storage layer fills these from the database; they hold ids and counts only, never
words (see `labels`) or layout (see `views`). Shares are floats in [0, 1], or None when
the whole they would be a share of is zero: "no data" is not "0%".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import groupby, islice

from bot.catalog.numbers import format_number

RATINGS = (1, 2, 3, 4, 5)
MAX_TREND_WEEKS = 260
"""Longest rating trend kept, in weeks (five years): older weeks are left out."""


def share(part: int, whole: int) -> float | None:
    """`part` as a fraction of `whole`, or None when `whole` is zero."""
    return None if whole == 0 else part / whole


def value_key(value: object) -> str | None:
    """A specification's attribute value written as design insights write values.

    Option ids and text as they are, numbers as '180' or '42.5', yes/no as 'yes'/'no',
    so a chosen value and a refused one read the same and the labels treat both alike.
    None for anything the specification contract does not allow as a value.
    """
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return format_number(value)
    if isinstance(value, float):
        return format_number(value) if math.isfinite(value) else None
    if isinstance(value, str):
        return value
    return None


@dataclass(frozen=True)
class FunnelStep:
    """One step of the funnel: how many conversations reached it."""

    name: str
    label: str
    count: int
    of_started: float | None
    """Share of all started conversations that reached this step."""
    from_previous: float | None
    """Share of the previous step's conversations that reached this one (None for the first)."""


@dataclass(frozen=True)
class Funnel:
    """How far conversations got, each step counted on its own.

    A conversation counts for every step it reached, whatever happened in between, so
    a step can exceed the one before it (a spec confirmed before summaries were
    recorded); the shares then exceed 100% rather than hiding that.
    """

    started: int
    product_chosen: int
    summary_shown: int
    confirmed: int
    feedback_given: int
    handed_over: int
    """Conversations handed to staff: not a step, customers leave the funnel there."""

    def steps(self) -> tuple[FunnelStep, ...]:
        """The five steps in order, with their shares."""
        counts = (
            ("started", "Started", self.started),
            ("product_chosen", "Product chosen", self.product_chosen),
            ("summary_shown", "Summary shown", self.summary_shown),
            ("confirmed", "Confirmed", self.confirmed),
            ("feedback_given", "Feedback given", self.feedback_given),
        )
        steps: list[FunnelStep] = []
        for index, (name, label, count) in enumerate(counts):
            previous = None if index == 0 else share(count, counts[index - 1][2])
            steps.append(FunnelStep(name, label, count, share(count, self.started), previous))
        return tuple(steps)


@dataclass(frozen=True)
class DropOff:
    """Abandoned conversations whose last question was `question` (None: none asked)."""

    product: str | None
    question: str | None
    count: int


@dataclass(frozen=True)
class RatingDistribution:
    """How many conversations got each rating, 1 to 5 (each conversation's latest rating)."""

    counts: tuple[int, int, int, int, int]

    @classmethod
    def from_counts(cls, counts: Mapping[int, int]) -> RatingDistribution:
        """From {rating: count}; ratings that nobody gave are zero, others are ignored."""
        one, two, three, four, five = (counts.get(rating, 0) for rating in RATINGS)
        return cls((one, two, three, four, five))

    @property
    def total(self) -> int:
        """How many ratings there are."""
        return sum(self.counts)

    @property
    def average(self) -> float | None:
        """The mean rating, or None without ratings."""
        total = self.total
        if total == 0:
            return None
        given = zip(RATINGS, self.counts, strict=True)
        return sum(rating * count for rating, count in given) / total

    def rows(self) -> tuple[tuple[int, int, float | None], ...]:
        """(rating, count, share of all ratings) for 1 to 5."""
        total = self.total
        given = zip(RATINGS, self.counts, strict=True)
        return tuple((rating, count, share(count, total)) for rating, count in given)


@dataclass(frozen=True)
class RatingWeek:
    """The ratings given in one ISO week, which starts on Monday `week`."""

    week: date
    count: int
    average: float | None

    @property
    def label(self) -> str:
        """The ISO week as people write it: '2024-W05'."""
        year, number, _ = self.week.isocalendar()
        return f"{year}-W{number:02d}"


def week_start(day: date) -> date:
    """The Monday of `day`'s ISO week."""
    return day - timedelta(days=day.weekday())


def fill_weeks(weeks: Iterable[RatingWeek], limit: int = MAX_TREND_WEEKS) -> tuple[RatingWeek, ...]:
    """`weeks` in order with the weeks between them that had no rating added as zeros.

    A trend line must not join two distant weeks as if they were neighbours. Only the
    latest `limit` weeks are kept, so years of history still draw a readable chart.
    """
    known = {week.week: week for week in weeks}
    if not known:
        return ()
    last = max(known)
    first = max(min(known), last - timedelta(weeks=limit - 1))
    count = (last - first).days // 7 + 1
    every = (first + timedelta(weeks=offset) for offset in range(count))
    return tuple(known.get(monday, RatingWeek(monday, 0, None)) for monday in every)


@dataclass(frozen=True)
class OptionCount:
    """How many specifications of `product` have `attribute` = `value` (see `value_key`)."""

    product: str
    attribute: str
    value: str
    count: int


@dataclass(frozen=True)
class OptionPopularity:
    """What confirmed specifications chose: per product, the count of each value."""

    specifications: Mapping[str, int]
    """How many specifications each product has, the whole that shares are taken of."""
    counts: tuple[OptionCount, ...]

    def top(self, per_attribute: int) -> tuple[OptionCount, ...]:
        """The `per_attribute` most chosen values of every product's attributes.

        Ordered by product and attribute, then most chosen first; ties by value, so
        the same data always gives the same rows.
        """
        ordered = sorted(self.counts, key=lambda c: (c.product, c.attribute, -c.count, c.value))
        groups = groupby(ordered, key=lambda c: (c.product, c.attribute))
        return tuple(count for _, group in groups for count in islice(group, per_attribute))

    def share(self, count: OptionCount) -> float | None:
        """`count` as a share of its product's specifications."""
        return share(count.count, self.specifications.get(count.product, 0))


@dataclass(frozen=True)
class ConflictCount:
    """How often customers asked for `attribute`=`value` while a rule forbade it.

    The rule forbade it because `other_attribute`=`other_value` was already chosen.
    """

    product: str
    attribute: str
    value: str | None
    other_attribute: str | None
    other_value: str | None
    count: int


@dataclass(frozen=True)
class UnavailableCount:
    """How often customers asked for a value of `attribute` that the catalog lacks.

    `value` is the customer's words (redacted and clipped), None for free text.
    """

    product: str
    attribute: str
    value: str | None
    count: int
