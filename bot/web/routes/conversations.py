"""Staff API: read what customers and the bot said, and what came of it.

Every route here sits behind `require_staff`; nothing in this module is public.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, status

from bot.storage.repository import MAX_OFFSET
from bot.web.dependencies import StoreDep
from bot.web.staff_auth import require_staff

router = APIRouter(
    prefix="/api/conversations", tags=["staff"], dependencies=[Depends(require_staff)]
)

MAX_PAGE_SIZE = 200
"""Enough for a staff screen; the store would allow more, one response should not."""


@router.get("")
def list_conversations(
    store: StoreDep,
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Conversations per page."),
    # Capped where the store's databases stop accepting OFFSET, so a huge value is a 422.
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Conversations to skip."),
) -> dict[str, Any]:
    """One page of conversation summaries, most recently started first."""
    conversations = store.list_conversations(limit=limit, offset=offset)
    return {
        "conversations": [conversation.to_dict() for conversation in conversations],
        "limit": limit,
        "offset": offset,
    }


# `:path` because channels choose sender ids freely, and some contain slashes.
@router.get("/{sender_id:path}")
def get_conversation(sender_id: str, store: StoreDep) -> dict[str, Any]:
    """The sender's latest conversation: its messages, spec and the customer's feedback."""
    detail = store.get_conversation(sender_id)
    if detail is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="No such conversation.")
    return detail.to_dict()
