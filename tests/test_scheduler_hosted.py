"""The hosted mode's one reminder scheduler, with real processes on a real PostgreSQL:
three `planner serve --hosted` processes share one database; exactly one of them (the
holder of the advisory lock) sends the 200 reminders due over two minutes; it is SIGKILLed
twice while reminders are due (early in the two minutes, then in their middle), another
takes over each time, every reminder arrives, and no more repeat than there were kills."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.notify import Channel
from planner.reminders import Reminder
from planner.web.database import engine_of, migrate
from planner.web.hosted import HostedStore, create_workspace
from planner.web.scheduler import Lock

from .postgres import Cluster, free_port
from .web import Receiver

COUNT = 200
SPREAD = dt.timedelta(minutes=2)
KILLS = (COUNT // 10, COUNT // 2)  # the sender is killed once this many have arrived


def health(port: int) -> dict[str, object] | None:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as answer:
            found: dict[str, object] = json.load(answer)
            return found
    except OSError:
        return None


def wait_for(condition: object, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():  # type: ignore[operator]
            return
        time.sleep(0.1)
    raise AssertionError(f"not within {seconds} s: {what}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


def test_one_scheduler_across_processes_survives_two_kills(
    postgres: Cluster, receiver: Receiver, tmp_path: Path
) -> None:
    """200 reminders due over two minutes, three processes: each reminder arrives; the
    sender is killed (SIGKILL) once early in the two minutes and once in their middle,
    each time with reminders still to send, and another process takes over; repeats <=
    kills."""
    address = postgres.new_database()
    engine = engine_of(address)
    migrate(engine)
    create_workspace(engine, "a", "A", dt.datetime.now(dt.UTC))
    store = HostedStore(engine, "a")
    store.create("p", b"x", "Plan", dt.datetime.now(dt.UTC))
    store.reminders.add_channel(Channel(receiver.url), dt.datetime.now(dt.UTC))
    start = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=8)
    reminders = [
        Reminder(f"p/s{i:03d}", f"s{i:03d}", start + SPREAD * i / COUNT, f"step {i}", "body")
        for i in range(COUNT)
    ]
    store.reminders.add("p", "", "Plan", reminders)
    engine.dispose()

    def seconds_until(moment: dt.datetime) -> float:
        return max(0.0, (moment - dt.datetime.now(dt.UTC)).total_seconds())

    def arrived() -> set[str]:
        return {rid for rid, _ in receiver.received}

    env = {**os.environ, "PLANNER_SCHEDULER_EVERY": "0.2", "LANGUAGE": "en"}
    ports = [free_port() for _ in range(3)]
    processes = {
        port: subprocess.Popen(
            [
                sys.executable,
                "-m",
                "planner",
                "serve",
                "--hosted",
                "--database",
                address,
                "--port",
                str(port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            cwd=tmp_path,
        )
        for port in ports
    }
    try:
        wait_for(lambda: all(health(p) for p in ports), 30, "every process answers")

        def leaders() -> list[int]:
            return [p for p in processes if (health(p) or {}).get("scheduler")]

        due_after_kills: list[int] = []
        for share in KILLS:
            wait_for(lambda: len(leaders()) == 1, 15, "one scheduler")
            # The share-th reminder is due at its time in the two minutes: a minute more
            # for a slow machine.
            wait_for(
                lambda share=share: len(arrived()) >= share,  # type: ignore[misc]
                seconds_until(reminders[share - 1].due) + 60,
                f"{share} reminders sent",
            )
            (leader,) = leaders()
            processes[leader].send_signal(signal.SIGKILL)
            processes[leader].wait(timeout=10)
            killed_at = dt.datetime.now(dt.UTC)
            due_after_kills.append(sum(r.due > killed_at for r in reminders))
            del processes[leader]
        wait_for(lambda: len(leaders()) == 1, 15, "a scheduler again after the kills")
        wanted = {r.id for r in reminders}
        wait_for(
            lambda: wanted <= arrived(),
            seconds_until(reminders[-1].due) + 60,
            "every reminder sent",
        )
        ids = [rid for rid, _ in receiver.received]
        assert set(ids) == wanted
        assert len(ids) - len(wanted) <= len(KILLS)
        # Each kill came within the two minutes, reminders still due after it.
        assert all(due_after_kills), due_after_kills
    finally:
        for process in processes.values():
            process.send_signal(signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def test_the_lock_has_one_holder_and_is_freed_when_its_connection_closes(
    postgres: Cluster,
) -> None:
    """Two candidates on one PostgreSQL: one takes the lock, the other cannot until the
    first gives it up (its connection closed)."""
    engine = engine_of(postgres.new_database())
    first, second = Lock(engine), Lock(engine)
    assert first.take()
    assert not second.take()
    assert first.take()  # still held, still alive
    first.release()  # closed for real: not kept in the pool with its session's lock
    # The server frees the lock when the closed connection's backend ends, a moment after
    # the close returns (later still on a busy machine): the second candidate tries again
    # as the scheduler does.
    wait_for(second.take, 10, "the lock taken once the first one's connection closed")
    second.release()
    engine.dispose()


def test_the_sqlite_lock_has_one_holder(tmp_path: Path) -> None:
    """On a hosted SQLite database, the lock is a file lock beside it: one holder."""
    engine = engine_of(f"sqlite:///{tmp_path / 'hosted.sqlite3'}")
    first, second = Lock(engine), Lock(engine)
    assert first.take()
    assert not second.take()
    first.release()
    assert second.take()
    second.release()


def test_health_and_trusted_hosts_of_the_hosted_app(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The workers' app (planner.web.server:hosted_app): /health says the database answers
    and, once its candidate holds the lock, that it is the scheduler; a trusted host is
    served, any other refused (421)."""
    from starlette.testclient import TestClient

    from planner.web.server import hosted_app

    monkeypatch.setenv("PLANNER_DATABASE", f"sqlite:///{tmp_path / 'hosted.sqlite3'}")
    monkeypatch.setenv("PLANNER_TRUSTED_HOSTS", "plans.example.org")
    monkeypatch.setenv("PLANNER_SCHEDULER_EVERY", "0.1")
    app = hosted_app()
    with TestClient(app, base_url="http://plans.example.org") as browser:
        wait_for(lambda: browser.get("/health").json()["scheduler"], 10, "the scheduler")
        assert browser.get("/health").json() == {
            "status": "ok",
            "database": "ok",
            "scheduler": True,
        }
        assert browser.get("/login").status_code == 200
        assert browser.get("/login", headers={"host": "evil.example"}).status_code == 421


def test_the_schedulers_log_is_json_lines_without_secrets(tmp_path: Path) -> None:
    """The scheduler's log: one JSON object per line; it says when the process becomes
    the scheduler and each delivery, a failed one with its reason, never the channel's
    password; the delivery log records the failure for the next try."""
    import io
    import logging

    from planner.web.scheduler import Scheduler, structured_logs

    engine = engine_of(f"sqlite:///{tmp_path / 'hosted.sqlite3'}")
    migrate(engine)
    now = dt.datetime.now(dt.UTC)
    create_workspace(engine, "a", "A", now)
    store = HostedStore(engine, "a")
    store.create("p", b"x", "Plan", now)
    store.reminders.add_channel(Channel("json://team:S3cretPass@127.0.0.1:9/hook"), now)
    store.reminders.add("p", "", "Plan", [Reminder("p/s", "s", now, "Announce", "body")])
    stream = io.StringIO()
    structured_logs(stream)
    try:
        scheduler = Scheduler(engine, every=0.1)
        with scheduler.running():
            wait_for(lambda: store.reminders_of("p")[0]["sent"], 20, "a delivery recorded")
    finally:
        logging.getLogger("planner").handlers = []
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    messages = [line["message"] for line in lines]
    assert "this process sends the reminders now" in messages
    assert any(m.startswith("failed: p/s (json-") for m in messages), messages
    assert {"time", "level", "logger", "pid", "message"} <= set(lines[0])
    assert "S3cretPass" not in stream.getvalue()
    assert store.reminders_of("p")[0]["sent"][0]["state"] == "failed"
