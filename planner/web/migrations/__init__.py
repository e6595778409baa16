"""The hosted database's migrations (Alembic): ``versions/`` holds one revision per schema
change, applied in order by :func:`planner.web.database.migrate` on SQLite and PostgreSQL
alike. A released revision is never edited; a change is a new revision."""
