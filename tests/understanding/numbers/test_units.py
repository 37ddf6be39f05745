from decimal import Decimal

import pytest

from bot.understanding.numbers.units import convert, normalize_unit, tidy


@pytest.mark.parametrize(
    ("value", "source", "target", "expected"),
    [
        ("1.6", "m", "cm", "160"),
        ("1600", "mm", "cm", "160"),
        ("80", "cm", "m", "0.8"),
        ("80", "cm", "cm", "80"),
        ("41.5", "EU", "eu", "41.5"),
        ("160", "Centimetres", "cm", "160"),
        ("2", "metres", "mm", "2000"),
        ("41.5", None, "EU", "41.5"),
        ("7", None, None, "7"),
        ("3", "inch", "inch", "3"),
    ],
)
def test_convert(value: str, source: str | None, target: str | None, expected: str) -> None:
    result = convert(Decimal(value), source, target)
    assert result == Decimal(expected)
    assert str(result) == expected


@pytest.mark.parametrize(
    ("source", "target"), [("cm", "EU"), ("eu", "m"), ("inch", "cm"), ("cm", None)]
)
def test_incompatible_units_give_none(source: str, target: str | None) -> None:
    assert convert(Decimal(42), source, target) is None


@pytest.mark.parametrize(
    ("spelling", "unit"),
    [
        ("CM", "cm"),
        ("centimeters", "cm"),
        (" Metre ", "m"),
        ("mm", "mm"),
        ("EU", "eu"),
        ("Inch", "inch"),
    ],
)
def test_normalize_unit(spelling: str, unit: str) -> None:
    assert normalize_unit(spelling) == unit


@pytest.mark.parametrize(
    ("value", "shown"), [("160.00", "160"), ("1.6E+2", "160"), ("0.80", "0.8")]
)
def test_tidy_writes_numbers_as_people_do(value: str, shown: str) -> None:
    assert str(tidy(Decimal(value))) == shown
