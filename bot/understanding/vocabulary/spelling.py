"""Catalog words as the customer typed them: case, plurals, inflections and typos.

A spaCy pipeline component that gives every token the comparison key the catalog's
phrases are indexed under (`Token.norm_`), so the entity ruler behind it matches
"Sneakers", "knitted", "lether" and "walnutt" like "sneaker", "knit", "leather" and
"walnut". In order, a token's key is:

1. our own key (`normalize_word`: folded case, regular singular, one spelling);
2. else the key of its lemma from spaCy's lookup lemmatizer, if that is a catalog word
   (irregular and verb forms: "knitted" -> "knit");
3. else the closest catalog word within a small edit distance, if the token is long
   enough for a typo to be told from another word and is not itself common English.

Step 3's guard is what keeps "whine" from becoming "white": common English words close
to a catalog word are looked up once, when the pipeline is built, in the word
frequencies of `spacy-lookups-data`, and stored with the component (a few hundred
words, where the frequency table has a million entries).
"""

import gzip
import json
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

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

COMMON_LOG_PROBABILITY = -15.0
"""Words at least this frequent (log probability in spaCy's English frequency table,
about the 50 000 most common) are real words, never typos of a catalog word."""

_STATE_FILE = "spelling.json"


# No `from __future__ import annotations` here: spaCy reads the factory's annotations at
# run time to validate its config.


def allowed_edits(word: str) -> int:
    """How many edits (insert, delete, substitute, swap) a typo of `word` may have."""
    if len(word) < MIN_TYPO_LENGTH:
        return 0
    return 2 if len(word) >= LONG_WORD_LENGTH else 1


class CatalogSpelling:
    """Sets `Token.norm_` to the catalog's key for the word the customer meant."""

    def __init__(self, name: str = COMPONENT) -> None:
        """An empty component; `learn` gives it the catalog's words."""
        self.name = name
        self.words: tuple[str, ...] = ()
        self.protected: frozenset[str] = frozenset()
        self._known: frozenset[str] = frozenset()

    def learn(self, words: Iterable[str]) -> None:
        """Take the catalog's words (keys) and find the common words that look like them."""
        known = frozenset(words)
        self._set(sorted(known), _common_lookalikes(known))

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
        edits = allowed_edits(key)
        if edits == 0 or key in self.protected:
            return key
        best = process.extractOne(
            key, self.words, scorer=DamerauLevenshtein.distance, score_cutoff=edits
        )
        return best[0] if best is not None else key

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Persist the words and the protected lookalikes (spaCy's serialization hook)."""
        folder = ensure_path(path)
        folder.mkdir(parents=True, exist_ok=True)
        state = {"words": list(self.words), "protected": sorted(self.protected)}
        (folder / _STATE_FILE).write_text(json.dumps(state), encoding="utf-8")

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CatalogSpelling":
        """Load what `to_disk` wrote."""
        state = json.loads((ensure_path(path) / _STATE_FILE).read_text(encoding="utf-8"))
        self._set(state["words"], frozenset(state["protected"]))
        return self

    def _set(self, words: Iterable[str], protected: frozenset[str]) -> None:
        self.words = tuple(words)
        self._known = frozenset(self.words)
        self.protected = protected


@Language.factory(COMPONENT)
def make_catalog_spelling(nlp: Language, name: str) -> CatalogSpelling:
    """Register the component with spaCy, so a saved pipeline can be loaded with `spacy.load`."""
    return CatalogSpelling(name)


def _common_lookalikes(words: frozenset[str]) -> frozenset[str]:
    """Common English words (folded) that a typo rule would otherwise "correct"."""
    candidates = [w for w in _common_words() if w not in words and allowed_edits(w) > 0]
    if not candidates or not words:
        return frozenset()
    targets = sorted(words)
    distances = process.cdist(
        candidates, targets, scorer=DamerauLevenshtein.distance, score_cutoff=2, workers=-1
    )
    limits = [allowed_edits(word) for word in candidates]
    return frozenset(
        word
        for word, row, limit in zip(candidates, distances, limits, strict=True)
        if row.min() <= limit
    )


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
