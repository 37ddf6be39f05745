from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import pytest

from bot.review.export import FIELDS, ExportTooLarge, safe_cell, summary_to_dict, to_csv, to_json
from bot.review.records import ConversationSummary

STARTED = datetime(2024, 5, 17, 14, 3, 12, tzinfo=timezone.utc)


def summary(**changes: object) -> ConversationSummary:
    values: dict[str, object] = {
        "id": 7,
        "sender_id": "customer-7",
        "product": "desk",
        "status": "completed",
        "started_at": STARTED,
        "ended_at": None,
        "handed_over_at": None,
        "message_count": 12,
        "rating": 4,
        "spec_id": "spec-1",
        "min_confidence": 0.42,
        "reviewed_at": None,
        "reviewed_by": None,
        "tags": ("billing", "size issue"),
        "first_message": "a desk, please",
        **changes,
    }
    return ConversationSummary(**values)  # type: ignore[arg-type]


def read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_a_header_and_one_row_per_summary() -> None:
    rows = read_csv(to_csv([summary(), summary(id=8, rating=None, tags=())]))

    assert rows[0] == list(FIELDS)
    first = dict(zip(FIELDS, rows[1], strict=True))
    assert first["id"] == "7"
    assert first["started_at"] == "2024-05-17T14:03:12+00:00"
    assert first["ended_at"] == ""
    assert first["tags"] == "billing; size issue"
    assert first["min_confidence"] == "0.42"
    second = dict(zip(FIELDS, rows[2], strict=True))
    assert (second["rating"], second["tags"]) == ("", "")
    assert len(rows) == 3


def test_csv_of_nothing_is_the_header() -> None:
    assert read_csv(to_csv([])) == [list(FIELDS)]


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
        (" =x", " =x"),
    ],
)
def test_cells_a_spreadsheet_would_run_are_quoted(text: str, cell: str) -> None:
    assert safe_cell(text) == cell


def test_hostile_customer_values_reach_the_csv_as_text() -> None:
    hostile = summary(
        sender_id="=cmd|' /C calc'!A0",
        product="@evil",
        reviewed_by="-x@y",
        first_message="=1+2",
    )

    row = dict(zip(FIELDS, read_csv(to_csv([hostile]))[1], strict=True))

    assert row["sender_id"] == "'=cmd|' /C calc'!A0"
    assert row["product"] == "'@evil"
    assert row["reviewed_by"] == "'-x@y"
    assert row["first_message"] == "'=1+2"


def test_csv_keeps_unicode_commas_quotes_and_newlines() -> None:
    odd = summary(sender_id='Zoë, "the" customer\nsecond line')

    row = dict(zip(FIELDS, read_csv(to_csv([odd]))[1], strict=True))

    assert row["sender_id"] == 'Zoë, "the" customer\nsecond line'


def test_json_has_every_field_with_iso_dates_and_tag_lists() -> None:
    document = json.loads(to_json([summary(reviewed_at=STARTED, reviewed_by="ana@shop")]))

    assert document["count"] == 1
    [row] = document["conversations"]
    assert list(row) == list(FIELDS)
    assert row["tags"] == ["billing", "size issue"]
    assert row["reviewed_at"] == "2024-05-17T14:03:12+00:00"
    assert row["ended_at"] is None
    assert row == summary_to_dict(summary(reviewed_at=STARTED, reviewed_by="ana@shop"))


def test_json_of_nothing() -> None:
    assert json.loads(to_json([])) == {"count": 0, "conversations": []}


def test_too_large_explains_what_to_do() -> None:
    error = ExportTooLarge(60_001)

    assert (error.total, error.limit) == (60_001, 50_000)
    assert "60001 conversations match" in str(error)
    assert "Narrow the filter" in str(error)
