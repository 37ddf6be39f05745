"""Which of the shop's products a message talks about ("team t-shirts", "trainners").

Products are found by the same spaCy pipeline the NLU runs, built over the whole
catalog, so a product name is read with the plurals, inflections and typos of the NLU's
`product` entities. A phrase counts when it is something a product is called, whatever
label the pipeline gave it: a word that also names an option or an attribute is
labelled by the pipeline's priority ("shirt" is also how the shirt colour is named),
but it still names the product.
"""

from __future__ import annotations

from functools import lru_cache

from bot.catalog.model import Catalog, Product
from bot.understanding.vocabulary.pipeline import CatalogVocabulary
from bot.understanding.vocabulary.vocabulary import SenseKind, entries, phrase_key


def find_products(text: str, catalog: Catalog) -> list[Product]:
    """The products named in `text`, each once, in the order they are first named."""
    found: dict[str, Product] = {}
    for product_id in _finder(catalog).product_ids(text):
        product = catalog.product(product_id)
        if product is not None:
            found.setdefault(product_id, product)
    return list(found.values())


class _ProductFinder:
    """The catalog's pipeline, and the ids of the products each phrase key names."""

    def __init__(self, catalog: Catalog) -> None:
        self._vocabulary = CatalogVocabulary.build(catalog.products)
        named: dict[str, list[str]] = {}
        for product in catalog.products:
            for phrase, sense in entries(product):
                ids = named.setdefault(phrase_key(phrase), [])
                if sense.kind is SenseKind.PRODUCT and product.id not in ids:
                    ids.append(product.id)
        self._named = {key: tuple(ids) for key, ids in named.items() if ids}

    def product_ids(self, text: str) -> list[str]:
        """The ids of the products each phrase of `text` names, in text order."""
        return [
            product_id
            for span in self._vocabulary.spans(text)
            for product_id in self._named.get(span.key, ())
        ]


@lru_cache(maxsize=8)
def _finder(catalog: Catalog) -> _ProductFinder:
    """Built once per catalog: a running bot reads every message against the same one.

    Equal catalogs share the cached finder, so it holds product ids, and the products
    returned are always those of the catalog the caller passed.
    """
    return _ProductFinder(catalog)
