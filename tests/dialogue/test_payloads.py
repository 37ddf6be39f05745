from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue import payloads
from bot.layout import DOMAIN_FILE
from bot.settings import PROJECT_ROOT
from tests.tensorflow import TENSORFLOW

pytestmark = TENSORFLOW

Read = Callable[[str], tuple[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def read() -> Read:
    """How Rasa itself reads a button payload, checked against our domain."""
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler  # see TENSORFLOW

    domain = Domain.load(PROJECT_ROOT / DOMAIN_FILE)

    def parse(payload: str) -> tuple[str, dict[str, Any]]:
        (message,) = RegexMessageHandler().process([Message(data={"text": payload})], domain)
        entities = {e["entity"]: e["value"] for e in message.get("entities", [])}
        return message.get("intent")["name"], entities

    return parse


@pytest.mark.parametrize(
    ("payload", "intent", "entities"),
    [
        (
            payloads.choose_option("material", "suede"),
            "inform",
            {"attribute": "material", "option": "suede"},
        ),
        (payloads.choose_product("desk"), "design_product", {"product": "desk"}),
        (payloads.change_attribute(payloads.QUANTITY), "inform", {"attribute": "quantity"}),
        (payloads.rate(4), "inform", {"rating": 4}),
        (payloads.yes(), "affirm", {}),
        (payloads.no(), "deny", {}),
    ],
)
def test_rasa_reads_every_payload_back_exactly(
    read: Read, payload: str, intent: str, entities: dict[str, Any]
) -> None:
    assert read(payload) == (intent, entities)
