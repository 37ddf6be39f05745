"""Catalog words as the customer typed them: case, plurals, inflections and typos.

A spaCy pipeline component that gives every token the comparison key the catalog's
phrases are indexed under (`Token.norm_`), so the entity ruler behind it matches
"Sneakers", "knitted", "lether" and "walnutt" like "sneaker", "knit", "leather" and
"walnut". In order, a token's key is:

1. our own key (`normalize_word`: folded case, regular singular, one spelling);
2. else the key of its lemma from spaCy's lookup lemmatizer, if that is a catalog word
   (irregular and verb forms: "knitted" -> "knit");
3. else the closest catalog word within the edits `allowed_edits` forgives, unless the
   token is itself common English.

`allowed_edits` is the one rule for how far a typo may be from its word: one edit from
five letters, two from eight, and two for the words of product names from five letters
on ("sneekrs", "trainners", "tshrit"), because a customer asked again which product
they mean has been misunderstood at the first step.

Step 3's guard is what keeps "whine" from becoming "white" and "start" from becoming
"shirt": common English words that the same rule would correct are looked up once,
when the pipeline is built, in the word frequencies of `spacy-lookups-data`, and stored
with the component (a few hundred words, where the frequency table has a million
entries), together with the catalog's words and which of them name products.
"""

import gzip
import json
from collections.abc import Collection, Iterable, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np
import spacy_lookups_data
from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import ensure_path

from bot.understanding.text import fold, normalize_word

COMPONENT = "tailor_spelling"

MIN_TYPO_LENGTH = 5
"""Shorter words are not corrected: "tan" -> "tab" or "red" -> "rec" would be guesses."""

LONG_WORD_LENGTH = 8
"""From this length two edits are forgiven ("walnutt" is one, "recylced" is two)."""

PRODUCT_WORD_EDITS = 2
"""Edits forgiven in a typo of a product name's word of `MIN_TYPO_LENGTH` letters or
more, however short the typo ("shrt", "sneekr", "tabel")."""

COMMON_LOG_PROBABILITY = -15.0
"""Words at least this frequent (log probability in spaCy's English frequency table,
about the 50 000 most common) are real words, never typos of a catalog word."""

_STATE_FILE = "spelling.json"


# No `from __future__ import annotations` here: spaCy reads the factory's annotations at
# run time to validate its config.


def allowed_edits(
    typed: Sequence[str], words: Sequence[str], product_words: Collection[str]
) -> np.ndarray:
    """How many edits (insert, delete, substitute, swap) may lead from each word to each typo.

    One row per word of `typed`, one column per word of `words`. A typed word is
    forgiven one edit from `MIN_TYPO_LENGTH` letters and two from `LONG_WORD_LENGTH`;
    a product word (one of `product_words`) of `MIN_TYPO_LENGTH` letters or more
    forgives `PRODUCT_WORD_EDITS` in any typed word, so that its misspellings are
    measured against the word the customer meant, not against what they typed.
    """
    return _allowance(typed, _word_edits(words, product_words))


def _allowance(typed: Sequence[str], word_edits: np.ndarray) -> np.ndarray:
    """`allowed_edits`, given what each catalog word forgives of its own (`_word_edits`)."""
    by_typo = np.array([_typo_edits(word) for word in typed], dtype=np.int8)
    return np.maximum.outer(by_typo, word_edits)


def _word_edits(words: Sequence[str], product_words: Collection[str]) -> np.ndarray:
    return np.array(
        [
            PRODUCT_WORD_EDITS if word in product_words and len(word) >= MIN_TYPO_LENGTH else 0
            for word in words
        ],
        dtype=np.int8,
    )


def _typo_edits(typed: str) -> int:
    if len(typed) < MIN_TYPO_LENGTH:
        return 0
    return 2 if len(typed) >= LONG_WORD_LENGTH else 1


MAX_EDITS = max(PRODUCT_WORD_EDITS, _typo_edits("x" * LONG_WORD_LENGTH))
"""The most edits `allowed_edits` ever forgives: further words need not be measured."""


class CatalogSpelling:
    """Sets `Token.norm_` to the catalog's key for the word the customer meant."""

    def __init__(self, name: str = COMPONENT) -> None:
        """An empty component; `learn` gives it the catalog's words."""
        self.name = name
        self.words: tuple[str, ...] = ()
        self.product_words: frozenset[str] = frozenset()
        self.protected: frozenset[str] = frozenset()
        self._known: frozenset[str] = frozenset()
        self._word_edits = _word_edits((), ())
        self._lengths = np.zeros(0, dtype=np.int32)

    def learn(self, words: Iterable[str], product_words: Iterable[str] = ()) -> None:
        """Take the catalog's words (keys) and the product words among them.

        The common words that look like them are found now, once per pipeline.
        """
        known = sorted(frozenset(words))
        products = frozenset(product_words) & frozenset(known)
        self._set(known, products, _common_lookalikes(known, products))

    def __call__(self, doc: Doc) -> Doc:
        """Give each token its catalog key."""
        for token in doc:
            token.norm_ = self.key(token.text, token.lemma_)
        return doc

    def key(self, text: str, lemma: str = "") -> str:
        """The catalog key for a word typed as `text` (lemma `lemma`)."""
        # A token spaCy left whole despite a hyphen (a full-width "t-shirt") is read
        # joined up, which the catalog's phrases are also indexed under.
        key = normalize_word(fold(text).replace("-", "")) if len(text) > 1 else normalize_word(text)
        if key in self._known or not key.isalpha():
            return key
        if lemma:
            lemma_key = normalize_word(lemma)
            if lemma_key in self._known:
                return lemma_key
        if key in self.protected or not self.words:
            return key
        limits = _allowance([key], self._word_edits)[0]
        # An edit changes the length by one at most, so words further off in length than
        # they forgive in edits are never measured: most short words end here.
        reachable = np.flatnonzero((limits > 0) & (np.abs(self._lengths - len(key)) <= limits))
        if not reachable.size:
            return key
        distances = process.cdist(
            [key],
            [self.words[index] for index in reachable],
            scorer=DamerauLevenshtein.distance,
            score_cutoff=MAX_EDITS,
        )[0]
        close = np.flatnonzero(distances <= limits[reachable])
        if not close.size:
            return key
        return self.words[reachable[close[np.argmin(distances[close])]]]

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Persist the words and the protected lookalikes (spaCy's serialization hook)."""
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        state = {
            "words": list(self.words),
            "product_words": sorted(self.product_words),
            "protected": sorted(self.protected),
        }
        (folder / _STATE_FILE).write_text(json.dumps(state), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CatalogSpelling":
        """Load what `to_disk` wrote.

        A model trained before product words were saved has none: it reads as it did
        when it was trained, until the next training.
        """
        state = json.loads((ensure_path(path) / _STATE_FILE).read_text(encoding="utf-8"))
        self._set(
            state["words"],
            frozenset(state.get("product_words", ())),
            frozenset(state["protected"]),
        )
        return self

    def _set(
        self, words: Iterable[str], product_words: frozenset[str], protected: frozenset[str]
    ) -> None:
        self.words = tuple(words)
        self._known = frozenset(self.words)
        self.product_words = product_words
        self.protected = protected
        self._word_edits = _word_edits(self.words, product_words)
        self._lengths = np.array([len(word) for word in self.words], dtype=np.int32)


@Language.factory(COMPONENT)
def make_catalog_spelling(nlp: Language, name: str) -> CatalogSpelling:
    """Register the component with spaCy, so a saved pipeline can be loaded with `spacy.load`."""
    return CatalogSpelling(name)


def _common_lookalikes(words: Sequence[str], product_words: frozenset[str]) -> frozenset[str]:
    """Common English words (folded) that `allowed_edits` would otherwise "correct"."""
    known = frozenset(words)
    candidates = [word for word in _common_words() if word not in known]
    if not candidates or not words:
        return frozenset()
    distances = process.cdist(
        candidates, words, scorer=DamerauLevenshtein.distance, score_cutoff=MAX_EDITS, workers=-1
    )
    within = (distances <= allowed_edits(candidates, words, product_words)).any(axis=1)
    return frozenset(word for word, close in zip(candidates, within, strict=True) if close)


@lru_cache(maxsize=1)
def _common_words() -> tuple[str, ...]:
    """The frequent alphabetic English words, folded and keyed like catalog words.

    Read from the package's gzipped JSON (about a second) rather than through spaCy's
    lookups API, which hashes the table's million keys and takes twenty.
    """
    table = _read_table("en_lexeme_prob.json.gz")
    return tuple(
        sorted(
            {
                normalize_word(word)
                for word, log_probability in table.items()
                if log_probability >= COMMON_LOG_PROBABILITY and word.isalpha()
            }
        )
    )


def _read_table(name: str) -> dict[str, float]:
    path = Path(spacy_lookups_data.__file__).parent / "data" / name
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        loaded: dict[str, float] = json.load(handle)
    return loaded


def is_common_word(word: str) -> bool:
    """Whether `word` is a frequent English word, keyed like a catalog word.

    Public for the evaluation, which must not count a "misspelling" such as "shoe" for
    "shoes" or "cable" for "table": such a word is English, which the component rightly
    never corrects.
    """
    return normalize_word(word) in _common_word_set()


@lru_cache(maxsize=1)
def _common_word_set() -> frozenset[str]:
    """`_common_words()` for lookups: tens of thousands of words, asked one at a time."""
    return frozenset(_common_words())
