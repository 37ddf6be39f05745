"""Access control for the staff API: the bearer token, or a logged-in console session.

Staff endpoints expose whole customer conversations. Scripts authenticate with
STAFF_API_TOKEN (unset disables the token rather than opening the API); staff already
logged in to the console (its session cookie) may read the same data from the browser.
Anything else is a 401.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.web.dependencies import SettingsDep
from bot.web.staff_session import OptionalStaffDep

_bearer = HTTPBearer(auto_error=False, description="STAFF_API_TOKEN")

DISABLED_DETAIL = (
    "Log in to the staff console, or set STAFF_API_TOKEN to use the API with "
    "'Authorization: Bearer <token>'."
)
INVALID_DETAIL = "A valid staff token is required: send 'Authorization: Bearer <token>'."


async def require_staff(
    settings: SettingsDep,
    session: OptionalStaffDep,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """Let the request through with the configured token or a live staff session.

    The token comparison is constant-time and on UTF-8 bytes: `compare_digest` on `str`
    rejects non-ASCII, and a header may carry any byte.
    """
    if session is not None:
        return
    expected = settings.staff_api_token
    if expected is None:
        raise _unauthorized(DISABLED_DETAIL)
    presented = credentials.credentials if credentials else ""
    if not secrets.compare_digest(presented.encode(), expected.encode()):
        raise _unauthorized(INVALID_DETAIL)


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(
        status_code=status.HTTP_401_UNAUTHORIZED,
        detail=detail,
        headers={"WWW-Authenticate": "Bearer"},
    )
