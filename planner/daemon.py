"""The reminder daemon: APScheduler as the timer, the database as the truth.

APScheduler (3.11, a BackgroundScheduler with one worker thread) holds one date job per
reminder still ahead, with the reminder's id as job id. Every job does the same thing:
deliver whatever the database says is due now (which is idempotent). So correctness
never rests on APScheduler's own bookkeeping: its date jobs vanish once run, its default
one-second misfire grace would drop late ones, and none of that matters, because the
resync (at start, every few minutes, and on SIGHUP) delivers everything due and re-arms
the timers from the database. SIGTERM and SIGINT stop the scheduler after the send in
progress; one daemon per database, by a lock on its real file. A database the user must
repair (damaged, of a newer planner) stops the daemon with the same one line as any
`planner remind` command; a passing refusal (locked, disk full) is logged and retried.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from planner import outbox
from planner.characters import clean
from planner.database import place_problem
from planner.errors import InputError, PlannerError
from planner.i18n import _, ngettext
from planner.notify import Channel, redact
from planner.reminders import Delivery, late_words, open_store, state_word

log = logging.getLogger("planner.remind")


class CleanFormatter(logging.Formatter):
    """A log formatter whose lines are cleaned like everything planner prints."""

    def format(self, record: logging.LogRecord) -> str:
        return clean(super().format(record))


@contextmanager
def exclusive(db: Path) -> Iterator[None]:
    """Hold the lock that makes this process the only daemon on ``db``.

    The lock is beside the database's real file, symbolic links resolved: two daemons given
    one database by two names would otherwise both send every reminder.
    """
    real = Path(os.path.realpath(db))
    lock_path = real.with_name(real.name + ".lock")
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        handle = lock_path.open("a")
    except OSError as exc:
        problem = place_problem(lock_path, _("the lock of the reminders database"))
        raise problem or PlannerError(
            _("{file}: cannot take the lock of the reminders database ({reason})").format(
                file=lock_path, reason=exc.strerror
            )
        ) from None
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PlannerError(
                _(
                    "{db}: another `planner remind run` is already using this database; "
                    "stop it first, or give this one its own --db"
                ).format(db=db)
            ) from None
        yield


def deliver_due(
    db: Path,
    channels: list[Channel],
    grace: dt.timedelta,
    poster: outbox.Publisher | None = None,
    post_grace: dt.timedelta = dt.timedelta(minutes=30),
) -> None:
    """Deliver everything due now: the reminders, on ``channels`` and on those added in
    the browser (``planner serve``'s channels page), then (with a ``poster``) the posts the
    daemon publishes; log each outcome (labels carry no secret)."""
    now = dt.datetime.now(dt.UTC)
    with open_store(db) as store:
        known = {c.id for c in channels}
        channels = channels + [c for c in store.channels() if c.id not in known]
        redact(channels)  # Apprise's lines about the browser's channels too
        for d in store.deliver(now, channels, grace):
            label = next(c.label for c in channels if c.id == d.channel)
            _log(d, _("{state}: {reminder} on {channel}"), label)
        if poster is not None:
            for d in outbox.publish_due(store.db, dt.datetime.now(dt.UTC), poster, post_grace):
                _log(d, _("{state}: post {reminder} on {channel}"), d.channel)


def _log(d: Delivery, template: str, label: str) -> None:
    message = template.format(state=state_word(d.state), reminder=d.reminder, channel=label)
    if d.late.total_seconds() > 60:
        message += " (" + late_words(d.late) + ")"
    if d.error:
        log.warning("%s: %s", message, d.error)
    else:
        log.info(message)


class Control:
    """How a daemon is told to stop or to re-read the database: by signals (``run``), or by
    the web app of ``planner serve --remind``, which runs the daemon in a thread."""

    def __init__(self) -> None:
        self.stop = threading.Event()
        self.reload = threading.Event()
        self.wake = threading.Event()

    def stop_now(self) -> None:
        """Stop after the send in progress."""
        self.stop.set()
        self.wake.set()

    def reload_now(self) -> None:
        """Re-read the database now (a plan's reminders changed)."""
        self.reload.set()
        self.wake.set()


def run(
    db: Path,
    channels: list[Channel],
    grace: dt.timedelta,
    resync_every: float,
    poster: outbox.Publisher | None = None,
    post_grace: dt.timedelta = dt.timedelta(minutes=30),
) -> None:
    """Run until SIGTERM or SIGINT; return after the send in progress has finished.
    SIGHUP re-reads the database."""
    with exclusive(db):
        control = Control()
        signal.signal(signal.SIGTERM, lambda signum, frame: control.stop_now())
        signal.signal(signal.SIGINT, lambda signum, frame: control.stop_now())
        signal.signal(signal.SIGHUP, lambda signum, frame: control.reload_now())
        watch(db, lambda: channels, grace, resync_every, control, poster, post_grace)


def watch(
    db: Path,
    channels: Callable[[], list[Channel]],
    grace: dt.timedelta,
    resync_every: float,
    control: Control,
    poster: outbox.Publisher | None = None,
    post_grace: dt.timedelta = dt.timedelta(minutes=30),
) -> None:
    """The daemon's loop, until ``control`` says stop; the caller holds the lock.
    ``channels`` is asked at each delivery (the browser can add one at any time). A
    database the user must repair (damaged, newer, moved) stops it with that error.

    Jobs only deliver; this thread alone adds and removes jobs. (APScheduler's
    ``shutdown`` holds the job store lock while it waits for running jobs, so a job that
    touched the scheduler during a shutdown would wait forever.)
    """
    with open_store(db):  # a database it cannot use stops it here, in one line
        pass
    scheduler = BackgroundScheduler(
        timezone=dt.UTC,
        executors={"default": ThreadPoolExecutor(max_workers=1)},
        job_defaults={"coalesce": True, "max_instances": 1, "misfire_grace_time": None},
    )
    fatal: list[InputError] = []

    def guarded(action: Callable[[], None]) -> None:
        # A database the user must repair (damaged, newer, moved) stops the daemon:
        # waiting cannot heal it. A passing refusal (locked, disk full) is tried again.
        try:
            action()
        except InputError as exc:
            fatal.append(exc)
            control.stop_now()
        except PlannerError as exc:
            log.warning(_("{error}; trying again later").format(error=exc))

    def deliver() -> None:
        guarded(lambda: deliver_due(db, channels(), grace, poster, post_grace))

    def resync() -> None:
        # A timer for each reminder still ahead, then a catch-up run for whatever is
        # due by then: in that order, so that none falls in between. (With the
        # catch-up first, a reminder that came due after it ran but before the
        # database was read was in neither, and waited for the next re-read.)
        with open_store(db) as store:
            now = dt.datetime.now(dt.UTC)
            upcoming = store.upcoming(now)
            if poster is not None:
                upcoming += [(f"post:{pid}", due) for pid, due in outbox.upcoming(store.db, now)]
        wanted = {rid for rid, _ in upcoming}
        for job in scheduler.get_jobs():
            if job.id not in wanted and job.id != "catch-up":
                job.remove()
        for rid, due in upcoming:
            scheduler.add_job(deliver, "date", run_date=due, id=rid, replace_existing=True)
        scheduler.add_job(deliver, id="catch-up", replace_existing=True)  # due now
        log.info(
            ngettext(
                "watching {count} upcoming reminder",
                "watching {count} upcoming reminders",
                len(upcoming),
            ).format(count=len(upcoming))
        )

    scheduler.start()
    log.info(_("reminder daemon started on {db}").format(db=db))
    next_resync = 0.0
    while not control.stop.is_set():
        if control.reload.is_set() or time.monotonic() >= next_resync:
            control.reload.clear()
            try:
                guarded(resync)
            except Exception:  # a passing database or disk error must not end the daemon
                log.exception(_("could not re-read the reminders; trying again later"))
            next_resync = time.monotonic() + resync_every
        control.wake.wait(timeout=max(0.0, next_resync - time.monotonic()))
        control.wake.clear()
    log.info(_("stopping after the send in progress, if any"))
    scheduler.shutdown(wait=True)
    log.info(_("reminder daemon stopped"))
    if fatal:
        raise fatal[0]
