"""The NLU inbox: customer messages the bot was unsure of, or that staff flagged.

Trainers go through them one by one: accept the message as a training example (with
the intent and entity spans corrected where the bot got them wrong), or discard it.
An accepted message is written to the project's training data (data/nlu.yml) at once,
as a diff the trainer can commit, and takes effect with the next model. Any staff
member can flag a message from a transcript; only trainers and admins see the inbox.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.staff.sessions import StaffSession
from bot.storage.inbox import (
    ACCEPTED,
    DISCARDED,
    AlreadyReviewed,
    InboxItem,
    InboxStore,
    Review,
)
from bot.storage.validation import parse_row_id
from bot.training.errors import TrainingDataError
from bot.training.examples import add_example, domain_intents
from bot.training.markup import annotate
from bot.web.dependencies import CatalogDep, EngineDep, SettingsDep
from bot.web.review_pages import LIST_PATH
from bot.web.review_query import QueryError, parse_page
from bot.web.routes.staff_conversations import parse_conversation_id
from bot.web.staff_pages import render_staff
from bot.web.staff_session import (
    Clock,
    ClockDep,
    CsrfStaffDep,
    CsrfTrainerDep,
    StaffPageError,
    TrainerDep,
    form_field,
)

router = APIRouter(tags=["staff"])

INBOX_PATH = "/staff/inbox"
NOTICES = {
    "discarded": "The message was discarded; it will not come back to the inbox.",
    "flagged": "The message was flagged for the NLU inbox.",
    "unflagged": "The flag was removed.",
}
"""Notices a redirect may show, named by key so a link cannot put words on the page."""


@router.get(INBOX_PATH, response_class=HTMLResponse)
def inbox(
    request: Request, staff: TrainerDep, engine: EngineDep, settings: SettingsDep
) -> HTMLResponse:
    """One page of messages waiting for a trainer, newest first."""
    try:
        limit, offset = parse_page(request.query_params)
    except QueryError as error:
        raise StaffPageError(status.HTTP_400_BAD_REQUEST, error.message) from None
    page = InboxStore(engine).pending(settings.low_confidence_threshold, limit=limit, offset=offset)
    number = offset // limit + 1
    return render_staff(
        request,
        "staff/inbox.html",
        staff,
        page=page,
        threshold=settings.low_confidence_threshold,
        notice=NOTICES.get(request.query_params.get("notice", ""), ""),
        previous_url=_page_url(number - 1, limit) if offset else None,
        next_url=_page_url(number + 1, limit) if offset + limit < page.total else None,
    )


@router.get(INBOX_PATH + "/{message_id}", response_class=HTMLResponse)
def inbox_item(
    request: Request, message_id: str, staff: TrainerDep, engine: EngineDep, settings: SettingsDep
) -> HTMLResponse:
    """The review form: the message as a training example, ready to correct."""
    store = InboxStore(engine)
    item = _find(store, message_id)
    return _review_page(
        request, staff, item, settings.project_dir, review=store.review_of(item.message_id)
    )


@router.post(INBOX_PATH + "/{message_id}/accept")
async def accept(
    request: Request,
    message_id: str,
    staff: CsrfTrainerDep,
    engine: EngineDep,
    catalog: CatalogDep,
    settings: SettingsDep,
    clock: ClockDep,
) -> Response:
    """Write the (corrected) example into the training data and close the message.

    The example is written before the review is recorded: if the write is refused
    (a duplicate, a conflict with another intent, broken YAML) the message stays in
    the inbox and the form comes back with the reason and what was typed.
    """
    store = InboxStore(engine)
    item = await run_in_threadpool(_find, store, message_id)
    if await run_in_threadpool(store.review_of, item.message_id) is not None:
        raise _already_reviewed()
    intent = await form_field(request, "intent")
    example = await form_field(request, "example")
    try:
        change = await run_in_threadpool(
            add_example, settings.project_dir, intent, example, catalog=catalog
        )
    except TrainingDataError as error:
        return _review_page(
            request,
            staff,
            item,
            settings.project_dir,
            status_code=status.HTTP_400_BAD_REQUEST,
            intent=intent,
            example=example,
            error=str(error),
        )
    await _record(store, item, staff, clock, ACCEPTED, intent=intent, example=example)
    return render_staff(
        request,
        "staff/change.html",
        staff,
        title="Example added",
        summary=f"The message is now an example of {intent}. It takes effect with the "
        "next model (Models → Retrain).",
        diff=change.diff(settings.project_dir),
        back_url=INBOX_PATH,
        back_label="Back to the NLU inbox",
    )


@router.post(INBOX_PATH + "/{message_id}/discard")
async def discard(
    message_id: str, staff: CsrfTrainerDep, engine: EngineDep, clock: ClockDep
) -> Response:
    """Close the message without adding it to the training data."""
    store = InboxStore(engine)
    item = await run_in_threadpool(_find, store, message_id)
    await _record(store, item, staff, clock, DISCARDED, intent=None, example=None)
    return RedirectResponse(
        f"{INBOX_PATH}?{urlencode({'notice': 'discarded'})}", status_code=status.HTTP_303_SEE_OTHER
    )


@router.post(LIST_PATH + "/{conversation_id}/messages/{message_id}/flag")
async def flag(
    request: Request,
    conversation_id: str,
    message_id: str,
    staff: CsrfStaffDep,
    engine: EngineDep,
    clock: ClockDep,
) -> Response:
    """Flag a customer message for the NLU inbox (any staff member), or take the flag off."""
    store = InboxStore(engine)
    item = await run_in_threadpool(_find, store, message_id)
    if item.conversation_id != parse_conversation_id(conversation_id):
        raise _not_found()
    answer = await form_field(request, "flagged")
    if answer not in ("yes", "no"):
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST, "The form must say whether to flag it: yes or no."
        )
    try:
        if answer == "yes":
            await run_in_threadpool(store.flag, item.message_id, staff.user.email, clock())
        else:
            await run_in_threadpool(store.unflag, item.message_id)
    except LookupError:
        raise _not_found() from None
    notice = "flagged" if answer == "yes" else "unflagged"
    return RedirectResponse(
        f"{LIST_PATH}/{item.conversation_id}?{urlencode({'notice': notice})}",
        status_code=status.HTTP_303_SEE_OTHER,
    )


def _review_page(
    request: Request,
    staff: StaffSession,
    item: InboxItem,
    project_dir: Path,
    status_code: int = status.HTTP_200_OK,
    intent: str | None = None,
    example: str | None = None,
    error: str = "",
    review: Review | None = None,
) -> HTMLResponse:
    return render_staff(
        request,
        "staff/inbox_item.html",
        staff,
        status_code=status_code,
        item=item,
        intents=domain_intents(project_dir),
        intent=item.intent if intent is None else intent,
        example=annotate(item.text or "", item.entities) if example is None else example,
        error=error,
        review=review,
    )


async def _record(
    store: InboxStore,
    item: InboxItem,
    staff: StaffSession,
    clock: Clock,
    decision: str,
    *,
    intent: str | None,
    example: str | None,
) -> None:
    try:
        await run_in_threadpool(
            store.record_review,
            item.message_id,
            decision=decision,
            intent=intent,
            example=example,
            by=staff.user.email,
            at=clock(),
        )
    except AlreadyReviewed:
        raise _already_reviewed() from None
    except LookupError:
        raise _not_found() from None


def _find(store: InboxStore, raw: str) -> InboxItem:
    try:
        item_id = parse_row_id(raw)
    except ValueError:
        raise _not_found() from None
    item = store.item(item_id)
    if item is None:
        raise _not_found()
    return item


def _not_found() -> StaffPageError:
    return StaffPageError(
        status.HTTP_404_NOT_FOUND, "There is no such customer message; it may have been erased."
    )


def _already_reviewed() -> StaffPageError:
    return StaffPageError(status.HTTP_409_CONFLICT, "This message has already been reviewed.")


def _page_url(number: int, size: int) -> str:
    return f"{INBOX_PATH}?{urlencode({'page': number, 'page_size': size})}"
