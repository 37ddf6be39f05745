"""End-to-end tests talk to the session's live stack (`tests/live_stack.py`) as customers."""

from __future__ import annotations

import pytest

from bot.runtime.stack import Stack
from tests.live_stack import Customer


@pytest.fixture
def customer(stack: Stack) -> Customer:
    return Customer(stack.settings.rasa_url)
