import pytest

from bot.catalog.loader import load_catalog
from bot.dialogue.state import DesignState, Turn
from bot.settings import DEFAULT_CATALOG_PATH

NLU_ENTITY = {"entity": "attribute", "value": "monogram", "extractor": "CatalogEntityExtractor"}
PAYLOAD_ENTITY = {"entity": "product", "value": "sneaker", "extractor": "RegexMessageHandler"}


def test_a_typed_message_keeps_its_words_and_drops_the_nlu_entities() -> None:
    turn = Turn.from_message("no monogram", "inform", [NLU_ENTITY], asked="monogram")
    assert turn == Turn("no monogram", "inform", (), "monogram")
    assert turn.attribute_choice is None


def test_a_button_payload_keeps_its_entities_and_no_words() -> None:
    turn = Turn.from_message('/design_product{"product":"sneaker"}', "design_product",
                             [PAYLOAD_ENTITY], asked="product")  # fmt: skip
    assert turn == Turn("", "design_product", (PAYLOAD_ENTITY,), "product")
    assert turn.product_choice == "sneaker"


def test_pending_confirmations_travel_through_the_slots() -> None:
    catalog = load_catalog(DEFAULT_CATALOG_PATH)
    state = DesignState(product="tshirt", pending_product="desk", pending_text="GO?")
    slots = state.to_slots(catalog)
    assert (slots["pending_product"], slots["pending_text"]) == ("desk", "GO?")
    assert DesignState.from_slots(slots) == state
    assert DesignState.from_slots({"pending_product": "", "pending_text": ""}) == DesignState()


@pytest.mark.parametrize(
    ("turn", "answer", "bare"),
    [
        (Turn.from_message("/affirm", "affirm", (), None), True, True),
        (Turn("", "deny"), False, False),
        (Turn("yes please", "affirm"), True, True),
        (Turn("sure", None), True, True),
        (Turn("NO SLEEP", "deny"), False, None),  # the words may be a print text
        (Turn("yes, and red laces", "affirm"), True, None),
        (Turn("maybe", "inform"), None, None),
        (Turn("", None), None, None),
        (Turn("x" * 10_000, "inform"), None, None),
    ],
)
def test_yes_or_no_and_the_bare_kind(turn: Turn, answer: bool | None, bare: bool | None) -> None:
    assert turn.yes_or_no() is answer
    assert turn.bare_yes_or_no() is bare
