"""Specification ids: the only secret guarding a shared specification link."""

from __future__ import annotations

import secrets

SPEC_ID_BYTES = 16
"""128 random bits: guessing a live link is hopeless, and the id stays short in a URL."""


def new_spec_id() -> str:
    """A fresh unguessable, URL-safe id (22 characters of A-Z, a-z, 0-9, '-' and '_')."""
    return secrets.token_urlsafe(SPEC_ID_BYTES)
