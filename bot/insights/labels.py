"""Words for the ids the figures hold, named as the catalog names them.

Figures keep ids ('sneaker', 'material', 'suede', 'confirmed'); staff read 'Custom
sneakers', 'upper material', 'Suede', 'the summary'. The catalog may have changed since
a conversation was stored, so an id it no longer knows is shown as it is rather than
hidden. Every label is cleaned for display: on one line, without control characters,
and shortened, because some values are the customer's own words.
"""

from __future__ import annotations

import unicodedata

from bot.catalog.labels import number_label, shown
from bot.catalog.model import Attribute, AttributeType, Catalog, Product
from bot.catalog.numbers import parse_number

QUESTIONS = {
    "transcript_consent": "consent to keep the transcript",
    "product": "which product",
    "quantity": "quantity",
    "confirmed": "the summary",
    "rating": "rating",
    "feedback_comment": "feedback comment",
    "contact": "contact details for staff",
}
"""The questions that are not an attribute of a product, by the id the bot records."""

NO_QUESTION = "before the first question"
NO_VALUE = "(free text, not kept)"


def display(text: str) -> str:
    """`text` fit for a table cell or a chart label: one short line, nothing invisible."""
    visible = "".join(
        " " if unicodedata.category(character).startswith("C") else character for character in text
    )
    return shown(visible)


class Labels:
    """Names products, attributes, values and questions after one catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog

    def product(self, product_id: str | None) -> str:
        """The product's name; 'no product' when none was chosen."""
        if product_id is None:
            return "no product"
        product = self._catalog.product(product_id)
        return display(product.name if product is not None else product_id)

    def attribute(self, product_id: str | None, attribute_id: str | None) -> str:
        """The attribute's name in the catalog ('upper colour'), else its id."""
        if attribute_id is None:
            return ""
        attribute = self._attribute(product_id, attribute_id)
        return display(attribute.name if attribute is not None else attribute_id)

    def value(self, product_id: str | None, attribute_id: str | None, value: str | None) -> str:
        """How a value of the attribute reads: an option's label, a number with its unit.

        Anything else, such as a colour the catalog does not offer, is shown as given.
        """
        if value is None:
            return NO_VALUE
        attribute = None if attribute_id is None else self._attribute(product_id, attribute_id)
        if attribute is None:
            return display(value)
        option = attribute.option(value)
        if option is not None:
            return display(option.label)
        if attribute.type is AttributeType.NUMBER and attribute.unit:
            number = parse_number(value)
            if number is not None:
                return display(number_label(attribute, number))
        return display(value)

    def question(self, product_id: str | None, question_id: str | None) -> str:
        """What the bot asked: 'upper colour', 'the summary', 'consent to keep ...'."""
        if question_id is None:
            return NO_QUESTION
        if question_id in QUESTIONS:
            return QUESTIONS[question_id]
        return self.attribute(product_id, question_id)

    def rank(self, product_id: str, attribute_id: str | None = None) -> tuple[int, str, int, str]:
        """A sort key putting products, then their attributes, in the catalog's order.

        Ids the catalog does not know come after the ones it does, by id.
        """
        products = [product.id for product in self._catalog.products]
        product_rank = products.index(product_id) if product_id in products else len(products)
        product = self._catalog.product(product_id)
        attributes = [] if product is None else [attribute.id for attribute in product.attributes]
        attribute_rank = (
            attributes.index(attribute_id) if attribute_id in attributes else len(attributes)
        )
        return (product_rank, product_id, attribute_rank, attribute_id or "")

    def is_choice_like(self, product_id: str, attribute_id: str) -> bool:
        """Whether the attribute's values are worth counting: anything but free text.

        Free text (a monogram, a slogan) is personal and almost never repeats; an
        attribute the catalog no longer has is counted, as nothing says it was text.
        """
        attribute = self._attribute(product_id, attribute_id)
        return attribute is None or attribute.type is not AttributeType.TEXT

    def _attribute(self, product_id: str | None, attribute_id: str) -> Attribute | None:
        """The attribute of that product; without a product, the one that id names.

        Without a product an id several products use ('color') names an attribute only
        when they all call it the same.
        """
        products: tuple[Product, ...]
        if product_id is not None:
            product = self._catalog.product(product_id)
            products = () if product is None else (product,)
        else:
            products = self._catalog.products
        found = [a for p in products if (a := p.attribute(attribute_id)) is not None]
        names = {attribute.name for attribute in found}
        return found[0] if len(names) == 1 else None
