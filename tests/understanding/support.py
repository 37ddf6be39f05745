"""Hostile messages, a timing guard, and builders for small purpose-built catalogs.

Small catalogs show that behaviour comes from catalog data, not from code that knows
the demo products: a brand-new product with new synonyms must work unchanged.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from decimal import Decimal
from typing import TypeVar

from bot.catalog.model import (
    Attribute,
    AttributeType,
    Option,
    Product,
    QuantityLimits,
    TextCharset,
)

T = TypeVar("T")

HOSTILE = {
    "empty": "",
    "blank": " \t\n ",
    "10k letters": "a" * 10_000,
    "10k digits": "9" * 10_000,
    "10k words": "white sole " * 1_000,
    "number soup": "1 2 3 4 5 " * 1_000,
    "thousands commas": "1," * 5_000,
    "dimension chain": "1x" * 5_000,
    "metre chain": "1m" * 5_000,
    "open quotes": " 'a" * 4_000,
    "curly quotes": "\u2018a\u2019b" * 3_000,
    "double quotes": '"' * 10_000,
    "apostrophes": "a'" * 5_000,
    "number words": "one hundred and " * 1_000,
    "halves": " and a half" * 1_000,
    "emoji": "\U0001f44d\U0001f3fd\U0001f389" * 3_000,
    "mixed scripts": "\uff57\uff48\uff49\uff54\uff45 \u0431\u0435\u043b \u767d \u0664\u0662 " * 500,
    "control characters": "\x00\x1b[31m\u202e\u200b" * 2_000,
    "newlines": "\n" * 10_000,
    "lone surrogate-free astral": "\U0001d7d2\U0001d7d0" * 3_000,
}
"""Messages no customer types on purpose: huge, repetitive, or built to make regular
expressions backtrack. Every public function must answer them quickly and calmly."""

HOSTILE_SECONDS = 1.0
"""Far above the real cost (a few hundredths of a second); catastrophic backtracking
or quadratic blow-ups take many seconds on these inputs."""


def timed(call: Callable[[], T]) -> T:
    """Run `call` twice, failing if even the faster run takes `HOSTILE_SECONDS` of CPU.

    CPU time, not wall time: other processes on a busy machine (parallel test workers,
    a live stack) cannot make a linear-time call look slow. The faster of two runs:
    a one-time cost inside the first (a vocabulary built because a cache had let it go
    while other tests ran, a garbage collection) cannot either, while backtracking
    burns its seconds in both.
    """
    fastest = math.inf
    for _ in range(2):
        started = time.process_time()
        result = call()
        fastest = min(fastest, time.process_time() - started)
    assert fastest < HOSTILE_SECONDS, f"took {fastest:.2f}s even when warm"
    return result


def choice(attribute_id: str, *options: Option, name: str | None = None) -> Attribute:
    return Attribute(
        id=attribute_id, name=name or attribute_id, type=AttributeType.CHOICE, options=options
    )


def option(option_id: str, label: str | None = None, *also_called: str) -> Option:
    return Option(id=option_id, label=label or option_id.title(), also_called=also_called)


def number(
    attribute_id: str, unit: str | None, low: int, high: int, name: str | None = None
) -> Attribute:
    return Attribute(
        id=attribute_id,
        name=name or attribute_id,
        type=AttributeType.NUMBER,
        unit=unit,
        min=Decimal(low),
        max=Decimal(high),
        step=Decimal(1),
    )


def text(attribute_id: str, name: str | None = None, *also_called: str) -> Attribute:
    return Attribute(
        id=attribute_id,
        name=name or attribute_id,
        type=AttributeType.TEXT,
        optional=True,
        also_called=also_called,
        max_length=20,
        allowed=TextCharset.PRINTABLE_SINGLE_LINE,
    )


def yes_no(attribute_id: str, name: str | None = None) -> Attribute:
    return Attribute(id=attribute_id, name=name or attribute_id, type=AttributeType.YES_NO)


def product(
    product_id: str,
    *attributes: Attribute,
    name: str | None = None,
    unit: str = "piece",
    also_called: tuple[str, ...] = (),
) -> Product:
    return Product(
        id=product_id,
        name=name or product_id.title(),
        base_price=Decimal(10),
        lead_time_days=1,
        quantity=QuantityLimits(min=1, max=100, unit=unit),
        attributes=attributes,
        also_called=also_called,
    )
