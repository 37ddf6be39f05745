"""Specifications for whoever holds the link: JSON for machines, a printable page for people.

The spec id in the link is the only credential, so an id that could not have been
issued (wrong characters, absurd length) is answered exactly like an unknown one and
never reaches the database.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request, status
from fastapi.responses import HTMLResponse

from bot.storage.repository import Store
from bot.web.dependencies import CatalogDep, StoreDep
from bot.web.rendering import render
from bot.web.spec_page import spec_page

router = APIRouter(tags=["specifications"])

SPEC_ID_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,128}")
"""URL-safe token characters (base64url, hex, UUIDs); 128 leaves room for any of them."""

NOT_FOUND_DETAIL = "No specification with this id."


def _find(store: Store, spec_id: str) -> dict[str, Any] | None:
    if not SPEC_ID_PATTERN.fullmatch(spec_id):
        return None
    return store.get_specification(spec_id)


# `:path` so that ids containing (encoded) slashes reach the handler and get our 404.
@router.get("/api/specs/{spec_id:path}")
def get_spec_json(spec_id: str, store: StoreDep) -> dict[str, Any]:
    """The stored specification exactly as saved."""
    spec = _find(store, spec_id)
    if spec is None:
        raise HTTPException(status_code=status.HTTP_404_NOT_FOUND, detail=NOT_FOUND_DETAIL)
    return spec


@router.get("/specs/{spec_id:path}", response_class=HTMLResponse)
def get_spec_page(
    spec_id: str, request: Request, store: StoreDep, catalog: CatalogDep
) -> HTMLResponse:
    """The printable page behind the link the bot shares."""
    spec = _find(store, spec_id)
    if spec is None:
        return render("not_found.html", status_code=status.HTTP_404_NOT_FOUND)
    json_url = request.app.url_path_for("get_spec_json", spec_id=spec["spec_id"])
    return render("spec.html", page=spec_page(spec, catalog=catalog, json_url=json_url))
