from __future__ import annotations

from decimal import Decimal

from bot.dialogue.wording import capitalised, money, one_of, percent, price_delta


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
