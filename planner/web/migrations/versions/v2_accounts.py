"""2: people. Users (an e-mail address, an Argon2 hash, whether they administer the
instance), their roles in workspaces, their sessions (by the hash of the cookie's token,
with an end), the one-time invitations (by the hash of the link's token), and the failed
logins that slow the next tries.

Revision ID: v2_accounts
Revises: v1_hosted
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v2_accounts"
down_revision = "v1_hosted"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "users",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("password", sa.Text, nullable=False),
        sa.Column("admin", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("created", sa.Text, nullable=False),
    )
    op.create_table(
        "members",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "user"),
        sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user"], ["users.id"], ondelete="CASCADE"),
        sa.CheckConstraint("role IN ('owner', 'editor', 'reader')", name="member_role"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("workspace", sa.Text),
        sa.Column("created", sa.Text, nullable=False),
        sa.Column("expires", sa.Text, nullable=False),
        sa.ForeignKeyConstraint(["user"], ["users.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="SET NULL"),
    )
    op.create_index("ix_sessions_user", "sessions", ["user"])
    op.create_table(
        "invitations",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("expires", sa.Text, nullable=False),
        sa.Column("used", sa.Text),
        sa.ForeignKeyConstraint(["workspace"], ["workspaces.id"], ondelete="CASCADE"),
        sa.CheckConstraint("role IN ('owner', 'editor', 'reader')", name="invitation_role"),
    )
    op.create_table(
        "login_failures",
        sa.Column("user", sa.Text, nullable=False),
        sa.Column("at", sa.Text, nullable=False),
    )
    op.create_index("ix_login_failures_user", "login_failures", ["user"])


def downgrade() -> None:
    for table in ("login_failures", "invitations", "sessions", "members", "users"):
        op.drop_table(table)
