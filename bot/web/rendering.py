"""HTML rendering: one Jinja2 environment with autoescaping forced on.

Autoescape is set explicitly rather than by file extension because every value on our
pages (labels, notes, product names) comes from what a customer typed or a catalog
author wrote, and none of it may ever become markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

_environment = Environment(
    loader=FileSystemLoader(Path(__file__).resolve().parent / "templates"),
    autoescape=True,
    undefined=StrictUndefined,
)


def render(template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """Render `template` with `context` into an HTML response."""
    html = _environment.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code)
