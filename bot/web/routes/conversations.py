"""Staff API: read what customers and the bot said, and what came of it.

Every route here sits behind `require_staff`; nothing in this module is public. Both
read through `ReviewStore`, like the console's list and transcript: a conversation's
summary has the same keys and values in the list as in the detail.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, status

from bot.review.filters import MAX_OFFSET, MAX_PAGE_SIZE
from bot.web.dependencies import ReviewDep
from bot.web.review_query import QueryError, parse_filter
from bot.web.staff_auth import require_staff

router = APIRouter(
    prefix="/api/conversations", tags=["staff"], dependencies=[Depends(require_staff)]
)


@router.get("")
def list_conversations(
    request: Request,
    review: ReviewDep,
    limit: int = Query(50, ge=1, le=MAX_PAGE_SIZE, description="Conversations per page."),
    # Capped where the store's databases stop accepting OFFSET, so a huge value is a 422.
    offset: int = Query(0, ge=0, le=MAX_OFFSET, description="Conversations to skip."),
) -> dict[str, Any]:
    """One page of conversation summaries, most recently started first unless sorted.

    Takes the console's filter and sort parameters (`bot.web.review_query`); a value
    that cannot be read is a 422 naming the parameter, like a bad `limit`.
    """
    try:
        criteria = parse_filter(request.query_params, limit=limit, offset=offset)
    except QueryError as error:
        raise HTTPException(
            status_code=status.HTTP_422_UNPROCESSABLE_ENTITY,
            detail=[
                {"loc": ["query", error.parameter], "msg": error.message, "type": "value_error"}
            ],
        ) from None
    page = review.list(criteria)
    return {
        "conversations": [summary.to_dict() for summary in page.items],
        "limit": limit,
        "offset": offset,
    }


# `:path` because channels choose sender ids freely, and some contain slashes.
@router.get("/{sender_id:path}")
def get_conversation(sender_id: str, review: ReviewDep) -> dict[str, Any]:
    """The sender's latest conversation: summary (as the list has it), messages, spec, feedback.

    An id that could be no sender's is a 404 like an unknown one.
    """
    detail = review.latest(sender_id)
    if detail is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="No such conversation.")
    return detail.to_dict()
