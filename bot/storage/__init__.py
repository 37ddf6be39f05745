"""Persistence of conversations, specifications and feedback.

`repository.Store` is the only way the rest of the stack reads or writes these records;
`migrate.upgrade_to_head` brings a database to the schema the store expects.
"""
