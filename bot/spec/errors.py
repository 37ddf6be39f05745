"""The error raised when a specification cannot be built or is not valid."""

from __future__ import annotations

from collections.abc import Sequence


class SpecificationError(ValueError):
    """A design cannot become a specification, or a specification breaks the schema.

    `problems` lists each problem on its own, so a caller can show them one by one;
    the message joins them for logs.
    """

    def __init__(self, summary: str, problems: Sequence[str]) -> None:
        super().__init__(f"{summary}: {'; '.join(problems)}")
        self.problems = tuple(problems)
