"""Apply one customer turn to a design: product, values, skips, corrections, confirmation.

One message can answer several questions at once ("suede sneakers in sand, size 41.5"),
correct an earlier answer ("actually make the laces red") or switch product, so the
whole turn is interpreted in one place. Every value is checked against the catalog
before it is kept and every rule is checked as soon as both of its sides are known:
an invalid value never enters the state, and the customer is told why and what is
possible instead. Two answers wait for a yes first (`pending`): another product named
without asking to switch ("black desk" mid-sneakers), and a text answer that reads as a
question or request ("am I covered for overdrafts").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from bot.catalog.model import Attribute, AttributeType, Catalog, DesignValue, Product
from bot.catalog.validation import (
    Accepted,
    Conflict,
    Rejected,
    allowed_options,
    check_quantity,
    check_value,
    describe_allowed,
    describe_valid,
    find_conflicts,
)
from bot.dialogue import payloads
from bot.dialogue.pending import carrying_on, switched
from bot.dialogue.prompts import change_menu, design_update
from bot.dialogue.refusals import CONFLICT, UNAVAILABLE, Refusal, value_text
from bot.dialogue.replies import Button, Reply
from bot.dialogue.state import ASKED_CONFIRMATION, ASKED_QUANTITY, DesignState, Turn
from bot.dialogue.wording import (
    capitalised,
    one_of,
    price_delta,
    product_phrase,
    with_article,
)
from bot.understanding import extract, find_products
from bot.understanding.phrasing.quotes import find_quotes
from bot.understanding.phrasing.requests import reads_as_request
from bot.understanding.phrasing.switching import asks_to_switch
from bot.understanding.values.attribute_mentions import names_attribute

DIGRESSION_INTENTS = frozenset(
    {
        "greet",
        "goodbye",
        "thank",
        "bot_challenge",
        "ask_option_info",
        "ask_price",
        "ask_lead_time",
        "out_of_scope",
        "start_over",
        "request_human",
        "nlu_fallback",
    }
)
"""Intents that never fill a slot: the form steps aside and a rule answers them."""

FREE_TEXT_DIGRESSIONS = frozenset(
    {"ask_option_info", "ask_price", "ask_lead_time", "start_over", "request_human"}
)
"""What still interrupts a free-text answer (a feedback comment). Anything else may be
the text itself: a comment "HELLO WORLD" reads as a greeting, "no idea" as off-topic."""

TEXT_ATTRIBUTE_DIGRESSIONS = FREE_TEXT_DIGRESSIONS | {"out_of_scope", "nlu_fallback"}
"""What interrupts the answer to a text attribute ("What should the print text say?")
unless it is quoted: off-topic and unclear messages too, which the off-topic reply
answers by telling how to have such words printed anyway (in quotes). Small talk may
still be the text: "HELLO WORLD" reads as a greeting."""

PRODUCT_INTENTS = frozenset({"design_product", "inform"})
"""Intents whose product words can change the product of a design under way. With any
other intent a product word is only part of the sentence ("thanks, the desk looks
great"), never a switch."""


def is_digression(intent: str | None, *, free_text: bool) -> bool:
    """Whether a message with this intent is not an answer to the question asked."""
    return intent in (FREE_TEXT_DIGRESSIONS if free_text else DIGRESSION_INTENTS)


@dataclass
class Outcome:
    """The new state, what to tell the customer, and whether the turn was for the form.

    `understood` False means nothing in the message concerned the design (a question,
    small talk, off-topic): the caller lets the digression rules answer it.
    `refusals` are the values the catalog turned down in this turn, for the shop's
    insight into what customers want and cannot have.
    """

    state: DesignState
    replies: list[Reply] = field(default_factory=list)
    understood: bool = True
    refusals: list[Refusal] = field(default_factory=list)


def interpret(catalog: Catalog, state: DesignState, turn: Turn) -> Outcome:
    """Apply `turn` to `state` and say what happened.

    Whenever the product, a value or the quantity changed, the replies end with the
    live design panel (`prompts.design_update`) for rich clients such as the widget.
    A switch or a text that needs the customer's confirmation first is left pending in
    the state; the form's next question is then that confirmation (`pending`).
    """
    outcome = _interpret(catalog, state, turn)
    if _design_changed(state, outcome.state):
        outcome.replies.append(design_update(catalog, outcome.state))
    return outcome


def _interpret(catalog: Catalog, state: DesignState, turn: Turn) -> Outcome:
    if _is_digression(catalog, state, turn):
        return Outcome(state, understood=False)
    text_attribute = asked_text_attribute(catalog, state, turn)
    if state.pending_product is not None or state.pending_text is not None:
        settled = _settle_pending(catalog, state, turn, text_attribute)
        if settled is not None:
            return settled
        # Anything but a yes or a no drops the confirmation and is read as usual.
        state = replace(state, pending_product=None, pending_text=None)
    mentioned = _mentioned_products(catalog, state, turn)
    outcome = _apply_product(state, turn, mentioned)
    if not outcome.understood or outcome.state.product is None or outcome.state.pending_product:
        return outcome
    product = catalog.product(outcome.state.product)
    assert product is not None  # _apply_product only keeps catalog products
    said = _read_message(product, turn, product_named=bool(mentioned))
    held = _hold_request(said, turn, text_attribute) if product.id == state.product else None
    outcome = _apply_values(catalog, product, outcome, turn, said)
    if held is not None:
        outcome.state = replace(outcome.state, pending_text=held)
    if outcome.state == state and not outcome.replies and not mentioned:
        outcome.replies.append(_not_understood(product, turn.asked))
    return outcome


def _design_changed(before: DesignState, after: DesignState) -> bool:
    """Whether what the design panel shows (product, values, quantity) changed."""
    return (before.product, dict(before.design), before.quantity) != (
        after.product,
        dict(after.design),
        after.quantity,
    )


def asked_text_attribute(catalog: Catalog, state: DesignState, turn: Turn) -> Attribute | None:
    """The text attribute (print text, monogram) the turn answers, if it answers one."""
    product = catalog.product(state.product) if state.product else None
    attr = product.attribute(turn.asked) if product is not None and turn.asked else None
    return attr if attr is not None and attr.type is AttributeType.TEXT else None


def _is_digression(catalog: Catalog, state: DesignState, turn: Turn) -> bool:
    """Whether the turn is for the digression rules.

    At a text question quoted words always answer, and so does an off-topic or unclear
    message that names the attribute asked ("monogram ABCDEFGHIJK"): those words are
    the customer's try at the text, which the catalog then checks.
    """
    text_attribute = asked_text_attribute(catalog, state, turn)
    product = catalog.product(state.product) if state.product else None
    if text_attribute is None or product is None:
        return is_digression(turn.intent, free_text=False)
    if turn.intent not in TEXT_ATTRIBUTE_DIGRESSIONS or find_quotes(turn.text):
        return False
    if turn.intent in FREE_TEXT_DIGRESSIONS:
        return True
    return not names_attribute(turn.text, product, text_attribute.id)


def _settle_pending(
    catalog: Catalog, state: DesignState, turn: Turn, text_attribute: Attribute | None
) -> Outcome | None:
    """The yes or no to the confirmation asked (see `pending`), or None for neither.

    Yes switches to the pending product, or takes the pending text through the same
    checks as any value; no keeps the design as it was, and the form asks again.
    """
    settled = replace(state, pending_product=None, pending_text=None)
    current = catalog.product(state.product) if state.product else None
    if state.pending_product is not None:
        answer = turn.yes_or_no()
        new = catalog.product(state.pending_product)
        if answer is None:
            return None
        if answer and new is not None:
            return Outcome(DesignState(product=new.id), [switched(new)])
        return Outcome(settled, [carrying_on(current)] if current is not None else [])
    answer = turn.bare_yes_or_no()
    if answer is None:
        return None
    if not answer or text_attribute is None or current is None:
        return Outcome(settled)
    said = _Said(values={text_attribute.id: state.pending_text})
    return _apply_values(catalog, current, Outcome(settled), turn, said)


def _mentioned_products(catalog: Catalog, state: DesignState, turn: Turn) -> list[Product]:
    """Products a button named or the text mentions (a button wins over the text).

    In a design under way, other products count only with a product intent (see
    `PRODUCT_INTENTS`).
    """
    chosen = turn.product_choice
    if chosen is not None:
        product = catalog.product(chosen)
        return [product] if product is not None else []
    found = find_products(turn.text, catalog)
    if state.product is None or turn.intent in PRODUCT_INTENTS:
        return found
    return [product for product in found if product.id == state.product]


def _apply_product(state: DesignState, turn: Turn, mentioned: list[Product]) -> Outcome:
    """Start, keep or switch the product; a switch not clearly asked for is left pending."""
    if not mentioned:
        if turn.intent == "design_product" and state.product:
            # "I want to design something" mid-design: answered as a question, no reset.
            return Outcome(state, understood=False)
        return Outcome(state, _unclear_product(turn) if state.product is None else [])
    if state.product in {p.id for p in mentioned}:
        return Outcome(state)
    if len(mentioned) > 1:
        names = one_of([product_phrase(p.name) for p in mentioned])
        return Outcome(state, [Reply(text=f"Shall we design {names}? Pick one to start.")])
    new_product = mentioned[0]
    if state.product is None:
        return Outcome(DesignState(product=new_product.id))
    if _asks_to_switch(turn):
        return Outcome(DesignState(product=new_product.id), [switched(new_product)])
    return Outcome(replace(state, pending_product=new_product.id))


def _asks_to_switch(turn: Turn) -> bool:
    """A product button, or a product request worded as a wish or a switch ("instead")."""
    if turn.product_choice is not None:
        return True
    return turn.intent == "design_product" and asks_to_switch(turn.text)


def _unclear_product(turn: Turn) -> list[Reply]:
    if not turn.text.strip() or turn.intent in {"design_product", "affirm", None}:
        return []
    return [Reply(text="Sorry, I didn't catch which product you mean.")]


def _hold_request(said: _Said, turn: Turn, text_attribute: Attribute | None) -> str | None:
    """Take out of `said` a text answer that reads as a question or request, to confirm it.

    Quoted words are the text as meant; "NO SLEEP" or "JD 23" are taken at once too.
    """
    if text_attribute is None or find_quotes(turn.text) or not reads_as_request(turn.text):
        return None
    value = said.values.get(text_attribute.id)
    if not isinstance(value, str):
        return None
    del said.values[text_attribute.id]
    return value


def _apply_values(
    catalog: Catalog, product: Product, outcome: Outcome, turn: Turn, said: _Said
) -> Outcome:
    """Apply what the turn said (`_read_message`) to the design, judging it now.

    Reading comes first and judges nothing, so a button, typed words and a confirmed
    text go through the same checks. Rules are checked once all of the turn's values
    are in, so values given together are judged together; confirmation is decided
    last, once every change and refusal of the turn is known.
    """
    draft = _Draft.start(product, outcome)
    draft.skip(said.skipped)
    draft.keep_valid(said.values)
    draft.settle_conflicts(catalog.currency)
    draft.clear(said.to_clear)
    draft.set_quantity(said.quantity)
    draft.settle_confirmation(turn)
    return draft.outcome()


@dataclass
class _Said:
    """What one message holds for the design, raw: the catalog has not judged it yet.

    `to_clear` are attributes (or "quantity") named for a change without a new value.
    """

    values: dict[str, object] = field(default_factory=dict)
    skipped: set[str] = field(default_factory=set)
    to_clear: set[str] = field(default_factory=set)
    quantity: int | None = None


def _read_message(product: Product, turn: Turn, *, product_named: bool) -> _Said:
    """A button means exactly what it names; only typed words need reading."""
    attribute = turn.attribute_choice
    if attribute is None:
        return _read_words(product, turn, product_named=product_named)
    if turn.option_choice is not None:
        return _Said(values={attribute: turn.option_choice})
    return _Said(to_clear={attribute})


def _read_words(product: Product, turn: Turn, *, product_named: bool) -> _Said:
    """Read typed words against the product and the question asked.

    At the summary no attribute is asked, so none is favoured when the words are read.
    """
    asked = turn.asked
    extraction = extract(turn.text, product, asked if asked != ASKED_CONFIRMATION else None)
    values: dict[str, object] = dict(extraction.values)
    skipped = set(extraction.skipped)
    said = _Said(
        values=values,
        skipped=skipped,
        to_clear=set(extraction.mentioned) - set(values) - skipped,
        quantity=extraction.quantity,
    )
    asked_attr = product.attribute(asked) if asked else None
    if asked_attr is not None and asked_attr.id not in values:
        _answer_asked(asked_attr, turn, extraction.unknown, said, product_named=product_named)
    return said


def _answer_asked(
    attr: Attribute, turn: Turn, unknown: str | None, said: _Said, *, product_named: bool
) -> None:
    """Find an answer to the question asked that the words alone did not give.

    The intent may give it (see `_answer_by_intent`). Failing that, words that matched
    nothing are the customer's try at an option: kept as the answer, they are refused
    with the options listed rather than ignored. Not when the message named a product,
    for then the words were about the product.
    """
    _answer_by_intent(attr, turn, said.values, said.skipped)
    unanswered = attr.id not in set(said.values) | said.skipped
    if unknown and unanswered and not product_named:
        said.values[attr.id] = unknown


@dataclass
class _Draft:
    """The design as this turn reshapes it, and what the customer is told on the way.

    `changed` collects what the turn really altered (attribute ids and "quantity"):
    rule clashes are looked for only among these, and any of them withdraws a
    confirmation.
    """

    product: Product
    before: DesignState
    design: dict[str, DesignValue]
    skipped: set[str]
    quantity: int | None
    confirmed: bool | None
    replies: list[Reply]
    refusals: list[Refusal] = field(default_factory=list)
    changed: set[str] = field(default_factory=set)

    @classmethod
    def start(cls, product: Product, outcome: Outcome) -> _Draft:
        """Start from the product step's outcome, keeping what it already said."""
        before = outcome.state
        return cls(
            product=product,
            before=before,
            design=dict(before.design),
            skipped=set(before.skipped),
            quantity=before.quantity,
            confirmed=before.confirmed,
            replies=list(outcome.replies),
        )

    def skip(self, attr_ids: set[str]) -> None:
        """Record declined optionals, dropping a value given earlier.

        A required attribute cannot be declined: it stays to be asked.
        """
        for attr_id in attr_ids:
            attr = self.product.attribute(attr_id)
            if attr is not None and attr.optional:
                self.skipped.add(attr_id)
                if self.design.pop(attr_id, None) is not None:
                    self.changed.add(attr_id)

    def keep_valid(self, values: Mapping[str, object]) -> None:
        """Keep what the catalog accepts; refuse the rest, saying why and what is possible.

        A button may name an attribute this product lacks (a stale or forged payload);
        there is nothing to tell the customer about it, so it is ignored.
        """
        for attr_id, raw in values.items():
            attr = self.product.attribute(attr_id)
            if attr is None:
                continue
            result = check_value(attr, raw)
            if isinstance(result, Accepted):
                self._record_value(attr_id, result.value)
            else:
                self.replies.append(_rejection_reply(result))
                self.refusals.append(Refusal(UNAVAILABLE, attr_id, value_text(attr, raw)))

    def _record_value(self, attr_id: str, value: DesignValue) -> None:
        """Set an accepted value; only a new or corrected one counts as a change.

        Repeating an answer keeps a confirmation; answering a declined optional takes
        the skip back.
        """
        if self.design.get(attr_id) != value:
            self.changed.add(attr_id)
        self.design[attr_id] = value
        self.skipped.discard(attr_id)

    def settle_conflicts(self, currency: str) -> None:
        """Take back this turn's side of every broken rule, explaining and recording it."""
        for reply, refusal in _settle_conflicts(
            self.product, self.before.design, self.design, self.changed, currency
        ):
            self.replies.append(reply)
            self.refusals.append(refusal)

    def clear(self, attr_ids: set[str]) -> None:
        """Forget what the customer named for a change, so that the form asks it again."""
        if ASKED_QUANTITY in attr_ids:
            self.quantity = None
            self.changed.add(ASKED_QUANTITY)
        for attr_id in attr_ids:
            if self.product.attribute(attr_id) is not None:
                self.design.pop(attr_id, None)
                self.skipped.discard(attr_id)
                self.changed.add(attr_id)

    def set_quantity(self, quantity: int | None) -> None:
        """Keep a quantity the product can be ordered in; explain the limits otherwise.

        A refused quantity is not recorded as a `Refusal`: those count the attribute
        values customers ask for that the catalog does not offer.
        """
        if quantity is None:
            return
        result = check_quantity(self.product, quantity)
        if isinstance(result, Accepted):
            if result.value != self.quantity:
                self.changed.add(ASKED_QUANTITY)
            self.quantity = int(result.value)
        else:
            self.replies.append(_rejection_reply(result))

    def settle_confirmation(self, turn: Turn) -> None:
        """Any change withdraws the confirmation: the customer confirmed another design.

        At the summary a plain yes confirms and a no offers what to change; a turn that
        needed another reply first (a refusal, a product switch) confirms nothing, for
        its yes came with something the summary did not show.
        """
        if self.changed:
            self.confirmed = None
        elif turn.asked == ASKED_CONFIRMATION and not self.replies:
            if turn.intent == "affirm":
                self.confirmed = True
            elif turn.intent == "deny":
                self.replies.append(change_menu(self.product, self.before))

    def outcome(self) -> Outcome:
        """The new state; skips in catalog order, so the slot does not depend on wording."""
        state = replace(
            self.before,
            design=self.design,
            skipped=tuple(a.id for a in self.product.attributes if a.id in self.skipped),
            quantity=self.quantity,
            confirmed=self.confirmed,
        )
        return Outcome(state, self.replies, refusals=self.refusals)


def _rejection_reply(result: Rejected) -> Reply:
    """Why a value is refused, then what would be accepted instead."""
    return Reply(text=f"{result.reason} {capitalised(result.valid)}")


def _answer_by_intent(
    attr: Attribute, turn: Turn, raw_values: dict[str, object], skipped: set[str]
) -> None:
    """'Yes'/'no' answer yes/no attributes, and 'no' declines an optional one."""
    if attr.type is AttributeType.YES_NO and turn.intent in {"affirm", "deny"}:
        raw_values[attr.id] = turn.intent == "affirm"
    elif attr.optional and turn.intent == "deny":
        skipped.add(attr.id)


def _settle_conflicts(
    product: Product,
    previous: Mapping[str, DesignValue],
    design: dict[str, DesignValue],
    changed: set[str],
    currency: str,
) -> list[tuple[Reply, Refusal]]:
    """Undo the newly given side of every broken rule; explain and record each clash.

    The value the customer gave in this turn is the one taken back, so an earlier,
    valid choice is never silently lost; the customer may change either side.
    """
    settled: list[tuple[Reply, Refusal]] = []
    for _ in range(len(product.rules) + 1):
        conflicts = [c for c in find_conflicts(product, design) if _newly_set(c, changed)]
        if not conflicts:
            break
        conflict = conflicts[0]
        undone = (
            conflict.forbid_attribute
            if conflict.forbid_attribute in changed
            else conflict.when_attribute
        )
        kept = (
            conflict.when_attribute
            if undone == conflict.forbid_attribute
            else conflict.forbid_attribute
        )
        old = previous.get(undone)
        if old is None or any(c for c in find_conflicts(product, {**design, undone: old})):
            design.pop(undone, None)
        else:
            design[undone] = old
        changed.discard(undone)
        settled.append(
            (
                _conflict_reply(product, design, conflict, undone, kept, currency),
                _conflict_refusal(product, conflict, undone, kept),
            )
        )
    return settled


def _newly_set(conflict: Conflict, changed: set[str]) -> bool:
    return conflict.when_attribute in changed or conflict.forbid_attribute in changed


def _sides(conflict: Conflict, undone: str) -> tuple[DesignValue, DesignValue]:
    """The values of the undone and of the kept side of `conflict`, in that order."""
    if undone == conflict.forbid_attribute:
        return conflict.forbid_value, conflict.when_value
    return conflict.when_value, conflict.forbid_value


def _conflict_refusal(product: Product, conflict: Conflict, undone: str, kept: str) -> Refusal:
    undone_attr = product.attribute(undone)
    kept_attr = product.attribute(kept)
    assert undone_attr is not None and kept_attr is not None  # rules name real attributes
    undone_value, kept_value = _sides(conflict, undone)
    return Refusal(
        CONFLICT,
        undone,
        value_text(undone_attr, undone_value),
        other_attribute=kept,
        other_value=value_text(kept_attr, kept_value),
    )


def _conflict_reply(
    product: Product,
    design: dict[str, DesignValue],
    conflict: Conflict,
    undone: str,
    kept: str,
    currency: str,
) -> Reply:
    undone_attr = product.attribute(undone)
    kept_attr = product.attribute(kept)
    assert undone_attr is not None and kept_attr is not None
    undone_value, kept_value = _sides(conflict, undone)
    text = (
        f"{conflict.rule.message} You chose {_label(undone_attr, undone_value)} for the "
        f"{undone_attr.name} with {_label(kept_attr, kept_value)} for the {kept_attr.name}."
    )
    buttons: tuple[Button, ...] = ()
    if undone_attr.type is AttributeType.CHOICE:
        options = allowed_options(product, design, undone)
        if options:
            text += (
                f" With that {kept_attr.name} you can have "
                f"{one_of([o.label for o in options])}, or change the {kept_attr.name}."
            )
            buttons = tuple(
                Button(
                    f"{o.label}{price_delta(o.price, currency)}",
                    payloads.choose_option(undone, o.id),
                )
                for o in options
            )
    else:
        limit = describe_allowed(product, design, undone)
        text += f" The {undone_attr.name} can be {limit or describe_valid(undone_attr)}"
        text += f" with that {kept_attr.name}, or change the {kept_attr.name}."
    return Reply(text=text, buttons=buttons)


def _label(attr: Attribute, value: object) -> str:
    result = check_value(attr, value)
    return result.label if isinstance(result, Accepted) else str(value)


def _not_understood(product: Product, asked: str | None) -> Reply:
    attr = product.attribute(asked) if asked else None
    if attr is not None:
        return Reply(text=f"Sorry, I didn't catch {with_article(attr.name)} there.")
    if asked == ASKED_QUANTITY:
        limits = product.quantity
        return Reply(
            text=f"Sorry, how many {limits.unit}s? A number from {limits.min} to {limits.max}."
        )
    if asked == ASKED_CONFIRMATION:
        return Reply(text="Sorry, I didn't catch a change there.")
    return Reply(text="Sorry, I didn't catch that.")
