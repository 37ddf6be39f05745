from bot.dialogue.state import Turn

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
