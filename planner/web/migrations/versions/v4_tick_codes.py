"""4: a ticked checklist item is kept by its code (planner.timeline.Item), no longer by
its words, so that a new wording keeps the tick. Each tick an earlier release stored gets
the code of the item its words were (planner.old_ticks); one whose words match no item is
kept as written in ticks_unmatched, and logged.

Revision ID: v4_tick_codes
Revises: v3_posting
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from planner import old_ticks
from planner.i18n import _

revision = "v4_tick_codes"
down_revision = "v3_posting"
branch_labels = None
depends_on = None

# The tables as this revision finds and leaves them (not planner.web.schema, which follows
# the newest revision).
_BEFORE = sa.table(
    "ticks", sa.column("workspace"), sa.column("plan"), sa.column("step"), sa.column("item")
)
_AFTER = sa.table(
    "ticks", sa.column("workspace"), sa.column("plan"), sa.column("step"), sa.column("code")
)
_UNMATCHED = sa.table(
    "ticks_unmatched",
    sa.column("workspace"),
    sa.column("plan"),
    sa.column("step"),
    sa.column("item"),
)


def upgrade() -> None:
    op.create_table(
        "ticks_unmatched",
        sa.Column("workspace", sa.Text, nullable=False),
        sa.Column("plan", sa.Text, nullable=False),
        sa.Column("step", sa.Text, nullable=False),
        sa.Column("item", sa.Text, nullable=False),
        sa.PrimaryKeyConstraint("workspace", "plan", "step", "item"),
        sa.ForeignKeyConstraint(
            ["workspace", "plan"], ["plans.workspace", "plans.plan"], ondelete="CASCADE"
        ),
    )
    db = op.get_bind()
    t = _BEFORE.c
    rows = db.execute(
        sa.select(t.workspace, t.plan, t.step, t.item).order_by(t.workspace, t.plan, t.step, t.item)
    ).all()
    op.execute(_BEFORE.delete())
    with op.batch_alter_table("ticks") as batch:
        batch.alter_column("item", new_column_name="code")
    coded: dict[tuple[str, str, str, str], None] = {}
    unmatched = []
    for workspace, plan, step, text in rows:
        code = old_ticks.code_of(step, text)
        if code is not None:
            coded[workspace, plan, step, code] = None  # two old texts of one item: one tick
            continue
        unmatched.append({"workspace": workspace, "plan": plan, "step": step, "item": text})
        where = _("workspace {workspace}, plan {plan}").format(workspace=workspace, plan=plan)
        old_ticks.unmatched(where, step, text, "ticks_unmatched")
    # Rows as parameters of one statement each (executemany), not one statement of every
    # row: PostgreSQL takes at most 65,535 values a statement, a few thousand ticks.
    keys = ("workspace", "plan", "step", "code")
    op.bulk_insert(_AFTER, [dict(zip(keys, row, strict=True)) for row in coded])
    op.bulk_insert(_UNMATCHED, unmatched)


def downgrade() -> None:
    # An earlier planner finds its ticks by their words, which a code is not: the ticks
    # moved to a code stay in the table, shown unticked, and the unmatched ones go back.
    with op.batch_alter_table("ticks") as batch:
        batch.alter_column("code", new_column_name="item")
    db = op.get_bind()
    rows = db.execute(sa.select(_UNMATCHED)).mappings().all()
    if rows:
        op.execute(_BEFORE.insert().values([dict(row) for row in rows]))
    op.drop_table("ticks_unmatched")
