"""The summary table's rows, targets and cells."""

from __future__ import annotations

from bot.evaluation.summary import (
    HEADER,
    Row,
    at_least,
    markdown_cell,
    markdown_table,
    share_at_least,
    targets_met,
)


def test_figures_against_targets() -> None:
    assert at_least("macro-F1", 0.9604, 0.96) == Row("macro-F1", "0.960", ">= 0.96", True)
    assert at_least("macro-F1", 0.9599, 0.96).met is False


def test_shares_show_the_counts() -> None:
    assert share_at_least("unchanged", 440, 440, 1.0) == Row(
        "unchanged", "100.0% (440/440)", "100%", True
    )
    assert share_at_least("unchanged", 439, 440, 1.0).met is False
    assert share_at_least("again", 436, 440, 0.99) == Row(
        "again", "99.1% (436/440)", ">= 99%", True
    )
    assert share_at_least("again", 435, 440, 0.99).met is False


def test_nothing_measured_meets_no_target() -> None:
    assert share_at_least("again", 0, 0, 0.99).met is False


def test_the_table_and_its_verdict() -> None:
    rows = [at_least("a", 1.0, 0.5), Row("b", "3"), at_least("c | d", 0.1, 0.5)]
    assert markdown_table(rows).splitlines() == [
        *HEADER.splitlines(),
        "| a | 1.000 | >= 0.50 | yes |",
        "| b | 3 | | |",
        "| c \\| d | 0.100 | >= 0.50 | NO |",
    ]
    assert not targets_met(rows)
    assert targets_met(rows[:2])


def test_cells_stay_on_one_line_whatever_customers_type() -> None:
    assert markdown_cell("a |\nb\\ c") == "a \\| b\\\\ c"
