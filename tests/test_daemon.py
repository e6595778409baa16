"""The reminder daemon as a real process: killed, restarted, stopped, reloaded, locked."""

from __future__ import annotations

import datetime as dt
import os
import random
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from planner.reminders import Reminder, open_store

from .test_reminders import (  # noqa: F401 (http_receiver and no_network are fixtures)
    MALFORMED,
    SECRET_URLS,
    http_receiver,
    no_network,
    secrets_of,
)

PLANNER = str(Path(sys.executable).parent / "planner")


def wait_for(tmp_path: Path, condition: Callable[[], bool] | str, what: str) -> None:
    """Poll ``condition`` (or, given a text, until the daemon's log says it) for up to a
    minute; then fail with ``what`` and the end of the daemon's log. The deadline is
    generous: it only matters on failure."""
    log = tmp_path / "daemon.log"
    if isinstance(condition, str):
        condition = log_says(tmp_path, condition)
    deadline = time.monotonic() + 60
    while not condition():
        if time.monotonic() > deadline:
            tail = log.read_text("utf-8", errors="replace")[-2000:] if log.exists() else ""
            pytest.fail(f"timed out waiting for {what}" + (f"; the log:\n{tail}" if tail else ""))
        time.sleep(0.05)


def start_daemon(tmp_path: Path, notify: str, *extra: str) -> subprocess.Popen[bytes]:
    """`planner remind run` on ``tmp_path/r.db``, sending to ``notify``, logging to
    ``tmp_path/daemon.log`` (in English, which the tests read)."""
    log = (tmp_path / "daemon.log").open("ab")
    return subprocess.Popen(
        [
            PLANNER,
            "remind",
            "--db",
            str(tmp_path / "r.db"),
            "--config",
            str(tmp_path / "none.toml"),
            "run",
            *extra,
        ],
        stdout=subprocess.DEVNULL,
        stderr=log,
        env={**os.environ, "PLANNER_NOTIFY": notify, "LANGUAGE": "en"},
    )


@pytest.fixture
def daemon(
    tmp_path: Path,
    http_receiver: tuple[str, list[tuple[str, dict[str, str]]]],  # noqa: F811
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Starts `planner remind run` on a fresh database, sending to the HTTP receiver."""
    url, _ = http_receiver
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> subprocess.Popen[bytes]:
        started.append(start_daemon(tmp_path, url, *extra))
        return started[-1]

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait()


def add(db: Path, reminders: list[Reminder]) -> None:
    with open_store(db) as store:
        store.add("asso", "asso.toml", "Asso", reminders)


def soon(count: int, spread: float) -> list[Reminder]:
    now = dt.datetime.now(dt.UTC)
    return [
        Reminder(
            f"asso/r{i}",
            f"r{i}",
            now + dt.timedelta(seconds=0.5 + spread * i / count),
            f"Reminder {i}",
            f"Body {i} « été » 🌱",
        )
        for i in range(count)
    ]


def log_says(tmp_path: Path, text: str) -> Callable[[], bool]:
    return lambda: text in (tmp_path / "daemon.log").read_text("utf-8", errors="replace")


def test_sigkill_loses_nothing(
    tmp_path: Path,
    daemon: Callable[..., subprocess.Popen[bytes]],
    http_receiver: tuple[str, list[tuple[str, dict[str, str]]]],  # noqa: F811
) -> None:
    """Killed with SIGKILL at random moments and restarted, the daemon delivers every
    reminder; duplicates are no more than the kills."""
    _, received = http_receiver
    reminders = soon(40, spread=8.0)
    add(tmp_path / "r.db", reminders)
    rng = random.Random(20261126)
    kills = 0
    for _ in range(12):
        process = daemon("--resync", "1s")
        time.sleep(rng.uniform(0.05, 1.0))  # a random moment to kill at, not a verdict
        process.kill()
        process.wait()
        kills += 1
    final = daemon("--resync", "1s")
    expected = {r.id for r in reminders}
    wait_for(tmp_path, lambda: {rid for rid, _ in received} >= expected, "every reminder to arrive")
    final.send_signal(signal.SIGTERM)
    assert final.wait(timeout=20) == 0
    counts = Counter(rid for rid, _ in received)
    duplicates = sum(n - 1 for n in counts.values())
    print(f"{kills} kills, {len(received)} messages, {duplicates} duplicates")
    assert set(counts) == expected
    assert duplicates <= kills
    assert all(body["message"].endswith("« été » 🌱") for _, body in received)


def test_sigterm_stops_cleanly(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """SIGTERM ends the daemon with exit code 0."""
    process = daemon()
    wait_for(tmp_path, "reminder daemon started", "the daemon to start")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0  # a deadline, only reached on failure
    assert log_says(tmp_path, "reminder daemon stopped")()


def test_sighup_picks_up_new_reminders(
    tmp_path: Path,
    daemon: Callable[..., subprocess.Popen[bytes]],
    http_receiver: tuple[str, list[tuple[str, dict[str, str]]]],  # noqa: F811
) -> None:
    """A reminder added while the daemon runs is sent after SIGHUP, without waiting for the
    periodic re-read (set to an hour here)."""
    _, received = http_receiver
    process = daemon("--resync", "1h")
    wait_for(tmp_path, "watching 0 upcoming", "the daemon to start")
    add(tmp_path / "r.db", soon(1, spread=0))
    process.send_signal(signal.SIGHUP)
    wait_for(tmp_path, lambda: [rid for rid, _ in received] == ["asso/r0"], "the new reminder")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0  # a deadline, only reached on failure


def test_two_daemons_on_one_database_are_refused(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """A second daemon on the same database stops at once with a clear message."""
    first = daemon()
    wait_for(tmp_path, "reminder daemon started", "the first daemon")
    assert first.poll() is None, (tmp_path / "daemon.log").read_text()
    second = subprocess.run(
        [PLANNER, "remind", "--db", str(tmp_path / "r.db"), "run"],
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )
    assert second.returncode == 1
    assert "another `planner remind run` is already using this database" in second.stderr
    assert "Traceback" not in second.stderr
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=20) == 0


def test_two_daemons_through_a_symlink_are_refused(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """A second daemon given the database by another name (a symbolic link to it, or to
    its folder) is refused like one given the same name: both would send each reminder
    (the lock used to be taken on the name)."""
    first = daemon()
    wait_for(tmp_path, "reminder daemon started", "the first daemon")
    (tmp_path / "link.db").symlink_to(tmp_path / "r.db")
    (tmp_path / "folder").symlink_to(tmp_path, target_is_directory=True)
    for other in (tmp_path / "link.db", tmp_path / "folder" / "r.db"):
        second = subprocess.run(
            [PLANNER, "remind", "--db", str(other), "run"],
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        assert second.returncode == 1, second.stderr
        assert second.stderr == (
            f"Error: {other}: another `planner remind run` is already using this database; "
            "stop it first, or give this one its own --db\n"
        )
    assert first.poll() is None
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=20) == 0


def test_the_lock_is_on_the_real_file(tmp_path: Path) -> None:
    """In one process too: the lock taken through a link holds against the real name, and
    a `remind due` through a link waits for no one else's name."""
    from planner.daemon import exclusive
    from planner.errors import PlannerError

    db = tmp_path / "data" / "r.db"
    db.parent.mkdir()
    (tmp_path / "link.db").symlink_to(db)
    (tmp_path / "elsewhere").symlink_to(db.parent, target_is_directory=True)
    with exclusive(tmp_path / "link.db"):
        for name in (db, tmp_path / "elsewhere" / "r.db"):
            with (
                pytest.raises(PlannerError, match="already using this database"),
                exclusive(name),
            ):
                pass
    assert sorted(p.name for p in db.parent.iterdir()) == ["r.db.lock"]
    assert not (tmp_path / "link.db.lock").exists()


def test_a_database_it_cannot_use_stops_the_daemon_at_once(tmp_path: Path) -> None:
    """A database of a newer planner: `remind run` stops at once with the one line of
    `remind list`, exit 2 (it used to log a traceback every few minutes, forever)."""
    import sqlite3

    from planner.reminders import VERSION

    add(tmp_path / "r.db", soon(1, spread=0))
    connection = sqlite3.connect(tmp_path / "r.db")
    connection.execute(f"PRAGMA user_version = {VERSION + 1}")
    connection.close()
    process = start_daemon(tmp_path, "")
    assert process.wait(timeout=60) == 2  # a deadline, only reached on failure
    log = (tmp_path / "daemon.log").read_text("utf-8")
    assert log == (
        f"Error: {tmp_path / 'r.db'}: this reminders database was written by a newer planner "
        f"(schema version {VERSION + 1}, this one knows up to {VERSION}); upgrade planner\n"
    )


def test_a_database_damaged_while_it_runs_stops_the_daemon(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """The database replaced, while the daemon runs, by one it must not use (here, of a
    newer planner): at the next re-read it stops, exit 2, with the one line of `remind
    list` and no traceback (it used to log a traceback at each re-read, forever)."""
    import sqlite3

    from planner.reminders import VERSION

    process = daemon("--resync", "1h")
    wait_for(tmp_path, "watching 0 upcoming", "the daemon to start")
    connection = sqlite3.connect(tmp_path / "r.db")
    connection.execute(f"PRAGMA user_version = {VERSION + 1}")
    connection.commit()
    connection.close()
    process.send_signal(signal.SIGHUP)
    assert process.wait(timeout=60) == 2  # a deadline, only reached on failure
    log = (tmp_path / "daemon.log").read_text("utf-8")
    assert "Traceback" not in log
    assert log.endswith(
        f"Error: {tmp_path / 'r.db'}: this reminders database was written by a newer planner "
        f"(schema version {VERSION + 1}, this one knows up to {VERSION}); upgrade planner\n"
    )


def test_sigterm_lets_the_send_in_progress_finish(tmp_path: Path) -> None:
    """SIGTERM while a message is being sent: the send completes and is recorded as sent."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    arrived, release = threading.Event(), threading.Event()

    class Slow(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            arrived.set()
            release.wait(timeout=30)  # hold the send open until the test has signalled
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    add(tmp_path / "r.db", soon(1, spread=0))
    process = start_daemon(tmp_path, f"json://127.0.0.1:{server.server_port}/hook")
    try:
        assert arrived.wait(timeout=30), "the send never started"
        process.send_signal(signal.SIGTERM)
        wait_for(tmp_path, "stopping after the send in progress", "the stop")
        assert process.poll() is None  # still running: it waits for the held send
        release.set()
        assert process.wait(timeout=30) == 0
    finally:
        process.kill()
        server.shutdown()
    with open_store(tmp_path / "r.db") as store:
        states = store.db.execute("SELECT channel, state FROM deliveries").fetchall()
    assert sorted(state for _, state in states) == ["sent", "sent"]  # console and webhook


def test_sigterm_during_a_resync_never_hangs(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """Stopped while it re-arms thousands of timers, the daemon still exits 0 promptly
    (a job that touched the scheduler during shutdown used to deadlock it)."""
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=30)
    add(
        tmp_path / "r.db",
        [
            Reminder(f"asso/r{i}", f"r{i}", later + dt.timedelta(minutes=i), f"R {i}", "B")
            for i in range(3000)
        ],
    )
    for _ in range(5):
        (tmp_path / "daemon.log").write_bytes(b"")
        process = daemon("--resync", "1s")
        wait_for(tmp_path, "reminder daemon started", "the daemon to start")
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0


def test_the_daemon_log_and_database_hold_no_secret(
    tmp_path: Path,
    no_network: None,  # noqa: F811
) -> None:
    """Tokens written where a host goes are in neither the daemon's log nor the database;
    a URL Apprise cannot read stops the daemon without being logged."""
    add(tmp_path / "r.db", soon(1, spread=0.0))
    process = start_daemon(tmp_path, " ".join(SECRET_URLS))
    wait_for(tmp_path, "failed: asso/r0 on pbul://o...6", "the failures to be logged")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 0  # a deadline, only reached on failure
    refused = start_daemon(tmp_path, " ".join(MALFORMED))
    assert refused.wait(timeout=60) == 2
    log = (tmp_path / "daemon.log").read_text("utf-8")
    assert log.endswith(  # planner's one line; Apprise's own about the URL is not shown
        "Error: mailto:/u...r:****@h...t: Apprise does not understand this notification URL; "
        "check it against the Apprise documentation\n"
    )
    assert "Unsupported URL" not in log
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("r.db*"))
    for secret in secrets_of(SECRET_URLS) + secrets_of(MALFORMED):
        assert secret not in log, secret
        assert secret.encode() not in stored, secret
