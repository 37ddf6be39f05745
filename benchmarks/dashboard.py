"""Time the staff dashboard on a shop's worth of data: each figure, then each chart.

    .venv/bin/python benchmarks/dashboard.py [--conversations 10000] [--repeat 15]

Seeds a throwaway SQLite database (migrated like the real one) with bulk inserts:
conversations spread over a year across the catalog's products, a specification with
every attribute answered for most of those that got far enough, ratings, design
insights and hand-overs, all drawn from the demo catalog with a fixed random seed.
Then it computes every figure the way the page does (`bot.insights.dashboard`, query
plus table) and renders every chart the way the chart route does (past its cache of
unchanged charts), and prints the median and 95th percentile in milliseconds, for
everything and for one product.
"""

from __future__ import annotations

import argparse
import random
import statistics
import string
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.catalog.labels import number_label
from bot.catalog.loader import load_catalog
from bot.catalog.model import Attribute, AttributeType, Catalog, Product
from bot.catalog.numbers import json_number
from bot.insights.charts import render_svg
from bot.insights.dashboard import FIGURE_NAMES, dashboard_views, figure_view
from bot.insights.filters import InsightFilter
from bot.insights.labels import Labels
from bot.settings import DEFAULT_CATALOG_PATH
from bot.storage.database import create_engine_for
from bot.storage.insights import InsightStore
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import (
    ABANDONED,
    ACTIVE,
    COMPLETED,
    CONFLICT,
    UNAVAILABLE,
    conversations,
    design_insights,
    feedback,
    specifications,
)

SEED = 20240517
BATCH = 2_000
NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
QUESTIONS = ("transcript_consent", "product", "quantity", "confirmed", "rating")
_DRAW = render_svg.__wrapped__
UNAVAILABLE_WORDS = ("purple", "glass", "250 cm", "pink", "velvet", "XXXL", "gold")


def main() -> int:
    """Seed, time, print; 0 always (the figures are for reading, there is no budget)."""
    arguments = _arguments()
    catalog = load_catalog(DEFAULT_CATALOG_PATH)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'dashboard.db'}"
        upgrade_to_head(url)
        engine = create_engine_for(url)
        try:
            started = time.perf_counter()
            counts = _seed(engine, catalog, arguments.conversations, random.Random(SEED))
            print(f"seeded in {time.perf_counter() - started:.1f} s: {counts}")
            _report(InsightStore(engine), catalog, arguments.repeat)
        finally:
            engine.dispose()
    return 0


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conversations", type=_positive, default=10_000)
    parser.add_argument("--repeat", type=_positive, default=15, help="timed runs of each step")
    return parser.parse_args()


def _positive(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _report(store: InsightStore, catalog: Catalog, repeat: int) -> None:
    product = catalog.products[0].id
    _report_filter("all products", store, catalog, InsightFilter(), repeat)
    _report_filter(product, store, catalog, InsightFilter(product=product), repeat)


def _report_filter(
    title: str, store: InsightStore, catalog: Catalog, filters: InsightFilter, repeat: int
) -> None:
    labels = Labels(catalog)
    print(f"\n{title}: {'step':<28} {'median ms':>10} {'p95 ms':>10}")
    _line("whole dashboard page data", repeat, lambda: dashboard_views(store, filters, labels))
    for name in FIGURE_NAMES:
        _line(f"figure {name}", repeat, lambda n=name: figure_view(n, store, filters, labels))
    for name in FIGURE_NAMES:
        view = figure_view(name, store, filters, labels)
        # Past the render cache: what a chart costs when its figures changed.
        _line(f"chart {name}.svg", repeat, lambda v=view: _DRAW(v.title, v.chart))


def _line(step: str, repeat: int, run: Callable[[], object]) -> None:
    run()  # warm caches (SQLite pages, matplotlib fonts) as a running app would have
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        timings.append((time.perf_counter() - started) * 1000)
    print(f"{'':14}{step:<28} {statistics.median(timings):>10.1f} {_p95(timings):>10.1f}")


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _seed(engine: Engine, catalog: Catalog, total: int, rng: random.Random) -> dict[str, int]:
    """Bulk-insert `total` conversations with their specs, feedback and insights."""
    counts = {"conversations": 0, "specifications": 0, "feedback": 0, "insights": 0}
    rows = (_conversation(index, catalog, rng) for index in range(1, total + 1))
    for batch in _batches(rows, BATCH):
        tables: dict[str, list[dict[str, Any]]] = {name: [] for name in counts}
        for conversation in batch:
            for name, table_rows in conversation.items():
                tables[name].extend(table_rows)
        with engine.begin() as connection:
            for name, table in (
                ("conversations", conversations),
                ("specifications", specifications),
                ("feedback", feedback),
                ("insights", design_insights),
            ):
                if tables[name]:
                    connection.execute(insert(table), tables[name])
                counts[name] += len(tables[name])
    return counts


def _batches(rows: Iterator[dict[str, list[dict[str, Any]]]], size: int) -> Iterator[list]:
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _conversation(index: int, catalog: Catalog, rng: random.Random) -> dict[str, list[dict]]:
    """One conversation's rows: how far it got decides what else it has."""
    started = NOW - timedelta(seconds=rng.randrange(365 * 24 * 3600))
    product = rng.choice(catalog.products)
    reached = rng.choices(range(5), weights=(15, 25, 10, 15, 35))[0]
    confirmed = reached >= 3
    row = {
        "id": index,
        "sender_id": f"benchmark-{index}",
        "product": product.id if reached >= 1 else None,
        "status": COMPLETED if confirmed else rng.choice((ABANDONED, ABANDONED, ACTIVE)),
        "started_at": started,
        "last_question": _last_question(product, reached, rng),
        "summary_shown_at": started + timedelta(minutes=3) if reached >= 2 else None,
        "handed_over_at": started if rng.random() < 0.03 else None,
        "consent": rng.random() < 0.8,
    }
    specs = [_specification(index, product, started, rng)] if confirmed else []
    rated = reached >= 4
    ratings = (
        [
            {
                "conversation_id": index,
                "rating": rng.choices(range(1, 6), weights=(3, 4, 10, 35, 48))[0],
                "created_at": started + timedelta(minutes=5),
            }
        ]
        if rated
        else []
    )
    insights = [
        _insight(index, product, started, rng)
        for _ in range(rng.choices((0, 1, 2), weights=(70, 20, 10))[0])
    ]
    return {
        "conversations": [row],
        "specifications": specs,
        "feedback": ratings,
        "insights": insights,
    }


def _last_question(product: Product, reached: int, rng: random.Random) -> str:
    if reached == 0:
        return rng.choice(QUESTIONS[:2])
    if reached == 1:
        return rng.choice([attribute.id for attribute in product.attributes] + ["quantity"])
    return "confirmed" if reached == 2 else rng.choice(QUESTIONS[3:])


def _specification(index: int, product: Product, at: datetime, rng: random.Random) -> dict:
    options = {attribute.id: _answer(attribute, rng) for attribute in product.attributes}
    return {
        "spec_id": f"benchmark-spec-{index:08d}",
        "conversation_id": index,
        "product": product.id,
        "created_at": at,
        "document": {
            "schema_version": 1,
            "spec_id": f"benchmark-spec-{index:08d}",
            "conversation_id": f"benchmark-{index}",
            "created_at": at.isoformat(),
            "product": {"id": product.id, "name": product.name},
            "options": options,
            "quantity": 1,
            "price": {"currency": "EUR", "unit": 1, "subtotal": 1, "discount": 0, "total": 1},
            "lead_time_days": 10,
            "notes": [],
            "status": "confirmed",
        },
    }


def _answer(attribute: Attribute, rng: random.Random) -> dict[str, Any]:
    """A plausible answer: popular options favoured, numbers on the catalog's grid."""
    if attribute.type is AttributeType.CHOICE:
        weights = [1 / (rank + 1) for rank in range(len(attribute.options))]
        chosen = rng.choices(attribute.options, weights=weights)[0]
        return {"value": chosen.id, "label": chosen.label, "price": 0}
    if attribute.type is AttributeType.NUMBER:
        assert attribute.min is not None and attribute.max is not None
        step = attribute.step or 1
        steps = int((attribute.max - attribute.min) / step)
        number = attribute.min + step * rng.randint(0, steps)
        return {"value": json_number(number), "label": number_label(attribute, number), "price": 0}
    if attribute.type is AttributeType.YES_NO:
        yes = rng.random() < 0.4
        return {"value": yes, "label": "yes" if yes else "no", "price": 0}
    text = "".join(rng.choices(string.ascii_uppercase, k=attribute.max_length or 8))
    return {"value": text, "label": text, "price": 0}


def _insight(index: int, product: Product, at: datetime, rng: random.Random) -> dict[str, Any]:
    choices = [attribute for attribute in product.attributes if attribute.options]
    attribute = rng.choice(choices)
    if product.rules and rng.random() < 0.6:
        rule = rng.choice(product.rules)
        return {
            "conversation_id": index,
            "kind": CONFLICT,
            "product": product.id,
            "attribute": rule.forbid.attribute,
            "value": rule.forbid.values[0] if rule.forbid.values else "190",
            "other_attribute": rule.when.attribute,
            "other_value": rule.when.values[0] if rule.when.values else "170",
            "created_at": at,
        }
    return {
        "conversation_id": index,
        "kind": UNAVAILABLE,
        "product": product.id,
        "attribute": attribute.id,
        "value": rng.choice(UNAVAILABLE_WORDS),
        "other_attribute": None,
        "other_value": None,
        "created_at": at,
    }


if __name__ == "__main__":
    sys.exit(main())
