"""Whether a message reads as a question or a request rather than words to be used as said.

Asked what a print text should say, a customer may type anything, so "NO SLEEP" and
"JD 23" are taken as typed; but "am I covered for overdrafts" or "show me the colours"
read as something said to the bot, and the dialogue checks before printing them. A
message reads so when it ends with a question mark, opens with a question word or an
auxiliary verb ("what", "how", "can", "is", "does"...), or opens with a request
("please tell me", "show me", "help me", "I need").
"""

from __future__ import annotations

import re

from bot.understanding.text import cap, tokenize
from bot.understanding.vocabulary.phrases import PhraseMatcher

_QUESTION_OPENERS = frozenset(
    {
        "what", "how", "when", "where", "why", "who", "whom", "whose", "which",
        "can", "could", "is", "are", "am", "was", "were", "do", "does", "did",
        "will", "would", "should", "shall", "isn't", "aren't", "don't", "doesn't",
        "didn't", "won't", "wouldn't", "shouldn't", "can't", "couldn't",
    }
)  # fmt: skip
"""First words that open a question ("what's" counts as "what")."""

_REQUESTS = (
    "please tell me", "tell me", "please show me", "show me", "please help me", "help me",
    "please explain", "explain", "i need", "i need to know", "i want to know",
    "i'd like to know", "i would like to know", "i wonder", "i was wondering",
)  # fmt: skip
"""Openings of a request to the bot."""

_REQUEST: PhraseMatcher[None] = PhraseMatcher((phrase, None) for phrase in _REQUESTS)

_ENDS_AS_QUESTION = re.compile(r"\?[\W_]*\Z")
"""A question mark, then nothing but punctuation, spaces or emoji ("really?! 🤔")."""


def reads_as_request(text: str) -> bool:
    """Whether `text` reads as a question or a request to the bot (see the module)."""
    text = cap(text)
    if _ENDS_AS_QUESTION.search(text.rstrip()):
        return True
    tokens = tokenize(text)
    if not tokens:
        return False
    first = tokens[0].folded
    if first in _QUESTION_OPENERS or first.split("'")[0] in _QUESTION_OPENERS:
        return True
    return _REQUEST.match_at(tokens, 0) is not None
