import pytest

from bot.understanding.phrasing.switching import asks_to_switch

from ..support import timed


@pytest.mark.parametrize(
    "message",
    [
        "a standing desk instead",
        "actually I'd rather design sneakers",
        "switch to the desk",
        "change to t-shirts",
        "let's do a desk",
        "let's design a standing desk",
        "Let\u2019s make shirts",  # a curly apostrophe
        "I want a standing desk",
        "I'd like some custom sneekrs",
        "id like a desk",
        "I would like t-shirts",
        "can I get custom trainners?",
        "Could you make me a desk",
        "I need 60 shirts for my team",
        "actually sneakers",
    ],
)
def test_wishes_and_switches(message: str) -> None:
    assert asks_to_switch(message)


@pytest.mark.parametrize(
    "message",
    [
        "black desk",
        "a standing desk",
        "how do I restore an old wooden desk",
        "what about the desk?",
        "standing desks look nice",
        "my old desk wants a new top",
        "",
        "insteadof",
    ],
)
def test_other_messages_naming_a_product(message: str) -> None:
    assert not asks_to_switch(message)


@pytest.mark.parametrize(
    "message", ["instead " * 2_000, "i " * 5_000, "'" * 10_000, "\x00" * 10_000]
)
def test_huge_and_hostile_messages_are_read_quickly(message: str) -> None:
    timed(lambda: asks_to_switch(message))
