"""What naming an attribute says on its own: "with a cable tray", "no monogram", "the laces".

A yes/no attribute named after a cue is answered ("without a cable tray" is False); an
optional attribute named after a declining cue is skipped; any other attribute named
without a value is reported, so the bot can ask about it ("different sole please").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog.model import AttributeType, Product
from bot.understanding.phrasing.cues import Cues
from bot.understanding.results import Finding
from bot.understanding.text import Token, tokenize
from bot.understanding.values.choice_values import option_matches
from bot.understanding.values.surroundings import named_attributes
from bot.understanding.vocabulary.lexicon import lexicon
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.vocabulary import Sense, SenseKind


@dataclass(frozen=True)
class AttributeMentions:
    """Yes/no answers, declined optional attributes, and attributes merely named."""

    switches: list[Finding]
    declined: frozenset[str]
    named: frozenset[str]


def attribute_mentions(
    matches: Sequence[PhraseMatch[Sense]], tokens: Sequence[Token], cues: Cues, product: Product
) -> AttributeMentions:
    """Read every word that names exactly one attribute of `product`.

    Skipped: words that also name the product ("shirt" in "shirt colour"), and words
    right after an option, which describe it ("grey legs" sets the frame colour and
    says nothing about the frame).
    """
    attributes_by_id = {attribute.id: attribute for attribute in product.attributes}
    after_option = {m.end for m in option_matches(matches)}
    switches: list[Finding] = []
    declined: set[str] = set()
    named: set[str] = set()
    for match in matches:
        attributes = named_attributes(match)
        if len(attributes) != 1 or any(s.kind is SenseKind.PRODUCT for s in match.payloads):
            continue
        if match.start in after_option and not tokens[match.start].breaks_before:
            continue
        attribute = attributes_by_id[next(iter(attributes))]
        wanted = cues.wanted(match.start)
        if attribute.type is AttributeType.YES_NO and wanted is not None:
            start, end = tokens[match.start].start, tokens[match.end - 1].end
            switches.append(Finding(attribute.id, wanted, anchored=True, start=start, end=end))
        elif wanted is False and attribute.optional:
            declined.add(attribute.id)
        else:
            named.add(attribute.id)
    return AttributeMentions(switches, frozenset(declined), frozenset(named))


def names_attribute(text: str, product: Product, attribute_id: str) -> bool:
    """Whether `text` names that attribute alone by one of its words ("monogram ABC").

    A word shared with other attributes ("print" for three of a T-shirt's) names none.
    """
    matches = lexicon(product).find(text, tokenize(text))
    return any(named_attributes(match) == {attribute_id} for match in matches)
