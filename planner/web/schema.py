"""The hosted database's tables (`planner serve --hosted`), as SQLAlchemy Core sees them.

The same tables on SQLite and PostgreSQL; they are created and changed only by the
Alembic migrations of :mod:`planner.web.migrations` (a migration, once released, is never
edited: a change is a new revision). This module is what the queries are written
against, and a test compares it with what the migrations build.

Every row belongs to a workspace (one association), and every key starts with it:
nothing of one workspace can be reached by a query of another. Instants are text, as in
the local database (:func:`planner.reminders.stamp`): sortable, the same on both.
:func:`upsert` is the one statement written differently for each.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    MetaData,
    PrimaryKeyConstraint,
    Table,
    Text,
    false,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection

metadata = MetaData()


def upsert(connection: Connection, table: Table) -> Any:
    """An INSERT that can say ON CONFLICT, in the connection's dialect."""
    if connection.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


workspaces = Table(
    "workspaces",
    metadata,
    Column("id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("created", Text, nullable=False),
)

plans = Table(
    "plans",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("document", LargeBinary, nullable=False),
    Column("name", Text, nullable=False),
    Column("changed", Text, nullable=False),
    Column("feed", Text, unique=True),
    Column("lead", Integer),
    Column("bluesky", Boolean, nullable=False, server_default=false()),  # the switch
    PrimaryKeyConstraint("workspace", "plan"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
)

posts = Table(
    "posts",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("text", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "plan", "step", "channel"),
    ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    ),
)

# A ticked checklist item, by its step and its code (planner.timeline.Item).
ticks = Table(
    "ticks",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("code", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "plan", "step", "code"),
    ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    ),
)

# A tick stored by its words (before revision v4_tick_codes) that matched none of the
# items' codes: kept as written, for a person or a later release to match; never read.
ticks_unmatched = Table(
    "ticks_unmatched",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("item", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "plan", "step", "item"),
    ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    ),
)

assessments = Table(
    "assessments",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("id", Text, nullable=False),
    Column("document", Text, nullable=False),
    Column("changed", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "id"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
)

channels = Table(
    "channels",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("id", Text, nullable=False),
    Column("url", Text, nullable=False),
    Column("added", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "id"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
)

reminders = Table(
    "reminders",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("due", Text, nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("body", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "plan", "step"),
    ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    ),
)

deliveries = Table(
    "deliveries",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("channel", Text, nullable=False),
    Column("label", Text, nullable=False),
    Column("state", Text, nullable=False),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_try", Text),
    Column("late_seconds", Integer),
    Column("at", Text, nullable=False),
    Column("error", Text),
    PrimaryKeyConstraint("workspace", "plan", "step", "channel"),
    ForeignKeyConstraint(
        ["workspace", "plan", "step"],
        ["reminders.workspace", "reminders.plan", "reminders.step"],
        ondelete="CASCADE",
    ),
    CheckConstraint("state IN ('sending', 'sent', 'failed', 'missed')", name="delivery_state"),
)

users = Table(
    "users",
    metadata,
    Column("id", Text, primary_key=True),  # the e-mail address, lower case
    Column("password", Text, nullable=False),  # an Argon2 hash
    Column("admin", Boolean, nullable=False, server_default=false()),
    Column("created", Text, nullable=False),
)

members = Table(
    "members",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("user", Text, nullable=False),
    Column("role", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "user"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
    ForeignKeyConstraint(["user"], ["users.id"], ondelete="CASCADE"),
    CheckConstraint("role IN ('owner', 'editor', 'reader')", name="member_role"),
)

sessions = Table(
    "sessions",
    metadata,
    Column("id", Text, primary_key=True),  # the SHA-256 of the cookie's token
    Column("user", Text, nullable=False, index=True),
    Column("workspace", Text),
    Column("created", Text, nullable=False),
    Column("expires", Text, nullable=False),
    ForeignKeyConstraint(["user"], ["users.id"], ondelete="CASCADE"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="SET NULL"),
)

invitations = Table(
    "invitations",
    metadata,
    Column("id", Text, primary_key=True),  # the SHA-256 of the link's token
    Column("workspace", Text, nullable=False),
    Column("role", Text, nullable=False),
    Column("expires", Text, nullable=False),
    Column("used", Text),
    Column("email", Text),  # the address it was sent to, the only one that can accept it
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
    CheckConstraint("role IN ('owner', 'editor', 'reader')", name="invitation_role"),
)

login_failures = Table(
    "login_failures",
    metadata,
    Column("user", Text, nullable=False, index=True),
    Column("at", Text, nullable=False),
)

# The accounts a workspace posts with (a Mastodon server and token, a Bluesky handle, app
# password and server), field by field, as the local database's table ``accounts``.
posting_accounts = Table(
    "posting_accounts",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("network", Text, nullable=False),
    Column("field", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("changed", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "network", "field"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
)

# The Bluesky posts the scheduler publishes (the local table ``posts``: planner.outbox),
# each with its delivery: NULL until tried, then sending, sent, failed or missed.
outbox = Table(
    "outbox",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("due", Text, nullable=False, index=True),
    Column("text", Text, nullable=False),
    Column("language", Text, nullable=False),
    Column("rkey", Text, nullable=False),
    Column("state", Text),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("next_try", Text),
    Column("late_seconds", Integer),
    Column("at", Text),
    Column("account", Text),
    Column("uri", Text),
    Column("url", Text),
    Column("error", Text),
    PrimaryKeyConstraint("workspace", "plan", "step"),
    ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    ),
    CheckConstraint("state IN ('sending', 'sent', 'failed', 'missed')", name="outbox_state"),
)

# The Mastodon statuses scheduled on a server, by plan and step (planner.schedule). No
# key to the plan: deleting a plan leaves what stays scheduled on the server listed.
scheduled = Table(
    "scheduled",
    metadata,
    Column("workspace", Text, nullable=False),
    Column("plan", Text, nullable=False),
    Column("step", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("instance", Text, nullable=False),
    Column("status_id", Text, nullable=False),
    Column("at", Text, nullable=False),
    Column("digest", Text, nullable=False),
    PrimaryKeyConstraint("workspace", "plan", "step"),
    ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
)
