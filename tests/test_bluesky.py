"""Bluesky posts from the daemon, against the reference AT Protocol PDS from npm
(``@atproto/pds`` 0.4.217, the last release for Node 20, with a PLC directory from
``@did-plc/server`` in memory), both on 127.0.0.1, started once per test session
(tests/pds/start.js). Every check reads the server's own API."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from planner.bluesky import record, record_key, rich_text
from planner.outbox import Outgoing, register
from planner.reminders import open_store

from .atproto_server import environment, posts_on_server
from .test_schedule import decision

PLANNER = str(Path(sys.executable).parent / "planner")


# --- the record, without a server ----------------------------------------------------------


def test_links_are_shortened_as_counted_with_facets_on_utf8_bytes() -> None:
    """Each link shows as `planner posts` counted it, and its facet spans exactly those
    UTF-8 bytes (after accents and an emoji), pointing at the full URL; hashtags get tags."""
    text = "Café ☕ 👩‍👩‍👧 : https://jardin.example.org/lettre/inscription?utm=1. #QuitterX #2027"
    posted, facets = rich_text(text)
    assert posted == "Café ☕ 👩‍👩‍👧 : jardin.example.org/lettre/inscr.... #QuitterX #2027"
    data = posted.encode("utf-8")
    spans = [
        (data[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode(), f["features"][0])
        for f in facets
    ]
    assert spans == [
        (
            "jardin.example.org/lettre/inscr...",
            {
                "$type": "app.bsky.richtext.facet#link",
                "uri": "https://jardin.example.org/lettre/inscription?utm=1",
            },
        ),
        ("#QuitterX", {"$type": "app.bsky.richtext.facet#tag", "tag": "QuitterX"}),
    ]
    from planner.lengths import count_bluesky, graphemes

    assert graphemes(posted) == count_bluesky(text)  # what is posted is what was counted


def test_record_key_is_a_tid_from_plan_step_and_time() -> None:
    """The key is a valid TID (the lexicon's key type), the same for the same post, another
    for another step or time."""
    due = dt.datetime(2027, 1, 2, 9, 0, tzinfo=dt.UTC)
    key = record_key("jardin", "x/announce", due)
    assert re.fullmatch(r"[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}", key)
    assert key == record_key("jardin", "x/announce", due)
    assert key != record_key("jardin", "x/remind-1", due)
    assert key != record_key("jardin", "x/announce", due + dt.timedelta(hours=1))
    assert record("Bonjour", "fr", due) == record("Bonjour", "fr", due)


# --- the real server (tests/atproto_server.py; its fixtures are in conftest.py) -------------


def plain(facets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Facets as planner writes them: the PDS adds the ``$type`` of the facet and of its
    byte slice when it validates the record (the lexicon's refs)."""
    return [
        {
            "index": {"byteStart": f["index"]["byteStart"], "byteEnd": f["index"]["byteEnd"]},
            "features": f["features"],
        }
        for f in facets
    ]


def add_posts(db: Path, plan: str, items: list[tuple[str, dt.datetime, str]]) -> None:
    """Posts for the daemon, due at the given times (steps named as given)."""
    with open_store(db) as store, store.db:
        store.register(plan, "/test", "Test plan", None, replace=True)
        register(
            store.db,
            plan,
            [
                Outgoing(f"{plan}/{s}", s, due, text, "fr", record_key(plan, s, due))
                for s, due, text in items
            ],
        )


def remind(db: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            PLANNER,
            "remind",
            "--db",
            str(db),
            "--config",
            "/nonexistent.toml",
            "--accounts",
            "/nonexistent.toml",
            *args,
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_schedule_bluesky_then_due_posts_with_facets(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """`schedule --bluesky` hands the plan's future Bluesky posts to the daemon; one that
    comes due is posted once, with clickable links, in the plan's language, and `remind
    list` shows its link; the app password never shows."""
    path = decision(tmp_path)
    text = (
        path.read_text("utf-8")
        + '\n[[destination]]\nkind = "bluesky"\naddress = "@amis.bsky.social"\n'
    )
    path.write_text(text, "utf-8")
    env = environment(pds, account)
    result = subprocess.run(
        [
            PLANNER,
            "schedule",
            str(path),
            "--bluesky",
            "--db",
            str(tmp_path / "r.db"),
            "--accounts",
            "/nonexistent.toml",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert re.search(r"\d+ added, 0 updated, 0 removed, 0 unchanged", result.stdout)
    with sqlite3.connect(tmp_path / "r.db") as db:
        count = db.execute("SELECT count(*) FROM posts").fetchone()[0]
        # The announcement comes due now (the others stay ahead).
        db.execute(
            "UPDATE posts SET due = ? WHERE step = 'x/announce'",
            (dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),),
        )
        rkey, wanted = db.execute(
            "SELECT rkey, text FROM posts WHERE step = 'x/announce'"
        ).fetchone()
    db.close()
    assert count >= 5
    due = remind(tmp_path / "r.db", env, "due")
    assert due.returncode == 0, due.stderr
    assert "sent: post" in due.stderr
    assert due.stderr.count("signed in to Bluesky") == 1
    server = posts_on_server(pds, account["did"])
    assert len(server) == 1
    value = server[0]["value"]
    assert server[0]["uri"].endswith(f"/app.bsky.feed.post/{rkey}")
    assert value["langs"] == ["fr"]
    posted, facets = rich_text(wanted)
    assert value["text"] == posted and plain(value["facets"]) == facets
    links = [f for f in value["facets"] if f["features"][0]["$type"].endswith("#link")]
    assert links and all(f["features"][0]["uri"].startswith("https://") for f in links)
    again = remind(tmp_path / "r.db", env, "due")
    assert again.returncode == 0 and len(posts_on_server(pds, account["did"])) == 1
    listing = remind(tmp_path / "r.db", env, "list")
    assert "posted on Bluesky at" in listing.stdout
    assert f"https://bsky.app/profile/{account['handle']}/post/{rkey}" in listing.stdout
    for output in (result, due, again, listing):
        assert account["app_password"] not in output.stdout + output.stderr


def test_too_late_is_missed_never_posted(tmp_path: Path, pds: str, account: dict[str, str]) -> None:
    """A post two hours late when the daemon first sees it is recorded as missed and
    reported, not posted."""
    db = tmp_path / "r.db"
    add_posts(
        db, "late", [("x/final", dt.datetime.now(dt.UTC) - dt.timedelta(hours=2), "Au revoir")]
    )
    result = remind(db, environment(pds, account), "due")
    assert result.returncode == 0, result.stderr
    assert "missed: post late/x/final" in result.stderr
    assert posts_on_server(pds, account["did"]) == []
    assert "missed" in remind(db, environment(pds, account), "list").stdout


def test_a_crash_after_the_post_finds_it_there(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """The daemon died after the server took the post and before the database said so
    (state 'sending'), even hours ago: the next run finds the post by its key, and marks
    it sent without posting again."""
    from planner.accounts import BlueskyAccount
    from planner.bluesky import Poster

    db = tmp_path / "r.db"
    due = dt.datetime.now(dt.UTC) - dt.timedelta(hours=3)
    add_posts(db, "crash", [("x/announce", due, "Nous partons : https://jardin.example.org")])
    key = record_key("crash", "x/announce", due)
    poster = Poster(BlueskyAccount(account["handle"], account["app_password"], pds))
    poster.publish(key, record("Nous partons : https://jardin.example.org", "fr", due))
    with sqlite3.connect(db) as connection:
        connection.execute("UPDATE posts SET state = 'sending', attempts = 1")
    connection.close()
    result = remind(db, environment(pds, account), "due")
    assert "sent: post crash/x/announce" in result.stderr, result.stderr
    assert len(posts_on_server(pds, account["did"])) == 1


def test_a_refused_app_password_fails_the_post_without_showing_it(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """A wrong app password: the post is failed with the reason (retried later), and the
    password appears nowhere."""
    db = tmp_path / "r.db"
    add_posts(db, "refused", [("x/announce", dt.datetime.now(dt.UTC), "Bonjour")])
    env = environment(pds, account) | {"PLANNER_BLUESKY_APP_PASSWORD": "abcd-efgh-ijkl-mnop"}
    result = remind(db, env, "due")
    assert result.returncode == 0
    assert "failed: post refused/x/announce" in result.stderr
    assert "the handle or the app password was refused" in result.stderr
    assert "abcd-efgh-ijkl-mnop" not in result.stderr + result.stdout
    assert "abcd-efgh-ijkl-mnop" not in db.read_bytes().decode("latin-1")
    assert posts_on_server(pds, account["did"]) == []


def test_every_post_once_across_a_daemon_killed_at_random(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """Posts due over about 20 seconds; `remind run` is SIGKILLed at random moments and
    started again until all are sent. The server then holds each post exactly once, and
    each was posted within a minute of its time, with one sign-in per daemon run."""
    db = tmp_path / "r.db"
    start = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(seconds=3)
    items = [
        (
            f"x/remind-{n}",
            start + dt.timedelta(seconds=2 * n),
            f"Rappel numéro {n} : https://jardin.example.org/r/{n}",
        )
        for n in range(10)
    ]
    add_posts(db, "kill", items)
    env = environment(pds, account)
    log = tmp_path / "daemon.log"
    rng = random.Random(21)
    runs = 0

    def unsent() -> int:
        with sqlite3.connect(db) as connection:
            left = connection.execute(
                "SELECT count(*) FROM posts WHERE state IS NULL OR state != 'sent'"
            ).fetchone()[0]
        connection.close()
        return int(left)

    deadline = time.monotonic() + 180
    while unsent() and time.monotonic() < deadline:
        runs += 1
        with log.open("ab") as handle:
            daemon = subprocess.Popen(
                [
                    PLANNER,
                    "remind",
                    "--db",
                    str(db),
                    "--config",
                    "/nonexistent.toml",
                    "--accounts",
                    "/nonexistent.toml",
                    "run",
                    "--resync",
                    "1s",
                ],
                stdout=subprocess.DEVNULL,
                stderr=handle,
                env=env,
            )
        if runs <= 12:
            time.sleep(rng.uniform(0.5, 3.0))
            daemon.send_signal(signal.SIGKILL)
            daemon.wait(30)
        else:  # then let it finish
            while unsent() and time.monotonic() < deadline:
                time.sleep(0.2)
            daemon.terminate()
            daemon.wait(30)
    assert unsent() == 0, log.read_text("utf-8")[-3000:]
    server = posts_on_server(pds, account["did"])
    texts = sorted(r["value"]["text"] for r in server)
    wanted = sorted(rich_text(text)[0] for _s, _d, text in items)
    assert texts == wanted  # every post, none twice
    with sqlite3.connect(db) as connection:
        rows = connection.execute("SELECT due, at FROM posts").fetchall()
    connection.close()
    for due_text, at_text in rows:
        late = dt.datetime.fromisoformat(
            at_text.replace("Z", "+00:00")
        ) - dt.datetime.fromisoformat(due_text.replace("Z", "+00:00"))
        assert late < dt.timedelta(minutes=1), (due_text, at_text)
    assert runs > 1
    # One session per daemon run, however many posts it sent (and none for a run killed
    # before its first post).
    assert 1 <= log.read_text("utf-8").count("signed in to Bluesky") <= runs


def test_remind_due_posts_with_the_account_saved_in_planner_serve(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """With no variable and no accounts file, `remind due` posts with the account saved in
    planner serve's settings (the same database); the password shows nowhere."""
    db = tmp_path / "r.db"
    add_posts(db, "saved", [("x/announce", dt.datetime.now(dt.UTC), "Bonjour")])
    with open_store(db) as store:
        store.save_account(
            "bluesky",
            {"handle": account["handle"], "app_password": account["app_password"], "service": pds},
            dt.datetime.now(dt.UTC),
        )
    env = {k: v for k, v in os.environ.items() if not k.startswith("PLANNER_BLUESKY")}
    result = remind(db, env | {"LANGUAGE": "en"}, "due")
    assert result.returncode == 0, result.stderr
    assert f"sent: post saved/x/announce on Bluesky (@{account['handle']})" in result.stderr
    assert len(posts_on_server(pds, account["did"])) == 1
    assert account["app_password"] not in result.stdout + result.stderr
