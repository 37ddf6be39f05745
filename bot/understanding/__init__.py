"""Understanding customers' messages: products, option words, numbers, ratings, yes/no.

The catalog's words are found by a spaCy pipeline built from the catalog
(`pipeline.py`, `spelling.py`); the NLU component saves it in the model and reports
the context-free entities (`entities.py`), and `extract` reads the same words against
one product and the question asked. Numbers, units, quotes and cue words are small
pure-Python modules both use. Nothing here knows Rasa.
"""

from bot.understanding.extract import extract
from bot.understanding.numbers import NumberMention, find_numbers
from bot.understanding.products import find_products
from bot.understanding.ratings import parse_rating
from bot.understanding.results import Extraction
from bot.understanding.units import convert
from bot.understanding.yes_no import parse_yes_no

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
