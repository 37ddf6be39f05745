"""How the words customers use are matched to the catalog's names.

Customers type "Dual-motor", "navy  blue" or "SUEDE!" where the catalog says
"dual motor", "Navy blue" and "Suede". Both sides are compared in one normalised form,
and the loader refuses a catalog in which two options of an attribute share a
normalised name, so a match always means exactly one option.
"""

from __future__ import annotations

import re
import unicodedata

from bot.catalog.model import Attribute, Option

_SEPARATORS = re.compile(r"[\s\-_]+")
_EDGE_PUNCTUATION = " .,!?;:"


def normalise(text: str) -> str:
    """Case-, width-, whitespace- and hyphen-insensitive form of a name."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SEPARATORS.sub(" ", folded).strip(_EDGE_PUNCTUATION)


def option_names(option: Option) -> tuple[str, ...]:
    """Every normalised name an option answers to: its id, label and `also_called`."""
    names = (option.id, option.label, *option.also_called)
    return tuple(dict.fromkeys(normalise(name) for name in names))


def find_option(attribute: Attribute, said: str) -> Option | None:
    """The option of a choice attribute that `said` names, or None."""
    wanted = normalise(said)
    return next((o for o in attribute.options if wanted in option_names(o)), None)
