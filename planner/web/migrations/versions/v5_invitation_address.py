"""5: an invitation sent to an e-mail address keeps that address (lower-cased, as a
user's id): only that address can accept it. An invitation made as a bare link has none,
as every invitation written before this revision.

Revision ID: v5_invitation_address
Revises: v4_tick_codes
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "v5_invitation_address"
down_revision = "v4_tick_codes"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("invitations", sa.Column("email", sa.Text))


def downgrade() -> None:
    op.drop_column("invitations", "email")
