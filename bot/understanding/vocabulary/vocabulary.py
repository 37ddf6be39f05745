"""A product's vocabulary: every phrase the catalog gives it, and what each one means.

A product's vocabulary comes entirely from its catalog entry (option labels, ids and
synonyms; attribute names, ids and synonyms; product names; the quantity unit), so a
new product or synonym in the catalog is understood with no code change.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

from bot.catalog.model import Attribute, Product
from bot.understanding.text import tokenize
from bot.understanding.vocabulary.phrases import spellings

QUANTITY_WORDS = ("pair", "piece", "pcs", "pc", "unit", "item")
"""Counting words that make a number the order quantity ("2 pairs"), whatever the product."""

_NAME_STOPWORDS = frozenset({"a", "an", "the", "of", "and", "or", "for", "in", "on", "with"})


class SenseKind(Enum):
    """What a phrase of the product's vocabulary stands for."""

    OPTION = "option"
    ATTRIBUTE = "attribute"
    PRODUCT = "product"
    QUANTITY = "quantity"


@dataclass(frozen=True)
class Sense:
    """One meaning of a phrase: an option of an attribute, an attribute, the product..."""

    kind: SenseKind
    attribute: str | None = None
    option: str | None = None


def product_phrases(product: Product) -> tuple[str, ...]:
    """Everything a product is called: name, id and the catalog's synonyms."""
    return (product.name, product.id, *product.also_called)


def entries(product: Product) -> Iterator[tuple[str, Sense]]:
    """Every `(phrase, meaning)` pair of `product`'s vocabulary."""
    product_words = {token.norm for p in product_phrases(product) for token in tokenize(p)}
    for attribute in product.attributes:
        named = Sense(SenseKind.ATTRIBUTE, attribute.id)
        for phrase in _attribute_phrases(attribute):
            yield phrase, named
        if any(token.norm in product_words for token in tokenize(attribute.name)):
            # "shirt colour" is the colour of the shirt, so "a black tee" names it too
            for phrase in product_phrases(product):
                yield phrase, named
        for option in attribute.options:
            sense = Sense(SenseKind.OPTION, attribute.id, option.id)
            for phrase in (option.label, option.id, *option.also_called):
                yield phrase, sense
    for phrase in product_phrases(product):
        yield phrase, Sense(SenseKind.PRODUCT)
    for phrase in (product.quantity.unit, *QUANTITY_WORDS):
        yield phrase, Sense(SenseKind.QUANTITY)


def _attribute_phrases(attribute: Attribute) -> Iterator[str]:
    """The attribute's name, id and synonyms, and each word of its name.

    Single name words let "upper" name the upper material and colour and "print" all
    three print attributes; callers treat a word naming several as undecided.
    """
    yield from (attribute.name, attribute.id, *attribute.also_called)
    for token in tokenize(attribute.name):
        if token.folded not in _NAME_STOPWORDS:
            yield token.text


def phrase_key(phrase: str) -> str:
    """The key a phrase is indexed under: its words' comparison keys, apart."""
    return " ".join(next(spellings(phrase), ()))
