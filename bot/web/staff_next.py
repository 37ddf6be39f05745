"""Where to send a staff member after login: only back into the console.

The `next` parameter comes from a URL anyone can craft, so a value that could leave
the console (another site, a scheme, a path that browsers normalise elsewhere) is
replaced by the conversation list rather than followed: no open redirect.
"""

from __future__ import annotations

from urllib.parse import quote, unquote, urlsplit

CONSOLE_HOME = "/staff/conversations"
LOGIN_PATH = "/staff/login"
MAX_NEXT_LENGTH = 2048


def safe_next(raw: str | None) -> str:
    """`raw` if it is a path (and query) inside `/staff`, else `CONSOLE_HOME`."""
    if not raw or not raw.startswith("/") or len(raw) > MAX_NEXT_LENGTH or not _plain(raw):
        return CONSOLE_HOME
    parts = urlsplit(raw)
    path = parts.path
    decoded = unquote(path)
    inside = path == "/staff" or path.startswith("/staff/")
    if parts.scheme or parts.netloc or parts.fragment or not inside or not _plain(decoded):
        return CONSOLE_HOME
    segments = decoded.split("/")
    if "//" in decoded or "." in segments or ".." in segments:
        return CONSOLE_HOME
    if decoded == LOGIN_PATH or decoded.startswith(LOGIN_PATH + "/"):
        return CONSOLE_HOME
    return raw


def login_url(next_path: str) -> str:
    """The login page, returning to `next_path` afterwards."""
    return f"{LOGIN_PATH}?next={quote(safe_next(next_path), safe='')}"


def _plain(text: str) -> bool:
    # Backslashes become slashes in browsers ("/\evil.example"); control characters are
    # stripped by some of them, turning "/\t/evil.example" into "//evil.example".
    return "\\" not in text and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in text)
