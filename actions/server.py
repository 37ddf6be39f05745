"""The action server the stack starts: `rasa run actions`, with the vocabularies built first.

Building each product's spaCy vocabulary takes seconds. Doing it here, after the
arguments are read and before the server answers its health check, keeps that wait
off the first customer's reply, and off everything that merely imports `actions`
(the tests, Rasa's data validator).

    python -m actions.server --actions actions --port 5055
"""

from __future__ import annotations

from collections.abc import Sequence

from rasa_sdk.__main__ import main_from_args
from rasa_sdk.endpoint import create_argument_parser


def main(arguments: Sequence[str] | None = None) -> None:
    """Parse rasa_sdk's own arguments, warm up, then serve."""
    parsed = create_argument_parser().parse_args(arguments)
    # Imported here, after the arguments are read: importing the actions imports spaCy.
    from actions.resources import warm_up

    warm_up()
    main_from_args(parsed)


if __name__ == "__main__":
    main()
