"""The hosted mode's one reminder scheduler, with real processes on a real PostgreSQL:
three `planner serve --hosted` processes share one database; exactly one of them (the
holder of the advisory lock) sends the 200 reminders due over two minutes and publishes
the Bluesky posts; it is SIGKILLed twice while reminders are due (early in the two minutes,
then in their middle), another takes over each time, every reminder arrives, no more
repeat than there were kills, and every Bluesky post is on the reference PDS exactly once.
And the scheduler posts each workspace's Bluesky posts with that workspace's account."""

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
from sqlalchemy import select

from planner.bluesky import record_key
from planner.notify import Channel
from planner.outbox import Outgoing
from planner.reminders import Reminder
from planner.web import schema as s
from planner.web.database import engine_of, migrate
from planner.web.hosted import HostedStore, create_workspace
from planner.web.scheduler import Lock

from .atproto_server import posts_on_server
from .postgres import Cluster, free_port
from .web import LOOPBACK, Receiver

COUNT = 200
POSTS = 40
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
    postgres: Cluster, receiver: Receiver, tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """200 reminders and, in another workspace, 40 Bluesky posts due over two minutes,
    three processes: each reminder arrives; the sender is killed (SIGKILL) once early in
    the two minutes and once in their middle, each time with reminders still to send, and
    another process takes over; repeats <= kills; each post is sent, and on the server
    once."""
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
    create_workspace(engine, "b", "B", dt.datetime.now(dt.UTC))
    posting = HostedStore(engine, "b")
    posting.create("q", b"x", "Plan", dt.datetime.now(dt.UTC))
    fields = {"handle": account["handle"], "app_password": account["app_password"]}
    posting.reminders.save_account("bluesky", {**fields, "service": pds}, dt.datetime.now(dt.UTC))
    posts = [
        outgoing("q", f"x/remind-{i}", start + SPREAD * i / POSTS, f"Rappel {i}")
        for i in range(POSTS)
    ]
    posting.register_posts("q", "Plan", None, "UTC", posts)  # type: ignore[arg-type]
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
                "--allow-network",
                "127.0.0.1",
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

        def states() -> list[str | None]:
            with engine.connect() as db:
                return list(db.execute(select(s.outbox.c.state)).scalars())

        wait_for(lambda: set(states()) == {"sent"}, 60, "every Bluesky post sent")
        on_server = [r["uri"].rsplit("/", 1)[1] for r in posts_on_server(pds, account["did"])]
        assert sorted(on_server) == sorted(p.rkey for p in posts)  # each once
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
        scheduler = Scheduler(engine, every=0.1, allow=LOOPBACK)  # a real failure: port 9
        with scheduler.running():
            wait_for(lambda: store.reminders_of("p")[0]["sent"], 20, "a delivery recorded")
    finally:
        logging.getLogger("planner").handlers = []
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    messages = [line["message"] for line in lines]
    assert "this process sends the reminders now" in messages
    assert any(m.startswith("workspace a: failed: p/s (json-") for m in messages), messages
    assert {"time", "level", "logger", "pid", "message"} <= set(lines[0])
    assert "S3cretPass" not in stream.getvalue()
    assert store.reminders_of("p")[0]["sent"][0]["state"] == "failed"


def outgoing(plan: str, step: str, due: dt.datetime, text: str) -> Outgoing:
    """A Bluesky post of a plan, as the switch registers it."""
    due = due.replace(microsecond=0)
    return Outgoing(f"{plan}/{step}", step, due, text, "fr", record_key(plan, step, due))


def test_the_scheduler_posts_each_workspaces_bluesky_posts_with_its_own_account(
    database: str, pds: str, account: dict[str, str], tmp_path: Path
) -> None:
    """Three workspaces on one database: a's and b's due posts go to the reference PDS,
    each on its own workspace's account; c, without an account, fails with the fix; a
    post never tried two hours late is missed, one ahead waits; a post found 'sending'
    (its scheduler killed during the send) that is already on the server is recorded
    sent, not posted again. The JSON log names each post and never a password."""
    import io
    import logging

    from planner.accounts import BlueskyAccount
    from planner.bluesky import Poster, record, rich_text
    from planner.web.scheduler import Scheduler, structured_logs

    from .atproto_server import new_account, posts_on_server

    other = new_account(pds)
    engine = engine_of(database)
    migrate(engine)
    now = dt.datetime.now(dt.UTC)
    stores = {}
    for name, owner in (("a", account), ("b", other), ("c", None)):
        create_workspace(engine, name, name.upper(), now)
        store = stores[name] = HostedStore(engine, name)
        store.create("p", b"x", "Plan", now)
        if owner is not None:
            fields = {"handle": owner["handle"], "app_password": owner["app_password"]}
            store.reminders.save_account("bluesky", {**fields, "service": pds}, now)
    crashed = outgoing("p", "x/remind-1", now - dt.timedelta(hours=3), "Déjà là")
    a_posts = [
        outgoing("p", "x/announce", now - dt.timedelta(seconds=5), "A : https://a.example.org"),
        outgoing("p", "x/late", now - dt.timedelta(hours=2), "Trop tard"),
        outgoing("p", "x/final", now + dt.timedelta(hours=1), "Plus tard"),
        crashed,
    ]
    stores["a"].register_posts("p", "Plan", None, "UTC", a_posts)  # type: ignore[arg-type]
    b_post = outgoing("p", "x/announce", now - dt.timedelta(seconds=5), "B #Jardin")
    stores["b"].register_posts("p", "Plan", None, "UTC", [b_post])  # type: ignore[arg-type]
    stores["c"].register_posts("p", "Plan", None, "UTC", [b_post])  # type: ignore[arg-type]
    # The crashed one: on the server, and left 'sending' by a scheduler killed there.
    poster = Poster(BlueskyAccount(account["handle"], account["app_password"], pds))
    poster.publish(crashed.rkey, record(crashed.text, "fr", crashed.due))
    with engine.begin() as db:
        db.execute(
            s.outbox.update()
            .where(s.outbox.c.workspace == "a", s.outbox.c.step == "x/remind-1")
            .values(state="sending", attempts=1)
        )

    def states(workspace: str) -> dict[str, str | None]:
        o = s.outbox
        with engine.connect() as db:
            rows = db.execute(select(o.c.step, o.c.state).where(o.c.workspace == workspace))
            return {str(step): state for step, state in rows}

    stream = io.StringIO()
    structured_logs(stream)
    try:
        with Scheduler(engine, every=0.1, allow=LOOPBACK).running():
            wait_for(
                lambda: (
                    None not in (states("b")["x/announce"], states("c")["x/announce"])
                    and states("a")["x/announce"] == "sent"
                    and states("a")["x/remind-1"] == "sent"
                ),
                60,
                "every due post handled",
            )
    finally:
        logging.getLogger("planner").handlers = []
    assert states("a") == {
        "x/announce": "sent",
        "x/late": "missed",
        "x/final": None,
        "x/remind-1": "sent",
    }
    assert states("b") == {"x/announce": "sent"} and states("c") == {"x/announce": "failed"}
    on_a = {
        r["uri"].rsplit("/", 1)[1]: r["value"]["text"] for r in posts_on_server(pds, account["did"])
    }
    assert on_a == {
        a_posts[0].rkey: rich_text(a_posts[0].text)[0],
        crashed.rkey: "Déjà là",
    }
    on_b = [r["value"]["text"] for r in posts_on_server(pds, other["did"])]
    assert on_b == ["B #Jardin"]
    with engine.connect() as db:
        error = db.execute(select(s.outbox.c.error).where(s.outbox.c.workspace == "c")).scalar()
    assert error == (
        "No Bluesky account yet: add its handle and an app password on the Accounts page."
    )
    listed = stores["a"].posted("p", dt.datetime.now(dt.UTC), "Europe/Paris")
    assert {r.step: r.status for r in listed} == {
        "x/announce": "sent",
        "x/late": "missed",
        "x/final": "upcoming",
        "x/remind-1": "late",  # on the server since the crash, recorded three hours late
    }
    url = f"https://bsky.app/profile/{account['handle']}/post/{a_posts[0].rkey}"
    assert any(r.url == url and "posted on Bluesky at" in r.details for r in listed)
    messages = [json.loads(line)["message"] for line in stream.getvalue().splitlines()]
    # Each line names its workspace: the three post p/x/announce.
    assert f"workspace a: sent: post p/x/announce (Bluesky (@{account['handle']}))" in messages
    assert f"workspace b: sent: post p/x/announce (Bluesky (@{other['handle']}))" in messages
    assert any(m.startswith("workspace a: missed: post p/x/late") for m in messages), messages
    assert any(
        m.startswith("workspace c: failed: post p/x/announce (Bluesky): No Bluesky account")
        for m in messages
    )
    for secret in (account["app_password"], other["app_password"]):
        assert secret not in stream.getvalue()
