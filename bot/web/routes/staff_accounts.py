"""Staff accounts, for admins: who has access, when they last logged in, who is locked out.

Admins unlock, change roles and remove accounts here; creating accounts and setting
passwords is done with `tailor staff`, so a password never travels through a web form
other than the login. An admin cannot remove or demote themselves, which also keeps at
least one admin.
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from bot.staff.accounts import ADMIN, ROLES, InvalidRole, login_key
from bot.staff.sessions import StaffSession
from bot.web.staff_pages import render_staff
from bot.web.staff_session import (
    AdminDep,
    ClockDep,
    CsrfAdminDep,
    DirectoryDep,
    StaffPageError,
    form_field,
)

router = APIRouter(prefix="/staff/accounts", tags=["staff"])

ACCOUNTS_PATH = "/staff/accounts"
NOTICES = {
    "unlocked": "The account was unlocked.",
    "not-locked": "That account was not locked.",
    "role": "The role was changed.",
    "removed": "The account was removed; its sessions have ended.",
}
"""The notices a redirect back to the page may show; the query names one by key only,
so a crafted link cannot put words on the page."""


@router.get("", response_class=HTMLResponse)
def accounts_page(
    request: Request, staff: AdminDep, directory: DirectoryDep, clock: ClockDep, notice: str = ""
) -> HTMLResponse:
    """Every account with its role, last login and lock state, and the actions on it."""
    return render_staff(
        request,
        "staff/accounts.html",
        staff,
        accounts=directory.accounts(clock()),
        roles=ROLES,
        notice=NOTICES.get(notice, ""),
    )


@router.post("/unlock")
async def unlock(
    request: Request, staff: CsrfAdminDep, directory: DirectoryDep
) -> RedirectResponse:
    """Lift a lockout (and forget the failures) before it runs out."""
    email = await _email_field(request)
    unlocked = await run_in_threadpool(directory.unlock, email)
    return _back("unlocked" if unlocked else "not-locked")


@router.post("/role")
async def change_role(
    request: Request, staff: CsrfAdminDep, directory: DirectoryDep
) -> RedirectResponse:
    """Give an account another role; admins cannot demote themselves."""
    email = await _email_field(request)
    role = await form_field(request, "role")
    if _is_self(staff, email) and role != ADMIN:
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST,
            "You cannot take away your own admin role; ask another admin.",
        )
    try:
        changed = await run_in_threadpool(directory.set_role, email, role)
    except InvalidRole:
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST, f"The role must be one of: {', '.join(ROLES)}."
        ) from None
    if not changed:
        raise _no_such_account()
    return _back("role")


@router.post("/remove")
async def remove(
    request: Request, staff: CsrfAdminDep, directory: DirectoryDep
) -> RedirectResponse:
    """Delete an account; its sessions end with it. Admins cannot remove themselves."""
    email = await _email_field(request)
    if _is_self(staff, email):
        raise StaffPageError(
            status.HTTP_400_BAD_REQUEST, "You cannot remove your own account; ask another admin."
        )
    if not await run_in_threadpool(directory.remove, email):
        raise _no_such_account()
    return _back("removed")


async def _email_field(request: Request) -> str:
    email = await form_field(request, "email")
    if not email.strip():
        raise StaffPageError(status.HTTP_400_BAD_REQUEST, "The form did not say which account.")
    return email


def _is_self(staff: StaffSession, email: str) -> bool:
    return login_key(email) == staff.user.email


def _no_such_account() -> StaffPageError:
    return StaffPageError(status.HTTP_404_NOT_FOUND, "There is no such account (any more).")


def _back(notice: str) -> RedirectResponse:
    return RedirectResponse(
        f"{ACCOUNTS_PATH}?{urlencode({'notice': notice})}", status_code=status.HTTP_303_SEE_OTHER
    )
