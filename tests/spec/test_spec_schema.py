import copy
from typing import Any

import pytest

from bot.settings import PROJECT_ROOT
from bot.spec import SpecificationError, validate_specification
from bot.spec.schema import MAX_REPORTED_PROBLEMS, SCHEMA_PATH

SHARED_SCHEMA = PROJECT_ROOT.parent / "shared" / "contracts" / "specification.schema.json"

VALID: dict[str, Any] = {
    "schema_version": 1,
    "spec_id": "AbCdEfGh12345678",
    "conversation_id": "conversation-7",
    "created_at": "2024-05-01T09:30:00+00:00",
    "product": {"id": "desk", "name": "Standing desk"},
    "options": {"width": {"value": 160, "label": "160 cm", "price": 60}},
    "quantity": 1,
    "price": {"currency": "EUR", "unit": 359, "subtotal": 359, "discount": 0, "total": 359},
    "lead_time_days": 14,
    "status": "confirmed",
}


def test_schema_is_a_byte_copy_of_the_contract() -> None:
    if not SHARED_SCHEMA.is_file():
        pytest.skip(f"the shared contract {SHARED_SCHEMA} is not checked out next to the repo")
    assert SCHEMA_PATH.read_bytes() == SHARED_SCHEMA.read_bytes()


def test_valid_specification_passes() -> None:
    validate_specification(VALID)


def broken(path: tuple[str, ...], value: object) -> dict[str, Any]:
    spec = copy.deepcopy(VALID)
    target = spec
    for key in path[:-1]:
        target = target[key]
    if value is DELETE:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return spec


DELETE = object()


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("schema_version",), 2, "schema_version: 1 was expected"),
        (("spec_id",), "short", "spec_id: 'short' is too short"),
        (("quantity",), 0, "quantity: 0 is less than the minimum of 1"),
        (("quantity",), 1.5, "quantity: 1.5 is not of type 'integer'"),
        (("price", "total"), "359", "price > total: '359' is not of type 'number'"),
        (("options", "width", "value"), None, "options > width > value: None is not of type"),
        (("options", "width", "label"), DELETE, "options > width: 'label' is a required property"),
        (("status",), "draft", "status: 'draft' is not one of ['confirmed']"),
        (("lead_time_days",), -1, "lead_time_days: -1 is less than the minimum of 0"),
        (("created_at",), "yesterday", "created_at: 'yesterday' is not a 'date-time'"),
        (("created_at",), "2024-02-30T10:00:00Z", "is not a 'date-time'"),
        (("created_at",), "2024-05-01T25:00:00Z", "is not a 'date-time'"),
        (("created_at",), "2024-05-01T10:00:00+24:00", "is not a 'date-time'"),
        (("created_at",), "2024-05-01 10:00:00", "is not a 'date-time'"),
        (("price",), DELETE, "top level: 'price' is a required property"),
        (("notes",), ["fine", 3], "notes > 1: 3 is not of type 'string'"),
    ],
)
def test_schema_violations_are_named(path: tuple[str, ...], value: object, problem: str) -> None:
    with pytest.raises(SpecificationError) as raised:
        validate_specification(broken(path, value))

    assert str(raised.value).startswith("Invalid specification: ")
    assert problem in str(raised.value)


@pytest.mark.parametrize(
    "created_at",
    ["2024-05-01T09:30:00Z", "2024-05-01T09:30:00.123456+02:00", "2024-05-01t09:30:00z"],
)
def test_rfc3339_date_times_pass(created_at: str) -> None:
    validate_specification(broken(("created_at",), created_at))


@pytest.mark.parametrize("spec", [[], "spec", None, 42])
def test_non_objects_are_refused(spec: Any) -> None:
    with pytest.raises(SpecificationError, match="must be a JSON object"):
        validate_specification(spec)


def test_many_problems_are_capped_and_counted() -> None:
    spec = {"options": {f"a{i}": {} for i in range(50)}}

    with pytest.raises(SpecificationError) as raised:
        validate_specification(spec)

    problems = raised.value.problems
    assert len(problems) == MAX_REPORTED_PROBLEMS + 1
    assert problems[-1].startswith("and ") and problems[-1].endswith(" more")


def test_huge_values_are_not_echoed_whole() -> None:
    with pytest.raises(SpecificationError) as raised:
        validate_specification(broken(("quantity",), "9" * 1_000_000))

    assert len(str(raised.value)) < 400
