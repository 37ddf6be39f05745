"""Databases for storage tests: SQLite always, PostgreSQL on request (tests/databases.py).

Every test runs on a migrated database with empty tables (`database_url`, `engine`,
`store`): its own copy of a SQLite file migrated once per session, and, with
TEST_DATABASE_URL set to a scratch PostgreSQL database, that database migrated once per
session and truncated before each test (everything in it is dropped or truncated).
Migration tests take `empty_database_url`, a database without any table.
"""

from __future__ import annotations

from tests.databases import database_url, empty_database_url, engine, store

__all__ = ["database_url", "empty_database_url", "engine", "store"]
