"""Typos of a word, as customers make them: a letter left out, added, wrong or swapped.

A seeded sample, so every run of the evaluation sends the same typos and two runs'
figures differ only by what the bot does. Only typos the bot promises to read are
sampled: it compares words by their keys ("sneakrs" is "sneakr") and forgives the
edits `allowed_edits` allows, so a two-edit typo of a short word that names no
product is not one. A "typo" that is itself a common English word ("cable" for
"table") is no typo either: the bot rightly reads it as that word.
"""

from __future__ import annotations

import random
import string
from collections.abc import Collection

from rapidfuzz.distance import DamerauLevenshtein

from bot.understanding.text import normalize_word
from bot.understanding.vocabulary.spelling import allowed_edits, is_common_word

LETTERS = string.ascii_lowercase
ATTEMPTS_PER_TYPO = 50
"""Random edits tried per typo wanted before giving up: a short word has few typos
that are neither English nor another form of the word."""


def misspellings(
    word: str, edits: int, count: int, seed: str, product_words: Collection[str] = ()
) -> tuple[str, ...]:
    """Up to `count` different typos of `word`, `edits` edits away, in a fixed order.

    Deletion, insertion, substitution or transposition of letters, at random places:
    the same arguments always give the same typos. `product_words` are the keys of the
    words that name products, which the bot forgives more edits.
    """
    target = word.casefold()
    rng = random.Random(f"{seed}:{target}:{edits}")
    found: list[str] = []
    for _ in range(count * ATTEMPTS_PER_TYPO):
        if len(found) == count:
            break
        typo = target
        for _ in range(edits):
            typo = _edit(typo, rng)
        if typo not in found and _is_typo(target, typo, edits, product_words):
            found.append(typo)
    return tuple(found)


def _edit(word: str, rng: random.Random) -> str:
    """`word` with one random edit."""
    kind = rng.choice(("delete", "insert", "substitute", "transpose"))
    if kind == "insert":
        at = rng.randrange(len(word) + 1)
        return word[:at] + rng.choice(LETTERS) + word[at:]
    if len(word) < 2:
        return word
    if kind == "transpose":
        at = rng.randrange(len(word) - 1)
        return word[:at] + word[at + 1] + word[at] + word[at + 2 :]
    at = rng.randrange(len(word))
    replacement = "" if kind == "delete" else rng.choice(LETTERS.replace(word[at], ""))
    return word[:at] + replacement + word[at + 1 :]


def _is_typo(word: str, typo: str, edits: int, product_words: Collection[str]) -> bool:
    """Whether `typo` is a typo of `word` the bot promises to read, `edits` edits away.

    Measured between the keys, so the same word in another form ("sneaker" for
    "sneakers") is no typo.
    """
    key, typo_key = normalize_word(word), normalize_word(typo)
    return (
        DamerauLevenshtein.distance(key, typo_key) == edits
        and edits <= allowed_edits([typo_key], [key], product_words)[0][0]
        and not is_common_word(typo)
    )
