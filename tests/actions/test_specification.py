from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.specification import ActionSaveSpecification
from bot.spec import validate_specification
from tests.actions.conftest import SENDER, slots_of, texts, tracker

DESK = {
    "product": "desk",
    "design": {
        "width": 160,
        "depth": 80,
        "top": "oak",
        "frame": "dual",
        "frame_color": "black",
        "cable_tray": False,
    },
    "skipped": [],
    "quantity": 2,
    "confirmed": True,
}


def test_confirmed_design_is_saved_linked_and_cleared(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    events = ActionSaveSpecification().run(
        dispatcher, tracker(slots=DESK, active_loop=None), domain
    )
    slots = slots_of(events)
    spec_id = slots["spec_id"]
    assert spec_id and slots["product"] is None and slots["design"] == {}

    stored = resources.store().get_specification(spec_id)
    assert stored is not None
    validate_specification(stored)
    assert stored["conversation_id"] == SENDER
    assert stored["price"]["unit"] == 299 + 60 + 120 + 400
    assert f"https://shop.example/specs/{spec_id}" in texts(dispatcher)
    card = dispatcher.messages[0]["custom"]
    assert card["type"] == "specification" and card["spec_id"] == spec_id


def test_an_incomplete_design_is_not_saved_and_the_customer_is_told(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    broken = {**DESK, "design": {"width": 160}}
    events = ActionSaveSpecification().run(
        dispatcher, tracker(slots=broken, active_loop=None), domain
    )
    assert slots_of(events) == {"confirmed": None}
    assert "couldn't save" in texts(dispatcher)


def test_a_tampered_slot_value_is_refused(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    tampered = {**DESK, "design": {**DESK["design"], "width": 900}}
    events = ActionSaveSpecification().run(
        dispatcher, tracker(slots=tampered, active_loop=None), domain
    )
    assert "spec_id" not in slots_of(events)
