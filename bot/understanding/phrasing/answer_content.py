"""The customer's own words of an answer, without the polite wrapping around them.

"it should say Go Team" answers a print text with "Go Team", "I'd like purple please"
names the colour "purple". Callers slice the original text between the tokens found
here, so case and inner punctuation survive ("J.D.", "NO-SLEEP").
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from bot.understanding.text import Token
from bot.understanding.vocabulary.phrases import PhraseMatcher

_LEAD_INS = (
    "it should say", "it should read", "should say", "should read", "it says", "it will say",
    "make it say", "have it say", "let it say", "i want it to say", "that says", "saying",
    "reading", "please print", "print", "please write", "write", "please put", "put",
    "the text is", "text is", "it's", "it is", "is", "it should be", "should be", "to be",
    "i want", "i'd like", "id like", "i would like", "i'll take", "i'll have", "i'll go with",
    "let's go with", "go with", "make it", "can you", "could you", "please", "with",
    "of", "as",
)  # fmt: skip
"""Openings of an answer that are not part of it; stripped repeatedly ("please print")."""

_CHOICE_LEAD_INS = ("in", "the", "a", "an", "just")
"""Also stripped from an unrecognised option ("in purple"), never from a text value."""

_TRAILERS = ("please", "thanks", "thank you", "thx", "on it")
"""Endings of a text answer that are not part of it."""

SHORT_ANSWER_WORDS = 3
"""An unrecognised answer longer than this is a sentence, not an option name."""

_TEXT_LEAD: PhraseMatcher[None] = PhraseMatcher((phrase, None) for phrase in _LEAD_INS)
_CHOICE_LEAD: PhraseMatcher[None] = PhraseMatcher(
    (phrase, None) for phrase in (*_LEAD_INS, *_CHOICE_LEAD_INS)
)
_TRAILING: PhraseMatcher[None] = PhraseMatcher((phrase, None) for phrase in _TRAILERS)


def content_start(tokens: Sequence[Token], start: int, choice: bool = False) -> int:
    """The first token from `start` on that is not a lead-in."""
    matcher = _CHOICE_LEAD if choice else _TEXT_LEAD
    at = start
    while (lead := matcher.match_at(tokens, at)) is not None:
        at = lead.end
    return at


def content_end(tokens: Sequence[Token], start: int, end: int) -> int:
    """The token after the last one in `[start, end)` that is not a polite ending."""
    trailing = [m for m in _TRAILING.find(tokens[start:end]) if m.start > 0]
    while trailing and trailing[-1].end + start == end:
        end = trailing.pop().start + start
    return end


def short_answer(text: str, tokens: Sequence[Token], known: Collection[int]) -> str | None:
    """An answer of a few words naming something unknown, as said ("purple", "lime green").

    `known` holds the indices of the words the product's vocabulary knows; an answer
    made of them only ("the standing desk") names nothing unknown.
    """
    if "?" in text:
        return None
    start = content_start(tokens, 0, choice=True)
    end = content_end(tokens, start, len(tokens))
    if not 0 < end - start <= SHORT_ANSWER_WORDS or set(range(start, end)) <= set(known):
        return None
    return text[tokens[start].start : tokens[end - 1].end]
