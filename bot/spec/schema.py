"""Checking a specification against the contract's JSON Schema (specification.schema.json).

The schema file is a byte copy of the shared contract, so what we check is what the
shop's other systems were promised.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from pathlib import Path

from jsonschema import Draft202012Validator, FormatChecker, ValidationError

from bot.catalog.labels import shorten
from bot.spec.errors import SpecificationError

SCHEMA_PATH = Path(__file__).with_name("specification.schema.json")
MAX_REPORTED_PROBLEMS = 5
"""A broken document can violate the schema thousands of times; the first few explain it."""
MAX_PROBLEM_LENGTH = 200
"""jsonschema quotes the offending value whole; a huge value must not flood the message."""

_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))"
)
_FORMATS = FormatChecker()


@_FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time, e.g. 2024-05-01T09:30:00+00:00.

    Checked here because jsonschema checks "date-time" only when the optional
    rfc3339-validator package is installed, and silently accepts anything otherwise.
    Python 3.10's `datetime.fromisoformat` is no help: it refuses valid forms like "Z".
    """
    if not isinstance(value, str):
        return True  # the schema's "type" keyword reports non-strings
    match = _RFC3339.fullmatch(value)
    if match is None:
        return False
    year, month, day, hour, minute, second, offset_hours, offset_minutes = match.groups()
    datetime(int(year), int(month), int(day), int(hour), int(minute), int(second))
    return offset_hours is None or (int(offset_hours) < 24 and int(offset_minutes) < 60)


@cache
def _validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=_FORMATS)


def validate_specification(spec: Mapping[str, object]) -> None:
    """Raise SpecificationError listing where and how `spec` breaks the schema."""
    if not isinstance(spec, Mapping):
        raise SpecificationError(
            "Invalid specification", [f"must be a JSON object, got {type(spec).__name__}"]
        )
    errors = sorted(_validator().iter_errors(spec), key=_where)
    if errors:
        problems = [_problem(error) for error in errors[:MAX_REPORTED_PROBLEMS]]
        if len(errors) > MAX_REPORTED_PROBLEMS:
            problems.append(f"and {len(errors) - MAX_REPORTED_PROBLEMS} more")
        raise SpecificationError("Invalid specification", problems)


def _problem(error: ValidationError) -> str:
    """`price > total: 'abc' is not of type 'number'`, with any echoed value kept short."""
    return f"{_where(error)}: {shorten(error.message, MAX_PROBLEM_LENGTH)}"


def _where(error: ValidationError) -> str:
    """`price > total`, `notes > 0`: the path to the offending value."""
    return " > ".join(map(str, error.absolute_path)) or "top level"
