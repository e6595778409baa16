"""What the web app keeps, in the reminders database (one database, one lock).

The schema is :data:`planner.reminders.MIGRATIONS` (version 6 added these tables, 7 the
Bluesky switch, 9 the ticks by code): the decision file of each plan, byte for byte as
uploaded or last written (the format of record), the posts the team reworded, the
checklist items it ticked (by the step's id and the item's code, never its words, which a
new release may change: :class:`planner.timeline.Item`), the feed's token, the reminders'
lead, whether the daemon posts its Bluesky posts, and the self-assessments in progress.

A plan's ``changed`` stamp moves whenever what its calendar carries changes (the
decision, a reworded post): the calendar's DTSTAMP and SEQUENCE come from it
(:func:`planner.ics.sequence`, whole seconds), so each change moves it at least a
second past the previous one, and the feed's SEQUENCE always rises; it keeps up with the
clock, so that ``planner ics`` run after a change of the plan here gives a higher
SEQUENCE than the web app's calendars made before.
"""

from __future__ import annotations

import datetime as dt
import secrets
import sqlite3
from dataclasses import dataclass
from typing import Any

from planner import outbox
from planner.identity import Owner
from planner.outbox import Outgoing
from planner.reminders import WEB, Change, Listed, Store, parse, stamp

SEQUENCE_STEP = dt.timedelta(seconds=1)


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """One plan of the web app, as the database holds it."""

    key: str
    document: bytes
    name: str
    changed: dt.datetime
    feed: str | None
    lead: dt.timedelta | None
    bluesky: bool = False  # the daemon posts its Bluesky posts


def next_change(previous: dt.datetime | None, now: dt.datetime) -> dt.datetime:
    """The stamp of a change made at ``now``: now to the second, or a second after the
    previous change when that is later (so that SEQUENCE, in seconds, rises)."""
    moment = now.astimezone(dt.UTC).replace(microsecond=0)
    if previous is not None and moment < previous + SEQUENCE_STEP:
        return previous + SEQUENCE_STEP
    return moment


def new_token() -> str:
    """An unguessable feed token (a secret, not an identity: 32 random bytes)."""
    return secrets.token_urlsafe(32)


def stored_plan(row: Any) -> StoredPlan | None:
    """A plan's row (plan, document, name, changed, feed, lead, bluesky) as a StoredPlan,
    from the local database or the hosted one."""
    if row is None:
        return None
    key, document, name, changed, feed, lead, bluesky = row
    return StoredPlan(
        str(key),
        bytes(document),
        str(name),
        parse(str(changed)),
        str(feed) if feed else None,
        dt.timedelta(seconds=int(lead)) if lead is not None else None,
        bool(bluesky),
    )


class WebStore:
    """The web app's tables, on an open reminders database."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db
        self.reminders = Store(db)

    # --- plans ------------------------------------------------------------------------

    def plans(self) -> list[StoredPlan]:
        """Every plan, by name."""
        rows = self.db.execute(
            "SELECT plan, document, name, changed, feed, lead, bluesky FROM web_plans "
            "ORDER BY name, plan"
        )
        return [p for p in map(stored_plan, rows) if p is not None]

    def plan(self, key: str) -> StoredPlan | None:
        """The plan with this key, or None."""
        return stored_plan(
            self.db.execute(
                "SELECT plan, document, name, changed, feed, lead, bluesky FROM web_plans "
                "WHERE plan = ?",
                (key,),
            ).fetchone()
        )

    def by_feed(self, token: str) -> StoredPlan | None:
        """The plan whose feed has this token, or None (revoked, renewed, or never)."""
        return stored_plan(
            self.db.execute(
                "SELECT plan, document, name, changed, feed, lead, bluesky FROM web_plans "
                "WHERE feed = ?",
                (token,),
            ).fetchone()
        )

    def create(self, key: str, document: bytes, name: str, now: dt.datetime) -> bool:
        """Add a plan; False when one with this key is already here."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO web_plans (plan, document, name, changed) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(plan) DO NOTHING",
                (key, document, name, stamp(next_change(None, now))),
            )
        return cursor.rowcount == 1

    def _touch(self, key: str, now: dt.datetime) -> None:
        row = self.db.execute("SELECT changed FROM web_plans WHERE plan = ?", (key,)).fetchone()
        previous = parse(row[0]) if row else None
        self.db.execute(
            "UPDATE web_plans SET changed = ? WHERE plan = ?",
            (stamp(next_change(previous, now)), key),
        )

    def replace_document(self, key: str, document: bytes, name: str, now: dt.datetime) -> None:
        """Store a new decision file for the plan."""
        with self.db:
            self.db.execute(
                "UPDATE web_plans SET document = ?, name = ? WHERE plan = ?", (document, name, key)
            )
            self._touch(key, now)

    def delete(self, key: str) -> None:
        """Forget a plan, its reworded posts and ticks, and (when the web app added them)
        its reminders and the Bluesky posts the daemon keeps for it. What stays scheduled
        on a Mastodon server stays listed: it is still there."""
        with self.db:
            self.db.execute("DELETE FROM web_plans WHERE plan = ?", (key,))
            self.db.execute("DELETE FROM plans WHERE plan = ? AND source = ?", (key, SOURCE))

    def held(self, key: str) -> dict[str, int]:
        """What deleting the plan removes besides its decision and reworded posts: the
        reminders, and the Bluesky posts the web app added for it by what became of them
        (posted, missed, still to post: :func:`planner.outbox.counted`)."""
        known = self.db.execute(
            "SELECT 1 FROM plans WHERE plan = ? AND source = ?", (key, SOURCE)
        ).fetchone()
        if known is None:
            return {"reminders": 0, **outbox.counted({})}
        (reminders,) = self.db.execute(
            "SELECT count(*) FROM reminders WHERE plan = ?", (key,)
        ).fetchone()
        states = self.db.execute(
            "SELECT state, count(*) FROM posts WHERE plan = ? GROUP BY state", (key,)
        ).fetchall()
        return {"reminders": int(reminders), **outbox.counted(dict(states))}

    # --- reworded posts ---------------------------------------------------------------

    def edits(self, key: str) -> dict[tuple[str, str], str]:
        """The team's own text of each reworded post, by (step id, channel)."""
        rows = self.db.execute(
            "SELECT step, channel, text FROM web_posts WHERE plan = ?", (key,)
        ).fetchall()
        return {(step, channel): text for step, channel, text in rows}

    def reword(self, key: str, step: str, channel: str, text: str | None, now: dt.datetime) -> None:
        """Store the team's text of a post (None: back to the template's text)."""
        with self.db:
            if text is None:
                self.db.execute(
                    "DELETE FROM web_posts WHERE plan = ? AND step = ? AND channel = ?",
                    (key, step, channel),
                )
            else:
                self.db.execute(
                    "INSERT INTO web_posts VALUES (?, ?, ?, ?) ON CONFLICT(plan, step, channel) "
                    "DO UPDATE SET text = excluded.text",
                    (key, step, channel, text),
                )
            self._touch(key, now)

    # --- ticked checklist items -------------------------------------------------------

    def ticks(self, key: str) -> set[tuple[str, str]]:
        """(step id, item code) of every ticked checklist item (:class:`planner.timeline.Item`)."""
        rows = self.db.execute("SELECT step, code FROM web_ticks WHERE plan = ?", (key,))
        return {(step, code) for step, code in rows}

    def tick(self, key: str, step: str, ticked: set[str], codes: tuple[str, ...]) -> None:
        """Record which of a step's checklist items (by their ``codes``) are ticked."""
        with self.db:
            self.db.execute("DELETE FROM web_ticks WHERE plan = ? AND step = ?", (key, step))
            self.db.executemany(
                "INSERT INTO web_ticks (plan, step, code) VALUES (?, ?, ?)",
                [(key, step, code) for code in codes if code in ticked],
            )

    # --- the feed and the reminders ---------------------------------------------------

    def renew_feed(self, key: str) -> str:
        """Give the plan a new feed token (the previous one stops working)."""
        token = new_token()
        with self.db:
            self.db.execute("UPDATE web_plans SET feed = ? WHERE plan = ?", (token, key))
        return token

    def revoke_feed(self, key: str) -> None:
        """Close the plan's feed."""
        with self.db:
            self.db.execute("UPDATE web_plans SET feed = NULL WHERE plan = ?", (key,))

    def set_bluesky(self, key: str, on: bool) -> None:
        """Turn the daemon's Bluesky posts of the plan on or off (the switch only; see
        :func:`planner.outbox.register` and :func:`planner.outbox.cancel`)."""
        with self.db:
            self.db.execute("UPDATE web_plans SET bluesky = ? WHERE plan = ?", (int(on), key))

    def register_posts(
        self, key: str, name: str, owner: Owner, zone: str, items: list[Outgoing]
    ) -> Change:
        """Register or update the plan's Bluesky posts for the daemon, under the web app's
        record of the plan (InputError when a decision file holds the key: see
        :meth:`planner.reminders.Store.claim`)."""
        with self.db:
            self.reminders.register(key, WEB, name, owner, zone=zone)
            return outbox.register(self.db, key, items)

    def posts_off(self, key: str) -> None:
        """Take back the plan's Bluesky posts not sent yet, and the plan's record when
        nothing else hangs from it."""
        outbox.cancel(self.db, key)
        self.release(key)

    def posted(self, key: str, now: dt.datetime, zone: str) -> list[Listed]:
        """The plan's Mastodon statuses scheduled and its Bluesky posts, as `remind list`
        shows them (in the zone the database records for the plan; ``zone`` is the hosted
        store's, which records none)."""
        return self.reminders.scheduled(key) + outbox.listing(self.db, now, key)

    def release(self, key: str) -> None:
        """Forget the plan's record in the reminders' table of plans when nothing of the web
        app is left under it (no reminder, no Bluesky post, sent or not)."""
        with self.db:
            self.db.execute(
                "DELETE FROM plans WHERE plan = ? AND source = ? "
                "AND NOT EXISTS (SELECT 1 FROM reminders WHERE plan = ?) "
                "AND NOT EXISTS (SELECT 1 FROM posts WHERE plan = ?)",
                (key, SOURCE, key, key),
            )

    def reminders_off(self, key: str) -> None:
        """Turn the plan's reminders off: its lead and its reminders go (its Bluesky posts,
        which hang from the same record, stay)."""
        with self.db:
            self.db.execute("UPDATE web_plans SET lead = NULL WHERE plan = ?", (key,))
            self.db.execute(
                "DELETE FROM reminders WHERE plan = ? AND plan IN "
                "(SELECT plan FROM plans WHERE source = ?)",
                (key, SOURCE),
            )
        self.release(key)

    def set_lead(self, key: str, lead: dt.timedelta | None) -> None:
        """Turn the plan's reminders on (with this lead) or off (None)."""
        with self.db:
            self.db.execute(
                "UPDATE web_plans SET lead = ? WHERE plan = ?",
                (int(lead.total_seconds()) if lead is not None else None, key),
            )

    def reminders_of(self, key: str) -> list[dict[str, Any]]:
        """The plan's reminders, by due time, each with its deliveries (label, state, when,
        error): what the reminders page lists."""
        rows = self.db.execute(
            "SELECT r.id, r.step, r.due, r.title, d.label, d.state, d.at, d.error "
            "FROM reminders r LEFT JOIN deliveries d ON d.reminder = r.id "
            "WHERE r.plan = ? ORDER BY r.due, r.id, d.label",
            (key,),
        ).fetchall()
        out: dict[str, dict[str, Any]] = {}
        for rid, step, due, title, label, state, at, error in rows:
            entry = out.setdefault(
                rid, {"id": rid, "step": step, "due": parse(due), "title": title, "sent": []}
            )
            if state:
                entry["sent"].append(
                    {"label": label, "state": state, "at": parse(at), "error": error}
                )
        return list(out.values())

    def deliveries(self, limit: int = 50) -> list[dict[str, Any]]:
        """The latest deliveries of every plan: the delivery log."""
        rows = self.db.execute(
            "SELECT d.at, d.reminder, d.label, d.state, d.error, r.title "
            "FROM deliveries d JOIN reminders r ON r.id = d.reminder "
            "ORDER BY d.at DESC, d.reminder LIMIT ?",
            (limit,),
        ).fetchall()
        return [
            {
                "at": parse(at),
                "reminder": rid,
                "label": label,
                "state": state,
                "error": error,
                "title": title,
            }
            for at, rid, label, state, error, title in rows
        ]

    # --- self-assessments -------------------------------------------------------------

    def assessments(self) -> list[tuple[str, str, dt.datetime]]:
        """(id, answers document, changed) of each self-assessment, the latest first."""
        rows = self.db.execute(
            "SELECT id, document, changed FROM web_assessments ORDER BY changed DESC, id"
        )
        return [(i, d, parse(c)) for i, d, c in rows]

    def assessment(self, assessment_id: str) -> str | None:
        """The answers document of a self-assessment, or None."""
        row = self.db.execute(
            "SELECT document FROM web_assessments WHERE id = ?", (assessment_id,)
        ).fetchone()
        return str(row[0]) if row else None

    def save_assessment(self, assessment_id: str, document: str, now: dt.datetime) -> None:
        """Store a self-assessment's answers as they are given."""
        with self.db:
            self.db.execute(
                "INSERT INTO web_assessments VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
                "document = excluded.document, changed = excluded.changed",
                (assessment_id, document, stamp(now)),
            )


# The source the reminders database records for a plan of the web app (where `remind add`
# records the decision file's path): not translated, it is compared.
SOURCE = WEB
