"""Understanding customers' messages: products, option words, numbers, ratings, yes/no.

Pure Python on purpose: every piece (number parsing, phrase matching, attaching values
to attributes) is a small module the dialogue actions call directly today and a spaCy
pipeline can wrap later.
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
