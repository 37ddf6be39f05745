"""Logging in to and out of the staff console.

The login form has no session to carry a CSRF token yet, so it uses a double-submit
token: a short-lived cookie (readable only by us, sent only by same-site requests) and
the same value in a hidden field. A failed login is answered only after a delay that
grows with each consecutive failure (see `bot.staff.lockout`), and the answer never
says whether the e-mail has an account.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bot.settings import Settings
from bot.staff.accounts import MAX_EMAIL_LENGTH
from bot.staff.lockout import failure_delay, minutes_left
from bot.staff.passwords import MAX_PASSWORD_LENGTH
from bot.storage.staff import is_token, new_token
from bot.web.dependencies import SettingsDep
from bot.web.staff_next import CONSOLE_HOME, LOGIN_PATH, safe_next
from bot.web.staff_pages import render_anonymous_staff_page, render_staff
from bot.web.staff_session import (
    SESSION_COOKIE,
    ClockDep,
    CsrfStaffDep,
    DirectoryDep,
    OptionalStaffDep,
    SleepDep,
    StaffDep,
    check_origin,
    clear_session_cookie,
    form_field,
    is_https,
    set_session_cookie,
    tokens_match,
)

router = APIRouter(tags=["staff"])

LOGIN_CSRF_COOKIE = "tailor_login_csrf"
LOGIN_CSRF_MAX_AGE = 60 * 60
"""A login form older than an hour asks to be submitted again."""

WRONG_CREDENTIALS = "The e-mail or the password is wrong."
EXPIRED_FORM = "The login form had expired. Please log in again."


@router.get("/staff", include_in_schema=False)
def console_home(staff: StaffDep) -> RedirectResponse:
    """The console's front door leads to the conversation list."""
    return RedirectResponse(CONSOLE_HOME, status_code=status.HTTP_303_SEE_OTHER)


@router.get(LOGIN_PATH, response_class=HTMLResponse)
def login_page(
    request: Request, settings: SettingsDep, session: OptionalStaffDep, next: str = ""
) -> HTMLResponse:
    """The login form, returning to `next` (a console path) afterwards.

    Someone already logged in is told as whom, with the way on and a logout button,
    instead of a second login that would leave the first session running.
    """
    if session is not None:
        return render_staff(request, "staff/login.html", session, next_path=safe_next(next))
    return _login_form(request, settings, next_path=safe_next(next))


@router.post(LOGIN_PATH, response_class=HTMLResponse)
async def log_in(
    request: Request,
    settings: SettingsDep,
    directory: DirectoryDep,
    clock: ClockDep,
    sleep: SleepDep,
) -> Response:
    """Check the form and the credentials; on success start a session and go to `next`."""
    check_origin(request, settings)
    email = await form_field(request, "email")
    password = await form_field(request, "password")
    next_path = safe_next(await form_field(request, "next"))

    def retry(status_code: int, message: str, kind: str = "error") -> HTMLResponse:
        return _login_form(
            request,
            settings,
            next_path=next_path,
            email=email[:MAX_EMAIL_LENGTH],
            status_code=status_code,
            message=message,
            message_kind=kind,
        )

    if not tokens_match(
        await form_field(request, "csrf_token"), request.cookies.get(LOGIN_CSRF_COOKIE, "")
    ):
        return retry(status.HTTP_403_FORBIDDEN, EXPIRED_FORM)
    if not email.strip() or not password:
        return retry(status.HTTP_400_BAD_REQUEST, "Enter your e-mail and your password.")
    if len(email) > MAX_EMAIL_LENGTH or len(password) > MAX_PASSWORD_LENGTH:
        return retry(
            status.HTTP_400_BAD_REQUEST,
            f"That is too long: e-mail addresses have at most {MAX_EMAIL_LENGTH} characters, "
            f"passwords at most {MAX_PASSWORD_LENGTH}.",
        )

    now = clock()
    result = await run_in_threadpool(directory.authenticate, email, password, now)
    if result.user is None:
        await sleep(failure_delay(result.failures))
        if result.locked_until is not None:
            minutes = minutes_left(result.locked_until, now)
            return retry(
                status.HTTP_429_TOO_MANY_REQUESTS,
                f"Too many failed logins for this e-mail. Try again in {minutes} "
                f"minute{'s' if minutes != 1 else ''}, or ask an admin to unlock it.",
            )
        return retry(status.HTTP_401_UNAUTHORIZED, WRONG_CREDENTIALS)

    token, _session = await run_in_threadpool(directory.start_session, result.user, now)
    response = RedirectResponse(next_path, status_code=status.HTTP_303_SEE_OTHER)
    set_session_cookie(response, token, request, settings)
    response.delete_cookie(LOGIN_CSRF_COOKIE, path=LOGIN_PATH)
    return response


@router.post("/staff/logout")
async def log_out(
    request: Request, staff: CsrfStaffDep, settings: SettingsDep, directory: DirectoryDep
) -> RedirectResponse:
    """End the session on the server (the cookie stops working anywhere) and forget it."""
    await run_in_threadpool(directory.end_session, request.cookies[SESSION_COOKIE])
    response = RedirectResponse(LOGIN_PATH, status_code=status.HTTP_303_SEE_OTHER)
    clear_session_cookie(response, request, settings)
    return response


def _login_form(
    request: Request,
    settings: Settings,
    *,
    next_path: str,
    email: str = "",
    status_code: int = status.HTTP_200_OK,
    message: str = "",
    message_kind: str = "",
) -> HTMLResponse:
    """The login page, with a login CSRF token in its form and its cookie.

    A token the browser already holds is reused, so two open login tabs both work.
    """
    token = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not is_token(token):
        token = new_token()
    response = render_anonymous_staff_page(
        request,
        "staff/login.html",
        status_code=status_code,
        csrf_token=token,
        next_path=next_path,
        email=email,
        message=message,
        message_kind=message_kind,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        max_age=LOGIN_CSRF_MAX_AGE,
        path=LOGIN_PATH,
        secure=is_https(request, settings),
        httponly=True,
        samesite="strict",
    )
    return response
