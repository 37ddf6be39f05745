from __future__ import annotations

from typing import Any

import pytest
from rasa.nlu.classifiers.regex_message_handler import RegexMessageHandler
from rasa.shared.core.domain import Domain
from rasa.shared.nlu.training_data.message import Message

from bot.dialogue import payloads
from bot.settings import PROJECT_ROOT


@pytest.fixture(scope="module")
def domain() -> Domain:
    return Domain.load(PROJECT_ROOT / "domain.yml")


def parse(payload: str, domain: Domain) -> tuple[str, dict[str, Any]]:
    """How Rasa itself reads a button payload, checked against our domain."""
    (message,) = RegexMessageHandler().process([Message(data={"text": payload})], domain)
    entities = {e["entity"]: e["value"] for e in message.get("entities", [])}
    return message.get("intent")["name"], entities


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
    domain: Domain, payload: str, intent: str, entities: dict[str, Any]
) -> None:
    assert parse(payload, domain) == (intent, entities)
