"""Who is asking: the staff session behind a request, and the checks every console route uses.

Routes declare one of the `Annotated` dependencies at the bottom instead of checking
cookies themselves:

- `StaffDep`: a logged-in staff member; anonymous requests are redirected (303) to the
  login page, which returns them to where they were going.
- `AdminDep`: the same, and the role must be admin (403 otherwise).
- `TrainerDep`: the same, and the role must be trainer or admin (403 for support).
- `CsrfStaffDep`, `CsrfAdminDep`, `CsrfTrainerDep`: for POST handlers; also require the
  session's CSRF token (form field `csrf_token` or header `X-CSRF-Token`) and, when the
  browser sends an `Origin`, that it is our own. Every state-changing route uses one.

Dependencies that only check or hand on what they are given are `async def`, so they run
on the event loop instead of a thread-pool hop each (see `bot.web.dependencies`); the
session lookup, which queries the database, gives that query to the pool itself.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Awaitable, Callable
from datetime import datetime, timezone
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, HTTPException, Request, status
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.responses import Response

from bot.settings import Settings
from bot.staff.accounts import StaffUser
from bot.staff.passwords import Passwords
from bot.staff.sessions import ABSOLUTE_LIFETIME, StaffSession
from bot.storage.staff import StaffDirectory, is_token
from bot.web.dependencies import EngineDep, SettingsDep
from bot.web.staff_next import CONSOLE_HOME, login_url

__all__ = [
    "AdminDep",
    "CsrfAdminDep",
    "CsrfStaffDep",
    "CsrfTrainerDep",
    "StaffDep",
    "StaffPageError",
    "StaffSession",
    "TrainerDep",
]

SESSION_COOKIE = "tailor_staff"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"
MAX_FORM_BYTES = 1024 * 1024
"""Larger staff forms are refused unread: no console form comes near this."""

Clock = Callable[[], datetime]
Sleep = Callable[[float], Awaitable[None]]


class StaffPageError(Exception):
    """A console request refused with a status and a sentence for the person at the browser.

    `bot.web.staff_pages.staff_error_page` renders it as an HTML page.
    """

    def __init__(self, status_code: int, message: str) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.message = message


async def get_clock() -> Clock:
    """The current time for sessions and lockout; tests override this dependency."""
    return _utc_now


async def get_sleep() -> Sleep:
    """How a failed login waits; tests override this to record instead of sleeping."""
    return asyncio.sleep


async def get_passwords(request: Request) -> Passwords:
    """The app's password hasher (tests give the app a cheap one).

    `create_app` makes it once, so its dummy hash is made once, not per login.
    """
    passwords: Passwords = request.app.state.passwords
    return passwords


PasswordsDep = Annotated[Passwords, Depends(get_passwords)]


async def get_staff_directory(engine: EngineDep, passwords: PasswordsDep) -> StaffDirectory:
    """Staff accounts and sessions in the app's database."""
    return StaffDirectory(engine, passwords)


DirectoryDep = Annotated[StaffDirectory, Depends(get_staff_directory)]
ClockDep = Annotated[Clock, Depends(get_clock)]
SleepDep = Annotated[Sleep, Depends(get_sleep)]


async def current_session(
    request: Request, directory: DirectoryDep, clock: ClockDep
) -> StaffSession | None:
    """The live session of the request's cookie, or None for anonymous requests."""
    token = request.cookies.get(SESSION_COOKIE, "")
    if not is_token(token):
        return None
    return await run_in_threadpool(directory.session, token, clock())


OptionalStaffDep = Annotated[StaffSession | None, Depends(current_session)]


async def require_staff(request: Request, session: OptionalStaffDep) -> StaffSession:
    """The logged-in staff member, or a redirect to the login page (which comes back here).

    Only page views come back: a form posted after the session ended cannot be replayed
    by a redirect, so its sender lands on the console's home instead.
    """
    if session is None:
        query = f"?{request.url.query}" if request.url.query else ""
        target = request.url.path + query if request.method == "GET" else CONSOLE_HOME
        raise HTTPException(
            status_code=status.HTTP_303_SEE_OTHER,
            detail="Log in to the staff console first.",
            headers={"Location": login_url(target)},
        )
    return session


StaffDep = Annotated[StaffSession, Depends(require_staff)]


def _require_permission(
    staff: StaffSession, allowed: Callable[[StaffUser], bool], refusal: str
) -> StaffSession:
    """`staff` if `allowed` says their account may go on, else 403 with `refusal`.

    The one place a role is checked; the dependencies below only say which check.
    """
    if not allowed(staff.user):
        raise StaffPageError(status.HTTP_403_FORBIDDEN, refusal)
    return staff


def _admin(staff: StaffSession) -> StaffSession:
    return _require_permission(staff, lambda user: user.is_admin, "Only admins can do this.")


def _trainer(staff: StaffSession) -> StaffSession:
    return _require_permission(
        staff, lambda user: user.can_train, "Only trainers and admins can do this."
    )


async def require_admin(staff: StaffDep) -> StaffSession:
    """The logged-in staff member if they are an admin; 403 for everyone else."""
    return _admin(staff)


async def require_trainer(staff: StaffDep) -> StaffSession:
    """The logged-in staff member if they may train the bot; 403 for support staff."""
    return _trainer(staff)


AdminDep = Annotated[StaffSession, Depends(require_admin)]
TrainerDep = Annotated[StaffSession, Depends(require_trainer)]


async def require_csrf(request: Request, staff: StaffDep, settings: SettingsDep) -> StaffSession:
    """The staff member, if this state-changing request really comes from our own form."""
    check_origin(request, settings)
    presented = request.headers.get(CSRF_HEADER) or await form_field(request, CSRF_FIELD)
    if not tokens_match(presented, staff.csrf_token):
        raise StaffPageError(
            status.HTTP_403_FORBIDDEN,
            "This form has expired or did not come from the console. Reload the page and "
            "try again.",
        )
    return staff


CsrfStaffDep = Annotated[StaffSession, Depends(require_csrf)]


async def require_csrf_admin(staff: CsrfStaffDep) -> StaffSession:
    """`require_csrf`, and the staff member must be an admin."""
    return _admin(staff)


async def require_csrf_trainer(staff: CsrfStaffDep) -> StaffSession:
    """`require_csrf`, and the staff member must be a trainer or an admin."""
    return _trainer(staff)


CsrfAdminDep = Annotated[StaffSession, Depends(require_csrf_admin)]
CsrfTrainerDep = Annotated[StaffSession, Depends(require_csrf_trainer)]


def check_origin(request: Request, settings: Settings) -> None:
    """Refuse a request whose browser says it was sent by another site's page.

    Browsers send `Origin` on every cross-site POST; requests without one (old clients,
    scripts) rely on the CSRF token alone.
    """
    origin = request.headers.get("origin")
    if origin is None:
        return
    own = {_origin_of(str(request.base_url)), _origin_of(settings.public_base_url)}
    if origin.strip().lower() not in own - {None}:
        raise StaffPageError(
            status.HTTP_403_FORBIDDEN, "This form was sent from another site and was refused."
        )


async def form_field(request: Request, name: str) -> str:
    """A text field of the request's form ('' if absent), refusing oversized bodies unread."""
    length = request.headers.get("content-length", "")
    if length.isdigit() and int(length) > MAX_FORM_BYTES:
        raise StaffPageError(
            status.HTTP_413_REQUEST_ENTITY_TOO_LARGE, "This form is too large to be accepted."
        )
    value = (await request.form()).get(name)
    return "" if value is None or isinstance(value, UploadFile) else value


def tokens_match(presented: str | None, expected: str) -> bool:
    """Constant-time comparison of a presented token with the expected one (as bytes)."""
    return bool(presented) and secrets.compare_digest(
        (presented or "").encode(errors="replace"), expected.encode()
    )


def is_https(request: Request, settings: Settings) -> bool:
    """Whether cookies must be Secure: the request came over HTTPS or the site is https."""
    return request.url.scheme == "https" or settings.public_base_url.lower().startswith("https:")


def set_session_cookie(
    response: Response, token: str, request: Request, settings: Settings
) -> None:
    """Hand the browser its session token: script-proof, same-site only, HTTPS-only if we are."""
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=int(ABSOLUTE_LIFETIME.total_seconds()),
        path="/",
        secure=is_https(request, settings),
        httponly=True,
        samesite="strict",
    )


def clear_session_cookie(response: Response, request: Request, settings: Settings) -> None:
    """Tell the browser to forget its session token."""
    response.delete_cookie(
        SESSION_COOKIE,
        path="/",
        secure=is_https(request, settings),
        httponly=True,
        samesite="strict",
    )


def _origin_of(url: str) -> str | None:
    parts = urlsplit(url.strip().lower())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    default = {"http": ":80", "https": ":443"}[parts.scheme]
    netloc = parts.netloc.removesuffix(default)
    return f"{parts.scheme}://{netloc}"


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)
