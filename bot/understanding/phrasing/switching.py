"""Wording that asks to switch product: "instead", "I'd rather", "let's design", "I want".

A design under way is only dropped for another product when the customer says they
want that product: the intent alone ("design_product") is a classifier's guess, and a
product word in a sentence about something else ("an old wooden desk") is no wish.
These words mean the same for every product, so they are fixed English, not catalog
words.
"""

from __future__ import annotations

from bot.understanding.text import cap, tokenize
from bot.understanding.vocabulary.phrases import PhraseMatcher

_SWITCHING = (
    "instead", "rather", "actually", "switch", "switch to", "change to", "go for",
    "let's do", "let's design", "let's make", "let's go with", "lets do", "lets design",
    "lets make", "let me design", "let me make", "let me do",
    "i want", "i'd like", "id like", "i would like", "i'd love", "i need", "i'll take",
    "can i get", "can i have", "can i design", "could i get", "could i have",
    "can you make", "could you make", "make me", "give me",
)  # fmt: skip

_MATCHER: PhraseMatcher[None] = PhraseMatcher((phrase, None) for phrase in _SWITCHING)


def asks_to_switch(text: str) -> bool:
    """Whether `text` has a wish or switch wording anywhere ("a desk instead")."""
    return bool(_MATCHER.find(tokenize(cap(text))))
