"""The dashboard's figures, counted by the database.

Each figure is one aggregate query over the conversations an `InsightFilter` selects:
those started within its days, and of its product. Rows that carry a product of their
own (specifications, design insights) are filtered on it, since a customer may have
switched products within a conversation; the rest on the conversation's product.

The one figure SQL does not finish is the options count: specification documents are
JSON whose `options` object has one key per attribute, and SQLite and PostgreSQL
unpack JSON objects with different functions. So the database sends only each
specification's `options` object, for the filtered specifications only, streamed in
batches; Python counts them. Memory stays bounded by the number of distinct
(product, attribute, value) triples, not by the number of specifications.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

from sqlalchemy import String, and_, case, exists, func, select
from sqlalchemy.engine import Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql import ColumnElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.sql.selectable import Join, Select

from bot.insights.figures import (
    ConflictCount,
    DropOff,
    Funnel,
    OptionCount,
    OptionPopularity,
    RatingDistribution,
    RatingWeek,
    UnavailableCount,
    value_key,
)
from bot.insights.filters import InsightFilter
from bot.storage.schema import (
    ABANDONED,
    CONFLICT,
    UNAVAILABLE,
    conversations,
    design_insights,
    feedback,
    specifications,
)

TOP_INSIGHTS = 20
"""How many of the most frequent conflicts and unavailable values a figure lists."""
MAX_DROP_OFF_ROWS = 100
"""Drop-off rows kept: (product, question) pairs, a few dozen in any real catalog."""
STREAM_BATCH = 500
"""Specification `options` objects fetched per round trip while counting."""


class IsoWeekStart(FunctionElement):
    """The Monday (UTC) of a timestamp's ISO week, as 'YYYY-MM-DD' text.

    Spelled per database: neither has a portable function for it.
    """

    type = String()
    inherit_cache = True
    name = "iso_week_start"


@compiles(IsoWeekStart, "sqlite")
def _iso_week_start_sqlite(element: IsoWeekStart, compiler: SQLCompiler, **kw: Any) -> str:
    # Our timestamps are stored as UTC text; 'weekday 0' moves to the coming Sunday
    # (or stays on one), six days back is that ISO week's Monday.
    return f"date({compiler.process(element.clauses, **kw)}, 'weekday 0', '-6 days')"


@compiles(IsoWeekStart, "postgresql")
def _iso_week_start_postgresql(element: IsoWeekStart, compiler: SQLCompiler, **kw: Any) -> str:
    # date_trunc('week') is ISO (Monday); AT TIME ZONE makes it UTC's Monday whatever
    # the session's zone.
    moment = compiler.process(element.clauses, **kw)
    return f"to_char(date_trunc('week', {moment} AT TIME ZONE 'UTC'), 'YYYY-MM-DD')"


class InsightStore:
    """Computes each dashboard figure; see `bot.insights.dashboard.FigureSource`."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    def funnel(self, filters: InsightFilter) -> Funnel:
        """How many conversations started and reached each step, and were handed over."""
        conversation_id = conversations.c.id
        has_spec = exists().where(specifications.c.conversation_id == conversation_id)
        has_feedback = exists().where(feedback.c.conversation_id == conversation_id)
        query = select(
            func.count(),
            func.count(conversations.c.product),
            func.count(conversations.c.summary_shown_at),
            func.count(case((has_spec, 1))),
            func.count(case((has_feedback, 1))),
            func.count(conversations.c.handed_over_at),
        ).where(*_conversations_in(filters))
        with self._engine.connect() as connection:
            row = connection.execute(query).one()
        return Funnel(*(int(count) for count in row))

    def drop_offs(self, filters: InsightFilter) -> tuple[DropOff, ...]:
        """Abandoned conversations by product and the last question they were asked."""
        count = func.count().label("count")
        query = (
            select(conversations.c.product, conversations.c.last_question, count)
            .where(conversations.c.status == ABANDONED, *_conversations_in(filters))
            .group_by(conversations.c.product, conversations.c.last_question)
            .order_by(
                count.desc(),
                func.coalesce(conversations.c.product, ""),
                func.coalesce(conversations.c.last_question, ""),
            )
            .limit(MAX_DROP_OFF_ROWS)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return tuple(DropOff(row.product, row.last_question, row.count) for row in rows)

    def rating_distribution(self, filters: InsightFilter) -> RatingDistribution:
        """How many conversations have each rating as their latest."""
        count = func.count().label("count")
        query = (
            select(feedback.c.rating, count)
            .select_from(_latest_feedback_in(filters))
            .group_by(feedback.c.rating)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return RatingDistribution.from_counts({row.rating: row.count for row in rows})

    def rating_weeks(self, filters: InsightFilter) -> tuple[RatingWeek, ...]:
        """Latest ratings per ISO week they were given in, oldest week first."""
        week = IsoWeekStart(feedback.c.created_at).label("week")
        query = (
            select(week, func.count().label("count"), func.avg(feedback.c.rating).label("average"))
            .select_from(_latest_feedback_in(filters))
            .group_by(week)
            .order_by(week)
        )
        with self._engine.connect() as connection:
            rows = connection.execute(query).all()
        return tuple(
            RatingWeek(date.fromisoformat(row.week), row.count, float(row.average)) for row in rows
        )

    def option_popularity(self, filters: InsightFilter) -> OptionPopularity:
        """How many filtered specifications each product has and chose each value in."""
        query = (
            select(specifications.c.product, specifications.c.document["options"])
            .join(conversations, conversations.c.id == specifications.c.conversation_id)
            .where(*_conversations_in(filters, product=specifications.c.product))
        )
        per_product: Counter[str] = Counter()
        chosen: Counter[tuple[str, str, str]] = Counter()
        with self._engine.connect() as connection:
            result = connection.execution_options(stream_results=True).execute(query)
            for batch in result.partitions(STREAM_BATCH):
                for product, options in batch:
                    per_product[product] += 1
                    chosen.update(
                        (product, attribute, value) for attribute, value in _values(options)
                    )
        return OptionPopularity(
            specifications=dict(sorted(per_product.items())),
            counts=tuple(
                OptionCount(product, attribute, value, count)
                for (product, attribute, value), count in sorted(chosen.items())
            ),
        )

    def conflicts(self, filters: InsightFilter) -> tuple[ConflictCount, ...]:
        """The rule conflicts customers ran into most, most frequent first."""
        columns = (
            design_insights.c.product,
            design_insights.c.attribute,
            design_insights.c.value,
            design_insights.c.other_attribute,
            design_insights.c.other_value,
        )
        with self._engine.connect() as connection:
            rows = connection.execute(_top_insights(CONFLICT, columns, filters)).all()
        return tuple(ConflictCount(*row) for row in rows)

    def unavailable(self, filters: InsightFilter) -> tuple[UnavailableCount, ...]:
        """The values the catalog lacks that customers asked for most, most frequent first."""
        columns = (design_insights.c.product, design_insights.c.attribute, design_insights.c.value)
        with self._engine.connect() as connection:
            rows = connection.execute(_top_insights(UNAVAILABLE, columns, filters)).all()
        return tuple(UnavailableCount(*row) for row in rows)


def _conversations_in(
    filters: InsightFilter, product: ColumnElement | None = None
) -> list[ColumnElement]:
    """Conditions selecting the filter's conversations; `product` is the column to match.

    The product condition goes on `product` (the conversation's own by default).
    """
    conditions: list[ColumnElement] = []
    if filters.starts_at is not None:
        conditions.append(conversations.c.started_at >= filters.starts_at)
    if filters.ends_before is not None:
        conditions.append(conversations.c.started_at < filters.ends_before)
    if filters.product is not None:
        column = conversations.c.product if product is None else product
        conditions.append(column == filters.product)
    return conditions


def _latest_feedback_in(filters: InsightFilter) -> Join:
    """Feedback joined to its conversation: each filtered conversation's latest rating.

    A customer may rate twice; the conversation list shows the latest rating, and so do
    the rating figures, so one conversation is one vote.
    """
    latest = select(func.max(feedback.c.id)).group_by(feedback.c.conversation_id)
    return feedback.join(
        conversations,
        and_(
            conversations.c.id == feedback.c.conversation_id,
            feedback.c.id.in_(latest),
            *_conversations_in(filters),
        ),
    )


def _top_insights(kind: str, columns: tuple[ColumnElement, ...], filters: InsightFilter) -> Select:
    """The most frequent design insights of `kind`, grouped by `columns`, with a count.

    Ties are ordered by the columns themselves (missing values as empty text, which
    sorts first on every database), so a page reload never reshuffles equal rows.
    """
    count = func.count().label("count")
    return (
        select(*columns, count)
        .join(conversations, conversations.c.id == design_insights.c.conversation_id)
        .where(
            design_insights.c.kind == kind,
            *_conversations_in(filters, product=design_insights.c.product),
        )
        .group_by(*columns)
        .order_by(count.desc(), *(func.coalesce(column, "") for column in columns))
        .limit(TOP_INSIGHTS)
    )


def _values(options: object) -> list[tuple[str, str]]:
    """(attribute, value) of a specification's `options` object, as `value_key` writes them.

    Documents were validated when saved, but an entry that does not look like the
    contract (after a hand edit, say) is skipped rather than failing the dashboard.
    Decoded JSON objects are always dicts, whose check is far cheaper than `Mapping`'s.
    """
    if not isinstance(options, dict):
        return []
    pairs = []
    for attribute, entry in options.items():
        value = value_key(entry.get("value")) if isinstance(entry, dict) else None
        if value is not None:
            pairs.append((attribute, value))
    return pairs
