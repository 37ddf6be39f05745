"""Alembic's script directory for our tables; run it through `bot.storage.migrate`."""
