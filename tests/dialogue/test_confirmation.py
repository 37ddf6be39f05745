from __future__ import annotations

from bot.dialogue.confirmation import confirmation_reply

SPEC = {
    "spec_id": "abc123",
    "product": {"id": "tshirt", "name": "Printed T-shirt"},
    "price": {"total": 1152.0, "currency": "EUR"},
    "lead_time_days": 7,
}


def test_the_confirmation_names_the_product_naturally_and_links_the_spec() -> None:
    reply = confirmation_reply(SPEC, "https://shop.example/specs/abc123")
    assert reply.text == (
        "Your printed T-shirt design is confirmed! Here is your specification, ready to "
        "share: https://shop.example/specs/abc123\nTotal: 1152.00 EUR. Lead time: 7 days."
    )
    assert reply.custom is not None and reply.custom["product"] == "Printed T-shirt"
