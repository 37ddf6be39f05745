"""A stored customer message with its entities, written as Rasa's training markup.

The NLU inbox shows a trainer the message the way it would go into data/nlu.yml:
`I'd like [trainers]{"entity": "product", "value": "sneaker"}`. The entities come from
the conversation log as the extractor reported them, so they are read defensively:
spans outside the text, overlapping or backwards spans, and entities without a name
are left out (the trainer sees the plain words and can annotate them), never guessed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

NOT_MARKUP = str.maketrans("[]", "()")
"""Brackets in the customer's own words would read as markup; parentheses mean the same
to a reader and nothing to Rasa's parser."""


def annotate(text: str, entities: Iterable[Any]) -> str:
    """`text` with every usable entity span written as `[span](entity)` markup.

    The value is spelled out (`{"entity": ..., "value": ...}`) only when it differs
    from the span, as Rasa's own writer does.
    """
    spans = sorted(_spans(text, entities), key=lambda span: span[0])
    pieces: list[str] = []
    cursor = 0
    for start, end, entity, value in spans:
        if start < cursor:
            continue
        pieces.append(_plain(text[cursor:start]))
        pieces.append(_entity(_plain(text[start:end]), entity, value))
        cursor = end
    pieces.append(_plain(text[cursor:]))
    return "".join(pieces)


def _spans(text: str, entities: Iterable[Any]) -> Iterable[tuple[int, int, str, Any]]:
    for item in entities:
        if not isinstance(item, Mapping):
            continue
        start, end, entity = item.get("start"), item.get("end"), item.get("entity")
        if not (isinstance(start, int) and isinstance(end, int) and isinstance(entity, str)):
            continue
        if 0 <= start < end <= len(text) and entity.strip() and text[start:end].strip():
            yield start, end, entity, item.get("value", text[start:end])


def _plain(text: str) -> str:
    return text.translate(NOT_MARKUP)


def _entity(span: str, entity: str, value: Any) -> str:
    if value == span or value is None:
        return f"[{span}]({entity})"
    described = json.dumps({"entity": entity, "value": value}, ensure_ascii=False)
    return f"[{span}]{described}"
