from __future__ import annotations

from typing import Any

from rasa_sdk.executor import CollectingDispatcher

from actions.start_over import ActionStartOver
from tests.actions.conftest import tracker


def test_start_over_forgets_the_design_and_leaves_the_form(
    dispatcher: CollectingDispatcher, domain: dict[str, Any]
) -> None:
    slots = {"product": "desk", "design": {"width": 120}, "quantity": 2, "spec_id": "kept"}
    events = ActionStartOver().run(
        dispatcher, tracker("start over", "start_over", slots=slots), domain
    )
    assert {"event": "active_loop", "name": None} in [
        {k: e.get(k) for k in ("event", "name")} for e in events if e["event"] == "active_loop"
    ]
    reset = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    assert reset["product"] is None and reset["design"] == {} and reset["quantity"] is None
    assert "spec_id" not in reset
    assert {"type": "design", "product": None} in [m["custom"] for m in dispatcher.messages]
