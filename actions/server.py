"""The action server the stack starts: `rasa run actions`, with the vocabularies built first.

Building each product's spaCy vocabulary takes seconds. Doing it here, after the
arguments are read and before the server answers its health check, keeps that wait
off the first customer's reply, and off everything that merely imports `actions`
(the tests, Rasa's data validator).

    python -m actions.server --actions actions --port 5055
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser


def without_tensorflow() -> None:
    """Keep TensorFlow out of this process: no action uses it.

    Rasa installs it, and thinc (spaCy's machine-learning library) imports it whenever
    it is installed, which cost the action server about 15 s of its start and some
    hundreds of MB. A `None` in `sys.modules` makes that import fail at once, and thinc
    then runs on NumPy as it does where TensorFlow is not installed.
    """
    sys.modules.setdefault("tensorflow", None)  # type: ignore[arg-type]


def main(arguments: Sequence[str] | None = None) -> None:
    """Parse rasa_sdk's own arguments, keep TensorFlow out, warm up, then serve."""
    parsed = create_argument_parser().parse_args(arguments)
    without_tensorflow()
    # Imported here, after the block: importing the actions imports spaCy and so thinc.
    from actions.resources import warm_up

    warm_up()
    main_from_args(parsed)


if __name__ == "__main__":
    main()
