"""Print the chat widget's download size against its budget: JS plus CSS, gzipped.

    .venv/bin/python benchmarks/widget_size.py

Sizes are of exactly the bytes the web app sends (`bot.web.routes.assets`), so the
number is what a shop's visitors download. Exits non-zero when over budget; the same
check runs in the test suite (tests/web/test_widget_size.py).
"""

from __future__ import annotations

import sys

from bot.web.routes.assets import assets

WIDGET_FILES = ("widget.js", "widget.css")
BUDGET_BYTES = 30 * 1024
"""30 KB gzipped for JS and CSS together (issue #4)."""


def gzipped_total() -> int:
    """What the widget costs a visitor on the wire, in bytes."""
    return sum(len(assets()[name].gzipped) for name in WIDGET_FILES)


def main() -> int:
    """Print a line per file and the total against the budget; 1 when over budget."""
    table = assets()
    print(f"{'file':<12} {'raw':>8} {'gzipped':>8}")
    for name in WIDGET_FILES:
        print(f"{name:<12} {len(table[name].body):>8,} {len(table[name].gzipped):>8,}")
    raw = sum(len(table[name].body) for name in WIDGET_FILES)
    total = gzipped_total()
    print(f"{'total':<12} {raw:>8,} {total:>8,}")
    print(f"budget: {total:,} of {BUDGET_BYTES:,} bytes gzipped ({total / BUDGET_BYTES:.0%})")
    return 0 if total <= BUDGET_BYTES else 1


if __name__ == "__main__":
    sys.exit(main())
