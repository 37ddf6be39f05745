"""What the words of a message mean for one product.

The words are found by the same spaCy pipeline the NLU runs (`pipeline.py`), so typos,
plurals and spellings are read alike in both; the meanings are the product's own, since
only the dialogue knows which product a message is about.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from functools import lru_cache

from bot.catalog.model import Product
from bot.understanding.text import Token
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.pipeline import CatalogVocabulary
from bot.understanding.vocabulary.vocabulary import Sense, entries, phrase_key


@lru_cache(maxsize=64)
def lexicon(product: Product) -> Lexicon:
    """The reader of `product`'s vocabulary, built once per product."""
    return Lexicon(product)


class Lexicon:
    """Finds one product's vocabulary in a message, with what each phrase means there."""

    def __init__(self, product: Product) -> None:
        """Build the pipeline and the phrase-key index for `product`."""
        self._vocabulary = CatalogVocabulary.build([product])
        senses: dict[str, list[Sense]] = {}
        for phrase, sense in entries(product):
            found = senses.setdefault(phrase_key(phrase), [])
            if sense not in found:
                found.append(sense)
        self._senses = {key: tuple(found) for key, found in senses.items()}

    def find(self, text: str, tokens: Sequence[Token]) -> list[PhraseMatch[Sense]]:
        """The phrases of `text` (whose words are `tokens`), longest first, in text order.

        A phrase must cover whole words of `tokens`; the `PhraseMatch` indexes are into
        `tokens`, which every other step of understanding reads.
        """
        starts = [token.start for token in tokens]
        matches = []
        for span in self._vocabulary.spans(text):
            first = bisect_left(starts, span.start)
            last = bisect_left(starts, span.end)
            if first == last or tokens[last - 1].end > span.end:
                continue
            if first > 0 and tokens[first - 1].end > span.start:
                continue
            matches.append(PhraseMatch(first, last, self._senses[span.key]))
        return matches
