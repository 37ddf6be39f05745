from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select
from sqlalchemy.exc import StatementError

from bot.storage.database import create_engine_for
from bot.storage.migrate import upgrade_to_head
from bot.storage.schema import conversations, metadata


def test_migrated_database_matches_the_table_definitions(empty_database_url: str) -> None:
    upgrade_to_head(empty_database_url)
    engine = create_engine_for(empty_database_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, metadata)
    engine.dispose()

    assert differences == []


def _store_and_read_started_at(database_url: str, moment: datetime) -> datetime:
    upgrade_to_head(database_url)
    engine = create_engine_for(database_url)
    with engine.begin() as connection:
        connection.execute(
            conversations.insert().values(sender_id="s", status="active", started_at=moment)
        )
        stored = connection.execute(select(conversations.c.started_at)).scalar_one()
    engine.dispose()
    return stored


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2024, 3, 31, 1, 30, tzinfo=timezone.utc),
        datetime(2024, 3, 31, 3, 30, tzinfo=timezone(timedelta(hours=2))),
        datetime(1999, 12, 31, 23, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-11))),
    ],
)
def test_datetimes_come_back_as_the_same_instant_in_utc(
    database_url: str, moment: datetime
) -> None:
    stored = _store_and_read_started_at(database_url, moment)

    assert stored == moment
    assert stored.utcoffset() == timedelta(0)


def test_naive_datetimes_are_refused(database_url: str) -> None:
    with pytest.raises(StatementError, match="naive datetime"):
        _store_and_read_started_at(database_url, datetime(2024, 1, 1, 12, 0))
