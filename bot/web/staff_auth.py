"""Bearer-token access control for the staff API.

Staff endpoints expose whole customer conversations, so the API is closed unless an
operator has set STAFF_API_TOKEN: an unset token disables it rather than opening it.
"""

from __future__ import annotations

import secrets

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from bot.web.dependencies import SettingsDep

_bearer = HTTPBearer(auto_error=False, description="STAFF_API_TOKEN")

DISABLED_DETAIL = "The staff API is disabled until STAFF_API_TOKEN is set."
INVALID_DETAIL = "A valid staff token is required: send 'Authorization: Bearer <token>'."


def require_staff(
    settings: SettingsDep,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),
) -> None:
    """Let the request through only with the configured staff token.

    The comparison is constant-time and on UTF-8 bytes: `compare_digest` on `str`
    rejects non-ASCII, and a header may carry any byte.
    """
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
