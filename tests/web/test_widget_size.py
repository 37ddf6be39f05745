from __future__ import annotations

from benchmarks.widget_size import BUDGET_BYTES, gzipped_total, main


def test_the_widget_stays_within_30_kb_gzipped() -> None:
    assert 0 < gzipped_total() <= BUDGET_BYTES


def test_the_benchmark_reports_the_budget(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main() == 0
    out = capsys.readouterr().out
    assert "widget.js" in out and "widget.css" in out and f"of {BUDGET_BYTES:,} bytes" in out
