"""Alembic's environment: the connection is the caller's (planner.web.database.migrate),
in its transaction; nothing is read from an alembic.ini."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
