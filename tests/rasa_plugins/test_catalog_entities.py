"""The spaCy entity component inside real Rasa models: train, archive, load, parse.

Each model is trained with Rasa's own `train_nlu` on a small pipeline (no DIET, so it
takes seconds) and read back from the `.tar.gz` archive with `Agent.load`, the way
`rasa run` serves it. Rasa's NLU imports TensorFlow, so this module imports Rasa's
components and our own inside its tests (see tests/needs_tensorflow.py).
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.catalog.loader import load_catalog
from bot.settings import DEFAULT_CATALOG_PATH
from bot.understanding.entities import find_entities
from bot.understanding.vocabulary.pipeline import CatalogVocabulary
from tests.needs_tensorflow import NEEDS_TENSORFLOW

pytestmark = NEEDS_TENSORFLOW
EXTRACTOR = "CatalogEntityExtractor"

CONFIG = """
recipe: default.v1
language: en
assistant_id: entity-test
pipeline:
  - name: WhitespaceTokenizer
  - name: bot.rasa_plugins.catalog_entities.CatalogEntityExtractor
policies: []
"""
NLU = """
version: "3.1"
nlu:
  - intent: inform
    examples: |
      - suede
      - size 42
  - intent: greet
    examples: |
      - hello
      - hi there
"""
MESSAGES = [
    "2 pairs of lether sneekers, navy-blue, white sole, size forty two",
    "a walnutt desktop with two motors, 1m60 wide and 80 cm deep",
    "60 Heather Grey tees with 'GO TEAM' in metallic gold",
]


def _train(root: Path, catalog: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    from rasa.model_training import train_nlu

    monkeypatch.setenv("CATALOG_PATH", str(catalog))
    (root / "config.yml").write_text(CONFIG, encoding="utf-8")
    (root / "nlu.yml").write_text(NLU, encoding="utf-8")
    model = train_nlu(
        str(root / "config.yml"), str(root / "nlu.yml"), str(root / "models"), fixed_model_name=name
    )
    assert model is not None
    return Path(model)


def _parse(model: Path, messages: list[str]) -> list[list[dict[str, Any]]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))

    async def parse_all() -> list[list[dict[str, Any]]]:
        return [(await agent.parse_message(text))["entities"] for text in messages]

    return asyncio.run(parse_all())


@pytest.fixture(scope="module")
def demo_model(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    with pytest.MonkeyPatch.context() as monkeypatch:
        yield _train(tmp_path_factory.mktemp("demo"), DEFAULT_CATALOG_PATH, "demo", monkeypatch)


def test_the_model_reads_entities_like_the_pipeline_built_from_the_catalog(
    demo_model: Path,
) -> None:
    vocabulary = CatalogVocabulary.build(load_catalog(DEFAULT_CATALOG_PATH).products)
    for message, entities in zip(MESSAGES, _parse(demo_model, MESSAGES), strict=True):
        expected = [
            (e.kind, e.value, e.start, e.end, e.unit) for e in find_entities(vocabulary, message)
        ]
        assert [
            (e["entity"], e["value"], e["start"], e["end"], e.get("unit")) for e in entities
        ] == expected
        assert {e["extractor"] for e in entities} == {EXTRACTOR}
        assert expected


@pytest.mark.parametrize(
    "message",
    [
        "",
        "   ",
        "a" * 10_000,
        "white sole " * 2_000,
        "\U0001f44d\U0001f389" * 2_000,
        "\uff57\uff48\uff49\uff54\uff45 \u0431\u0435\u043b \u767d \u0664\u0662 " * 300,
    ],
)
def test_bad_input_gets_no_or_bounded_entities(demo_model: Path, message: str) -> None:
    [entities] = _parse(demo_model, [message])
    assert all(0 <= e["start"] < e["end"] <= 1_000 for e in entities)


def test_a_new_product_needs_a_catalog_edit_and_training_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = yaml.safe_load(DEFAULT_CATALOG_PATH.read_text(encoding="utf-8"))
    bike = copy.deepcopy(data["products"][0])
    bike.update(id="bike", name="City bike", also_called=["bicycle", "cruiser"])
    bike["quantity"]["unit"] = "bike"
    bike["attributes"] = [
        {
            "id": "saddle",
            "name": "saddle",
            "type": "choice",
            "options": [
                {"id": "brooks", "label": "Brooks leather", "price": 40, "also_called": ["honey"]},
                {"id": "foam", "label": "Foam", "price": 0},
            ],
        }
    ]
    bike["rules"] = []
    data["products"].append(bike)
    catalog = tmp_path / "catalog.yml"
    catalog.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    model = _train(tmp_path, catalog, "bike", monkeypatch)
    [entities] = _parse(model, ["two cruisers with a honey saddle"])
    assert [(e["entity"], e["value"]) for e in entities] == [
        ("quantity", 2),
        ("option", "brooks"),
        ("attribute", "saddle"),
    ]


def test_the_catalog_is_part_of_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rasa reuses a cached component when its fingerprint is unchanged: a catalog edit
    must change it, or a new product would be missing from the retrained model."""
    from bot.rasa_plugins.catalog_entities import CatalogEntityExtractor

    catalog = tmp_path / "catalog.yml"
    catalog.write_bytes(DEFAULT_CATALOG_PATH.read_bytes())
    monkeypatch.setenv("CATALOG_PATH", str(catalog))
    before = CatalogEntityExtractor.fingerprint_addon({})
    catalog.write_bytes(DEFAULT_CATALOG_PATH.read_bytes() + b"\n# edited\n")
    assert CatalogEntityExtractor.fingerprint_addon({}) not in {before, None}


def _trained_component_and_tokenizer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The catalog component trained on the demo catalog, and the tokenizer before it."""
    from rasa.nlu.tokenizers.whitespace_tokenizer import WhitespaceTokenizer

    from bot.rasa_plugins.catalog_entities import CatalogEntityExtractor

    monkeypatch.setenv("CATALOG_PATH", str(DEFAULT_CATALOG_PATH))
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(GraphSchema({}), node_name="catalog")
    config = CatalogEntityExtractor.get_default_config()
    component = CatalogEntityExtractor.create(config, storage, Resource("catalog"), context)
    component.train(TrainingData())
    tokenizer = WhitespaceTokenizer.create(
        WhitespaceTokenizer.get_default_config(), storage, Resource("tokens"), context
    )
    return component, tokenizer


def test_tokens_are_marked_with_the_kind_of_entity_they_belong_to(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The features DIET reads: one column per entity kind, per token and per message."""
    from bot.rasa_plugins.catalog_entities import FEATURE_KINDS

    component, tokenizer = _trained_component_and_tokenizer(tmp_path, monkeypatch)
    message = Message(data={TEXT: "2 pairs of lether sneekers"})
    tokenizer.process([message])
    component.process([message])
    sequence, sentence = message.get_sparse_features(TEXT)
    assert sequence is not None and sentence is not None
    kinds = list(FEATURE_KINDS)
    rows = sequence.features.toarray()
    marked = [[kinds[i] for i, flag in enumerate(row) if flag] for row in rows]
    assert marked == [["quantity"], ["quantity"], [], ["option"], ["product"]]
    assert sentence.features.toarray().tolist() == [
        [1.0 if kind in {"quantity", "option", "product"} else 0.0 for kind in kinds]
    ]


@pytest.mark.parametrize(
    ("text", "lemmas"),
    [
        ("some sneekers please", ["some", "__product__", "please"]),
        ("12 pairs", ["__quantity__", "__quantity__"]),
        ("navy blue laces", ["__option__", "__option__", "__attribute__"]),
        ("print 'GO TEAM' in gold", ["__attribute__", "__text__", "__text__", "in", "__option__"]),
        ("size 42", ["__attribute__", "42"]),
        ("how is the weather", ["how", "is", "the", "weather"]),
    ],
)
def test_the_word_counts_see_placeholders_for_catalog_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, lemmas: list[str]
) -> None:
    """DIET learns "custom __product__ please" once for every product, a new one included;
    numbers keep their own lemma. Training examples are read the same way as messages."""
    component, tokenizer = _trained_component_and_tokenizer(tmp_path, monkeypatch)
    parsed, example = Message(data={TEXT: text}), Message(data={TEXT: text, "intent": "inform"})
    tokenizer.process([parsed])
    tokenizer.process_training_data(TrainingData([example]))
    component.process([parsed])
    component.process_training_data(TrainingData([example]))
    for message in (parsed, example):
        tokens = message.get("text_tokens")
        assert [t.lemma for t in tokens] == lemmas
        assert [t.text for t in tokens] == [t.text for t in parsed.get("text_tokens")]
