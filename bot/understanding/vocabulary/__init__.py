"""The catalog's words, and what they mean.

Everything that turns the catalog into phrases and finds them in a message lives here:
the spellings of a phrase and the matcher for fixed phrasings (`phrases`), the spaCy
pipeline built from the catalog and saved in the model (`pipeline`, with its `spelling`
component for case, inflections and typos), each product's phrases and their meanings
(`vocabulary`), the reader of one product's words (`lexicon`) and the products a message
names, read by the whole catalog's pipeline (`products`). Kept together
because they must agree on what a catalog word is, in the NLU and in the actions alike.
"""

# Before any module here imports spaCy, so that spaCy comes without TensorFlow.
from bot.understanding.vocabulary import spacy_import  # noqa: F401
