from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue import payloads
from tests.needs_tensorflow import NEEDS_TENSORFLOW

pytestmark = NEEDS_TENSORFLOW

Read = Callable[[str], tuple[str, dict[str, Any]]]


@pytest.fixture(scope="module")
def read(project_domain: Domain) -> Read:
    """How Rasa itself reads a button payload, checked against our domain."""
    # Imported here, not at the top: see NEEDS_TENSORFLOW.
    from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler

    def parse(payload: str) -> tuple[str, dict[str, Any]]:
        message = Message(data={"text": payload})
        (message,) = RegexMessageHandler().process([message], project_domain)
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
