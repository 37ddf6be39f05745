"""Yes, no, or neither: "yes please", "nah", "sure, why not", "no idea" (neither).

Also tells a bare answer ("no thanks", "skip") from a sentence that merely contains one
("no, make it JD"), because declining an optional attribute must not swallow a value.
"""

from __future__ import annotations

from enum import Enum

from bot.understanding.text import cap, tokenize
from bot.understanding.vocabulary.phrases import PhraseMatcher


class _Kind(Enum):
    YES = "yes"
    NO = "no"
    UNSURE = "unsure"
    POLITE = "polite"
    PLEASE = "please"


_PHRASES: dict[_Kind, tuple[str, ...]] = {
    _Kind.YES: (
        "yes", "yeah", "yea", "yep", "yup", "y", "sure", "ok", "okay", "fine", "i think so",
        "definitely", "absolutely", "of course", "correct", "right", "affirmative",
        "why not", "go ahead", "sounds good", "do it", "let's do it", "i do", "i would",
        "no problem", "no worries", "that's right", "true",
    ),
    _Kind.NO: (
        "no", "nope", "nah", "n", "not", "never", "none", "nothing", "skip", "pass",
        "don't", "dont", "do not", "negative", "no need", "not needed", "not necessary",
        "no way", "i don't", "i do not", "rather not", "false", "leave it out",
        "i don't think so",
    ),
    _Kind.UNSURE: (
        "not sure", "unsure", "don't know", "dont know", "do not know", "no idea",
        "maybe", "perhaps", "dunno", "no clue", "not certain", "whatever",
    ),
    _Kind.POLITE: ("thanks", "thank you", "thx", "cheers", "sorry"),
    _Kind.PLEASE: ("please",),
}  # fmt: skip
"""Words that answer a yes/no question. "please" alone accepts an offer, but next to
"no" it is only politeness."""

_MATCHER: PhraseMatcher[_Kind] = PhraseMatcher(
    (phrase, kind) for kind, phrases in _PHRASES.items() for phrase in phrases
)

_EMOJI = {"👍": _Kind.YES, "✅": _Kind.YES, "👌": _Kind.YES, "👎": _Kind.NO, "❌": _Kind.NO}


def parse_yes_no(text: str) -> bool | None:
    """True for yes, False for no, None when unsure, mixed ("yes... no") or not an answer."""
    kinds = _answer_kinds(text)
    if _Kind.UNSURE in kinds or (_Kind.YES in kinds) == (_Kind.NO in kinds):
        return None
    return _Kind.YES in kinds


def bare_answer(text: str) -> bool | None:
    """Like `parse_yes_no`, but only when the whole message is the answer.

    "no thanks" and "skip" are bare answers; "no, make it JD" is not (None), so a
    caller can tell declining from correcting.
    """
    tokens = tokenize(cap(text))
    covered = 0
    for match in _MATCHER.find(tokens):
        covered += match.end - match.start
    if covered != len(tokens):
        return None
    return parse_yes_no(text)


def _answer_kinds(text: str) -> set[_Kind]:
    text = cap(text)
    kinds = {kind for emoji, kind in _EMOJI.items() if emoji in text}
    for match in _MATCHER.find(tokenize(text)):
        kinds.update(match.payloads)
    if _Kind.PLEASE in kinds and not kinds & {_Kind.YES, _Kind.NO}:
        kinds.add(_Kind.YES)
    return kinds
