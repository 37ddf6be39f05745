"""Which conversations staff want to see, and in which order: one checked, immutable value.

The console page, the exports and the bearer API all build a `ConversationFilter`, so
a combination that makes no sense (a rating range *and* "unrated", an end date before
the start) is refused in one place, with a message meant for the person who asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.review.annotations import normalise_tag

ACTIVE = "active"
COMPLETED = "completed"
ABANDONED = "abandoned"
HANDED_OVER = "handed_over"
STATUSES = (ACTIVE, COMPLETED, ABANDONED, HANDED_OVER)
"""What a conversation can be filtered as. `handed_over` is not a stored status but the
moment a customer asked for a person: such a conversation is also active, completed or
abandoned, and matches both filters."""

STARTED = "started"
ENDED = "ended"
RATING = "rating"
MESSAGES = "messages"
PRODUCT = "product"
SORT_FIELDS = (STARTED, ENDED, RATING, MESSAGES, PRODUCT)

MIN_RATING = 1
MAX_RATING = 5
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
"""The one page limit: the console's list, `/api/conversations`, the NLU inbox and the
stores' paged reads. Enough for a screen; exports are how staff get more rows at once."""
MAX_OFFSET = 2**63 - 1
"""The largest OFFSET both SQLite and PostgreSQL accept."""
MAX_TEXT_LENGTH = 200
"""For the search text and the product: longer is a mistake, not a query."""


@dataclass(frozen=True)
class ConversationFilter:
    """Criteria (all optional, combined with AND), sort order and the page wanted.

    Dates are whole UTC days on the conversation's start, both ends included. Ratings
    are the latest rating a conversation received. `reviewed` and `low_confidence`
    are yes/no questions; None leaves them open. `search` is matched as a
    case-insensitive substring of the messages. The tag is normalised like every tag;
    product and search text lose surrounding whitespace. Paging is an offset and a
    limit so that API clients can page however they like; the console pages by `limit`.
    """

    started_from: date | None = None
    started_to: date | None = None
    product: str | None = None
    status: str | None = None
    rating_min: int | None = None
    rating_max: int | None = None
    unrated: bool = False
    tag: str | None = None
    reviewed: bool | None = None
    low_confidence: bool | None = None
    search: str | None = None
    sort: str = STARTED
    descending: bool = True
    limit: int = DEFAULT_PAGE_SIZE
    offset: int = 0

    def __post_init__(self) -> None:
        """Normalise the free-text fields; refuse what the list cannot answer, saying why.

        Raises `ValueError` with a message meant for staff.
        """
        if self.tag is not None:
            object.__setattr__(self, "tag", normalise_tag(self.tag))
        for name in ("product", "search"):
            value = getattr(self, name)
            object.__setattr__(self, name, None if value is None else value.strip())
        if (
            self.started_from is not None
            and self.started_to is not None
            and self.started_from > self.started_to
        ):
            raise ValueError("The start date must not be after the end date.")
        _check_text(self.product, "A product")
        if self.status is not None and self.status not in STATUSES:
            raise ValueError(f"The status must be one of {', '.join(STATUSES)}.")
        self._check_ratings()
        _check_text(self.search, "The search text")
        if self.sort not in SORT_FIELDS:
            raise ValueError(f"The sort field must be one of {', '.join(SORT_FIELDS)}.")
        if not 1 <= self.limit <= MAX_PAGE_SIZE:
            raise ValueError(f"The page size must be from 1 to {MAX_PAGE_SIZE}.")
        if not 0 <= self.offset <= MAX_OFFSET:
            raise ValueError(f"The offset must be from 0 to {MAX_OFFSET}.")

    def _check_ratings(self) -> None:
        for bound in (self.rating_min, self.rating_max):
            if bound is not None and not MIN_RATING <= bound <= MAX_RATING:
                raise ValueError(f"A rating is from {MIN_RATING} to {MAX_RATING}.")
        if (
            self.rating_min is not None
            and self.rating_max is not None
            and self.rating_min > self.rating_max
        ):
            raise ValueError("The lowest rating must not be above the highest.")
        if self.unrated and (self.rating_min is not None or self.rating_max is not None):
            raise ValueError("Ask for unrated conversations or for a rating range, not both.")


def _check_text(value: str | None, what: str) -> None:
    if value is None:
        return
    if not value:
        raise ValueError(f"{what} cannot be blank; leave it out instead.")
    if len(value) > MAX_TEXT_LENGTH:
        raise ValueError(f"{what} has at most {MAX_TEXT_LENGTH} characters.")
