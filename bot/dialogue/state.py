"""The design conversation's state and one customer turn, as plain values.

`DesignState` mirrors the design form's slots; `Turn` is what the customer just said
(or clicked) together with what the bot had asked.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.catalog.model import Catalog, DesignValue
from bot.catalog.validation import missing_attributes
from bot.dialogue.payloads import ENTITY_ATTRIBUTE, ENTITY_OPTION, ENTITY_PRODUCT, is_payload
from bot.understanding.phrasing.yes_no import bare_answer

ASKED_CONSENT = "transcript_consent"
ASKED_PRODUCT = "product"
ASKED_QUANTITY = "quantity"
ASKED_CONFIRMATION = "confirmed"
ASKED_CONTACT = "handover_contact"


@dataclass(frozen=True)
class DesignState:
    """Everything decided so far: product, validated answers, skipped optionals.

    `pending_product` and `pending_text` are what the bot asked the customer to confirm
    before acting on it: a switch to another product ("Switch to a standing desk?"),
    or a text answer that read like a question ('Should the print text say "..."?').
    At most one is set, and the next answer for the form settles it.
    """

    product: str | None = None
    design: Mapping[str, DesignValue] = field(default_factory=dict)
    skipped: tuple[str, ...] = ()
    quantity: int | None = None
    confirmed: bool | None = None
    pending_product: str | None = None
    pending_text: str | None = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> DesignState:
        """Read the state from slot values, tolerating slots that were never set."""
        quantity = slots.get("quantity")
        return cls(
            product=slots.get("product") or None,
            design=dict(slots.get("design") or {}),
            skipped=tuple(slots.get("skipped") or ()),
            quantity=int(quantity) if quantity is not None else None,
            confirmed=slots.get("confirmed"),
            pending_product=slots.get("pending_product") or None,
            pending_text=slots.get("pending_text") or None,
        )

    def is_complete(self, catalog: Catalog) -> bool:
        """Whether every attribute of the product has been answered or skipped."""
        product = catalog.product(self.product) if self.product else None
        return product is not None and not missing_attributes(product, self.design, self.skipped)

    def to_slots(self, catalog: Catalog) -> dict[str, Any]:
        """The slot values for this state; `design_complete` is derived, never stored apart."""
        return {
            "product": self.product,
            "design": dict(self.design),
            "skipped": list(self.skipped),
            "design_complete": True if self.is_complete(catalog) else None,
            "quantity": self.quantity,
            "confirmed": self.confirmed,
            "pending_product": self.pending_product,
            "pending_text": self.pending_text,
        }


@dataclass(frozen=True)
class Turn:
    """One customer message: its text, how NLU read it, and what the bot had asked.

    `text` is what the customer typed and `entities` what a button payload named; a
    message has one or the other (see `from_message`). `asked` is "transcript_consent",
    "product", an attribute id, "quantity", "confirmed", another form's slot
    ("rating", "handover_contact", ...) or None.
    """

    text: str
    intent: str | None = None
    entities: Sequence[Mapping[str, Any]] = ()
    asked: str | None = None

    @classmethod
    def from_message(
        cls,
        text: str,
        intent: str | None,
        entities: Sequence[Mapping[str, Any]],
        asked: str | None,
    ) -> Turn:
        """The turn for a message as Rasa parsed it.

        A button payload (`/design_product{"product":"sneaker"}`) carries its meaning in
        the intent and entities Rasa read from it; its text is no customer's words (read
        as such, "sneaker" became the monogram). A typed message's entities are the
        NLU's context-free view; the dialogue reads typed words itself, against the
        product and `asked`, so the two never disagree about a value.
        """
        if is_payload(text):
            return cls(text="", intent=intent, entities=tuple(entities), asked=asked)
        return cls(text=text, intent=intent, asked=asked)

    def yes_or_no(self) -> bool | None:
        """True for yes, False for no: a button, the intent, or a typed bare answer."""
        if self.intent in {"affirm", "deny"}:
            return self.intent == "affirm"
        return self.bare_yes_or_no()

    def bare_yes_or_no(self) -> bool | None:
        """Like `yes_or_no`, but typed words count only when they are nothing but a yes or a no.

        For a question whose answer may be any words: "NO SLEEP" read as a "no" by the
        NLU is still a print text.
        """
        if not self.text:
            return self.intent == "affirm" if self.intent in {"affirm", "deny"} else None
        return bare_answer(self.text)

    def entity(self, name: str) -> Any:
        """The value of the first entity called `name` (button payloads carry these)."""
        return next((e.get("value") for e in self.entities if e.get("entity") == name), None)

    @property
    def product_choice(self) -> str | None:
        """The product a product button named, if any."""
        value = self.entity(ENTITY_PRODUCT)
        return str(value) if value is not None else None

    @property
    def attribute_choice(self) -> str | None:
        """The attribute a choice or change button named, if any."""
        value = self.entity(ENTITY_ATTRIBUTE)
        return str(value) if value is not None else None

    @property
    def option_choice(self) -> str | None:
        """The option a choice button named, if any."""
        value = self.entity(ENTITY_OPTION)
        return str(value) if value is not None else None
