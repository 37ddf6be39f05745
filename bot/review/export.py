"""The filtered conversation list as CSV (for spreadsheets) and JSON (for programs).

Both carry the same fields in the same order. CSV cells are neutralised against formula
injection: a spreadsheet would run a customer's "=HYPERLINK(...)" typed as a product or
a tag, so such cells start with a quote and are shown as text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import fields
from datetime import datetime
from typing import Any

from bot.review.records import ConversationSummary

EXPORT_LIMIT = 50_000
"""The most rows one export holds: beyond this a filter is too broad to be a review."""

FIELDS = tuple(field.name for field in fields(ConversationSummary))
"""The columns of the CSV, in the order of `ConversationSummary` (and of its JSON)."""
TAG_SEPARATOR = "; "
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class ExportTooLarge(ValueError):
    """More conversations match than one export may hold."""

    def __init__(self, total: int, limit: int = EXPORT_LIMIT) -> None:
        super().__init__(
            f"{total} conversations match, but an export holds at most {limit}. "
            "Narrow the filter (a date range, for example) and export again."
        )
        self.total = total
        self.limit = limit


def summary_to_dict(summary: ConversationSummary) -> dict[str, Any]:
    """JSON-ready form: FIELDS in order, ISO-8601 datetimes, tags as a list."""
    return summary.to_dict()


def to_json(summaries: Iterable[ConversationSummary]) -> str:
    """`{"count": n, "conversations": [...]}` as UTF-8-safe JSON text."""
    rows = [summary_to_dict(summary) for summary in summaries]
    return json.dumps({"count": len(rows), "conversations": rows}, ensure_ascii=False, indent=1)


def to_csv(summaries: Iterable[ConversationSummary]) -> str:
    """A header row of FIELDS, then one row per summary; None is an empty cell."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for summary in summaries:
        writer.writerow(safe_cell(_csv_text(getattr(summary, name))) for name in FIELDS)
    return buffer.getvalue()


def safe_cell(text: str) -> str:
    """`text`, quoted with a leading `'` if a spreadsheet would read it as a formula."""
    return f"'{text}" if text.startswith(_FORMULA_STARTS) else text


def _csv_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple):
        return TAG_SEPARATOR.join(value)
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value)
