"""The web app's store on the hosted database (SQLAlchemy Core, SQLite or PostgreSQL): the
same methods as :class:`planner.web.store.WebStore`, so that every route works on either,
each query scoped to one workspace (the store is made for it, and every statement names
it: a plan of another workspace is simply not there).

Each method that writes is one short transaction on a connection of the engine's pool,
each that reads is one statement (:func:`planner.web.database.reads`); several processes
share the database (see :mod:`planner.web.database`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Insert,
    Table,
    and_,
    bindparam,
    delete,
    func,
    select,
    update,
)

from planner.identity import Owner
from planner.notify import Channel
from planner.outbox import Outgoing
from planner.reminders import Change, Listed, Reminder, parse, stamp
from planner.web import hosted_posts
from planner.web import schema as s
from planner.web.database import reads
from planner.web.hosted_posts import HostedLedger
from planner.web.schema import upsert
from planner.web.store import StoredPlan, new_token, next_change, stored_plan

PLAN_COLUMNS = (
    s.plans.c.plan,
    s.plans.c.document,
    s.plans.c.name,
    s.plans.c.changed,
    s.plans.c.feed,
    s.plans.c.lead,
    s.plans.c.bluesky,
)


# What every page asks, built once (see bench/README.md): a plan by its key or its feed's
# token, and its ticked items.
PLAN = select(*PLAN_COLUMNS).where(
    s.plans.c.workspace == bindparam("workspace"), s.plans.c.plan == bindparam("plan")
)
BY_FEED = select(*PLAN_COLUMNS).where(
    s.plans.c.workspace == bindparam("workspace"), s.plans.c.feed == bindparam("feed")
)
TICKS = select(s.ticks.c.step, s.ticks.c.code).where(
    s.ticks.c.workspace == bindparam("workspace"), s.ticks.c.plan == bindparam("plan")
)


def create_workspace(engine: Engine, workspace: str, name: str, now: dt.datetime) -> bool:
    """Add a workspace; False when one with this id is already there."""
    with engine.begin() as db:
        statement: Insert = upsert(db, s.workspaces).values(
            id=workspace, name=name, created=stamp(now)
        )
        added = statement.on_conflict_do_nothing().returning(s.workspaces.c.id)  # type: ignore[attr-defined]
        return db.execute(added).first() is not None


class HostedReminders:
    """The reminders and channels of one workspace (what :class:`planner.reminders.Store`
    gives the web app in the local mode)."""

    def __init__(self, engine: Engine, workspace: str) -> None:
        self.engine = engine
        self.reads = reads(engine)
        self.workspace = workspace

    def add(
        self,
        plan: str,
        source: str,
        name: str,
        reminders: list[Reminder],
        owner: Owner | None = None,
    ) -> Change:
        """Set the plan's reminders: one whose time or text changed starts over (its
        deliveries are forgotten); steps gone from the plan are removed."""
        r = s.reminders
        mine = and_(r.c.workspace == self.workspace, r.c.plan == plan)
        with self.engine.begin() as db:
            known = {
                row.step: (row.due, row.title, row.body)
                for row in db.execute(select(r.c.step, r.c.due, r.c.title, r.c.body).where(mine))
            }
            added = updated = unchanged = 0
            for reminder in reminders:
                values = (stamp(reminder.due), reminder.title, reminder.body)
                if reminder.step not in known:
                    added += 1
                    db.execute(
                        r.insert().values(
                            workspace=self.workspace,
                            plan=plan,
                            step=reminder.step,
                            due=values[0],
                            title=values[1],
                            body=values[2],
                        )
                    )
                elif known[reminder.step] == values:
                    unchanged += 1
                else:
                    updated += 1
                    d = s.deliveries
                    db.execute(
                        delete(d).where(
                            d.c.workspace == self.workspace,
                            d.c.plan == plan,
                            d.c.step == reminder.step,
                        )
                    )
                    db.execute(
                        update(r)
                        .where(mine, r.c.step == reminder.step)
                        .values(due=values[0], title=values[1], body=values[2])
                    )
            gone = set(known) - {x.step for x in reminders}
            if gone:
                db.execute(delete(r).where(mine, r.c.step.in_(gone)))
        return Change(added, updated, len(gone), unchanged)

    def channels(self) -> list[Channel]:
        """The workspace's notification channels."""
        c = s.channels
        with self.reads.connect() as db:
            rows = db.execute(
                select(c.c.url).where(c.c.workspace == self.workspace).order_by(c.c.added, c.c.id)
            )
            return [Channel(url) for (url,) in rows]

    def add_channel(self, channel: Channel, now: dt.datetime) -> bool:
        """Store a channel; False when it is already stored."""
        with self.engine.begin() as db:
            statement = upsert(db, s.channels).values(
                workspace=self.workspace, id=channel.id, url=channel.url, added=stamp(now)
            )
            added = statement.on_conflict_do_nothing().returning(s.channels.c.id)
            return db.execute(added).first() is not None

    def remove_channel(self, channel_id: str) -> bool:
        """Forget a stored channel by its id; False when there was none."""
        c = s.channels
        with self.engine.begin() as db:
            gone = delete(c).where(c.c.workspace == self.workspace, c.c.id == channel_id)
            return db.execute(gone.returning(c.c.id)).first() is not None

    # --- the accounts the workspace posts with (planner.web.hosted_posts) --------------

    def accounts(self) -> dict[str, dict[str, str]]:
        """The workspace's accounts, by network then field (secrets included: never show
        them)."""
        return hosted_posts.saved_accounts(self.engine, self.workspace)

    def save_account(self, network: str, fields: dict[str, str | None], now: dt.datetime) -> None:
        """Store an account's fields (None or '': forget that field)."""
        hosted_posts.save_account(self.engine, self.workspace, network, fields, now)

    def forget_account(self, network: str) -> None:
        """Forget every saved field of a network's account."""
        hosted_posts.forget_account(self.engine, self.workspace, network)


class HostedStore:
    """The web app's tables for one workspace of the hosted database."""

    def __init__(self, engine: Engine, workspace: str) -> None:
        self.engine = engine
        self.reads = reads(engine)
        self.workspace = workspace
        self.reminders = HostedReminders(engine, workspace)

    def _mine(self, table: Table = s.plans) -> Any:
        return table.c.workspace == self.workspace

    def _one(self, query: Any, **values: str) -> StoredPlan | None:
        with self.reads.connect() as db:
            row = db.execute(query, {"workspace": self.workspace, **values}).first()
        return stored_plan(row)

    # --- plans ------------------------------------------------------------------------

    def plans(self) -> list[StoredPlan]:
        """Every plan of the workspace, by name."""
        p = s.plans
        with self.reads.connect() as db:
            rows = db.execute(
                select(*PLAN_COLUMNS).where(self._mine()).order_by(p.c.name, p.c.plan)
            ).all()
        return [found for found in map(stored_plan, rows) if found is not None]

    def plan(self, key: str) -> StoredPlan | None:
        """The workspace's plan with this key, or None."""
        return self._one(PLAN, plan=key)

    def by_feed(self, token: str) -> StoredPlan | None:
        """The workspace's plan whose feed has this token, or None."""
        return self._one(BY_FEED, feed=token)

    def create(self, key: str, document: bytes, name: str, now: dt.datetime) -> bool:
        """Add a plan; False when the workspace has one with this key."""
        with self.engine.begin() as db:
            statement = upsert(db, s.plans).values(
                workspace=self.workspace,
                plan=key,
                document=document,
                name=name,
                changed=stamp(next_change(None, now)),
            )
            added = statement.on_conflict_do_nothing().returning(s.plans.c.plan)
            return db.execute(added).first() is not None

    def _touch(self, db: Connection, key: str, now: dt.datetime) -> None:
        p = s.plans
        mine = and_(self._mine(), p.c.plan == key)
        previous = db.execute(select(p.c.changed).where(mine)).scalar()
        moment = next_change(parse(previous) if previous else None, now)
        db.execute(update(p).where(mine).values(changed=stamp(moment)))

    def replace_document(self, key: str, document: bytes, name: str, now: dt.datetime) -> None:
        """Store a new decision file for the plan."""
        p = s.plans
        with self.engine.begin() as db:
            db.execute(
                update(p).where(self._mine(), p.c.plan == key).values(document=document, name=name)
            )
            self._touch(db, key, now)

    def delete(self, key: str) -> None:
        """Forget a plan with its reworded posts, ticks and reminders (cascade)."""
        with self.engine.begin() as db:
            db.execute(delete(s.plans).where(self._mine(), s.plans.c.plan == key))

    # --- reworded posts ---------------------------------------------------------------

    def edits(self, key: str) -> dict[tuple[str, str], str]:
        """The team's own text of each reworded post, by (step id, channel)."""
        t = s.posts
        with self.reads.connect() as db:
            rows = db.execute(
                select(t.c.step, t.c.channel, t.c.text).where(self._mine(t), t.c.plan == key)
            )
            return {(step, channel): text for step, channel, text in rows}

    def reword(self, key: str, step: str, channel: str, text: str | None, now: dt.datetime) -> None:
        """Store the team's text of a post (None: back to the template's text)."""
        t = s.posts
        with self.engine.begin() as db:
            if text is None:
                db.execute(
                    delete(t).where(
                        self._mine(t), t.c.plan == key, t.c.step == step, t.c.channel == channel
                    )
                )
            else:
                statement = upsert(db, t).values(
                    workspace=self.workspace, plan=key, step=step, channel=channel, text=text
                )
                db.execute(
                    statement.on_conflict_do_update(
                        index_elements=[t.c.workspace, t.c.plan, t.c.step, t.c.channel],
                        set_={"text": statement.excluded.text},
                    )
                )
            self._touch(db, key, now)

    # --- ticked checklist items -------------------------------------------------------

    def ticks(self, key: str) -> set[tuple[str, str]]:
        """(step id, item code) of every ticked checklist item (:class:`planner.timeline.Item`)."""
        with self.reads.connect() as db:
            rows = db.execute(TICKS, {"workspace": self.workspace, "plan": key})
            return {(step, code) for step, code in rows}

    def tick(self, key: str, step: str, ticked: set[str], codes: tuple[str, ...]) -> None:
        """Record which of a step's checklist items (by their ``codes``) are ticked."""
        t = s.ticks
        rows = [
            {"workspace": self.workspace, "plan": key, "step": step, "code": code}
            for code in codes
            if code in ticked
        ]
        with self.engine.begin() as db:
            db.execute(delete(t).where(self._mine(t), t.c.plan == key, t.c.step == step))
            if rows:
                db.execute(t.insert(), rows)

    # --- the feed and the reminders ---------------------------------------------------

    def _set(self, key: str, **values: Any) -> None:
        with self.engine.begin() as db:
            db.execute(update(s.plans).where(self._mine(), s.plans.c.plan == key).values(values))

    def renew_feed(self, key: str) -> str:
        """Give the plan a new feed token (the previous one stops working)."""
        token = new_token()
        self._set(key, feed=token)
        return token

    def revoke_feed(self, key: str) -> None:
        """Close the plan's feed."""
        self._set(key, feed=None)

    def set_lead(self, key: str, lead: dt.timedelta | None) -> None:
        """Turn the plan's reminders on (with this lead) or off (None)."""
        self._set(key, lead=int(lead.total_seconds()) if lead is not None else None)

    # --- posting on Mastodon and Bluesky (planner.web.hosted_posts) ---------------------

    def set_bluesky(self, key: str, on: bool) -> None:
        """Turn the scheduler's Bluesky posts of the plan on or off (the switch only)."""
        self._set(key, bluesky=on)

    def register_posts(
        self, key: str, name: str, owner: Owner, zone: str, items: list[Outgoing]
    ) -> Change:
        """Register or update the plan's Bluesky posts (the workspace's plan is their only
        owner: ``name``, ``owner`` and ``zone`` are the plan's row already)."""
        return hosted_posts.register_posts(self.engine, self.workspace, key, items)

    def posts_off(self, key: str) -> None:
        """Take back the plan's Bluesky posts not sent yet."""
        hosted_posts.cancel_posts(self.engine, self.workspace, key)

    def posted(self, key: str, now: dt.datetime, zone: str) -> list[Listed]:
        """The plan's Mastodon statuses scheduled and its Bluesky posts, as `remind list`
        shows them."""
        return hosted_posts.posted(self.engine, self.workspace, key, now, zone)

    def ledger(self) -> HostedLedger:
        """Where `schedule`'s code records the workspace's Mastodon statuses (usable from
        any thread)."""
        return HostedLedger(self.engine, self.workspace)

    def held(self, key: str) -> dict[str, int]:
        """What deleting the plan removes besides its decision and reworded posts: its
        reminders, and its Bluesky posts by what became of them (posted, missed, still to
        post: :func:`planner.outbox.counted`)."""
        r = s.reminders
        with self.engine.connect() as db:
            count = db.execute(select(func.count()).where(self._mine(r), r.c.plan == key)).scalar()
        posts = hosted_posts.post_counts(self.engine, self.workspace, key)
        return {"reminders": int(count or 0), **posts}

    def reminders_off(self, key: str) -> None:
        """Forget the plan's reminders and their deliveries."""
        r = s.reminders
        with self.engine.begin() as db:
            db.execute(delete(r).where(self._mine(r), r.c.plan == key))

    def reminders_of(self, key: str) -> list[dict[str, Any]]:
        """The plan's reminders, by due time, each with its deliveries."""
        r, d = s.reminders, s.deliveries
        joined = r.outerjoin(
            d, and_(d.c.workspace == r.c.workspace, d.c.plan == r.c.plan, d.c.step == r.c.step)
        )
        query = (
            select(r.c.step, r.c.due, r.c.title, d.c.label, d.c.state, d.c.at, d.c.error)
            .select_from(joined)
            .where(self._mine(r), r.c.plan == key)
            .order_by(r.c.due, r.c.step, d.c.label)
        )
        with self.reads.connect() as db:
            rows = db.execute(query).all()
        out: dict[str, dict[str, Any]] = {}
        for step, due, title, label, state, at, error in rows:
            rid = f"{key}/{step}"
            entry = out.setdefault(
                rid, {"id": rid, "step": step, "due": parse(due), "title": title, "sent": []}
            )
            if state:
                entry["sent"].append(
                    {"label": label, "state": state, "at": parse(at), "error": error}
                )
        return list(out.values())

    def deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        """The workspace's latest deliveries: its delivery log."""
        r, d = s.reminders, s.deliveries
        joined = d.join(
            r, and_(d.c.workspace == r.c.workspace, d.c.plan == r.c.plan, d.c.step == r.c.step)
        )
        query = (
            select(d.c.at, d.c.plan, d.c.step, d.c.label, d.c.state, d.c.error, r.c.title)
            .select_from(joined)
            .where(self._mine(d))
            .order_by(d.c.at.desc(), d.c.plan, d.c.step)
            .limit(limit)
        )
        with self.reads.connect() as db:
            rows = db.execute(query).all()
        return [
            {
                "at": parse(at),
                "reminder": f"{plan}/{step}",
                "label": label,
                "state": state,
                "error": error,
                "title": title,
            }
            for at, plan, step, label, state, error, title in rows
        ]

    # --- self-assessments -------------------------------------------------------------

    def assessments(self) -> list[tuple[str, str, dt.datetime]]:
        """(id, answers document, changed) of each self-assessment, the latest first."""
        a = s.assessments
        with self.reads.connect() as db:
            rows = db.execute(
                select(a.c.id, a.c.document, a.c.changed)
                .where(self._mine(a))
                .order_by(a.c.changed.desc(), a.c.id)
            )
            return [(i, doc, parse(c)) for i, doc, c in rows]

    def assessment(self, assessment_id: str) -> str | None:
        """The answers document of a self-assessment, or None."""
        a = s.assessments
        with self.reads.connect() as db:
            found = db.execute(
                select(a.c.document).where(self._mine(a), a.c.id == assessment_id)
            ).scalar()
        return str(found) if found is not None else None

    def save_assessment(self, assessment_id: str, document: str, now: dt.datetime) -> None:
        """Store a self-assessment's answers as they are given."""
        a = s.assessments
        with self.engine.begin() as db:
            statement = upsert(db, a).values(
                workspace=self.workspace, id=assessment_id, document=document, changed=stamp(now)
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=[a.c.workspace, a.c.id],
                    set_={"document": statement.excluded.document, "changed": stamp(now)},
                )
            )
