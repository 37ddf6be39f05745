"""Values of choice attributes: which option the customer named, for which attribute.

An option word that fits several attributes ("black" for a sneaker's upper, sole and
laces) goes to the attribute named next to it, else to the one the bot asked about,
else to the first of them, in catalog order, that this message has not set yet.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.catalog.model import Product
from bot.understanding.results import Finding
from bot.understanding.text import Token
from bot.understanding.values.surroundings import Surroundings
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.vocabulary import Sense, SenseKind


def option_matches(matches: Sequence[PhraseMatch[Sense]]) -> list[PhraseMatch[Sense]]:
    """The matches that name at least one option."""
    return [m for m in matches if any(s.kind is SenseKind.OPTION for s in m.payloads)]


def choice_values(
    matches: Sequence[PhraseMatch[Sense]],
    tokens: Sequence[Token],
    surroundings: Surroundings,
    product: Product,
    asked: str | None,
) -> list[Finding]:
    """One finding per option named in `matches`, in text order.

    Options placed by their words or by `asked` are settled first, so that the
    fallback (first attribute not yet set) knows every attribute the message sets.
    """
    placed: list[tuple[PhraseMatch[Sense], dict[str, str], str | None, bool]] = []
    for match in option_matches(matches):
        options = _options(match, product)
        attribute = surroundings.attribute_named(match.start, match.end, list(options))
        anchored = attribute is not None
        if attribute is None and (len(options) == 1 or asked in options):
            attribute = asked if asked in options else next(iter(options))
        placed.append((match, options, attribute, anchored))
    filled = {attribute for _, _, attribute, _ in placed if attribute is not None}
    findings: list[Finding] = []
    for match, options, attribute, anchored in placed:
        if attribute is None:
            attribute = next((a for a in options if a not in filled), None)
            if attribute is None:
                continue
            filled.add(attribute)
        start, end = tokens[match.start].start, tokens[match.end - 1].end
        findings.append(Finding(attribute, options[attribute], anchored, start=start, end=end))
    return findings


def _options(match: PhraseMatch[Sense], product: Product) -> dict[str, str]:
    """Attribute id -> option id for each attribute the phrase is an option of.

    In catalog order; a phrase naming two options of one attribute means the first.
    """
    named = {
        sense.attribute: sense.option
        for sense in reversed(match.payloads)
        if sense.kind is SenseKind.OPTION and sense.attribute and sense.option
    }
    return {a.id: named[a.id] for a in product.attributes if a.id in named}
