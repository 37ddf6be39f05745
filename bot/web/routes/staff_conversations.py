"""The console's conversation pages: the filtered list, one transcript, and its exports.

Staff tag, annotate and mark conversations reviewed from the transcript page; each form
posts here (CSRF-checked) and is answered with a redirect back, or, when the input
cannot be kept, with the page again showing why and what was typed. Admins can erase
a conversation after a confirmation page.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.catalog.model import Catalog
from bot.layout import MODELS_DIR
from bot.review.export import ExportTooLarge, to_csv, to_json
from bot.review.filters import DEFAULT_PAGE_SIZE, STATUSES, ConversationFilter
from bot.review.records import ConversationReview, ConversationSummary
from bot.review.turns import group_turns
from bot.serving.registry import model_labels
from bot.settings import Settings
from bot.staff.sessions import StaffSession
from bot.storage.privacy import PrivacyStore
from bot.storage.review import ReviewStore
from bot.storage.story_source import default_story_name
from bot.storage.validation import parse_row_id
from bot.web.dependencies import CatalogDep, EngineDep, ReviewDep, SettingsDep
from bot.web.review_pages import (
    LIST_PATH,
    RATING_CHOICES,
    STATUS_LABELS,
    export_urls,
    pager,
    product_choices,
    product_name,
    sort_links,
    spec_card,
    spec_url,
    with_chosen,
)
from bot.web.review_query import QueryError, filter_params, parse_filter, parse_page
from bot.web.staff_pages import render_staff
from bot.web.staff_session import (
    AdminDep,
    CsrfAdminDep,
    CsrfStaffDep,
    StaffDep,
    StaffPageError,
    form_field,
)

logger = logging.getLogger(__name__)
router = APIRouter(prefix=LIST_PATH, tags=["staff"])

NOTICES = {
    "tagged": "The tag was added.",
    "untagged": "The tag was removed.",
    "noted": "The note was saved.",
    "reviewed": "Marked as reviewed.",
    "unreviewed": "The review mark was removed.",
    "erased": "The conversation was erased.",
}
"""Notices a redirect may show; the query names one by key, so a link cannot put words
on the page."""


@router.get("", response_class=HTMLResponse)
def conversation_list(
    request: Request,
    staff: StaffDep,
    review: ReviewDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """The filter form and one page of matching conversations.

    A filter that cannot be read shows the form again as typed, with the reason (400).
    """
    params = request.query_params
    context: dict[str, Any] = {
        "form": {name: params.get(name, "") for name in params},
        "notice": NOTICES.get(params.get("notice", ""), ""),
        "error": "",
        "page": None,
    }
    status_code = status.HTTP_200_OK
    try:
        limit, offset = parse_page(params)
        criteria = parse_filter(params, limit=limit, offset=offset)
    except QueryError as error:
        context["error"] = error.message
        status_code = status.HTTP_400_BAD_REQUEST
        criteria = ConversationFilter()
    else:
        page = review.list(criteria)
        csv_url, json_url = export_urls(criteria)
        context.update(
            form=dict(filter_params(criteria)),
            page=page,
            pager=pager(criteria, page),
            export_csv_url=csv_url,
            export_json_url=json_url,
        )
    products = product_choices(catalog, review.products(), context["form"].get("product"))
    return render_staff(
        request,
        "staff/conversations.html",
        staff,
        status_code=status_code,
        sort_links=sort_links(criteria),
        products=products,
        product_names={choice.value: choice.label for choice in products},
        tags=with_chosen(review.tags(), context["form"].get("tag")),
        statuses=[(value, STATUS_LABELS[value]) for value in STATUSES],
        ratings=RATING_CHOICES,
        status_labels=STATUS_LABELS,
        threshold=settings.low_confidence_threshold,
        **context,
    )


@router.get("/export.csv")
def export_csv(request: Request, staff: StaffDep, review: ReviewDep) -> Response:
    """Every conversation the list's filter matches, as a spreadsheet-safe CSV file."""
    return _export(request, review, to_csv, "text/csv", "csv")


@router.get("/export.json")
def export_json(request: Request, staff: StaffDep, review: ReviewDep) -> Response:
    """Every conversation the list's filter matches, as JSON."""
    return _export(request, review, to_json, "application/json", "json")


@router.get("/{conversation_id}", response_class=HTMLResponse)
def transcript(
    request: Request,
    conversation_id: str,
    staff: StaffDep,
    review: ReviewDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> HTMLResponse:
    """One conversation: its turns as the bot saw them, spec, feedback, tags and notes."""
    found = _find(review, conversation_id)
    notice = NOTICES.get(request.query_params.get("notice", ""), "")
    return _transcript_page(request, staff, found, catalog, settings, notice=notice)


@router.post("/{conversation_id}/tags")
async def add_tag(
    request: Request,
    conversation_id: str,
    staff: CsrfStaffDep,
    review: ReviewDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> Response:
    """Tag the conversation; a tag that cannot be kept is shown back with the reason."""
    found = parse_conversation_id(conversation_id)
    tag = await form_field(request, "tag")
    try:
        added = await run_in_threadpool(review.add_tag, found, tag, staff.user.email)
    except ValueError as error:
        return await rejected(request, staff, review, catalog, settings, found, tag=(tag, error))
    return _back(found, added, "tagged")


@router.post("/{conversation_id}/tags/remove")
async def remove_tag(
    request: Request, conversation_id: str, staff: CsrfStaffDep, review: ReviewDep
) -> Response:
    """Take a tag off the conversation."""
    found = parse_conversation_id(conversation_id)
    tag = await form_field(request, "tag")
    try:
        removed = await run_in_threadpool(review.remove_tag, found, tag)
    except ValueError as error:
        raise StaffPageError(status.HTTP_400_BAD_REQUEST, str(error)) from None
    return _back(found, removed, "untagged")


@router.post("/{conversation_id}/notes")
async def add_note(
    request: Request,
    conversation_id: str,
    staff: CsrfStaffDep,
    review: ReviewDep,
    catalog: CatalogDep,
    settings: SettingsDep,
) -> Response:
    """Keep an internal note; one that cannot be kept is shown back, as typed, with why."""
    found = parse_conversation_id(conversation_id)
    body = await form_field(request, "body")
    try:
        added = await run_in_threadpool(review.add_note, found, staff.user.email, body)
    except ValueError as error:
        return await rejected(request, staff, review, catalog, settings, found, note=(body, error))
    return _back(found, added, "noted")


@router.post("/{conversation_id}/reviewed")
async def set_reviewed(
    request: Request, conversation_id: str, staff: CsrfStaffDep, review: ReviewDep
) -> Response:
    """Mark the conversation reviewed (by whoever sent the form) or clear the mark."""
    found = parse_conversation_id(conversation_id)
    answer = await form_field(request, "reviewed")
    if answer not in ("yes", "no"):
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST, "The form must say whether it was reviewed: yes or no."
        )
    reviewed = answer == "yes"
    changed = await run_in_threadpool(review.set_reviewed, found, staff.user.email, reviewed)
    return _back(found, changed, "reviewed" if reviewed else "unreviewed")


@router.get("/{conversation_id}/erase", response_class=HTMLResponse)
def erase_confirmation(
    request: Request,
    conversation_id: str,
    staff: AdminDep,
    review: ReviewDep,
    catalog: CatalogDep,
) -> HTMLResponse:
    """What erasing would delete, and the button that does it (admins only)."""
    found = _find(review, conversation_id)
    return render_staff(
        request,
        "staff/erase.html",
        staff,
        summary=found.summary,
        product=product_name(catalog, found.summary.product),
        status_labels=STATUS_LABELS,
    )


@router.post("/{conversation_id}/erase")
async def erase(conversation_id: str, staff: CsrfAdminDep, engine: EngineDep) -> Response:
    """Delete the conversation from our tables and Rasa's tracker events (admins only).

    Logged with who erased it: the one trace an erased conversation leaves, for the
    shop to answer "what happened to it".
    """
    found = parse_conversation_id(conversation_id)
    erased = await run_in_threadpool(PrivacyStore(engine).erase, found)
    if not erased:
        raise _not_found()
    logger.info("conversation %d erased by %s", found, staff.user.email)
    return RedirectResponse(
        f"{LIST_PATH}?{urlencode({'notice': 'erased'})}", status_code=status.HTTP_303_SEE_OTHER
    )


def parse_conversation_id(raw: str) -> int:
    """The conversation id in a path; anything that cannot be one is a 404 page.

    Public for the other routes under a conversation's path (its story, its flags).
    """
    try:
        return parse_row_id(raw)
    except ValueError:
        raise _not_found() from None


def _find(review: ReviewStore, raw: str) -> ConversationReview:
    found = review.conversation(parse_conversation_id(raw))
    if found is None:
        raise _not_found()
    return found


def _not_found() -> StaffPageError:
    return StaffPageError(
        status.HTTP_404_NOT_FOUND, "There is no such conversation; it may have been erased."
    )


def _back(conversation_id: int, found: bool, notice: str) -> RedirectResponse:
    if not found:
        raise _not_found()
    return RedirectResponse(
        f"{LIST_PATH}/{conversation_id}?{urlencode({'notice': notice})}",
        status_code=status.HTTP_303_SEE_OTHER,
    )


async def rejected(
    request: Request,
    staff: StaffSession,
    review: ReviewStore,
    catalog: Catalog,
    settings: Settings,
    conversation_id: int,
    **drafts: tuple[str, ValueError],
) -> HTMLResponse:
    """The transcript page again (400) with the refused input kept in its form.

    Each of `drafts` names a form of the page (tag, note, story): what was typed, and
    why it was refused.
    """
    found = await run_in_threadpool(review.conversation, conversation_id)
    if found is None:
        raise _not_found()
    return _transcript_page(
        request,
        staff,
        found,
        catalog,
        settings,
        status_code=status.HTTP_400_BAD_REQUEST,
        drafts={name: text for name, (text, _error) in drafts.items()},
        errors={name: str(error) for name, (_text, error) in drafts.items()},
    )


def _transcript_page(
    request: Request,
    staff: StaffSession,
    found: ConversationReview,
    catalog: Catalog,
    settings: Settings,
    status_code: int = status.HTTP_200_OK,
    notice: str = "",
    drafts: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> HTMLResponse:
    summary = found.summary
    return render_staff(
        request,
        "staff/conversation.html",
        staff,
        status_code=status_code,
        review=found,
        summary=summary,
        turns=group_turns(found.messages),
        product=product_name(catalog, summary.product),
        spec_card=spec_card(found.spec, catalog),
        spec_url=spec_url(summary.spec_id) if summary.spec_id else "",
        threshold=settings.low_confidence_threshold,
        model_labels=model_labels(settings.project_dir / MODELS_DIR, found.model_ids),
        story_name=default_story_name(summary),
        status_labels=STATUS_LABELS,
        notice=notice,
        drafts=drafts or {},
        errors=errors or {},
    )


def _export(
    request: Request,
    review: ReviewStore,
    write: Callable[[Iterable[ConversationSummary]], str],
    media_type: str,
    extension: str,
) -> Response:
    try:
        criteria = parse_filter(request.query_params, limit=DEFAULT_PAGE_SIZE, offset=0)
        rows = review.export(criteria)
    except (QueryError, ExportTooLarge) as error:
        raise StaffPageError(status.HTTP_400_BAD_REQUEST, str(error)) from None
    stamp = datetime.now(timezone.utc).strftime("%Y%m%d-%H%M%S")
    return Response(
        write(rows),
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="conversations-{stamp}.{extension}"',
            "Cache-Control": "no-store",
        },
    )
