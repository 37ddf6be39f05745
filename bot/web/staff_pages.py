"""Rendering of staff console pages, with the headers every one of them needs.

Console pages show customers' conversations, so they get a policy stricter than the
app's default: no scripts at all, styles and images only from our own files (hence no
inline styles: everything is in /static/staff.css), forms posting only back to us, no
framing; and `no-store`, so no cache (shared or the browser's back button after
logout) keeps a copy.
"""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from bot.staff.sessions import StaffSession
from bot.web.rendering import render
from bot.web.staff_session import StaffPageError

STAFF_CONTENT_SECURITY_POLICY = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)


def render_staff(
    request: Request,
    template: str,
    staff: StaffSession,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A console page for a logged-in staff member: `template` extends staff/layout.html.

    The template gets `staff` (the session), `csrf_token` (for its forms) and
    `current_path` (for the nav) besides `context`.
    """
    return render_anonymous_staff_page(
        request,
        template,
        status_code=status_code,
        staff=staff,
        csrf_token=staff.csrf_token,
        **context,
    )


def render_anonymous_staff_page(
    request: Request, template: str, status_code: int = 200, **context: Any
) -> HTMLResponse:
    """A console page without a session (login, errors): `staff` is None unless given."""
    context.setdefault("staff", None)
    context.setdefault("csrf_token", "")
    response = render(template, status_code=status_code, current_path=request.url.path, **context)
    response.headers["Content-Security-Policy"] = STAFF_CONTENT_SECURITY_POLICY
    response.headers["Cache-Control"] = "no-store"
    return response


def staff_error_page(request: Request, error: Exception) -> Response:
    """The page for a `StaffPageError`: its status and its sentence, nothing else."""
    if not isinstance(error, StaffPageError):  # Starlette types handlers for any Exception.
        raise error
    return render_anonymous_staff_page(
        request, "staff/error.html", status_code=error.status_code, message=error.message
    )
