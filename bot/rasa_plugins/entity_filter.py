"""Rasa NLU component: a message that is not about a design names nothing of the catalog.

The catalog's entities are found before the intent is known, word by word, so "what's
the gold price today" reads an option (gold), "I'll come back later" a print position
and "book a table for two" a product and a number. Once DIET has decided what a message is, the
catalog words of a goodbye, a greeting, a fresh start or an off-topic message are not
the customer's choices: this component, placed after the classifiers in
`config.yml`, drops the catalog component's entities from such a parse. Intents that
can carry design values (a product wish, an answer, a question about options, prices or
lead times, a yes or no, thanks, a request for a person) keep theirs.

When the fallback replaced the intent, DIET's own best guess decides: an uncertain
answer ("navy for the shirts") is still an answer. The dialogue reads typed words
itself (`bot.understanding.extract`), so this changes what the parse reports (the staff
console, `rasa test nlu`), never what a turn does.
"""

from __future__ import annotations

from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import (
    ENTITIES,
    EXTRACTOR,
    INTENT,
    INTENT_NAME_KEY,
    INTENT_RANKING_KEY,
)
from rasa.shared.nlu.training_data.message import Message

from bot.rasa_plugins.catalog_entities import CatalogEntityExtractor

WITHOUT_DESIGN_VALUES = frozenset(
    {"greet", "goodbye", "bot_challenge", "start_over", "out_of_scope"}
)
"""Intents whose messages never give, change or ask about a design value. Thanks and
requests for a person are not among them: they often name what they are about ("thanks
for explaining the suede", "someone to call me about the desk"), which staff read."""


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False)
class CatalogEntityFilter(GraphComponent):
    """Removes the catalog's entities from messages that are not about a design."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CatalogEntityFilter:
        """The component; it has nothing to configure or train (Rasa's hook)."""
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        """Drop the catalog entities of every message without design values (Rasa's hook)."""
        for message in messages:
            if classified_intent(message) in WITHOUT_DESIGN_VALUES:
                kept = [
                    entity
                    for entity in message.get(ENTITIES, [])
                    if entity.get(EXTRACTOR) != CatalogEntityExtractor.__name__
                ]
                message.set(ENTITIES, kept, add_to_output=True)
        return messages


def classified_intent(message: Message) -> str | None:
    """The intent DIET chose: under a fallback, the best-ranked intent that is not one."""
    ranking = message.get(INTENT_RANKING_KEY) or [message.get(INTENT) or {}]
    return next(
        (
            entry.get(INTENT_NAME_KEY)
            for entry in ranking
            if entry.get(INTENT_NAME_KEY) != DEFAULT_NLU_FALLBACK_INTENT_NAME
        ),
        None,
    )
