"""3: posting on Mastodon and Bluesky, per workspace. The accounts each workspace posts
with (field by field, secrets included: the database is the operator's to protect), each
plan's Bluesky switch, the Bluesky posts the scheduler publishes with their delivery, and
the Mastodon statuses scheduled on a server for each plan's steps.

Revision ID: v3_posting
Revises: v2_accounts
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v3_posting"
down_revision = "v2_accounts"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "posting_accounts",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("network", sa.Text, nullable=False),
        sa.Column("field", sa.Text, nullable=False),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("changed", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "network", "field"),
        sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
    )
    op.add_column(
        "plans",
        sa.Column("bluesky", sa.Boolean, nullable=False, server_default=sa.false()),
    )
    op.create_table(
        "outbox",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("due", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("rkey", sa.Text, nullable=False),
        sa.Column("state", sa.Text),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_try", sa.Text),
        sa.Column("late_seconds", sa.Integer),
        sa.Column("at", sa.Text),
        sa.Column("account", sa.Text),
        sa.Column("uri", sa.Text),
        sa.Column("url", sa.Text),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("workspace", "plan", "step"),
        sa.ForeignKeyConstraint(
            ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
        ),
        sa.CheckConstraint("state IN ('sending', 'sent', 'failed', 'missed')", name="outbox_state"),
    )
    op.create_index("ix_outbox_due", "outbox", ["due"])
    op.create_table(
        "scheduled",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("instance", sa.Text, nullable=False),
        sa.Column("status_id", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("digest", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "plan", "step"),
        sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
    )


def downgrade() -> None:
    op.drop_table("scheduled")
    op.drop_table("outbox")
    with op.batch_alter_table("plans") as batch:
        batch.drop_column("bluesky")
    op.drop_table("posting_accounts")
