"""Rasa NLU component: the catalog's entities, from a spaCy pipeline built at training.

It is also a sparse featurizer: each token is marked with the kind of catalog entity
it is part of, and each message with the kinds it contains, so DIET's intent
classification sees "this names an option" even for a misspelt or unseen synonym
("lether", a new product's word) that its word counts have never seen.

And it delexicalises what the word counts see: a token inside a catalog phrase, a
quantity or a quoted text gets a placeholder lemma (`__product__`, `__option__`...),
which the CountVectorsFeaturizers read instead of the word (their `use_lemma`). The
intent of "custom __product__ please" is learnt once for every product, so a product
added to the catalog after the training sentences were written, or a misspelling of
one, reads like those the sentences name; and "12 __quantity__" answers the quantity
question whatever the product is called.

Registered in `config.yml`. `train` builds `CatalogVocabulary` from the catalog the bot
serves (`CATALOG_PATH`) and saves it inside the model, so a catalog edit plus `make
train` is all a new product or synonym needs; `load` reads it back from the model, so a
served model keeps reading the words it was trained with. The catalog file's content is
part of the component's fingerprint: Rasa's training cache never reuses a vocabulary
built from another version of the catalog.

DIET classifies intents only (`entity_recognition: false`), so these are the only
entities in the parse: one source for each of them.
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import scipy.sparse
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.extractors.extractor import EntityExtractorMixin
from rasa.nlu.featurizers.sparse_featurizer.sparse_featurizer import SparseFeaturizer
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

import bot
from bot.catalog.loader import load_catalog
from bot.runtime.training import model_code
from bot.settings import load_settings
from bot.understanding.entities import ENTITY_KINDS, Entity, find_entities
from bot.understanding.vocabulary.pipeline import CatalogVocabulary

FEATURE_KINDS = ENTITY_KINDS
"""One feature column per kind of entity, in this order."""

PLACEHOLDERS = {
    kind: f"__{kind}__" for kind in ("product", "attribute", "option", "quantity", "text")
}
"""The lemma the word counts see for a token of each kind of entity. Numbers keep
theirs: a bare number reads the same in every catalog."""


@DefaultV1Recipe.register(
    [
        DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR,
        DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER,
    ],
    is_trainable=True,
)
class CatalogEntityExtractor(SparseFeaturizer, GraphComponent, EntityExtractorMixin):
    """Finds products, attributes, options, numbers, quantities and quoted texts."""

    def __init__(
        self,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        vocabulary: CatalogVocabulary | None = None,
    ) -> None:
        """Hold the vocabulary (None until trained)."""
        SparseFeaturizer.__init__(self, execution_context.node_name, config)
        self._model_storage = model_storage
        self._resource = resource
        self._vocabulary = vocabulary

    @staticmethod
    def get_default_config() -> dict[str, Any]:
        """Only the featurizer's alias, which Rasa requires of every featurizer."""
        return SparseFeaturizer.get_default_config()

    @classmethod
    def validate_config(cls, config: dict[str, Any]) -> None:
        """Nothing to configure: the catalog comes from `CATALOG_PATH`."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> CatalogEntityExtractor:
        """A new, untrained component (Rasa's hook)."""
        return cls(config, model_storage, resource, execution_context)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> CatalogEntityExtractor:
        """The component with the vocabulary saved in the model (Rasa's hook)."""
        with model_storage.read_from(resource) as directory:
            vocabulary = CatalogVocabulary.load(directory)
        return cls(config, model_storage, resource, execution_context, vocabulary)

    @classmethod
    def fingerprint_addon(cls, config: dict[str, Any]) -> str | None:
        """The catalog's content and the code that reads it, so either edit retrains.

        Rasa fingerprints a component by its class and config only: without the code, a
        change to how words are found or marked would keep serving the cached vocabulary
        and features of the old code.
        """
        path = load_settings().catalog_path
        if not path.is_file():
            return None
        digest = hashlib.sha256(path.read_bytes())
        for source in model_code(Path(bot.__file__).parent.parent):
            digest.update(source.read_bytes())
        return digest.hexdigest()

    def train(self, training_data: TrainingData) -> Resource:
        """Build the vocabulary from the catalog and save it in the model."""
        catalog = load_catalog(load_settings().catalog_path)
        self._vocabulary = CatalogVocabulary.build(catalog.products)
        with self._model_storage.write_to(self._resource) as directory:
            self._vocabulary.save(directory)
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        """Add the features to the training examples; their entities stay as written."""
        for message in training_data.training_examples:
            found = self._entities(message)
            self._featurize(message, found)
            _delexicalise(message, found)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        """Add this component's entities and features to each message (Rasa's hook)."""
        for message in messages:
            found = self._entities(message)
            self._featurize(message, found)
            _delexicalise(message, found)
            entities = [*message.get(ENTITIES, []), *self.add_extractor_name(_as_rasa(found))]
            message.set(ENTITIES, entities, add_to_output=True)
        return messages

    def _entities(self, message: Message) -> list[Entity]:
        text = message.get(TEXT)
        if self._vocabulary is None or not isinstance(text, str) or not text:
            return []
        return find_entities(self._vocabulary, text)

    def _featurize(self, message: Message, entities: list[Entity]) -> None:
        tokens = message.get(TOKENS_NAMES[TEXT])
        if not tokens:
            return
        marks = np.zeros((len(tokens), len(FEATURE_KINDS)), dtype=np.float32)
        for entity, first, last in _token_ranges(tokens, entities):
            marks[first:last, FEATURE_KINDS.index(entity.kind)] = 1.0
        sequence = scipy.sparse.coo_matrix(marks)
        sentence = scipy.sparse.coo_matrix(marks.max(axis=0, keepdims=True))
        self.add_features_to_message(sequence, sentence, TEXT, message)


def _delexicalise(message: Message, entities: list[Entity]) -> None:
    """Give the tokens of catalog phrases, quantities and quoted texts their placeholder."""
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    for entity, first, last in _token_ranges(tokens, entities):
        placeholder = PLACEHOLDERS.get(entity.kind)
        if placeholder is not None:
            for token in tokens[first:last]:
                token.lemma = placeholder


def _token_ranges(tokens: list[Token], entities: list[Entity]) -> Iterator[tuple[Entity, int, int]]:
    """Each entity with the slice of `tokens` it overlaps.

    From the first token ending after its start to the last starting before its end:
    a bisection each, so a huge message costs no scan per entity.
    """
    starts = [token.start for token in tokens]
    ends = [token.end for token in tokens]
    for entity in entities:
        yield entity, bisect_right(ends, entity.start), bisect_left(starts, entity.end)


def _as_rasa(entities: list[Entity]) -> list[dict[str, Any]]:
    """Rasa's entity dicts; a number's unit travels in an extra `unit` key."""
    converted = []
    for entity in entities:
        found: dict[str, Any] = {
            "entity": entity.kind,
            "value": entity.value,
            "start": entity.start,
            "end": entity.end,
            "confidence_entity": 1.0,
        }
        if entity.unit is not None:
            found["unit"] = entity.unit
        converted.append(found)
    return converted
