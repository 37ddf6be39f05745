"""Everything one message says about the design of one product.

The steps run in order of how literal the customer's words are: quoted text first
(never read as options or numbers), then option words, then text written after its
attribute's word, then numbers among what those left, and last the fallbacks that
depend on what the bot just asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.catalog.model import AttributeType, Product
from bot.understanding.numbers.number_mentions import find_numbers
from bot.understanding.phrasing.answer_content import short_answer
from bot.understanding.phrasing.cues import Cues
from bot.understanding.phrasing.quotes import find_quotes
from bot.understanding.phrasing.yes_no import bare_answer, parse_yes_no
from bot.understanding.results import Extraction, Finding, RawValue
from bot.understanding.text import Coverage, Token, cap, mask, tokenize
from bot.understanding.values.attribute_mentions import AttributeMentions, attribute_mentions
from bot.understanding.values.choice_values import choice_values, option_matches
from bot.understanding.values.number_values import NumberValues, number_values
from bot.understanding.values.surroundings import Surroundings
from bot.understanding.values.text_values import (
    answered_text,
    named_text,
    quoted_text,
    text_attributes,
)
from bot.understanding.vocabulary.lexicon import lexicon
from bot.understanding.vocabulary.phrases import PhraseMatch
from bot.understanding.vocabulary.vocabulary import Sense


@dataclass(frozen=True)
class _Reading:
    """A message read against a product, before the fallbacks for `asked`."""

    text: str
    tokens: list[Token]
    matches: list[PhraseMatch[Sense]]
    findings: list[Finding]
    numbers: NumberValues
    said: AttributeMentions


def extract(text: str, product: Product, asked: str | None = None) -> Extraction:
    """Read `text` as an answer about `product`.

    `asked` is the attribute id the bot just asked about, or "quantity", or None; it
    decides bare answers ("41.5", "no", "JD") and breaks ties between attributes.
    """
    reading = _read(cap(text), product, asked)
    attribute = product.attribute(asked) if asked else None
    findings = reading.findings
    if attribute is not None and attribute.type is AttributeType.TEXT:
        findings = _with_text_answer(reading, attribute.id)
    values: dict[str, RawValue] = {f.attribute: f.value for f in findings}
    skipped = reading.said.declined - values.keys()
    if attribute is not None and attribute.id not in values.keys() | skipped:
        if attribute.type is AttributeType.YES_NO:
            answer = parse_yes_no(reading.text)
            if answer is not None:
                values[attribute.id] = answer
        elif attribute.optional and bare_answer(reading.text) is False:
            skipped |= {attribute.id}
    mentioned = reading.said.named - values.keys() - skipped
    said_anything = bool(values or skipped or mentioned) or reading.numbers.quantity is not None
    unknown = None
    if attribute is not None and attribute.type is AttributeType.CHOICE and not said_anything:
        unknown = _unrecognised(reading)
    return Extraction(
        values, frozenset(skipped), frozenset(mentioned), reading.numbers.quantity, unknown
    )


def _read(text: str, product: Product, asked: str | None) -> _Reading:
    tokens = tokenize(text)
    quotes = find_quotes(text) if text_attributes(product) else []
    quoted = Coverage(len(text), ((quote.start, quote.end) for quote in quotes))
    matches = [
        m for m in lexicon(product).find(text, tokens) if not quoted.overlaps(*_chars(tokens, m))
    ]
    cues = Cues(tokens)
    texts = named_text(text, tokens, matches, cues, product)
    claimed = [
        *((quote.start, quote.end) for quote in quotes),
        *(_chars(tokens, match) for match in option_matches(matches)),
        *((finding.start, finding.end) for finding in texts),
    ]
    mentions = find_numbers(mask(text, claimed))
    values = Coverage(len(text), [*claimed, *((m.start, m.end) for m in mentions)])
    surroundings = Surroundings(tokens, matches, values)
    numbers = number_values(text, mentions, surroundings, product, asked)
    said = attribute_mentions(matches, tokens, cues, product)
    findings = [
        *quoted_text(quotes, surroundings, product, asked),
        *texts,
        *choice_values(matches, tokens, surroundings, product, asked),
        *numbers.findings,
        *said.switches,
    ]
    return _Reading(text, tokens, matches, findings, numbers, said)


def _with_text_answer(reading: _Reading, attribute: str) -> list[Finding]:
    """The findings, plus the whole answer as the asked text if nothing says otherwise.

    Only inferred values ("red" could be the upper colour) give way to the text: the
    customer was asked what to write, and "RED 5" is a fine thing to write.
    """
    clearly_other = (
        any(f.anchored for f in reading.findings)
        or reading.numbers.quantity_anchored
        or reading.said.named
        or reading.said.declined
        or bare_answer(reading.text) is not None
    )
    if clearly_other:
        return reading.findings
    answer = answered_text(reading.text, reading.tokens, reading.matches, attribute)
    if answer is None:
        return reading.findings
    kept = [f for f in reading.findings if f.end <= answer.start or f.start >= answer.end]
    return [*kept, answer]


def _unrecognised(reading: _Reading) -> str | None:
    """The customer's short answer when it named no option: "purple"."""
    if bare_answer(reading.text) is not None:
        return None
    known = {index for match in reading.matches for index in range(match.start, match.end)}
    return short_answer(reading.text, reading.tokens, known)


def _chars(tokens: Sequence[Token], match: PhraseMatch[Sense]) -> tuple[int, int]:
    return tokens[match.start].start, tokens[match.end - 1].end
