"""Which of the shop's products a message talks about ("team t-shirts", "trainers")."""

from __future__ import annotations

from functools import lru_cache

from bot.catalog.model import Catalog, Product
from bot.understanding.text import cap, tokenize
from bot.understanding.vocabulary.phrases import PhraseMatcher


def product_phrases(product: Product) -> tuple[str, ...]:
    """Everything a product is called: name, id and the catalog's synonyms."""
    return (product.name, product.id, *product.also_called)


def find_products(text: str, catalog: Catalog) -> list[Product]:
    """The products named in `text`, each once, in the order they are first named."""
    found: dict[str, Product] = {}
    for match in _matcher(catalog).find(tokenize(cap(text))):
        for product_id in match.payloads:
            product = catalog.product(product_id)
            if product is not None:
                found.setdefault(product_id, product)
    return list(found.values())


@lru_cache(maxsize=8)
def _matcher(catalog: Catalog) -> PhraseMatcher[str]:
    """Built once per catalog: a running bot reads every message against the same one.

    Equal catalogs share the cached matcher, so it holds product ids, and the products
    returned are always those of the catalog the caller passed.
    """
    return PhraseMatcher(
        (phrase, product.id) for product in catalog.products for phrase in product_phrases(product)
    )
