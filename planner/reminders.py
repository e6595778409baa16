"""Reminders and their delivery log, in a SQLite database that is the truth.

A reminder is one step of one plan, due at the step's start (an all-day step: at the
decision's post time that day), earlier by a lead the user chooses. Its delivery to
each channel is a row: ``sending`` (written before the send), then ``sent``,
``failed`` (retried with backoff) or ``missed`` (too late to be useful). No row means
not yet due or not yet tried.

Delivery is at least once: a row goes to ``sending`` and is committed before the send,
and to ``sent`` after. A crash between the two leaves ``sending``, and the next run
sends again: that one message can repeat, nothing else can, and nothing is lost.
A reminder later than ``grace`` when first tried (the machine slept, the daemon was
down) is recorded as missed and shown by ``remind list``, never sent days late.

Every function takes ``now``: only the daemon reads the clock.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import old_ticks, zones
from planner.database import Statement, connect
from planner.errors import InputError
from planner.i18n import _, ngettext
from planner.identity import Owner, taken
from planner.notify import Channel, Message, SendError
from planner.posts import Post
from planner.timeline import Plan
from planner.views import step_text
from planner.wording import long_date

LATE_AFTER = dt.timedelta(minutes=1)  # later than this, a message says how late it is
MAX_ATTEMPTS = 5
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=15),
    dt.timedelta(hours=1),
)


def _ticks_by_code(db: sqlite3.Connection) -> None:
    """Migration 9: the ticks' texts become their items' codes (see MIGRATIONS)."""
    rows = db.execute("SELECT plan, step, item FROM web_ticks ORDER BY plan, step, item").fetchall()
    db.execute("DELETE FROM web_ticks")
    db.execute("ALTER TABLE web_ticks RENAME COLUMN item TO code")
    for plan, step, text in rows:
        code = old_ticks.code_of(step, text)
        if code is not None:
            db.execute("INSERT OR IGNORE INTO web_ticks VALUES (?, ?, ?)", (plan, step, code))
        else:
            db.execute("INSERT INTO web_ticks_unmatched VALUES (?, ?, ?)", (plan, step, text))
            old_ticks.unmatched(
                _("plan {plan}").format(plan=plan), step, text, "web_ticks_unmatched"
            )


# The schema, as the migrations that build it: migration n brings a database from version
# n - 1 to n (SQLite's ``PRAGMA user_version``), in one transaction with the version's
# bump. A migration is never edited once released: a change is a new one, appended.
MIGRATIONS: tuple[tuple[Statement, ...], ...] = (
    # 1: the first release's schema, word for word. That release wrote no version: its
    # databases are at 0 with these tables, and IF NOT EXISTS takes them to 1 unchanged.
    (
        """CREATE TABLE IF NOT EXISTS plans (
    plan TEXT PRIMARY KEY, source TEXT NOT NULL, name TEXT NOT NULL)""",
        """CREATE TABLE IF NOT EXISTS reminders (
    id TEXT PRIMARY KEY,
    plan TEXT NOT NULL REFERENCES plans(plan) ON DELETE CASCADE,
    step TEXT NOT NULL, due TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL)""",
        "CREATE INDEX IF NOT EXISTS reminders_due ON reminders(due)",
        """CREATE TABLE IF NOT EXISTS deliveries (
    reminder TEXT NOT NULL REFERENCES reminders(id) ON DELETE CASCADE,
    channel TEXT NOT NULL, label TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('sending', 'sent', 'failed', 'missed')),
    attempts INTEGER NOT NULL DEFAULT 0, next_try TEXT, late_seconds INTEGER,
    at TEXT NOT NULL, error TEXT,
    PRIMARY KEY (reminder, channel))""",
    ),
    # 2: an index on the foreign key reminders.plan. `remind add` and `remind remove` find
    # a plan's reminders by it, and deleting a plan cascades through it: without the
    # index, each of these reads the whole table (https://sqlite.org/foreignkeys.html,
    # section 3: child key columns should be indexed).
    ("CREATE INDEX reminders_plan ON reminders(plan)",),
    # 3: whose plan each key names (planner.identity.Owner.text), so that a file of another
    # plan given the same key is refused instead of taking over its reminders. NULL for
    # plans added by an earlier release: those are compared by their source file.
    ("ALTER TABLE plans ADD COLUMN owner TEXT",),
    # 4: the Mastodon statuses `planner schedule` put on a server, by plan and step
    # (planner.schedule). No foreign key: forgetting a plan's reminders must not forget
    # what stays scheduled on the server; `name` is the plan's name for `remind list`.
    (
        """CREATE TABLE scheduled (
    plan TEXT NOT NULL, step TEXT NOT NULL, name TEXT NOT NULL, instance TEXT NOT NULL,
    status_id TEXT NOT NULL, at TEXT NOT NULL, digest TEXT NOT NULL,
    PRIMARY KEY (plan, step))""",
    ),
    # 5: the posts the daemon publishes itself (Bluesky; planner.outbox), each with its
    # delivery: NULL until tried, then sending, sent, failed or missed, as for reminders.
    (
        """CREATE TABLE posts (
    id TEXT PRIMARY KEY,
    plan TEXT NOT NULL REFERENCES plans(plan) ON DELETE CASCADE,
    step TEXT NOT NULL, network TEXT NOT NULL, due TEXT NOT NULL, text TEXT NOT NULL,
    language TEXT NOT NULL, rkey TEXT NOT NULL,
    state TEXT CHECK (state IN ('sending', 'sent', 'failed', 'missed')),
    attempts INTEGER NOT NULL DEFAULT 0, next_try TEXT, late_seconds INTEGER, at TEXT,
    account TEXT, uri TEXT, url TEXT, error TEXT)""",
        "CREATE INDEX posts_due ON posts(due)",
        "CREATE INDEX posts_plan ON posts(plan)",
    ),
    # 6: the web app (planner serve) keeps its plans here, beside their reminders: the
    # decision file as uploaded or written (the format of record, byte for byte), when
    # what its calendar carries last changed, its feed's token, and its reminders' lead;
    # the posts the team reworded, the checklist items it ticked, its self-assessments;
    # and the notification channels added in the browser, which the daemon also uses.
    (
        """CREATE TABLE web_plans (
    plan TEXT PRIMARY KEY, document BLOB NOT NULL, name TEXT NOT NULL,
    changed TEXT NOT NULL, feed TEXT UNIQUE, lead INTEGER)""",
        """CREATE TABLE web_posts (
    plan TEXT NOT NULL REFERENCES web_plans(plan) ON DELETE CASCADE,
    step TEXT NOT NULL, channel TEXT NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (plan, step, channel))""",
        """CREATE TABLE web_ticks (
    plan TEXT NOT NULL REFERENCES web_plans(plan) ON DELETE CASCADE,
    step TEXT NOT NULL, item TEXT NOT NULL,
    PRIMARY KEY (plan, step, item))""",
        """CREATE TABLE web_assessments (
    id TEXT PRIMARY KEY, document TEXT NOT NULL, changed TEXT NOT NULL)""",
        """CREATE TABLE channels (id TEXT PRIMARY KEY, url TEXT NOT NULL, added TEXT NOT NULL)""",
    ),
    # 7: the accounts planner posts with, entered in the web app's settings (a Mastodon
    # server and token, a Bluesky handle, app password and server), field by field; the
    # environment and accounts.toml win over them (planner.accounts.load). And each web
    # plan's switch "post on Bluesky", which makes its Bluesky posts follow its changes.
    (
        """CREATE TABLE accounts (
    network TEXT NOT NULL, field TEXT NOT NULL, value TEXT NOT NULL, changed TEXT NOT NULL,
    PRIMARY KEY (network, field))""",
        "ALTER TABLE web_plans ADD COLUMN bluesky INTEGER NOT NULL DEFAULT 0",
    ),
    # 8: each plan's time zone (the decision's IANA name), so that `remind list` shows a
    # plan's times as its calendar and `schedule --dry-run` do, whatever the machine's
    # zone. NULL for plans added by an earlier release: those are listed in UTC, said so.
    ("ALTER TABLE plans ADD COLUMN zone TEXT",),
    # 9: a ticked checklist item is kept by its code (planner.timeline.Item), no longer by
    # its words, so that a new wording keeps the tick. Each tick an earlier release stored
    # gets the code of the item its words were (planner.old_ticks); one whose words match
    # no item is kept as written in web_ticks_unmatched, and logged.
    (
        """CREATE TABLE web_ticks_unmatched (
    plan TEXT NOT NULL REFERENCES web_plans(plan) ON DELETE CASCADE,
    step TEXT NOT NULL, item TEXT NOT NULL,
    PRIMARY KEY (plan, step, item))""",
        _ticks_by_code,
    ),
)
VERSION = len(MIGRATIONS)


# The source recorded for a plan the web app (planner serve) keeps, where `remind add`
# records the decision file's path: not translated, it is compared. A plan of the web app
# and a plan added from a file are two owners, even when they are the same decision: the
# web app's reminders carry its reworded posts and its lead, the file's its own.
WEB = "planner serve"


def stamp(moment: dt.datetime) -> str:
    """A UTC instant as sortable text: '2026-12-18T09:00:00Z'."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse(text: str) -> dt.datetime:
    """The inverse of :func:`stamp`."""
    return dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)


WHEN_OPEN = " ("  # a reminder's title is the step's, then its day and time in brackets


def step_title(title: str) -> str:
    """The step's title in a reminder's title (:func:`plan_reminders` adds the step's day
    and time after it, in brackets), for `remind list`, whose lines give the time."""
    return title.rpartition(WHEN_OPEN)[0] or title


@dataclass(frozen=True, slots=True)
class Reminder:
    """One reminder to send: its id ('<plan>/<step id>'), when, and what."""

    id: str
    step: str
    due: dt.datetime
    title: str
    body: str


def plan_reminders(plan: Plan, posts: tuple[Post, ...], lead: dt.timedelta) -> list[Reminder]:
    """One reminder per step of the plan, due at its start less ``lead``."""
    decision = plan.decision
    zone = zones.zone(decision.timezone)
    out = []
    for step in plan.steps:
        if isinstance(step.start, dt.datetime):
            start, when = step.start, f"{long_date(step.day, decision.locale)} {step.start:%H:%M}"
        else:
            start = dt.datetime.combine(step.day, decision.post_time, tzinfo=zone)
            when = long_date(step.day, decision.locale)
        out.append(
            Reminder(
                id=f"{plan.key}/{step.id}",
                step=step.id,
                due=(start - lead).astimezone(dt.UTC),
                title=f"{step.title}{WHEN_OPEN}{when})",
                body=step_text(plan, step, posts),
            )
        )
    return out


@dataclass(frozen=True, slots=True)
class Change:
    """What `remind add` did."""

    added: int
    updated: int
    removed: int
    unchanged: int
    reworded: int = 0  # posts reworded in the web app, whose plan a file took over


@dataclass(frozen=True, slots=True)
class Listed:
    """One reminder as `remind list` shows it, with the plan it belongs to."""

    plan: str
    name: str
    source: str
    due: dt.datetime
    status: str
    step: str
    details: str
    at: dt.datetime | None = None  # when it was sent (a post)
    url: str | None = None  # the post's page (a post sent)
    zone: str = "UTC"  # the plan's time zone, to show ``due`` in
    title: str | None = None  # the step's title, in the plan's language (a reminder)


@dataclass(frozen=True, slots=True)
class Delivery:
    """One attempt's outcome, for logs and tests."""

    reminder: str
    channel: str
    state: str
    late: dt.timedelta
    error: str | None = None


class Store:
    """The reminders database (SQLite, WAL, busy timeout): open it with :func:`open_store`."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.db = connection

    # --- plans ------------------------------------------------------------------------

    def add(
        self,
        plan: str,
        source: str,
        name: str,
        reminders: list[Reminder],
        owner: Owner | None = None,
        *,
        replace: bool = False,
        suggestion: str = "",
        zone: str | None = None,
    ) -> Change:
        """Register or update a plan's reminders. A reminder whose time or text changed
        starts over (its deliveries are forgotten); steps gone from the plan are removed.

        The key must be this plan's: a key held by another file is refused (see
        :meth:`claim`) unless ``replace``, and ``suggestion`` is the id the refusal offers.
        """
        with self.db:
            reworded = 0
            if source != WEB and self.holder(plan) == WEB:  # only with replace: see claim
                reworded = self._leave_web(plan)
            self.register(
                plan, source, name, owner, replace=replace, suggestion=suggestion, zone=zone
            )
            known = {
                row[0]: row[1:]
                for row in self.db.execute(
                    "SELECT id, due, title, body FROM reminders WHERE plan = ?", (plan,)
                )
            }
            added = updated = unchanged = 0
            for r in reminders:
                values = (stamp(r.due), r.title, r.body)
                if r.id not in known:
                    added += 1
                elif known[r.id] == values:
                    unchanged += 1
                    continue
                else:
                    updated += 1
                    self.db.execute("DELETE FROM deliveries WHERE reminder = ?", (r.id,))
                self.db.execute(
                    "INSERT INTO reminders VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE "
                    "SET due = excluded.due, title = excluded.title, body = excluded.body",
                    (r.id, plan, r.step, *values),
                )
            gone = set(known) - {r.id for r in reminders}
            self.db.executemany("DELETE FROM reminders WHERE id = ?", [(g,) for g in gone])
        return Change(added, updated, len(gone), unchanged, reworded)

    def holder(self, plan: str) -> str | None:
        """The source that holds the plan's reminders (a file's path, or :data:`WEB`), or None."""
        row = self.db.execute("SELECT source FROM plans WHERE plan = ?", (plan,)).fetchone()
        return str(row[0]) if row else None

    def _leave_web(self, plan: str) -> int:
        """The web app's plan loses its reminders (a file takes them over, or they are
        removed): its reminders are turned off there, so that its next change does not
        take them back; how many of its posts the team reworded (the file has none of them)."""
        self.db.execute("UPDATE web_plans SET lead = NULL WHERE plan = ?", (plan,))
        row = self.db.execute("SELECT count(*) FROM web_posts WHERE plan = ?", (plan,)).fetchone()
        return int(row[0])

    def register(
        self,
        plan: str,
        source: str,
        name: str,
        owner: Owner | None,
        *,
        replace: bool = False,
        suggestion: str = "",
        zone: str | None = None,
    ) -> None:
        """Record the plan (its source file, name, owner and time zone), after :meth:`claim`
        unless ``replace``; inside the caller's transaction. A zone not given leaves the one
        recorded."""
        if not replace:
            self.claim(plan, source, owner, suggestion)
        self.db.execute(
            "INSERT INTO plans (plan, source, name, owner, zone) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT(plan) DO UPDATE SET source = excluded.source, name = excluded.name, "
            "owner = excluded.owner, zone = COALESCE(excluded.zone, plans.zone)",
            (plan, source, name, owner.text if owner else None, zone),
        )

    def claim(
        self,
        plan: str,
        source: str,
        owner: Owner | None,
        suggestion: str = "",
        flag: str = "--replace",
    ) -> None:
        """Refuse (InputError) a key the database holds for another file: one whose source
        differs and whose owner shares no account with this one (a moved file keeps its
        accounts; a plan added by an earlier release, without owner, by its source only).
        A plan of the web app and one of a file are always two owners (see :data:`WEB`)."""
        row = self.db.execute(
            "SELECT source, name, owner FROM plans WHERE plan = ?", (plan,)
        ).fetchone()
        if row is None or row[0] == source:
            return
        if row[0] == WEB or source == WEB:
            raise self._web_taken(plan, source, row[0], suggestion, flag)
        if row[2] is not None and owner is not None and owner.same(Owner.parse(row[2])):
            return
        where = _("the reminders database")
        raise taken(source, plan, where, f"{row[0]}, {row[1]}", suggestion, flag)

    def _web_taken(
        self, plan: str, source: str, holder: str, suggestion: str, flag: str
    ) -> InputError:
        """The refusal of a file whose key the web app's plan holds, or the reverse."""
        if source == WEB:  # the web app words its own refusal, with a button to confirm
            return InputError(
                _(
                    "the reminders database already holds reminders of the plan '{key}', "
                    "added from the file {file}"
                ).format(key=plan, file=holder)
            )
        count = self.db.execute(
            "SELECT count(*) FROM web_posts WHERE plan = ?", (plan,)
        ).fetchone()[0]
        reworded = (
            " "
            + ngettext(
                "(it has {count} post reworded there, which this file does not have)",
                "(it has {count} posts reworded there, which this file does not have)",
                count,
            ).format(count=count)
            if count
            else ""
        )
        return InputError(
            _(
                "{file}: the reminders database already holds the plan '{key}' of the web app "
                "(planner serve){reworded}; if this file is another plan, give it its own id: "
                'add id = "{id}" under [decision]; if it is that plan, add {flag} to take '
                "its reminders over from the web app"
            ).format(file=source, key=plan, reworded=reworded, id=suggestion, flag=flag)
        )

    def remove(
        self, plan: str, source: str = "", owner: Owner | None = None, suggestion: str = ""
    ) -> int:
        """Forget a plan and its reminders; how many reminders went. With ``source``, a key
        held by another file is refused, as by :meth:`add`."""
        with self.db:
            if source:
                self.claim(plan, source, owner, suggestion, "--force")
            count = self.db.execute(
                "SELECT count(*) FROM reminders WHERE plan = ?", (plan,)
            ).fetchone()[0]
            if self.holder(plan) == WEB:
                self._leave_web(plan)
            self.db.execute("DELETE FROM plans WHERE plan = ?", (plan,))
        return int(count)

    def named(self, name: str, source: str) -> list[str]:
        """The keys of the plans ``name`` stands for when no decision file can tell: the
        plan of that key, else every plan added from the file ``source`` (a path as
        :meth:`add` stored it), which may be gone or broken."""
        if self.db.execute("SELECT 1 FROM plans WHERE plan = ?", (name,)).fetchone():
            return [name]
        rows = self.db.execute("SELECT plan FROM plans WHERE source = ? ORDER BY plan", (source,))
        return [row[0] for row in rows]

    # --- channels added in the browser ------------------------------------------------

    def channels(self) -> list[Channel]:
        """The notification channels stored in the database (planner serve adds them)."""
        rows = self.db.execute("SELECT url FROM channels ORDER BY added, id")
        return [Channel(url) for (url,) in rows]

    def add_channel(self, channel: Channel, now: dt.datetime) -> bool:
        """Store a channel; False when it is already stored."""
        with self.db:
            cursor = self.db.execute(
                "INSERT INTO channels VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING",
                (channel.id, channel.url, stamp(now)),
            )
        return cursor.rowcount == 1

    def remove_channel(self, channel_id: str) -> bool:
        """Forget a stored channel by its id; False when there was none."""
        with self.db:
            cursor = self.db.execute("DELETE FROM channels WHERE id = ?", (channel_id,))
        return cursor.rowcount == 1

    # --- accounts saved in the browser ------------------------------------------------

    def accounts(self) -> dict[str, dict[str, str]]:
        """The accounts' fields saved in planner serve's settings, by network then field
        (secrets included: never show them)."""
        out: dict[str, dict[str, str]] = {}
        for network, name, value in self.db.execute(
            "SELECT network, field, value FROM accounts ORDER BY network, field"
        ):
            out.setdefault(network, {})[name] = value
        return out

    def save_account(self, network: str, fields: dict[str, str | None], now: dt.datetime) -> None:
        """Store an account's fields (None or '': forget that field), in one transaction."""
        with self.db:
            for name, value in fields.items():
                if value:
                    self.db.execute(
                        "INSERT INTO accounts VALUES (?, ?, ?, ?) ON CONFLICT(network, field) "
                        "DO UPDATE SET value = excluded.value, changed = excluded.changed",
                        (network, name, value, stamp(now)),
                    )
                else:
                    self.db.execute(
                        "DELETE FROM accounts WHERE network = ? AND field = ?", (network, name)
                    )

    def forget_account(self, network: str) -> None:
        """Forget every saved field of a network's account."""
        with self.db:
            self.db.execute("DELETE FROM accounts WHERE network = ?", (network,))

    # --- delivering -------------------------------------------------------------------

    def upcoming(self, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
        """(id, due) of every reminder still ahead of ``now``: the daemon's timers."""
        rows = self.db.execute(
            "SELECT id, due FROM reminders WHERE due > ? ORDER BY due", (stamp(now),)
        )
        return [(rid, parse(due)) for rid, due in rows]

    def deliver(
        self,
        now: dt.datetime,
        channels: list[Channel],
        grace: dt.timedelta,
        send: Callable[[Channel, Message], None] | None = None,
    ) -> list[Delivery]:
        """Send every reminder due by ``now`` on every channel that still owes it."""
        send = send or (lambda channel, message: channel.send(message))
        done = []
        due = self.db.execute(
            "SELECT id, due, title, body FROM reminders WHERE due <= ? ORDER BY due, id",
            (stamp(now),),
        ).fetchall()
        for rid, due_text, title, body in due:
            late = now - parse(due_text)
            for channel in channels:
                row = self.db.execute(
                    "SELECT state, attempts, next_try FROM deliveries "
                    "WHERE reminder = ? AND channel = ?",
                    (rid, channel.id),
                ).fetchone()
                outcome = self._deliver_one(now, rid, title, body, late, channel, row, grace, send)
                if outcome is not None:
                    done.append(outcome)
        return done

    def _deliver_one(
        self,
        now: dt.datetime,
        rid: str,
        title: str,
        body: str,
        late: dt.timedelta,
        channel: Channel,
        row: tuple[str, int, str | None] | None,
        grace: dt.timedelta,
        send: Callable[[Channel, Message], None],
    ) -> Delivery | None:
        def record(state: str, attempts: int, **details: Any) -> None:
            self._record(rid, channel, state, attempts, now, **details)

        return deliver_one(now, rid, title, body, late, channel, row, grace, send, record)

    def _record(
        self,
        rid: str,
        channel: Channel,
        state: str,
        attempts: int,
        now: dt.datetime,
        *,
        late: dt.timedelta | None = None,
        error: str | None = None,
        retry: dt.datetime | None = None,
    ) -> None:
        with self.db:  # committed before anything else happens
            self.db.execute(
                "INSERT INTO deliveries VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(reminder, channel) DO UPDATE SET label = excluded.label, "
                "state = excluded.state, "
                "attempts = excluded.attempts, next_try = excluded.next_try, "
                "late_seconds = excluded.late_seconds, at = excluded.at, error = excluded.error",
                (
                    rid,
                    channel.id,
                    channel.label,
                    state,
                    attempts,
                    stamp(retry) if retry else None,
                    int(late.total_seconds()) if late is not None else None,
                    stamp(now),
                    error,
                ),
            )

    # --- reading ----------------------------------------------------------------------

    def listing(self, now: dt.datetime) -> list[Listed]:
        """Every reminder, by plan name and key, then due.

        status: upcoming, due (not yet tried), sent, late (sent late), sending, failed,
        missed; details name the channels with their state.
        """
        rows = self.db.execute(
            "SELECT p.plan, p.name, p.source, r.id, r.due, r.step, COALESCE(p.zone, 'UTC'), "
            "r.title, d.label, d.state, d.late_seconds, d.error "
            "FROM reminders r JOIN plans p ON p.plan = r.plan "
            "LEFT JOIN deliveries d ON d.reminder = r.id "
            "ORDER BY p.name, p.plan, r.due, r.id, d.label"
        ).fetchall()
        grouped: dict[str, list[tuple[Any, ...]]] = {}
        for row in rows:
            grouped.setdefault(row[3], []).append(row)
        out = []
        for items in grouped.values():
            plan, name, source, _rid, due, step, zone, title = items[0][:8]
            states = [i[8:] for i in items if i[9]]
            if not states:
                status = "upcoming" if parse(due) > now else "due"
            else:
                order = ("missed", "failed", "sending", "sent")
                status = min((s[1] for s in states), key=order.index)
                if status == "sent" and any(
                    (s[2] or 0) > LATE_AFTER.total_seconds() for s in states
                ):
                    status = "late"
            details = ", ".join(
                f"{label} {state_word(state)}" + (f" ({error})" if error else "")
                for label, state, _late, error in states
            )
            out.append(
                Listed(
                    plan,
                    name,
                    source,
                    parse(due),
                    status,
                    step,
                    details,
                    zone=zone,
                    title=step_title(title),
                )
            )
        out += self.scheduled()
        return sorted(out, key=lambda row: (row.name, row.plan, row.due, row.step))

    def scheduled(self, plan: str | None = None) -> list[Listed]:
        """The statuses `planner schedule --mastodon` put on a server (of one plan, or of
        every plan), as `remind list` shows them: 'scheduled on mastodon.social'."""
        rows = self.db.execute(
            "SELECT s.plan, s.name, COALESCE(p.source, ''), s.step, s.instance, s.at, "
            "COALESCE(p.zone, 'UTC') FROM scheduled s LEFT JOIN plans p ON p.plan = s.plan "
            "WHERE ? IS NULL OR s.plan = ? ORDER BY s.at, s.step",
            (plan, plan),
        )
        return [
            Listed(
                key,
                name,
                source,
                parse(at),
                "scheduled",
                step,
                _("scheduled on {server}").format(server=instance),
                zone=zone,
            )
            for key, name, source, step, instance, at, zone in rows
        ]


def deliver_one(
    now: dt.datetime,
    rid: str,
    title: str,
    body: str,
    late: dt.timedelta,
    channel: Channel,
    row: tuple[str, int, str | None] | None,
    grace: dt.timedelta,
    send: Callable[[Channel, Message], None],
    record: Callable[..., None],
) -> Delivery | None:
    """One reminder to one channel, whatever database holds its delivery: skip it (sent,
    missed, failed for good or not yet due again), record it missed (never tried and later
    than ``grace``), or send it, recording 'sending' first, then 'sent' or 'failed' with its
    next try. ``row`` is the delivery so far (state, attempts, next try) or None;
    ``record(state, attempts, late=…, error=…, retry=…)`` writes it and commits."""
    state, attempts, next_try = row if row else ("", 0, None)
    if state in ("sent", "missed"):
        return None
    if state == "failed" and (attempts >= MAX_ATTEMPTS or (next_try and parse(next_try) > now)):
        return None
    if row is None and late > grace:
        record("missed", 0, late=late)
        return Delivery(rid, channel.id, "missed", late)
    record("sending", attempts + 1)
    if late > LATE_AFTER:
        title = f"[{late_words(late)}] {title}"
    try:
        send(channel, Message(rid, title, body))
    except (SendError, OSError) as exc:
        retry = now + BACKOFF[min(attempts, len(BACKOFF) - 1)]
        record("failed", attempts + 1, error=str(exc), retry=retry)
        return Delivery(rid, channel.id, "failed", late, str(exc))
    record("sent", attempts + 1, late=late)
    return Delivery(rid, channel.id, "sent", late)


def state_word(state: str) -> str:
    """A reminder's state or status, in the interface's language."""
    words = {
        "upcoming": _("upcoming"),
        "due": _("due"),
        "sending": _("sending"),
        "sent": _("sent"),
        "late": _("late"),
        "failed": _("failed"),
        "missed": _("missed"),
        "scheduled": _("scheduled"),
    }
    return words.get(state, state)


def late_words(late: dt.timedelta) -> str:
    """'late by 2 h 05 min', in the interface's language."""
    minutes = int(late.total_seconds() // 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return _("late by {hours} h {minutes:02d} min").format(hours=hours, minutes=minutes)
    return _("late by {minutes} min").format(minutes=minutes)


@contextmanager
def open_store(path: Path) -> Iterator[Store]:
    """Open (creating if needed) the database at ``path``, checked and migrated to
    :data:`VERSION` (see :func:`planner.database.connect`, which also says which errors
    become the user's)."""
    with connect(path, MIGRATIONS) as connection:
        yield Store(connection)
