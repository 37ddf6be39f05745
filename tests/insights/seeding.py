"""Seeding the dashboard's tables directly, as the dialogue and storage would fill them.

Rows go in with plain inserts, so the figures are tested against exactly the rows a
test describes, whatever path the bot takes to write them.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import insert
from sqlalchemy.engine import Engine

from bot.storage.schema import (
    ACTIVE,
    CONFLICT,
    UNAVAILABLE,
    conversations,
    design_insights,
    feedback,
    specifications,
)

_ids = itertools.count(1)


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)


def seed(
    engine: Engine,
    *,
    started: datetime,
    product: str | None = None,
    status: str = ACTIVE,
    last_question: str | None = None,
    summary: bool = False,
    handed: bool = False,
    options: Any = None,
    spec_product: str | None = None,
    ratings: Iterable[tuple[int, datetime]] = (),
    insights: Iterable[Mapping[str, Any]] = (),
) -> int:
    """One conversation with whatever else it reached, inserted directly."""
    with engine.begin() as connection:
        conversation_id = connection.execute(
            insert(conversations).values(
                sender_id=f"sender-{next(_ids)}",
                product=product,
                status=status,
                started_at=started,
                last_question=last_question,
                summary_shown_at=started if summary else None,
                handed_over_at=started if handed else None,
            )
        ).inserted_primary_key[0]
        if options is not None:
            connection.execute(
                insert(specifications).values(
                    spec_id=f"spec-{next(_ids):08d}",
                    conversation_id=conversation_id,
                    product=spec_product or product,
                    created_at=started,
                    document={"product": {"id": spec_product or product}, "options": options},
                )
            )
        for rating, given in ratings:
            connection.execute(
                insert(feedback).values(
                    conversation_id=conversation_id, rating=rating, created_at=given
                )
            )
        for insight in insights:
            connection.execute(
                insert(design_insights).values(
                    conversation_id=conversation_id,
                    created_at=started,
                    product=insight.get("product", product),
                    **{key: value for key, value in insight.items() if key != "product"},
                )
            )
    return conversation_id


def option(value: Any, label: str = "label") -> dict[str, Any]:
    return {"value": value, "label": label, "price": 0}


def conflict(attribute: str, value: str, other: str, other_value: str, **extra: Any) -> dict:
    return {
        "kind": CONFLICT,
        "attribute": attribute,
        "value": value,
        "other_attribute": other,
        "other_value": other_value,
        **extra,
    }


def unavailable(attribute: str, value: str | None, **extra: Any) -> dict:
    return {"kind": UNAVAILABLE, "attribute": attribute, "value": value, **extra}
