"""`python -m bot.rasa_plugins.server`: Rasa's own command line, the token added inside."""

from __future__ import annotations

import pytest
from rasa.__main__ import create_argument_parser

from bot.rasa_plugins.server import rasa_argv

RUN = ["run", "--enable-api", "--port", "5005"]


def parsed_token(token: str | None) -> str | None:
    """The token Rasa's own argument parser reads from our command line."""
    argv = rasa_argv(RUN, token)
    assert argv[0] == "rasa"
    return create_argument_parser().parse_args(argv[1:]).auth_token


@pytest.mark.parametrize(
    "token",
    ["0123abcd", "-starts-with-a-dash", "--looks-like-an-option", "-t", "a=b", "x" * 4096],
)
def test_rasa_reads_every_token_whole(token: str) -> None:
    assert parsed_token(token) == token


def test_without_a_token_no_option_is_added() -> None:
    assert rasa_argv(RUN, None) == ["rasa", *RUN]
    assert parsed_token(None) is None


def test_our_arguments_pass_through_in_order() -> None:
    assert rasa_argv(RUN, "secret")[:-1] == ["rasa", *RUN]
