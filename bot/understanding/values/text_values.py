"""Values of text attributes: quoted text, "monogram JD 23", or a whole answer.

Text is taken from the original message, so case and inner characters are kept as the
customer typed them; checking length and characters is the caller's job.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog.model import AttributeType, Product
from bot.understanding.phrasing.answer_content import content_end, content_start
from bot.understanding.phrasing.cues import Cues
from bot.understanding.phrasing.quotes import Quote
from bot.understanding.results import Finding
from bot.understanding.text import Token
from bot.understanding.values.surroundings import Surroundings, named_attributes
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.vocabulary import Sense

_CONNECTORS = frozenset({"and", "with", "in", "on", "at", "plus", "but", "or", "the", "a", "an"})
"""Words that end a text value rather than belong to it: "monogram JD and red laces".
Only in lower case: a capital "A" after "monogram" is an initial."""

_PLACEMENTS = frozenset({"on", "in", "at"})
"""Before a known word closing an answer, these start a placement, not text: in
"GO TEAM on the back" the print says "GO TEAM" and goes on the back."""


def text_attributes(product: Product) -> list[str]:
    """Ids of the product's text attributes, in catalog order."""
    return [a.id for a in product.attributes if a.type is AttributeType.TEXT]


def named_text(
    text: str,
    tokens: Sequence[Token],
    matches: Sequence[PhraseMatch[Sense]],
    cues: Cues,
    product: Product,
) -> list[Finding]:
    """Values written after a word naming exactly one text attribute: "initials JD".

    The value runs to the end of the clause or to the next word the product knows
    ("monogram JD 23 and red laces" gives "JD 23"); a declined attribute ("no
    monogram") or one followed by nothing of its own gets no value.
    """
    texts = set(text_attributes(product))
    known = {index for match in matches for index in range(match.start, match.end)}
    findings: list[Finding] = []
    for match in matches:
        named = named_attributes(match)
        if len(named) != 1 or not named <= texts or cues.wanted(match.start) is False:
            continue
        start = content_start(tokens, match.end)
        end = start
        while end < len(tokens) and end not in known and not tokens[end].breaks_before:
            end += 1
        end = _without(_CONNECTORS, tokens, start, content_end(tokens, start, end))
        if end > start:
            first, last = tokens[start].start, tokens[end - 1].end
            findings.append(
                Finding(next(iter(named)), text[first:last], anchored=True, start=first, end=last)
            )
    return findings


def quoted_text(
    quotes: Sequence[Quote],
    surroundings: Surroundings,
    product: Product,
    asked: str | None,
) -> list[Finding]:
    """Each quote as the value of a text attribute.

    The attribute named next to the quote, else the one asked, else the product's first
    text attribute (a product without text attributes takes no quotes).
    """
    texts = text_attributes(product)
    findings: list[Finding] = []
    for quote in quotes:
        start, end = surroundings.tokens_in(quote.start, quote.end)
        attribute = surroundings.attribute_named(start, end, texts)
        if attribute is None and texts:
            attribute = asked if asked in texts else texts[0]
        if attribute is not None:
            findings.append(
                Finding(attribute, quote.text, anchored=True, start=quote.start, end=quote.end)
            )
    return findings


def answered_text(
    text: str,
    tokens: Sequence[Token],
    matches: Sequence[PhraseMatch[Sense]],
    attribute: str,
) -> Finding | None:
    """The whole answer as the value of `attribute`, minus lead-ins and polite endings.

    A closing placement ("on the back") is left out for the option it names. The value
    runs to the message's last character when nothing was cut there, so "GO TEAM!"
    keeps its "!"; an answer without words (an emoji) is kept whole.
    """
    if not tokens:
        value = text.strip()
        return Finding(attribute, value, anchored=False, start=0, end=len(text)) if value else None
    start = content_start(tokens, 0)
    end = content_end(tokens, start, len(tokens))
    closing = next((m for m in matches if m.end == end and m.start > start), None)
    if closing is not None:
        placed = _without(_CONNECTORS - _PLACEMENTS, tokens, start, closing.start)
        if placed > start and tokens[placed - 1].folded in _PLACEMENTS:
            end = placed - 1
    if end <= start:
        return None
    first = tokens[start].start
    last = len(text.rstrip()) if end == len(tokens) else tokens[end - 1].end
    return Finding(attribute, text[first:last], anchored=False, start=first, end=last)


def _without(words: frozenset[str], tokens: Sequence[Token], start: int, end: int) -> int:
    """`end` moved back over trailing `words` written in lower case."""
    while end > start and tokens[end - 1].text.islower() and tokens[end - 1].folded in words:
        end -= 1
    return end
