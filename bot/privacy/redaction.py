"""Take e-mail addresses, phone numbers and card numbers out of customers' messages.

Stored transcripts are read by staff and kept for months; the contact details and card
numbers customers sometimes type have no business there. `redact` replaces them with
`[email]`, `[phone]` and `[card]`; `find_contact` reads the first e-mail address or phone
number of a message, for a hand-over to staff. Both use the same patterns, so what counts
as a phone number is defined once.

Compiled regular expressions over characters, not spaCy `Matcher` patterns: the spaCy
tokenizer cuts these strings differently by format ("(030)" is three tokens, "030/123"
one, an e-mail one or several depending on its punctuation), so token patterns would
have to enumerate tokenizations on top of formats, and loading a spaCy pipeline costs a
second in every process that stores a message. Each expression here is written so that it
cannot backtrack catastrophically: every repetition consumes exactly one digit (or one
label) whose first character the separators never match, and every pattern starts behind
a lookbehind that rejects positions in the middle of a word or number, so a message is
scanned in linear time (a 10 000-character message in a few milliseconds).

What must survive is what customers legitimately type in this shop: sizes ("42.5",
"44 EU"), dimensions ("180 cm", "1.6 m", "160x80"), quantities ("40 shirts"), prices
("1,152.00 EUR"), dates and years, spec ids, monogram text ("J.D."). So numbers count as
phone numbers only in the shapes phone numbers take: a leading "+" or "00" (international),
a leading 0 with an area code of three or more digits or an area code in parentheses
(national), or the North American 3-3-4 grouping; a list of sizes ("38 39 40 41 42 43")
has none of them. Local numbers without an area code ("123-4567") are not recognised.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from bot.privacy.normalized import normalize

EMAIL = "[email]"
PHONE = "[phone]"
CARD = "[card]"

_SPACE = "[ \u00a0\u2007\u2009\u202f]"
_DASH = "[-\u2010-\u2015\u2212]"
_PHONE_SEPARATOR = f"(?:{_SPACE}{{0,2}}(?:{_DASH}|[./]){_SPACE}{{0,2}}|{_SPACE}{{1,2}})"
_CARD_SEPARATOR = f"(?:{_SPACE}|{_DASH})"

_NUMBER_START = r"(?<![\w+])(?<!\w[-/,_])(?<![0-9]\.)"
"""Not inside a word or a number: spec ids ("...N2pR-1234...") and the parts of a date
or a decimal ("2024-05-12", "1,152.00") never start a match."""

_EMAIL = (
    r"(?<![\w.!#$%&'*+/=?^`{|}~-])"
    r"[\w.!#$%&'*+/=?^`{|}~-]+@[^\W_][\w-]*(?:\.[\w-]+)*\.[^\W\d_]{2,}(?![\w-])"
)
"""Local part with every character RFC 5322 allows unquoted (letters of any script),
then a domain whose last label is alphabetic, so "size 42@1.6" is not an address."""

_INTERNATIONAL_PHONE = (
    rf"(?<![\w+])(?:\+{_SPACE}?|(?<![0-9])00{_SPACE}?)[1-9]"
    rf"(?:(?:{_PHONE_SEPARATOR}|{_SPACE}?\([0-9]{{1,4}}\){_SPACE}?)?[0-9]){{6,14}}(?!\w)"
)
"""+49 30 1234567, +49 (0)30 123 45 67, 0044 20 7946 0958: at most 15 digits (E.164)."""

_NATIONAL_PHONE = (
    rf"{_NUMBER_START}(?:0[1-9][0-9]{{1,4}}|\([0-9]{{2,5}}\))"
    rf"{_PHONE_SEPARATOR}?[0-9](?:{_PHONE_SEPARATOR}?[0-9]){{3,9}}(?!\w)"
)
"""0171 2345678, 030/1234567, (030) 123-4567, (555) 123-4567. A national area code has
three digits or more with its 0 ("05.12.2024" is a date)."""

_NORTH_AMERICAN_PHONE = (
    rf"{_NUMBER_START}(?:1{_PHONE_SEPARATOR}?)?"
    rf"(?:[2-9][0-9]{{2}}(?P<nanp>[-. ])[0-9]{{3}}(?P=nanp)[0-9]{{4}}|[2-9][0-9]{{9}})(?!\w)"
)
"""555.123.4567, 555-123-4567, 1-555-123-4567, 5551234567: the separators agree."""

_CARD = (
    rf"{_NUMBER_START}(?=[1-9](?:{_CARD_SEPARATOR}?[0-9]){{12,18}}(?![0-9]|{_CARD_SEPARATOR}[0-9]))"
    rf"[0-9]{{4,19}}(?:{_CARD_SEPARATOR}[0-9]{{3,19}})*(?:{_CARD_SEPARATOR}[0-9]{{1,2}})?"
    rf"(?![0-9]|{_CARD_SEPARATOR}[0-9])"
)
"""13 to 19 digits, bare or grouped by spaces or dashes as card numbers are printed
(4-4-4-4, 4-6-5, 4-4-4-4-3, 4-4-4-1): a first group of four digits or more, then groups
of three or more but the last, which is what tells a card from a list of sizes. Redacted
whether or not the Luhn check digit is right: a mistyped card number still gives away
most of a real one, and the check passes one random number in ten anyway, so it would
filter little. Card numbers never start with 0, which keeps "0049 ..." a phone number."""

_SENSITIVE = re.compile(
    f"(?P<email>{_EMAIL})"
    f"|(?=[0-9(+])(?:(?P<international>{_INTERNATIONAL_PHONE})|(?P<card>{_CARD})"
    f"|(?P<national>{_NATIONAL_PHONE})|(?P<north_american>{_NORTH_AMERICAN_PHONE}))"
)
"""One scan for everything; at the same position an e-mail address wins (its local part
may hold digits), then a card number. The lookahead spares the number patterns the
positions where no number starts (most of a message)."""

_LABELS = {
    "email": EMAIL,
    "international": PHONE,
    "national": PHONE,
    "north_american": PHONE,
    "card": CARD,
}
_CONTACT_KINDS = frozenset({EMAIL, PHONE})


def redact(text: str) -> str:
    """`text` with every e-mail address, phone number and card number replaced by its label."""
    pieces = []
    kept_from = 0
    for label, start, end, _ in _findings(text):
        pieces += [text[kept_from:start], label]
        kept_from = end
    if not pieces:
        return text
    pieces.append(text[kept_from:])
    return "".join(pieces)


def find_contact(text: str) -> str | None:
    """The first e-mail address or phone number in `text`, or None.

    Returned as read: invisible characters dropped and digits in ASCII, ready to be
    shown to staff or dialled.
    """
    return next((found for label, _, _, found in _findings(text) if label in _CONTACT_KINDS), None)


def _findings(text: str) -> Iterator[tuple[str, int, int, str]]:
    """(label, start, end, normalized text) of each finding, spans in the original `text`."""
    normalized = normalize(text)
    for match in _SENSITIVE.finditer(normalized.text):
        label = _LABELS[match.lastgroup or ""]
        start, end = normalized.original_span(match.start(), match.end())
        yield label, start, end, match.group()
