"""The widget's and the shop page's static files, served from a fixed table.

The files in bot/web/static are read once into memory, keyed by exact name: a request
path never reaches the filesystem, so traversal, odd bytes or absurd lengths are
simply unknown names (404). The widget also has the short addresses shops paste into
their pages, /widget.js and /widget.css (which widget.js finds beside itself).
"""

from __future__ import annotations

import gzip
import hashlib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import Response

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
MEDIA_TYPES = {".js": "text/javascript", ".css": "text/css", ".svg": "image/svg+xml"}
"""Starlette adds `; charset=utf-8` to text types; the files are UTF-8."""

router = APIRouter(tags=["assets"])


@dataclass(frozen=True)
class Asset:
    """One static file, ready to send: plain and gzipped bytes, and its validator."""

    body: bytes
    gzipped: bytes
    media_type: str
    etag: str


@cache
def assets() -> dict[str, Asset]:
    """Every servable file by name, read once per process (they change only on deploy)."""
    table = {}
    for path in sorted(STATIC_DIR.iterdir()):
        if path.suffix in MEDIA_TYPES:
            body = path.read_bytes()
            table[path.name] = Asset(
                body=body,
                gzipped=gzip.compress(body, mtime=0),
                media_type=MEDIA_TYPES[path.suffix],
                etag=f'"{hashlib.sha256(body).hexdigest()[:32]}"',
            )
    return table


def serve(name: str, request: Request) -> Response:
    """The named asset, gzipped when the client accepts it, 304 when it has it already.

    `no-cache` makes browsers revalidate (cheaply, by ETag) so a deploy reaches every
    shop page at once; any origin may embed the files, which is their purpose.
    """
    asset = assets().get(name)
    if asset is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail="No such file.")
    headers = {
        "ETag": asset.etag,
        "Cache-Control": "no-cache",
        "Vary": "Accept-Encoding",
        "Cross-Origin-Resource-Policy": "cross-origin",
    }
    presented = {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}
    if asset.etag in presented or "*" in presented:
        return Response(status_code=status.HTTP_304_NOT_MODIFIED, headers=headers)
    if "gzip" in request.headers.get("accept-encoding", "").lower():
        headers["Content-Encoding"] = "gzip"
        return Response(asset.gzipped, media_type=asset.media_type, headers=headers)
    return Response(asset.body, media_type=asset.media_type, headers=headers)


@router.get("/widget.js")
def widget_script(request: Request) -> Response:
    """The widget: the one file a shop embeds."""
    return serve("widget.js", request)


@router.get("/widget.css")
def widget_stylesheet(request: Request) -> Response:
    """The widget's styles, which widget.js links from beside itself."""
    return serve("widget.css", request)


@router.get("/static/{name}")
def static_file(name: str, request: Request) -> Response:
    """Any other shipped file, such as the shop page's stylesheet."""
    return serve(name, request)
