"""The hosted mode's reminder scheduler: in exactly one process of all those serving one
hosted database, on any number of machines.

Every process of ``planner serve --hosted`` runs a candidate (a thread). A candidate
becomes the scheduler by taking a lock that only one holder can have:

- PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) held on a
  connection kept open for it. When the holder dies, its connection closes and the
  server frees the lock; another candidate takes it at its next try (every
  ``every`` seconds). A holder whose connection broke stops delivering at once.
- SQLite: a lock on a file beside the database (one machine only, as SQLite itself).

The scheduler delivers, every ``every`` seconds, what is due: the same rows and states
as the local daemon (:mod:`planner.reminders`): ``sending`` committed before the send,
then ``sent``, ``failed`` (retried with the same backoff) or ``missed`` (later than
``grace`` when first tried). A process killed during a send leaves ``sending``, and the
next scheduler sends that one again: at least once, a repeat per kill at most.

Then it publishes the Bluesky posts due of the workspaces that turned them on, each with
its workspace's account (:mod:`planner.web.hosted_posts`), by the local daemon's rules
(:func:`planner.outbox.publish_one`): a post found ``sending`` is first looked for on the
server under its own key, so a kill during a send never posts it twice; one not sent
within ``post_grace`` (30 minutes) is ``missed``, never posted late.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import json
import logging
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from functools import partial
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError

from planner.characters import clean
from planner.i18n import _
from planner.notify import Channel, Message
from planner.reminders import Delivery, deliver_one, parse, stamp
from planner.web import schema as s
from planner.web.destinations import Allowed, guarded
from planner.web.hosted_posts import Posters, publish_due
from planner.web.schema import upsert

log = logging.getLogger("planner.remind")
SCHEDULER_LOCK = 0x706C6172  # pg_try_advisory_lock's key: 'plar'


class JsonLines(logging.Formatter):
    """One JSON object per line (time, level, logger, process, message): what log
    collectors read. Messages name reminders and channels by their masked labels only."""

    def format(self, record: logging.LogRecord) -> str:
        return json.dumps(
            {
                "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                    timespec="milliseconds"
                ),
                "level": record.levelname.lower(),
                "logger": record.name,
                "pid": record.process,
                "message": clean(record.getMessage()),
            },
            ensure_ascii=False,
        )


# The libraries that send: their lines can carry a channel's URL, a request's content or
# its headers, whoever's secret it is; the hosted mode does not show them (planner's own
# lines say what was sent, to whom, and why it failed).
QUIET = ("apprise", "mastodon", "atproto", "atproto_client", "httpx", "httpcore", "urllib3")


def structured_logs(stream: IO[str] | None = None) -> None:
    """planner's log lines (INFO and up) as JSON lines on stderr; the sending libraries'
    lines are not shown."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonLines())
    logger = logging.getLogger("planner")
    logger.setLevel(logging.INFO)
    logger.handlers = [handler]
    logger.propagate = False
    for name in QUIET:
        library = logging.getLogger(name)
        library.handlers = [logging.NullHandler()]
        library.propagate = False


class Lock:
    """The scheduler's lock on a hosted database: taken by one candidate at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._connection: Connection | None = None
        self._file: IO[str] | None = None

    @property
    def held(self) -> bool:
        return self._connection is not None or self._file is not None

    def take(self) -> bool:
        """Try to take the lock (never waits); True when this candidate holds it."""
        if self.held:
            return self.alive()
        if self.engine.dialect.name == "postgresql":
            connection = self.engine.connect()
            try:
                got = connection.execute(
                    text("SELECT pg_try_advisory_lock(:key)"), {"key": SCHEDULER_LOCK}
                ).scalar()
                connection.commit()  # the lock belongs to the session, not the transaction
            except DBAPIError:
                connection.close()
                return False
            if got:
                self._connection = connection
                return True
            connection.close()
            return False
        database = self.engine.url.database
        assert database is not None
        handle = Path(database + ".scheduler.lock").open("a")  # noqa: SIM115 (held open)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            return False
        self._file = handle
        return True

    def alive(self) -> bool:
        """Whether the lock is still held (its connection still answers)."""
        if self._connection is None:
            return self._file is not None
        try:
            self._connection.execute(text("SELECT 1"))
            self._connection.commit()
        except DBAPIError:
            self.release()
            return False
        return True

    def release(self) -> None:
        """Give the lock up (closing its connection frees it on the server)."""
        if self._connection is not None:
            # Closed for real, not given back to the pool, where its session would keep
            # the lock while this process lives.
            with suppress(DBAPIError):
                self._connection.invalidate()
                self._connection.close()
            self._connection = None
        if self._file is not None:
            self._file.close()
            self._file = None


def deliver_due(
    engine: Engine,
    now: dt.datetime,
    grace: dt.timedelta,
    send: Callable[[Channel, Message], None] | None = None,
    allowed: Allowed | None = None,
) -> list[tuple[str, Delivery]]:
    """Send every reminder of every workspace due by ``now`` on each channel of its
    workspace that still owes it, never into the server's own networks unless
    ``allowed`` (:mod:`planner.web.destinations`); (workspace, delivery) of each."""
    rule = allowed or Allowed()

    def guarded_send(channel: Channel, message: Message) -> None:
        with guarded(rule, _("the channel's address"), [channel.url]):
            channel.send(message)

    send = send or guarded_send
    r, c, d = s.reminders, s.channels, s.deliveries
    with engine.connect() as db:
        due = db.execute(
            select(r.c.workspace, r.c.plan, r.c.step, r.c.due, r.c.title, r.c.body)
            .where(r.c.due <= stamp(now))
            .order_by(r.c.due, r.c.workspace, r.c.plan, r.c.step)
        ).all()
        channels: dict[str, list[Channel]] = {}
        for workspace, url in db.execute(select(c.c.workspace, c.c.url).order_by(c.c.added)):
            channels.setdefault(workspace, []).append(Channel(url))
        rows = {
            (row.workspace, row.plan, row.step, row.channel): (
                row.state, row.attempts, row.next_try
            )
            for row in db.execute(
                select(d.c.workspace, d.c.plan, d.c.step, d.c.channel, d.c.state, d.c.attempts,
                       d.c.next_try)
            )
        }  # fmt: skip
    done = []
    for workspace, plan, step, due_text, title, body in due:
        late = now - parse(due_text)
        for channel in channels.get(workspace, []):
            key = (workspace, plan, step, channel.id)
            outcome = deliver_one(
                now,
                f"{plan}/{step}",
                title,
                body,
                late,
                channel,
                rows.get(key),
                grace,
                send,
                partial(_record, engine, key, channel, now=now),
            )
            if outcome is not None:
                done.append((workspace, outcome))
    return done


def _record(
    engine: Engine,
    key: tuple[str, str, str, str],
    channel: Channel,
    state: str,
    attempts: int,
    now: dt.datetime,
    *,
    late: dt.timedelta | None = None,
    error: str | None = None,
    retry: dt.datetime | None = None,
) -> None:
    d = s.deliveries
    values: dict[str, Any] = {
        "label": channel.label,
        "state": state,
        "attempts": attempts,
        "next_try": stamp(retry) if retry else None,
        "late_seconds": int(late.total_seconds()) if late is not None else None,
        "at": stamp(now),
        "error": error,
    }
    workspace, plan, step, channel_id = key
    with engine.begin() as db:  # committed before anything else happens
        statement = upsert(db, d).values(
            workspace=workspace, plan=plan, step=step, channel=channel_id, **values
        )
        db.execute(
            statement.on_conflict_do_update(
                index_elements=[d.c.workspace, d.c.plan, d.c.step, d.c.channel],
                set_={name: getattr(statement.excluded, name) for name in values},
            )
        )


def _log(message: str, error: str | None) -> None:
    if error:
        log.warning("%s: %s", message, error)
    else:
        log.info(message)


class Scheduler:
    """This process's candidate: a thread that takes the lock when it can and, while it
    holds it, delivers what is due every ``every`` seconds."""

    def __init__(
        self,
        engine: Engine,
        every: float = 5.0,
        grace: dt.timedelta = dt.timedelta(hours=24),
        clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
        post_grace: dt.timedelta = dt.timedelta(minutes=30),
        allow: Allowed | None = None,
    ) -> None:
        self.engine = engine
        self.allowed = allow or Allowed()
        self.every = every
        self.grace = grace
        self.post_grace = post_grace
        self.clock = clock
        self.lock = Lock(engine)
        self.posters = Posters(engine, self.allowed)
        self.stop = threading.Event()

    @property
    def leading(self) -> bool:
        """Whether this process is the scheduler now."""
        return self.lock.held

    def loop(self) -> None:
        """Until stopped: take (or keep) the lock, then deliver while holding it."""
        while not self.stop.is_set():
            try:
                was = self.lock.held
                if self.lock.take():
                    if not was:
                        log.info(_("this process sends the reminders now"))
                    now = self.clock()
                    sent = deliver_due(self.engine, now, self.grace, allowed=self.allowed)
                    for workspace, d in sent:
                        _log(
                            f"workspace {workspace}: {d.state}: {d.reminder} ({d.channel})", d.error
                        )
                    now = self.clock()
                    for workspace, d in publish_due(
                        self.engine, now, self.posters, self.post_grace
                    ):
                        line = f"workspace {workspace}: {d.state}: post {d.reminder} ({d.channel})"
                        _log(line, d.error)
                elif was:
                    log.warning(_("this process no longer sends the reminders"))
            except DBAPIError as exc:  # a database that went away: tried again
                log.warning(_("{error}; trying again later").format(error=exc.orig))
                self.lock.release()
            self.stop.wait(self.every)
        self.lock.release()

    @contextmanager
    def running(self) -> Iterator[None]:
        """The candidate's thread, for as long as the block runs."""
        thread = threading.Thread(target=self.loop, name="planner-scheduler", daemon=True)
        thread.start()
        try:
            yield
        finally:
            self.stop.set()
            thread.join(timeout=60)
