"""The catalog's entities are dropped from messages that are not about a design."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from tests.needs_tensorflow import NEEDS_TENSORFLOW

pytestmark = NEEDS_TENSORFLOW

CATALOG = {"entity": "option", "value": "gold", "extractor": "CatalogEntityExtractor"}
OTHER = {"entity": "city", "value": "Oslo", "extractor": "SomeOtherExtractor"}


def _filtered(intent: str, ranking: list[str] | None = None) -> list[dict[str, Any]]:
    from bot.rasa_plugins.entity_filter import CatalogEntityFilter

    data: dict[str, Any] = {
        TEXT: "what's the gold price today",
        INTENT: {"name": intent, "confidence": 0.9},
        ENTITIES: [dict(CATALOG), dict(OTHER)],
    }
    if ranking is not None:
        data[INTENT_RANKING_KEY] = [{"name": name, "confidence": 0.5} for name in ranking]
    message = Message(data=data)
    component = CatalogEntityFilter.create({}, None, None, None)  # type: ignore[arg-type]
    [processed] = component.process([message])
    return processed.get(ENTITIES)


@pytest.mark.parametrize("intent", ["out_of_scope", "goodbye", "greet", "start_over"])
def test_messages_without_design_values_lose_the_catalog_entities_only(intent: str) -> None:
    assert _filtered(intent) == [OTHER]


@pytest.mark.parametrize(
    "intent",
    ["inform", "design_product", "ask_price", "affirm", "deny", "thank", "request_human"],
)
def test_messages_that_can_be_about_a_design_keep_them(intent: str) -> None:
    assert _filtered(intent) == [CATALOG, OTHER]


def test_under_a_fallback_diets_own_best_guess_decides() -> None:
    assert _filtered("nlu_fallback", ["nlu_fallback", "inform", "out_of_scope"]) == [
        CATALOG,
        OTHER,
    ]
    assert _filtered("nlu_fallback", ["nlu_fallback", "out_of_scope", "inform"]) == [OTHER]


@pytest.mark.parametrize("data", [{}, {INTENT: None}, {INTENT: {}}, {INTENT_RANKING_KEY: []}])
def test_a_message_without_an_intent_is_left_alone(data: dict[str, Any]) -> None:
    from bot.rasa_plugins.entity_filter import CatalogEntityFilter

    message = Message(data={TEXT: "gold", ENTITIES: [dict(CATALOG)], **data})
    [processed] = CatalogEntityFilter.create({}, None, None, None).process([message])  # type: ignore[arg-type]
    assert processed.get(ENTITIES) == [CATALOG]
