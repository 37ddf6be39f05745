from __future__ import annotations

from decimal import Decimal

import pytest

from bot.dialogue.wording import (
    capitalised,
    money,
    one_of,
    percent,
    price_delta,
    product_phrase,
    with_article,
)


def test_amounts_and_lists_read_naturally() -> None:
    assert money(Decimal("1152"), "EUR") == "1152.00 EUR"
    assert price_delta(Decimal(0), "EUR") == ""
    assert price_delta(Decimal("2.5"), "EUR") == " (+2.50 EUR)"
    assert percent(Decimal("0.10")) == "10%"
    assert percent(Decimal("0.125")) == "12.5%"
    assert one_of([]) == "" and one_of(["a"]) == "a"
    assert one_of(["a", "b", "c"]) == "a, b or c"
    assert one_of(["a", "b"], "and") == "a and b"
    assert capitalised("upper colour") == "Upper colour" and capitalised("") == ""


@pytest.mark.parametrize(
    ("name", "in_a_sentence", "bare"),
    [
        ("Standing desk", "a standing desk", "standing desk"),
        ("Custom sneakers", "custom sneakers", "custom sneakers"),
        ("Printed T-shirt", "a printed T-shirt", "printed T-shirt"),
        ("T-shirt", "a T-shirt", "T-shirt"),
        ("XL hoodie", "a XL hoodie", "XL hoodie"),
        ("Oak table", "an oak table", "oak table"),
        ("Umbrella", "an umbrella", "umbrella"),
        ("Yoga mats", "yoga mats", "yoga mats"),
        ("Glass", "a glass", "glass"),
        ("iPhone case", "an iPhone case", "iPhone case"),
        ("A4 poster", "an A4 poster", "A4 poster"),
        ("  Mug ", "a mug", "mug"),
        ("", "", ""),
    ],
)
def test_product_names_read_naturally_in_a_sentence(
    name: str, in_a_sentence: str, bare: str
) -> None:
    assert product_phrase(name) == in_a_sentence
    assert product_phrase(name, article=False) == bare


def test_a_huge_or_odd_name_is_written_calmly() -> None:
    assert product_phrase("Desk " * 5_000).startswith("a desk Desk")
    assert product_phrase("🎉 party kit") == "a 🎉 party kit"


def test_the_article_goes_by_the_first_letter() -> None:
    assert [with_article(p) for p in ["desk", "upper colour", "Oak", ""]] == [
        "a desk",
        "an upper colour",
        "an Oak",
        "",
    ]
