"""Reviewing stored conversations: what staff filter by, see and export.

Plain Python on purpose: no HTTP and no SQL in here, so the rules (which filters make
sense together, what a tag may be, how a transcript splits into turns, how an export
is written) are tested without a server or a database.
"""
