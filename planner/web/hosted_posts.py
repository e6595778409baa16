"""Posting on Mastodon and Bluesky in the hosted mode, per workspace, in the hosted
database (:mod:`planner.web.schema`: ``posting_accounts``, ``outbox``, ``scheduled``):
the accounts a workspace posts with, the Bluesky posts the scheduler publishes for it, and
which Mastodon status scheduled on a server is which step's.

The rules are the local mode's, through the same code; only the statements differ:
:func:`planner.outbox.changes` says what registering a plan's posts changes,
:func:`planner.outbox.publish_one` what a due post's delivery becomes (read first, then
``putRecord`` under the post's own key; missed past the grace), :func:`planner.schedule.run`
puts the statuses on the server through a :class:`HostedLedger`, and
:class:`planner.bluesky.Configured` posts with the account of each post's workspace.

The accounts come from the workspace's settings only. The environment's variables and an
accounts file are the instance's, and a federation's token must not post for every
association it hosts: in the hosted mode they are not read.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from functools import partial
from typing import Any

from sqlalchemy import Engine, and_, delete, func, or_, select

from planner import outbox
from planner.accounts import Accounts, load
from planner.bluesky import Configured
from planner.errors import InputError
from planner.i18n import _
from planner.outbox import Outgoing, Pending, Publisher
from planner.reminders import Change, Delivery, Listed, parse, stamp
from planner.schedule import Record
from planner.timeline import Plan
from planner.web import schema as s
from planner.web.destinations import Allowed, guarded
from planner.web.schema import upsert


def no_bluesky_account() -> str:
    """What a workspace without a Bluesky account is told (the fix is on its Accounts page)."""
    return _("No Bluesky account yet: add its handle and an app password on the Accounts page.")


# --- accounts -------------------------------------------------------------------------


def saved_accounts(engine: Engine, workspace: str) -> dict[str, dict[str, str]]:
    """The workspace's accounts, by network then field (secrets included: never show them)."""
    a = s.posting_accounts
    with engine.connect() as db:
        rows = db.execute(
            select(a.c.network, a.c.field, a.c.value)
            .where(a.c.workspace == workspace)
            .order_by(a.c.network, a.c.field)
        )
        out: dict[str, dict[str, str]] = {}
        for network, name, value in rows:
            out.setdefault(network, {})[name] = value
    return out


def save_account(
    engine: Engine, workspace: str, network: str, fields: dict[str, str | None], now: dt.datetime
) -> None:
    """Store an account's fields (None or '': forget that field), in one transaction."""
    a = s.posting_accounts
    with engine.begin() as db:
        for name, value in fields.items():
            field = and_(a.c.workspace == workspace, a.c.network == network, a.c.field == name)
            if not value:
                db.execute(delete(a).where(field))
                continue
            statement = upsert(db, a).values(
                workspace=workspace, network=network, field=name, value=value, changed=stamp(now)
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=[a.c.workspace, a.c.network, a.c.field],
                    set_={"value": statement.excluded.value, "changed": stamp(now)},
                )
            )


def forget_account(engine: Engine, workspace: str, network: str) -> None:
    """Forget every saved field of a network's account."""
    a = s.posting_accounts
    with engine.begin() as db:
        db.execute(delete(a).where(a.c.workspace == workspace, a.c.network == network))


def accounts_of(engine: Engine, workspace: str) -> Accounts:
    """The workspace's accounts in effect: its settings, nothing else."""
    return load(None, {}, saved_accounts(engine, workspace))


def bluesky_accounts(engine: Engine, workspace: str) -> Accounts:
    """The workspace's accounts, for a Bluesky post: InputError without a Bluesky account."""
    found = accounts_of(engine, workspace)
    if not (found.bluesky.get("handle") and found.bluesky.get("app_password")):
        raise InputError(no_bluesky_account())
    return found


# --- the Bluesky posts of a workspace ---------------------------------------------------


def register_posts(engine: Engine, workspace: str, plan: str, items: list[Outgoing]) -> Change:
    """Register or update a plan's Bluesky posts (the rules of :func:`planner.outbox.changes`)."""
    o = s.outbox
    mine = and_(o.c.workspace == workspace, o.c.plan == plan)
    with engine.begin() as db:
        known = {
            f"{plan}/{row.step}": (row.due, row.text, row.language, row.rkey, row.state)
            for row in db.execute(
                select(o.c.step, o.c.due, o.c.text, o.c.language, o.c.rkey, o.c.state).where(mine)
            )
        }
        written, gone, change = outbox.changes(known, items)
        for item in written:
            values = {
                "due": stamp(item.due),
                "text": item.text,
                "language": item.language,
                "rkey": item.rkey,
            }
            statement = upsert(db, o).values(
                workspace=workspace, plan=plan, step=item.step, **values
            )
            fresh = {"state": None, "attempts": 0, "next_try": None, "late_seconds": None}
            fresh |= {"at": None, "error": None}
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=[o.c.workspace, o.c.plan, o.c.step],
                    set_={**{k: getattr(statement.excluded, k) for k in values}, **fresh},
                )
            )
        steps = [g.removeprefix(f"{plan}/") for g in gone]
        if steps:
            db.execute(delete(o).where(mine, o.c.step.in_(steps)))
    return change


def cancel_posts(engine: Engine, workspace: str, plan: str) -> int:
    """Forget the plan's posts not sent yet (a post being sent stays); how many."""
    o = s.outbox
    with engine.begin() as db:
        gone = db.execute(
            delete(o)
            .where(
                o.c.workspace == workspace,
                o.c.plan == plan,
                or_(o.c.state.is_(None), o.c.state.in_(("failed", "missed"))),
            )
            .returning(o.c.step)
        ).all()
    return len(gone)


def post_counts(engine: Engine, workspace: str, plan: str) -> dict[str, int]:
    """How many of the plan's Bluesky posts are posted, missed (never to be posted) and
    still to post (waiting, being sent, or failed and to be tried again)."""
    o = s.outbox
    with engine.connect() as db:
        rows = db.execute(
            select(o.c.state, func.count())
            .where(o.c.workspace == workspace, o.c.plan == plan)
            .group_by(o.c.state)
        ).all()
    return outbox.counted({state: int(count) for state, count in rows})


def posted(engine: Engine, workspace: str, plan: str, now: dt.datetime, zone: str) -> list[Listed]:
    """The plan's Mastodon statuses scheduled on a server and its Bluesky posts, as
    `remind list` shows them (times in the plan's ``zone``)."""
    o, sc = s.outbox, s.scheduled
    with engine.connect() as db:
        statuses = db.execute(
            select(sc.c.name, sc.c.step, sc.c.instance, sc.c.at)
            .where(sc.c.workspace == workspace, sc.c.plan == plan)
            .order_by(sc.c.at, sc.c.step)
        ).all()
        posts = db.execute(
            select(
                s.plans.c.name, o.c.due, o.c.step, o.c.state, o.c.at, o.c.url, o.c.error,
                o.c.late_seconds,
            )
            .select_from(
                o.join(
                    s.plans,
                    and_(s.plans.c.workspace == o.c.workspace, s.plans.c.plan == o.c.plan),
                )
            )
            .where(o.c.workspace == workspace, o.c.plan == plan)
            .order_by(o.c.due, o.c.step)
        ).all()  # fmt: skip
    out = [
        Listed(
            plan,
            name,
            "",
            parse(at),
            "scheduled",
            step,
            _("scheduled on {server}").format(server=instance),
            zone=zone,
        )
        for name, step, instance, at in statuses
    ]
    out += [outbox.listed(now, plan, row[0], "", *row[1:], zone) for row in posts]
    return out


# --- the Mastodon statuses of a workspace -----------------------------------------------


class HostedLedger:
    """Which Mastodon status is which step's, for one workspace (:class:`planner.schedule.Ledger`).
    A workspace's plans are only the web app's, so no other owner can hold a key: there is
    nothing to claim or register."""

    def __init__(self, engine: Engine, workspace: str) -> None:
        self.engine = engine
        self.workspace = workspace

    def claim(self, plan: Plan) -> None:
        """Nothing to refuse: the key is the workspace's plan."""

    def register(self, plan: Plan) -> None:
        """Nothing to record: the plan is the workspace's row already."""

    def records(self, plan: str, instance: str) -> dict[str, Record]:
        sc = s.scheduled
        with self.engine.connect() as db:
            rows = db.execute(
                select(sc.c.step, sc.c.status_id, sc.c.at, sc.c.digest).where(
                    sc.c.workspace == self.workspace, sc.c.plan == plan, sc.c.instance == instance
                )
            )
            return {step: Record(step, sid, parse(at), digest) for step, sid, at, digest in rows}

    def remember(self, plan: str, name: str, instance: str, record: Record) -> None:
        sc = s.scheduled
        values = {
            "name": name,
            "instance": instance,
            "status_id": record.status_id,
            "at": stamp(record.at),
            "digest": record.digest,
        }
        with self.engine.begin() as db:
            statement = upsert(db, sc).values(
                workspace=self.workspace, plan=plan, step=record.step, **values
            )
            db.execute(
                statement.on_conflict_do_update(
                    index_elements=[sc.c.workspace, sc.c.plan, sc.c.step],
                    set_={k: getattr(statement.excluded, k) for k in values},
                )
            )

    def forget(self, plan: str, step: str) -> None:
        sc = s.scheduled
        with self.engine.begin() as db:
            db.execute(
                delete(sc).where(
                    sc.c.workspace == self.workspace, sc.c.plan == plan, sc.c.step == step
                )
            )


# --- the scheduler's side -----------------------------------------------------------------


class Guarded:
    """A workspace's :class:`planner.bluesky.Configured`, each post sent under the rule of
    :mod:`planner.web.destinations`: never into the server's own networks (the server of
    the account in effect, checked again at each post, and every connection the SDK makes,
    a redirect or the server its DID document names included)."""

    def __init__(self, poster: Configured, allowed: Allowed) -> None:
        self.poster = poster
        self.allowed = allowed

    @property
    def label(self) -> str:
        return self.poster.label

    def publish(self, rkey: str, post: dict[str, Any], *, create: bool = True) -> str:
        service = self.poster.current().account.service
        with guarded(self.allowed, _("Bluesky server {server}").format(server=service), [service]):
            return self.poster.publish(rkey, post, create=create)


class Posters:
    """One :class:`planner.bluesky.Configured` per workspace, each reading the workspace's
    account at each post and keeping its session while the account stays the same
    (Bluesky allows 30 sign-ins per 5 minutes), each post sent where ``allowed`` lets."""

    def __init__(self, engine: Engine, allowed: Allowed | None = None) -> None:
        self.engine = engine
        self.allowed = allowed or Allowed()
        self._posters: dict[str, Guarded] = {}
        self._lock = threading.Lock()

    def __call__(self, workspace: str) -> Publisher:
        with self._lock:
            found = self._posters.get(workspace)
            if found is None:
                poster = Configured(partial(bluesky_accounts, self.engine, workspace))
                found = Guarded(poster, self.allowed)
                self._posters[workspace] = found
            return found


def publish_due(
    engine: Engine,
    now: dt.datetime,
    posters: Callable[[str], Publisher],
    grace: dt.timedelta,
) -> list[tuple[str, Delivery]]:
    """Publish every Bluesky post of every workspace due by ``now`` and not yet on the
    server, each with its workspace's account; (workspace, delivery) of each."""
    o = s.outbox
    with engine.connect() as db:
        rows = db.execute(
            select(
                o.c.workspace, o.c.plan, o.c.step, o.c.due, o.c.text, o.c.language, o.c.rkey,
                o.c.state, o.c.attempts, o.c.next_try, o.c.error,
            )
            .where(
                o.c.due <= stamp(now),
                or_(o.c.state.is_(None), o.c.state.in_(("sending", "failed"))),
            )
            .order_by(o.c.due, o.c.workspace, o.c.plan, o.c.step)
        ).all()  # fmt: skip
    done = []
    for workspace, plan, step, due, text, language, rkey, state, attempts, next_try, error in rows:
        pending = Pending(
            f"{plan}/{step}", parse(due), text, language, rkey, state, attempts, next_try, error
        )
        record = partial(_record, engine, (workspace, plan, step))
        outcome = outbox.publish_one(now, pending, posters(workspace), grace, record)
        if outcome is not None:
            done.append((workspace, outcome))
    return done


def _record(
    engine: Engine,
    key: tuple[str, str, str],
    state: str,
    attempts: int,
    now: dt.datetime,
    *,
    late: dt.timedelta | None = None,
    error: str | None = None,
    retry: dt.datetime | None = None,
    account: str | None = None,
    uri: str | None = None,
    url: str | None = None,
) -> None:
    o = s.outbox
    workspace, plan, step = key
    values: dict[str, Any] = {
        "state": state,
        "attempts": attempts,
        "next_try": stamp(retry) if retry else None,
        "late_seconds": int(late.total_seconds()) if late is not None else None,
        "at": stamp(now),
        "error": error,
    }
    values |= {k: v for k, v in (("account", account), ("uri", uri), ("url", url)) if v}
    with engine.begin() as db:  # committed before anything else happens
        db.execute(
            o.update()
            .where(o.c.workspace == workspace, o.c.plan == plan, o.c.step == step)
            .values(values)
        )
