"""How conversations are read, and the staff console's writes: tags, notes, review marks.

The one read model of a conversation (`bot.review.records`: `ConversationSummary`,
`ConversationReview`) is built here, by one query (`summaries_query`, `_listed`): the
console's list and transcript, `/api/conversations` and `/api/conversations/{sender}`,
and `repository.Store`'s reads all go through `ReviewStore`, so they agree on what a
conversation's message count, rating and spec are, and page with the one
`MAX_PAGE_SIZE` of `bot.review.filters`.

Every filter of `ConversationFilter` is applied in SQL, on SQLite and PostgreSQL alike,
so only the rows of one page ever leave the database (see `_rows` and `_mentions` for
what keeps 10 000 conversations fast).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import delete, exists, false, func, insert, or_, select, update
from sqlalchemy.engine import Connection, Engine, Row
from sqlalchemy.exc import IntegrityError
from sqlalchemy.sql import ColumnElement, Select

from bot.review.annotations import check_note, normalise_tag
from bot.review.export import EXPORT_LIMIT, ExportTooLarge
from bot.review.filters import (
    ENDED,
    HANDED_OVER,
    MESSAGES,
    PRODUCT,
    RATING,
    STARTED,
    ConversationFilter,
)
from bot.review.records import (
    ConversationReview,
    ConversationSummary,
    Feedback,
    Note,
    Page,
    TranscriptMessage,
)
from bot.settings import DEFAULT_LOW_CONFIDENCE
from bot.storage.schema import (
    EMAIL_LENGTH,
    PRODUCT_ID_LENGTH,
    USER,
    conversation_notes,
    conversation_tags,
    conversations,
    feedback,
    messages,
    specifications,
)
from bot.storage.validation import (
    clean_text,
    is_row_id,
    is_sender_id,
    is_storable_id,
    require_id,
)

_ESCAPE = "/"
_TAG_BATCH = 500
"""Conversations whose tags one query fetches: well under every driver's parameter limit."""


class ReviewStore:
    """The console's view of one database.

    Lookups and writes by conversation id answer "not found" (None or False) for ids
    that do not exist, however odd; writes raise `ValueError` for tags, notes and staff
    e-mails that may not be kept, with a message meant for staff.
    """

    def __init__(
        self, engine: Engine, low_confidence_threshold: float = DEFAULT_LOW_CONFIDENCE
    ) -> None:
        """`low_confidence_threshold`: below it a turn counts as low-confidence."""
        self._engine = engine
        self._threshold = low_confidence_threshold

    def list(self, criteria: ConversationFilter) -> Page:
        """The page of matching conversations that `criteria` asks for, and their number.

        Without a search, counting is cheap and the page query stops after its rows
        (the started_at index), so they are two queries. A search has to read every
        message once whatever the page, so its page query counts the matches in the
        same pass (a window count) instead of scanning twice.
        """
        conditions = _conditions(criteria, self._threshold, self._engine.dialect.name)
        searching = criteria.search is not None
        with self._engine.connect() as connection:
            rows = _rows(
                connection, conditions, criteria, criteria.limit, criteria.offset, searching
            )
            if rows and searching:
                total = rows[0].total
            elif not rows and criteria.offset == 0:
                total = 0
            else:  # a full count, or a page past the last match, which carries none
                total = connection.execute(_count(conditions)).scalar_one()
            items = _with_tags(connection, rows)
        return Page(items=items, total=total, limit=criteria.limit, offset=criteria.offset)

    def export(
        self, criteria: ConversationFilter, limit: int = EXPORT_LIMIT
    ) -> tuple[ConversationSummary, ...]:
        """Every matching conversation in `criteria`'s order, ignoring its paging.

        Raises `ExportTooLarge` (before reading any row) when more than `limit` match.
        """
        conditions = _conditions(criteria, self._threshold, self._engine.dialect.name)
        with self._engine.connect() as connection:
            total = connection.execute(_count(conditions)).scalar_one()
            if total > limit:
                raise ExportTooLarge(total, limit)
            rows = _rows(connection, conditions, criteria, limit, 0, with_total=False)
            return _with_tags(connection, rows)

    def conversation(self, conversation_id: int) -> ConversationReview | None:
        """Everything staff see about one conversation, or None if there is no such one."""
        if not is_row_id(conversation_id):
            return None
        with self._engine.connect() as connection:
            row = connection.execute(_listed().where(conversations.c.id == conversation_id)).first()
            return None if row is None else _review(connection, row)

    def latest(self, sender_id: str) -> ConversationReview | None:
        """The sender's latest conversation (the newest row), as `conversation` shows it.

        None if the sender has none, or `sender_id` could be no sender's.
        """
        if not is_sender_id(sender_id):
            return None
        query = (
            _listed()
            .where(conversations.c.sender_id == sender_id)
            .order_by(conversations.c.id.desc())
            .limit(1)
        )
        with self._engine.connect() as connection:
            row = connection.execute(query).first()
            return None if row is None else _review(connection, row)

    def add_tag(self, conversation_id: int, tag: str, by: str) -> bool:
        """Tag the conversation (normalised, see `normalise_tag`); False if it does not exist.

        Adding a tag it already has changes nothing, so who tagged it first stays visible.
        """
        normalised = normalise_tag(tag)
        author = require_staff_email(by)
        if not is_row_id(conversation_id):
            return False
        try:
            with self._engine.begin() as connection:
                if not _exists(connection, conversation_id):
                    return False
                already = connection.execute(
                    select(conversation_tags.c.tag).where(
                        conversation_tags.c.conversation_id == conversation_id,
                        conversation_tags.c.tag == normalised,
                    )
                ).first()
                if already is None:
                    connection.execute(
                        insert(conversation_tags).values(
                            conversation_id=conversation_id,
                            tag=normalised,
                            tagged_by=author,
                            tagged_at=_now(),
                        )
                    )
        except IntegrityError:
            # Someone tagged it at the same moment, or erased the conversation meanwhile.
            return self._exists(conversation_id)
        return True

    def remove_tag(self, conversation_id: int, tag: str) -> bool:
        """Take the tag off the conversation; False if the conversation does not exist."""
        normalised = normalise_tag(tag)
        if not is_row_id(conversation_id):
            return False
        with self._engine.begin() as connection:
            if not _exists(connection, conversation_id):
                return False
            connection.execute(
                delete(conversation_tags).where(
                    conversation_tags.c.conversation_id == conversation_id,
                    conversation_tags.c.tag == normalised,
                )
            )
        return True

    def add_note(self, conversation_id: int, author: str, body: str) -> bool:
        """Keep an internal note (see `check_note`); False if the conversation does not exist."""
        text = clean_text(check_note(body))
        writer = require_staff_email(author)
        if not is_row_id(conversation_id):
            return False
        try:
            with self._engine.begin() as connection:
                if not _exists(connection, conversation_id):
                    return False
                connection.execute(
                    insert(conversation_notes).values(
                        conversation_id=conversation_id, author=writer, body=text, created_at=_now()
                    )
                )
        except IntegrityError:  # erased between the check and the insert
            return False
        return True

    def set_reviewed(self, conversation_id: int, by: str, reviewed: bool) -> bool:
        """Mark the conversation reviewed by `by` now, or clear the mark; False if absent."""
        reviewer = require_staff_email(by)
        if not is_row_id(conversation_id):
            return False
        values = {
            "reviewed_at": _now() if reviewed else None,
            "reviewed_by": reviewer if reviewed else None,
        }
        with self._engine.begin() as connection:
            result = connection.execute(
                update(conversations).where(conversations.c.id == conversation_id).values(**values)
            )
        return result.rowcount == 1

    def tags(self) -> tuple[str, ...]:
        """Every tag in use, alphabetically: the choices of the tag filter."""
        query = select(conversation_tags.c.tag).distinct().order_by(conversation_tags.c.tag)
        with self._engine.connect() as connection:
            return tuple(connection.execute(query).scalars())

    def products(self) -> tuple[str, ...]:
        """Every product a conversation is about, alphabetically: the product filter's choices."""
        query = (
            select(conversations.c.product)
            .where(conversations.c.product.is_not(None))
            .distinct()
            .order_by(conversations.c.product)
        )
        with self._engine.connect() as connection:
            return tuple(connection.execute(query).scalars())

    def _exists(self, conversation_id: int) -> bool:
        with self._engine.connect() as connection:
            return _exists(connection, conversation_id)


def require_staff_email(value: str) -> str:
    """`value` if it can be kept as who did something, else `ValueError` saying so."""
    return require_id(value, what="staff e-mail", max_length=EMAIL_LENGTH)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _exists(connection: Connection, conversation_id: int) -> bool:
    return (
        connection.execute(
            select(conversations.c.id).where(conversations.c.id == conversation_id)
        ).first()
        is not None
    )


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.utc)


def latest_spec_query(conversation_id: ColumnElement | int, *columns: Any) -> Select:
    """`columns` of the conversation's newest specification: the one summaries show.

    `conversation_id` may be a column, making this a correlated subquery, so the list,
    the transcript and the API agree on which spec counts.
    """
    return (
        select(*columns)
        .where(specifications.c.conversation_id == conversation_id)
        .order_by(specifications.c.created_at.desc())
        .limit(1)
    )


def latest_feedback_query(conversation_id: ColumnElement | int, *columns: Any) -> Select:
    """`columns` of the conversation's latest rating, as `latest_spec_query` does for specs.

    A customer may rate twice; the later rating is their final word.
    """
    return (
        select(*columns)
        .where(feedback.c.conversation_id == conversation_id)
        .order_by(feedback.c.id.desc())
        .limit(1)
    )


def summaries_query() -> Select:
    """Conversations with what a summary shows about their messages, spec and feedback.

    Every column of `conversations`, plus `message_count`, `rating` and `spec_id`.
    """
    conversation_id = conversations.c.id
    message_count = (
        select(func.count()).where(messages.c.conversation_id == conversation_id).scalar_subquery()
    )
    return select(
        conversations,
        message_count.label("message_count"),
        latest_feedback_query(conversation_id, feedback.c.rating).scalar_subquery().label("rating"),
        latest_spec_query(conversation_id, specifications.c.spec_id)
        .scalar_subquery()
        .label("spec_id"),
    )


def _review(connection: Connection, row: Row) -> ConversationReview:
    """Everything about the conversation of `row` (from `_listed`): the transcript's read."""
    conversation_id = row.id
    [summary] = _with_tags(connection, [row])
    said = connection.execute(
        select(messages)
        .where(messages.c.conversation_id == conversation_id)
        .order_by(messages.c.position)
    )
    spec = connection.execute(
        latest_spec_query(conversation_id, specifications.c.document)
    ).scalar_one_or_none()
    rated = connection.execute(
        latest_feedback_query(
            conversation_id, feedback.c.rating, feedback.c.comment, feedback.c.created_at
        )
    ).first()
    notes = connection.execute(
        select(conversation_notes)
        .where(conversation_notes.c.conversation_id == conversation_id)
        .order_by(conversation_notes.c.created_at, conversation_notes.c.id)
    )
    return ConversationReview(
        summary=summary,
        contact=row.contact,
        consent=row.consent,
        last_question=row.last_question,
        summary_shown_at=row.summary_shown_at,
        messages=tuple(_message(message) for message in said),
        spec=spec,
        feedback=None if rated is None else Feedback(**rated._mapping),
        notes=tuple(Note(note.author, note.body, note.created_at) for note in notes),
    )


def _listed() -> Select:
    """The summary query plus the customer's first message, the list's preview."""
    first_message = (
        select(messages.c.text)
        .where(messages.c.conversation_id == conversations.c.id, messages.c.sender == USER)
        .order_by(messages.c.position)
        .limit(1)
        .scalar_subquery()
    )
    return summaries_query().add_columns(first_message.label("first_message"))


def _rating() -> ColumnElement[Any]:
    """The conversation's latest rating, as `summaries_query` defines it."""
    return latest_feedback_query(conversations.c.id, feedback.c.rating).scalar_subquery()


def _conditions(
    criteria: ConversationFilter, threshold: float, dialect: str
) -> list[ColumnElement[bool]]:
    """The WHERE clauses on `conversations` that `criteria` asks for (ANDed)."""
    c = conversations.c
    conditions: list[ColumnElement[bool]] = []
    if criteria.started_from is not None:
        conditions.append(c.started_at >= _day_start(criteria.started_from))
    if criteria.started_to is not None and criteria.started_to < date.max:
        conditions.append(c.started_at < _day_start(criteria.started_to + timedelta(days=1)))
    if criteria.product is not None:
        storable = is_storable_id(criteria.product, PRODUCT_ID_LENGTH)
        conditions.append(c.product == criteria.product if storable else false())
    if criteria.status == HANDED_OVER:
        conditions.append(c.handed_over_at.is_not(None))
    elif criteria.status is not None:
        conditions.append(c.status == criteria.status)
    if criteria.rating_min is not None:
        conditions.append(_rating() >= criteria.rating_min)
    if criteria.rating_max is not None:
        conditions.append(_rating() <= criteria.rating_max)
    if criteria.unrated:
        conditions.append(~exists().where(feedback.c.conversation_id == c.id))
    if criteria.tag is not None:
        conditions.append(
            exists().where(
                conversation_tags.c.conversation_id == c.id,
                conversation_tags.c.tag == criteria.tag,
            )
        )
    if criteria.reviewed is not None:
        conditions.append(
            c.reviewed_at.is_not(None) if criteria.reviewed else c.reviewed_at.is_(None)
        )
    if criteria.low_confidence is not None:
        low = c.min_confidence < threshold
        conditions.append(low if criteria.low_confidence else or_(c.min_confidence.is_(None), ~low))
    if criteria.search is not None:
        conditions.append(_mentions(criteria.search, dialect))
    return conditions


def _mentions(search: str, dialect: str) -> ColumnElement[bool]:
    """Whether a message of the conversation contains `search`, ignoring case.

    `%`, `_` and the escape character are matched literally; NUL is searched as the
    replacement character it was stored as. PostgreSQL folds the case of every letter.
    SQLite's LIKE folds ASCII letters only, as its lower() would: asking it for lower()
    as well would only triple the cost of reading every message.

    The messages are read once, into the conversations that match (a materialized
    CTE): a plain IN or EXISTS lets PostgreSQL probe each conversation's messages
    through the index instead, several times slower when its row estimate is off.
    """
    pattern = "%" + _escape_like(clean_text(search) or "") + "%"
    text = messages.c.text
    matches = (
        text.like(pattern, escape=_ESCAPE)
        if dialect == "sqlite"
        else func.lower(text).like(func.lower(pattern), escape=_ESCAPE)
    )
    hits = (
        select(messages.c.conversation_id)
        .where(matches)
        .distinct()
        .cte("search_hits")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    return conversations.c.id.in_(select(hits.c.conversation_id))


def _escape_like(text: str) -> str:
    """`text` with LIKE's wildcards and the escape character taken literally."""
    for special in (_ESCAPE, "%", "_"):
        text = text.replace(special, _ESCAPE + special)
    return text


def _count(conditions: Sequence[ColumnElement[bool]]) -> Select:
    return select(func.count()).select_from(conversations).where(*conditions)


def _rows(
    connection: Connection,
    conditions: Sequence[ColumnElement[bool]],
    criteria: ConversationFilter,
    limit: int,
    offset: int,
    with_total: bool,
) -> Sequence[Row]:
    """The summary rows (`_listed`) of one page, in `criteria`'s order.

    The page's ids are chosen first, computing only the sort key, and the summary's
    subqueries (counts, latest rating and spec, preview) run for those rows alone: a
    deep page or a sort over every conversation does not compute them thousands of
    times. `with_total` adds each row's `total`, the number of matches.
    """
    chosen = _ordered(select(conversations.c.id).where(*conditions), criteria)
    if with_total:
        chosen = chosen.add_columns(func.count().over().label("total"))
    page = chosen.limit(limit).offset(offset).subquery("page")
    query = _ordered(_listed().join(page, page.c.id == conversations.c.id), criteria)
    if with_total:
        query = query.add_columns(page.c.total)
    return connection.execute(query).all()


def _ordered(query: Select, criteria: ConversationFilter) -> Select:
    """`query` in `criteria`'s order; missing values last, newest first among equals."""
    c = conversations.c
    summary = summaries_query().selected_columns
    key = {
        STARTED: c.started_at,
        ENDED: c.ended_at,
        RATING: summary.rating,
        MESSAGES: summary.message_count,
        PRODUCT: c.product,
    }[criteria.sort]
    direction = key.desc() if criteria.descending else key.asc()
    if criteria.sort == STARTED:
        tie_break = c.id.desc() if criteria.descending else c.id.asc()
        return query.order_by(direction, tie_break)
    return query.order_by(direction.nulls_last(), c.started_at.desc(), c.id.desc())


def _with_tags(connection: Connection, rows: Sequence[Row]) -> tuple[ConversationSummary, ...]:
    """Summaries of `rows` (from `_listed`), each with its tags."""
    tags: dict[int, list[str]] = {}
    ids = [row.id for row in rows]
    for start in range(0, len(ids), _TAG_BATCH):
        batch = ids[start : start + _TAG_BATCH]
        found = connection.execute(
            select(conversation_tags.c.conversation_id, conversation_tags.c.tag)
            .where(conversation_tags.c.conversation_id.in_(batch))
            .order_by(conversation_tags.c.tag)
        )
        for conversation_id, tag in found:
            tags.setdefault(conversation_id, []).append(tag)
    return tuple(_summary(row, tags.get(row.id, ())) for row in rows)


def _summary(row: Row, tags: Iterable[str]) -> ConversationSummary:
    return ConversationSummary(
        id=row.id,
        sender_id=row.sender_id,
        product=row.product,
        status=row.status,
        started_at=row.started_at,
        ended_at=row.ended_at,
        handed_over_at=row.handed_over_at,
        message_count=row.message_count,
        rating=row.rating,
        spec_id=row.spec_id,
        min_confidence=row.min_confidence,
        reviewed_at=row.reviewed_at,
        reviewed_by=row.reviewed_by,
        tags=tuple(tags),
        first_message=row.first_message,
    )


def _message(row: Row) -> TranscriptMessage:
    return TranscriptMessage(
        id=row.id,
        position=row.position,
        sender=row.sender,
        timestamp=row.timestamp,
        text=row.text,
        intent=row.intent,
        confidence=row.confidence,
        entities=row.entities,
        buttons=row.buttons,
        slot_changes=row.slot_changes,
        custom=row.custom,
        model_id=row.model_id,
        flagged_at=row.flagged_at,
        flagged_by=row.flagged_by,
    )
