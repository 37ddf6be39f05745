"""Stored entities become Rasa markup that Rasa's own parser reads back the same."""

from __future__ import annotations

from typing import Any

import pytest
from rasa.shared.nlu.training_data.entities_parser import (
    find_entities_in_training_example,
    replace_entities,
)

from bot.training.markup import annotate


def _entity(entity: str, start: int, end: int, value: Any) -> dict[str, Any]:
    return {"entity": entity, "start": start, "end": end, "value": value, "extractor": "x"}


def test_entities_become_markup_that_rasa_reads_back() -> None:
    text = "I'd like trainers in red"
    entities = [_entity("product", 9, 17, "sneaker"), _entity("option", 21, 24, "red")]

    markup = annotate(text, entities)

    assert (
        markup == 'I\'d like [trainers]{"entity": "product", "value": "sneaker"} in [red](option)'
    )
    assert replace_entities(markup) == text
    assert [
        (e["entity"], e["value"], e["start"], e["end"])
        for e in find_entities_in_training_example(markup)
    ] == [("product", "sneaker", 9, 17), ("option", "red", 21, 24)]


def test_numbers_keep_their_value() -> None:
    markup = annotate("size 42", [_entity("number", 5, 7, 42)])

    assert find_entities_in_training_example(markup)[0]["value"] == 42


@pytest.mark.parametrize(
    "entities",
    [
        [],
        [_entity("option", 5, 99, "x")],
        [_entity("option", 3, 1, "x")],
        [_entity("option", -1, 2, "x")],
        [{"entity": "option", "start": "1", "end": 3}],
        [{"start": 0, "end": 3, "value": "x"}],
        [_entity("   ", 0, 3, "x")],
        ["not an entity", None, 42],
    ],
)
def test_unusable_entities_leave_the_plain_text(entities: list[Any]) -> None:
    assert annotate("plain words", entities) == "plain words"


def test_overlapping_spans_keep_the_first() -> None:
    markup = annotate("navy blue", [_entity("option", 0, 9, "navy"), _entity("option", 5, 9, "b")])

    assert markup == '[navy blue]{"entity": "option", "value": "navy"}'


@pytest.mark.parametrize(
    "text", ["[red](product)", "a ] b [ c", 'x]{"entity": "option"}', "<script>[x](y)</script>"]
)
def test_customer_brackets_never_become_markup(text: str) -> None:
    markup = annotate(text, [])

    assert find_entities_in_training_example(markup) == []
    assert "[" not in markup and "]" not in markup


def test_huge_text_is_annotated_in_one_pass() -> None:
    text = "red " * 25_000
    entities = [_entity("option", i * 4, i * 4 + 3, "red") for i in range(25_000)]

    assert annotate(text, entities).count("[red](option)") == 25_000
