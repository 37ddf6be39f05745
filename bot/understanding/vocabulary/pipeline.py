"""The catalog's vocabulary as a spaCy pipeline, built from the catalog and saved to disk.

`spacy.blank("en")` (no pretrained pipeline is available here, and none is needed: the
words that matter are the catalog's), then spaCy's lookup lemmatizer with the tables of
`spacy-lookups-data`, then `CatalogSpelling` (keys, inflections, typos), then an
`EntityRuler` with one token pattern per spelling of every catalog phrase. The ruler
keeps the longest match, then the leftmost, so "navy blue" beats "navy" and every word
belongs to at most one phrase.

Each entity's label says what kind of phrase it is (`option`, `product`, `attribute`,
or `count` for counting words such as "pairs"), and its id is the phrase's key, under
which `Lexicon` finds what it means for one product. `value` gives the catalog id the
phrase stands for when that is the same in every product of the pipeline, so the NLU's
entities read "navy" for "dark blue"; a phrase with several ids keeps its key as value.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.lookups import Lookups, load_lookups

from bot.catalog.model import Product
from bot.understanding.text import cap
from bot.understanding.vocabulary.phrases import spellings
from bot.understanding.vocabulary.spelling import COMPONENT, CatalogSpelling
from bot.understanding.vocabulary.vocabulary import Sense, SenseKind, entries, phrase_key

LABELS = {
    SenseKind.OPTION: "option",
    SenseKind.PRODUCT: "product",
    SenseKind.ATTRIBUTE: "attribute",
    SenseKind.QUANTITY: "count",
}
"""Entity label per kind of phrase, in priority order: a phrase that names an option and
an attribute is labelled an option ("shirt" is the product before the shirt colour)."""

HYPHEN = {"ORTH": "-", "OP": "?"}
"""Between the words of a phrase: "navy-blue", "sit-stand", "full-grain"."""

_VALUES_FILE = "values.json"


@dataclass(frozen=True)
class VocabularySpan:
    """A phrase of the vocabulary found in a message: characters `[start, end)`."""

    label: str
    key: str
    value: str
    start: int
    end: int


class CatalogVocabulary:
    """The pipeline, and the catalog value of each phrase key."""

    def __init__(self, nlp: Language, values: dict[str, str]) -> None:
        """Wrap a built or loaded pipeline; use `build` or `load`."""
        self.nlp = nlp
        self._values = values

    @classmethod
    def build(cls, products: Sequence[Product]) -> CatalogVocabulary:
        """The pipeline for `products` (a whole catalog, or one product)."""
        phrases = _phrases(products)
        nlp = spacy.blank("en")
        lemmatizer = nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        lemmatizer.initialize(lookups=_lemma_tables())
        spelling: CatalogSpelling = nlp.add_pipe(COMPONENT)
        ruler = nlp.add_pipe("entity_ruler", config={"validate": True})
        spelling.learn(
            (word for phrase in phrases.values() for word in phrase.words()),
            product_words=(
                word
                for phrase in phrases.values()
                if phrase.names_product()
                for word in phrase.words()
            ),
        )
        ruler.add_patterns([p for phrase in phrases.values() for p in phrase.patterns()])
        return cls(nlp, {key: phrase.value() for key, phrase in phrases.items()})

    @classmethod
    def load(cls, path: Path) -> CatalogVocabulary:
        """Load what `save` wrote to `path`."""
        nlp = spacy.load(path)
        values = json.loads((path / _VALUES_FILE).read_text(encoding="utf-8"))
        return cls(nlp, values)

    def save(self, path: Path) -> None:
        """Write the pipeline and the values to the folder `path`."""
        self.nlp.to_disk(path)
        (path / _VALUES_FILE).write_text(json.dumps(self._values), encoding="utf-8")

    def spans(self, text: str) -> list[VocabularySpan]:
        """The phrases in the first `MAX_CHARS` characters of `text`, in text order.

        A phrase covers whole words: spaCy splits "whats" and "im" like "what's" and
        "i'm", and their "s" and "m" are no T-shirt sizes.
        """
        text = cap(text)
        return [
            VocabularySpan(
                ent.label_, ent.ent_id_, self._values[ent.ent_id_], ent.start_char, ent.end_char
            )
            for ent in self.nlp(text).ents
            if _whole_words(text, ent.start_char, ent.end_char)
        ]


def _whole_words(text: str, start: int, end: int) -> bool:
    """Whether `text[start:end]` is neither preceded nor followed by a letter or digit."""
    return not (start > 0 and text[start - 1].isalnum()) and not (
        end < len(text) and text[end].isalnum()
    )


@dataclass
class _Phrase:
    """Every spelling and meaning the catalog gives one phrase key."""

    key: str
    spellings: set[tuple[str, ...]]
    senses: dict[Sense, set[str]]
    """Each meaning, with the ids of the products the phrase has it in."""

    def label(self) -> str:
        kinds = {sense.kind for sense in self.senses}
        return next(label for kind, label in LABELS.items() if kind in kinds)

    def value(self) -> str:
        """The one catalog id the phrase stands for, in its label's kind, else its key."""
        label = self.label()
        ids: set[str | None] = set()
        for sense, products in self.senses.items():
            if LABELS[sense.kind] == label:
                named = sense.option or sense.attribute
                ids |= set(products) if sense.kind is SenseKind.PRODUCT else {named}
        only = next(iter(ids)) if len(ids) == 1 else None
        return only if only is not None else self.key

    def names_product(self) -> bool:
        """Whether the phrase is what some product is called, whatever its label."""
        return any(sense.kind is SenseKind.PRODUCT for sense in self.senses)

    def words(self) -> Iterator[str]:
        for spelling in self.spellings:
            yield from spelling

    def patterns(self) -> Iterator[dict[str, object]]:
        for spelling in sorted(self.spellings):
            tokens: list[dict[str, object]] = []
            for word in spelling:
                if tokens:
                    tokens.append(HYPHEN)
                tokens.append({"NORM": word})
            yield {"label": self.label(), "pattern": tokens, "id": self.key}


@lru_cache(maxsize=1)
def _lemma_tables() -> Lookups:
    """English lemma tables from `spacy-lookups-data`, read once and shared (read-only)."""
    return load_lookups("en", ["lemma_lookup"])


def _phrases(products: Iterable[Product]) -> dict[str, _Phrase]:
    phrases: dict[str, _Phrase] = {}
    for product in products:
        for text, sense in entries(product):
            key = phrase_key(text)
            if not key:
                continue
            phrase = phrases.setdefault(key, _Phrase(key, set(), {}))
            phrase.spellings.update(spellings(text))
            phrase.senses.setdefault(sense, set()).add(product.id)
    return phrases
