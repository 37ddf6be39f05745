"""Understanding customers' messages: products, option words, numbers, ratings, yes/no.

The catalog's words are found by a spaCy pipeline built from the catalog; the NLU
component saves it in the model and reports the context-free entities (`entities`), and
`extract` reads the same words against one product and the question asked, producing
the `results` types. Both read the tokens of `text`. The rest is grouped by concern:

- `vocabulary`: the catalog's words: the phrase matcher, the spaCy pipeline and its
  spelling component, each product's vocabulary and lexicon, product names.
- `numbers`: numbers in digits or words, and their units; no catalog needed.
- `phrasing`: wording that means the same for every product: quotes, cue words,
  the polite wrapping of an answer, yes/no, ratings.
- `values`: which attribute of one product each part of a message sets (the steps
  of `extract`).

Nothing here knows Rasa.
"""

from bot.understanding.extract import extract
from bot.understanding.numbers.number_mentions import NumberMention, find_numbers
from bot.understanding.numbers.units import convert
from bot.understanding.phrasing.ratings import parse_rating
from bot.understanding.phrasing.yes_no import parse_yes_no
from bot.understanding.results import Extraction
from bot.understanding.vocabulary.products import find_products

__all__ = [
    "Extraction",
    "NumberMention",
    "convert",
    "extract",
    "find_numbers",
    "find_products",
    "parse_rating",
    "parse_yes_no",
]
