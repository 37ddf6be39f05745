"""`rasa run`, with the HTTP API's token taken from the environment, not the command line.

Rasa 3.6 reads its API token only from `--auth-token`. Written on a command line the
token shows in every local user's `ps`, and a token that begins with "-" is read as
an option (`argument -t/--auth-token: expected one argument`). The stack therefore
starts `python -m bot.rasa_plugins.server run --enable-api ...` with the token in
`RASA_API_TOKEN`, and this adds it to Rasa's arguments inside the process, spelled
`--auth-token=<token>`, the one form argparse never mistakes for an option.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

TOKEN_VARIABLE = "RASA_API_TOKEN"


def rasa_argv(arguments: Sequence[str], token: str | None) -> list[str]:
    """Rasa's command line: `arguments`, then the token when there is one."""
    return ["rasa", *arguments, *([f"--auth-token={token}"] if token else [])]


def main() -> None:
    """Run Rasa's own entry point on our arguments plus the token."""
    sys.argv = rasa_argv(sys.argv[1:], os.environ.get(TOKEN_VARIABLE) or None)
    from rasa.__main__ import main as rasa_main

    rasa_main()


if __name__ == "__main__":
    main()
