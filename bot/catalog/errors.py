"""The error a broken catalog raises."""

from __future__ import annotations


class CatalogError(ValueError):
    """The catalog file cannot be used; the message names the file and the place in it.

    A catalog is edited by hand by shop staff, so every problem must point at the exact
    entry (`products[1] (desk) > attributes[0] (width) > step`) instead of surfacing
    later as a wrong price or a confused bot.
    """
