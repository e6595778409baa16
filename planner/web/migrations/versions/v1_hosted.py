"""1: the hosted schema's first tables: workspaces, and per workspace its plans (the
decision file of record, its feed and lead), reworded posts, ticked items,
self-assessments, notification channels, reminders and their delivery log.

Revision ID: v1_hosted
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v1_hosted"
down_revision = None
branch_labels = None
depends_on = None


def _plan_key() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
    )


def _workspace() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE")


def upgrade() -> None:
    op.create_table(
        "workspaces",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "plans",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("document", sa.LargeBinary, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("changed", sa.Text, nullable=False),
        sa.Column("feed", sa.Text, unique=True),
        sa.Column("lead", sa.Integer),
        sa.PrimaryKeyConstraint("workspace", "plan"),
        _workspace(),
    )
    op.create_table(
        "posts",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "plan", "step", "channel"),
        _plan_key(),
    )
    op.create_table(
        "ticks",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "plan", "step", "item"),
        _plan_key(),
    )
    op.create_table(
        "assessments",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("document", sa.Text, nullable=False),
        sa.Column("changed", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "id"),
        _workspace(),
    )
    op.create_table(
        "channels",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("id", sa.Text, nullable=False),
        sa.Column("url", sa.Text, nullable=False),
        sa.Column("added", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "id"),
        _workspace(),
    )
    op.create_table(
        "reminders",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("due", sa.Text, nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "plan", "step"),
        _plan_key(),
    )
    op.create_index("ix_reminders_due", "reminders", ["due"])
    op.create_table(
        "deliveries",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("label", sa.Text, nullable=False),
        sa.Column("state", sa.Text, nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_try", sa.Text),
        sa.Column("late_seconds", sa.Integer),
        sa.Column("at", sa.Text, nullable=False),
        sa.Column("error", sa.Text),
        sa.PrimaryKeyConstraint("workspace", "plan", "step", "channel"),
        sa.ForeignKeyConstraint(
            ["workspace", "plan", "step"],
            ["reminders.workspace", "reminders.plan", "reminders.step"],
            ondelete="CASCADE",
        ),
        sa.CheckConstraint(
            "state IN ('sending', 'sent', 'failed', 'missed')", name="delivery_state"
        ),
    )


def downgrade() -> None:
    for table in (
        "deliveries",
        "reminders",
        "channels",
        "assessments",
        "ticks",
        "posts",
        "plans",
        "workspaces",
    ):
        op.drop_table(table)
