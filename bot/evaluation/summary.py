"""The evaluation's one table: every figure, its target and whether it is met.

Each part of the evaluation turns its figures into `Row`s; the table, the README and
the exit status are all made from the same rows, so they cannot disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

HEADER = "| figure | value | target | met |\n|---|---|---|---|"


@dataclass(frozen=True)
class Row:
    """One line of the table; `met` is None for a figure without a target."""

    figure: str
    value: str
    target: str = ""
    met: bool | None = None

    def markdown(self) -> str:
        """The row as a line of the Markdown table."""
        met = "" if self.met is None else "yes" if self.met else "NO"
        cells = (markdown_cell(self.figure), self.value, self.target, met)
        return "|" + "|".join(f" {cell} " if cell else " " for cell in cells) + "|"


def at_least(figure: str, value: float, target: float) -> Row:
    """A figure between 0 and 1 that must reach `target`, shown to three places."""
    return Row(figure, f"{value:.3f}", f">= {target:.2f}", value >= target)


def share_at_least(figure: str, hits: int, total: int, target: float) -> Row:
    """A share of live turns that must reach `target`, shown as a percentage with counts.

    No turns measure nothing, which never meets a target.
    """
    share = hits / total if total else 0.0
    wanted = "100%" if target >= 1 else f">= {target:.0%}"
    return Row(figure, f"{share:.1%} ({hits}/{total})", wanted, bool(total) and share >= target)


def markdown_table(rows: Iterable[Row]) -> str:
    """The rows under the table's header."""
    return "\n".join([HEADER, *(row.markdown() for row in rows)])


def targets_met(rows: Iterable[Row]) -> bool:
    """Whether no row misses its target."""
    return all(row.met is not False for row in rows)


def markdown_cell(text: str) -> str:
    """`text` on one line, safe inside a Markdown table cell (customers type `|` too)."""
    return " ".join(text.split()).replace("\\", "\\\\").replace("|", "\\|")
