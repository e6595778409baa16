"""The posts the reminder daemon publishes itself (Bluesky), in the reminders database.

`planner schedule FILE --bluesky` registers a plan's future Bluesky posts (table
``posts``); the daemon (`remind run`, `remind due`) publishes each one when it is due,
through a :class:`planner.bluesky.Poster`, as another kind of delivery:

- a post is written ``sending`` (committed) before it is sent, then ``sent`` with its
  link, ``failed`` (retried after 1, 5, 15 minutes…) or ``missed``;
- exactly once, across crashes: the record key is the post's own
  (:func:`planner.bluesky.record_key`), and a post found ``sending`` (the daemon died
  during the send) is first looked for on the server under that key: found, it is
  ``sent``; not found, it is sent now if still within the grace period;
- a post that could not be sent within the grace period (the machine slept, the
  network was down, every try failed) is ``missed``: logged, shown by `remind list`,
  never sent late by hours.

Every function takes ``now``: only the daemon reads the clock.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, Protocol

from planner import zones
from planner.bluesky import NotThere, record_key, web_url
from planner.bluesky import record as record_of
from planner.i18n import _
from planner.notify import SendError
from planner.posts import Post
from planner.reminders import BACKOFF, Change, Delivery, Listed, parse, stamp
from planner.timeline import Plan


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One post for the daemon to publish."""

    id: str  # '<plan>/<step>'
    step: str
    due: dt.datetime  # UTC
    text: str
    language: str
    rkey: str


class Publisher(Protocol):
    """What publishes a post (planner.bluesky.Poster or Configured, or a test's)."""

    @property
    def label(self) -> str: ...

    def publish(self, rkey: str, post: dict[str, Any], *, create: bool = True) -> str: ...


def bluesky_posts(plan: Plan, posts: Iterable[Post], now: dt.datetime) -> list[Outgoing]:
    """The plan's Bluesky posts still ahead of ``now``."""
    out = []
    for post in posts:
        if post.channel != "bluesky" or not isinstance(post.step.start, dt.datetime):
            continue
        due = post.step.start.astimezone(dt.UTC).replace(microsecond=0)
        if due > now:
            key = record_key(plan.key, post.step.id, due)
            out.append(
                Outgoing(
                    f"{plan.key}/{post.step.id}", post.step.id, due, post.text, post.language, key
                )
            )
    return out


def register(db: sqlite3.Connection, plan: str, items: list[Outgoing]) -> Change:
    """Register or update a plan's posts, inside the caller's transaction (see
    :func:`changes`)."""
    known = {
        row[0]: row[1:]
        for row in db.execute(
            "SELECT id, due, text, language, rkey, state FROM posts WHERE plan = ?", (plan,)
        )
    }
    written, gone, change = changes(known, items)
    for item in written:
        db.execute(
            "INSERT INTO posts (id, plan, step, network, due, text, language, rkey) "
            "VALUES (?, ?, ?, 'bluesky', ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "due = excluded.due, text = excluded.text, language = excluded.language, "
            "rkey = excluded.rkey, state = NULL, attempts = 0, next_try = NULL, "
            "late_seconds = NULL, at = NULL, error = NULL",
            (item.id, plan, item.step, stamp(item.due), item.text, item.language, item.rkey),
        )
    db.executemany("DELETE FROM posts WHERE id = ?", [(g,) for g in gone])
    return change


def changes(
    known: dict[str, tuple[Any, ...]], items: list[Outgoing]
) -> tuple[list[Outgoing], list[str], Change]:
    """What registering ``items`` changes, whatever database holds the posts: the posts
    to write (new, or changed: they start over), the ids to delete, and the counts.
    ``known`` is each stored post's (due, text, language, rkey, state) by id. A post sent,
    or being sent, is left as it is (it may be on the server); the others follow the
    plan, and those gone from it are removed."""
    written = []
    unchanged = 0
    for item in items:
        values = (stamp(item.due), item.text, item.language, item.rkey)
        if item.id in known and (
            tuple(known[item.id][:4]) == values or known[item.id][4] in ("sending", "sent")
        ):
            unchanged += 1
        else:
            written.append(item)
    added = sum(item.id not in known for item in written)
    wanted = {item.id for item in items}
    gone = [i for i, row in known.items() if i not in wanted and row[4] not in ("sending", "sent")]
    return written, gone, Change(added, len(written) - added, len(gone), unchanged)


def cancel(db: sqlite3.Connection, plan: str) -> int:
    """Forget the plan's posts not sent yet; how many."""
    with db:
        cursor = db.execute(
            "DELETE FROM posts WHERE plan = ? AND (state IS NULL OR state IN ('failed', 'missed'))",
            (plan,),
        )
    return cursor.rowcount


def upcoming(db: sqlite3.Connection, now: dt.datetime) -> list[tuple[str, dt.datetime]]:
    """(id, due) of every post still ahead: the daemon's timers."""
    rows = db.execute(
        "SELECT id, due FROM posts WHERE due > ? AND state IS NULL ORDER BY due", (stamp(now),)
    )
    return [(pid, parse(due)) for pid, due in rows]


@dataclass(frozen=True, slots=True)
class Pending:
    """A post due, as its database holds it: what to send and its delivery so far."""

    id: str  # what logs and messages name it by: '<plan>/<step>'
    due: dt.datetime
    text: str
    language: str
    rkey: str
    state: str | None
    attempts: int
    next_try: str | None
    error: str | None


def publish_due(
    db: sqlite3.Connection, now: dt.datetime, poster: Publisher, grace: dt.timedelta
) -> list[Delivery]:
    """Publish every post due by ``now`` that is not yet on the server."""
    rows = db.execute(
        "SELECT id, due, text, language, rkey, state, attempts, next_try, error FROM posts "
        "WHERE due <= ? AND (state IS NULL OR state IN ('sending', 'failed')) "
        "ORDER BY due, id",
        (stamp(now),),
    ).fetchall()
    done = []
    for pid, due, text, language, rkey, state, attempts, next_try, error in rows:
        pending = Pending(pid, parse(due), text, language, rkey, state, attempts, next_try, error)
        outcome = publish_one(now, pending, poster, grace, partial(_record, db, pid))
        if outcome is not None:
            done.append(outcome)
    return done


def counted(states: dict[str | None, int]) -> dict[str, int]:
    """The number of posts by state (None: never tried) as a page says them: ``posted``,
    ``missed`` (never to be posted), ``to_post`` (waiting, being sent, or failed and to
    be tried again)."""
    return {
        "posted": states.get("sent", 0),
        "missed": states.get("missed", 0),
        "to_post": sum(n for state, n in states.items() if state not in ("sent", "missed")),
    }


def publish_one(
    now: dt.datetime,
    post: Pending,
    poster: Publisher,
    grace: dt.timedelta,
    record: Callable[..., None],
) -> Delivery | None:
    """One post due, whatever database holds it: skip it (failed, not yet due again),
    record it missed (never tried and later than ``grace``), or make sure it is on the
    server, recording 'sending' first, then 'sent', 'failed' with its next try, or
    'missed'. ``record(state, attempts, now, late=…, error=…, retry=…, account=…, uri=…,
    url=…)`` writes the post's delivery and commits."""
    late = now - post.due
    if post.state == "failed" and post.next_try and parse(post.next_try) > now:
        return None
    label = poster.label  # read once: it may be read from the settings each time
    if post.state is None and late > grace:  # never tried: it cannot be on the server
        reason = _("not sent within {grace} of its time").format(grace=_duration(grace))
        record("missed", post.attempts, now, late=late, error=reason)
        return Delivery(post.id, label, "missed", late, reason)
    # Tried before (sending: the sender died during the send; failed: the answer was
    # lost, or a refusal): it may be on the server, which the key tells.
    attempts = post.attempts + 1
    record("sending", attempts, now, account=label)
    try:
        uri = poster.publish(
            post.rkey, record_of(post.text, post.language, post.due), create=late <= grace
        )
    except NotThere:
        reason = _("not sent within {grace} of its time").format(grace=_duration(grace))
        if post.error:
            reason += f" ({post.error})"
        record("missed", attempts, now, late=late, error=reason)
        return Delivery(post.id, label, "missed", late, reason)
    except SendError as exc:
        retry = now + BACKOFF[min(post.attempts, len(BACKOFF) - 1)]
        record("failed", attempts, now, error=str(exc), retry=retry)
        return Delivery(post.id, label, "failed", late, str(exc))
    handle = label.removeprefix("Bluesky (@").removesuffix(")")
    record("sent", attempts, now, late=late, uri=uri, url=web_url(handle, post.rkey))
    return Delivery(post.id, label, "sent", late)


def _duration(span: dt.timedelta) -> str:
    """'30 min', '2 h', '2 h 30 min'."""
    hours, minutes = divmod(int(span.total_seconds()) // 60, 60)
    if hours and minutes:
        return f"{hours} h {minutes:02d} min"
    return f"{hours} h" if hours else f"{minutes} min"


def _record(
    db: sqlite3.Connection,
    pid: str,
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
    with db:  # committed before anything else happens
        db.execute(
            "UPDATE posts SET state = ?, attempts = ?, next_try = ?, late_seconds = ?, at = ?, "
            "error = ?, account = coalesce(?, account), uri = coalesce(?, uri), "
            "url = coalesce(?, url) WHERE id = ?",
            (
                state,
                attempts,
                stamp(retry) if retry else None,
                int(late.total_seconds()) if late is not None else None,
                stamp(now),
                error,
                account,
                uri,
                url,
                pid,
            ),
        )


def listing(db: sqlite3.Connection, now: dt.datetime, plan: str | None = None) -> list[Listed]:
    """Every post (of one plan, or of every plan), as `remind list` shows them: 'posted on
    Bluesky at 10:00: https://bsky.app/…', or why it failed."""
    rows = db.execute(
        "SELECT p.plan, p.name, p.source, o.due, o.step, o.state, o.at, o.url, o.error, "
        "o.late_seconds, COALESCE(p.zone, 'UTC') FROM posts o JOIN plans p ON p.plan = o.plan "
        "WHERE ? IS NULL OR o.plan = ? ORDER BY o.due, o.step",
        (plan, plan),
    ).fetchall()
    return [listed(now, *row) for row in rows]


def listed(
    now: dt.datetime,
    key: str,
    name: str,
    source: str,
    due_text: str,
    step: str,
    state: str | None,
    at: str | None,
    url: str | None,
    error: str | None,
    late: int | None,
    zone: str,
) -> Listed:
    """One post as `remind list` and the plan's page show it, whatever database holds it."""
    due = parse(due_text)
    sent = None
    if state == "sent" and at is not None:
        sent = parse(at)
        status = "late" if (late or 0) > 60 else "sent"
        shown = zones.zone(zone) if zones.is_name(zone) else dt.UTC
        when = sent.astimezone(shown).strftime("%H:%M")
        details = _("posted on Bluesky at {time}: {url}").format(time=when, url=url)
    elif state in ("failed", "missed", "sending"):
        status = state
        details = _("Bluesky post: {reason}").format(reason=error or state)
    else:
        status = "upcoming" if due > now else "due"
        details = _("to post on Bluesky")
    return Listed(key, name, source, due, status, step, details, sent, url, zone)
