"""Running `tailor` in-process the way the CLI tests check it: exit code, stdout, stderr."""

from __future__ import annotations

import pytest

from bot.cli.main import main


def run_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """`main(argv)`'s exit code and output; argparse's own exits count as exit codes too."""
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse exits by itself
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err
