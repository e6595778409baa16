"""`planner serve` as a real process: it starts, serves, refuses a port in use, stops
cleanly, and keeps its plans in the reminders database."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import httpx2

from .conftest import ROOT
from .web import Server

PLANNER = str(Path(sys.executable).parent / "planner")
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def test_serve_runs_and_stops_cleanly(tmp_path: Path) -> None:
    """The process serves a plan uploaded over HTTP, says where it listens, and stops
    on SIGTERM with exit 0 and no traceback; the plan is in the database of --data."""
    server = Server(tmp_path / "data")
    try:
        with httpx2.Client(base_url=server.url) as http:
            http.get("/plans")
            response = http.post(
                "/plans/new/upload",
                data={"csrf": http.cookies["planner_csrf"]},
                files={"file": (JARDIN.name, JARDIN.read_bytes())},
            )
            assert response.status_code == 303
            assert "Les Amis du Jardin" in http.get("/plans").text
    finally:
        code, out, err = server.stop()
    assert code == 0, err
    assert f"open {server.url}/ in your browser" in err
    assert "Traceback" not in err + out
    assert (tmp_path / "data" / "reminders.sqlite3").exists()
    again = Server(tmp_path / "data")
    try:
        assert "Les Amis du Jardin" in httpx2.get(f"{again.url}/plans").text
    finally:
        again.stop()


def test_a_port_in_use_is_one_line(tmp_path: Path) -> None:
    """A second server on the same port: one line naming the port and what to do, exit 1."""
    server = Server(tmp_path / "one")
    try:
        done = subprocess.run(
            [PLANNER, "serve", "--port", str(server.port), "--data", str(tmp_path / "two")],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        server.stop()
    assert done.returncode == 1
    assert done.stderr.startswith(f"Error: --port {server.port}: cannot listen there")
    assert len(done.stderr.splitlines()) == 1


def test_a_reminder_set_up_in_the_browser_is_delivered_once(tmp_path: Path) -> None:
    """`planner serve --remind`: a channel and a plan's reminders set up over HTTP as the
    browser does; the reminder due a few seconds later reaches the HTTP receiver, and
    each reminder arrives once."""
    import collections
    import datetime as dt
    import time

    from planner.decision import load
    from planner.timeline import build_plan

    from .web import Receiver

    now = dt.datetime.now(dt.UTC)
    soon = now + dt.timedelta(minutes=2)
    day = soon.date()
    decision = (
        JARDIN.read_text("utf-8")
        .replace("decided_on = 2026-11-26", f"decided_on = {day}")
        .replace("date = 2027-01-15", f"date = {day + dt.timedelta(days=28)}")
        .replace('timezone = "Europe/Paris"', 'timezone = "UTC"')
        .replace("post_time = 10:00:00", f"post_time = {soon:%H:%M}:00")
    )
    path = tmp_path / "soon.toml"
    path.write_text(decision, "utf-8")
    plan = build_plan(load(path))
    step = next(s for s in plan.steps if isinstance(s.start, dt.datetime))
    receiver = Receiver()
    server = Server(
        tmp_path / "data",
        "--remind",
        "--config",
        str(tmp_path / "none.toml"),
        env={"PLANNER_NOTIFY": ""},
    )
    try:
        with httpx2.Client(base_url=server.url) as http:
            http.get("/plans")
            token = http.cookies["planner_csrf"]
            http.post("/reminders", data={"csrf": token, "action": "add", "url": receiver.url})
            response = http.post(
                "/plans/new/upload",
                data={"csrf": token},
                files={"file": (path.name, path.read_bytes())},
            )
            assert response.status_code == 303
            lead = int((step.start - dt.datetime.now(dt.UTC)).total_seconds()) - 4
            response = http.post(
                f"/plans/{plan.key}/reminders",
                data={"csrf": token, "action": "on", "lead": f"{lead}s"},
            )
            assert response.status_code == 303
        wanted = f"{plan.key}/{step.id}"
        deadline = time.monotonic() + 60
        while wanted not in [r[0] for r in receiver.received] and time.monotonic() < deadline:
            time.sleep(0.1)
    finally:
        code, _out, err = server.stop()
        receiver.close()
    assert code == 0, err
    received = collections.Counter(r[0] for r in receiver.received)
    assert received[wanted] == 1, (received, err)
    assert set(received.values()) == {1}
    assert "Reminders are sent from this process" in err
    assert f"sent: {wanted} on json://" in err


def test_serve_remind_posts_on_bluesky_with_the_account_saved_in_the_browser(
    tmp_path: Path, pds: str, account: dict[str, str]
) -> None:
    """`planner serve --remind`, with no account anywhere at its start: the Bluesky account
    saved in the settings and the plan's switch turned on over HTTP as the browser does;
    the post due a minute later arrives on the reference PDS once, at its minute, with
    its facets, and the reminders page shows it posted, with its link. The app password
    is in no answer and no line the process printed."""
    import datetime as dt
    import time

    from planner.bluesky import record_key, rich_text
    from planner.decision import load
    from planner.posts import render_posts
    from planner.timeline import build_plan

    from .atproto_server import posts_on_server

    # The next whole minute at least 20 seconds ahead: the steps' times are in minutes.
    soon = (dt.datetime.now(dt.UTC) + dt.timedelta(seconds=80)).replace(second=0, microsecond=0)
    day = soon.date()
    decision = (
        JARDIN.read_text("utf-8")
        .replace("decided_on = 2026-11-26", f"decided_on = {day}")
        .replace("date = 2027-01-15", f"date = {day + dt.timedelta(days=28)}")
        .replace('timezone = "Europe/Paris"', 'timezone = "UTC"')
        .replace("post_time = 10:00:00", f"post_time = {soon:%H:%M}:00")
        + '\n[[destination]]\nkind = "bluesky"\naddress = "@amisdujardin.bsky.social"\n'
    )
    path = tmp_path / "soon.toml"
    path.write_text(decision, "utf-8")
    plan = build_plan(load(path))
    post = next(p for p in render_posts(plan) if p.channel == "bluesky")
    assert (post.step.id, post.step.start) == ("x/announce", soon)
    server = Server(
        tmp_path / "data",
        "--remind",
        "--config",
        str(tmp_path / "none.toml"),
        "--accounts",
        str(tmp_path / "no-accounts.toml"),
        env={
            "PLANNER_NOTIFY": "",
            "PLANNER_BLUESKY_HANDLE": "",
            "PLANNER_BLUESKY_APP_PASSWORD": "",
        },
    )
    answers = []
    page = ""
    try:
        with httpx2.Client(base_url=server.url) as http:
            http.get("/plans")
            token = http.cookies["planner_csrf"]
            answers.append(
                http.post(
                    "/plans/new/upload",
                    data={"csrf": token},
                    files={"file": (path.name, path.read_bytes())},
                )
            )
            answers.append(
                http.post(
                    "/accounts",
                    data={
                        "csrf": token,
                        "action": "save-bluesky",
                        "handle": account["handle"],
                        "app_password": account["app_password"],
                        "service": pds,
                    },
                )
            )
            answers.append(
                http.post(f"/plans/{plan.key}/bluesky", data={"csrf": token, "bluesky": "on"})
            )
            assert [a.status_code for a in answers] == [303, 303, 303]
            deadline = time.monotonic() + 150
            while "posted on Bluesky at" not in page and time.monotonic() < deadline:
                time.sleep(0.5)
                answers.append(http.get(f"/plans/{plan.key}/reminders"))
                page = answers[-1].text
            answers += [http.get("/accounts"), http.get(f"/plans/{plan.key}/reminders")]
    finally:
        code, out, err = server.stop()
    assert code == 0, err
    assert "Traceback" not in err
    assert "posted on Bluesky at" in page, err
    rkey = record_key(plan.key, "x/announce", soon)
    server_posts = posts_on_server(pds, account["did"])
    assert [r["uri"].rsplit("/", 1)[1] for r in server_posts] == [rkey]  # once
    value = server_posts[0]["value"]
    assert value["text"] == rich_text(post.text)[0]
    assert [f["features"][0]["uri"] for f in value["facets"] if "uri" in f["features"][0]]
    assert f"https://bsky.app/profile/{account['handle']}/post/{rkey}" in page
    assert f"sent: post {plan.key}/x/announce on Bluesky (@{account['handle']})" in err
    assert err.count("signed in to Bluesky") == 1
    with sqlite3.connect(tmp_path / "data" / "reminders.sqlite3") as db:
        (at,) = db.execute("SELECT at FROM posts WHERE step = 'x/announce'").fetchone()
    db.close()
    sent = dt.datetime.fromisoformat(at.replace("Z", "+00:00"))
    assert dt.timedelta(0) <= sent - soon < dt.timedelta(minutes=1)  # at its minute
    for answer in answers:
        assert account["app_password"] not in answer.text + str(answer.headers)
    assert account["app_password"] not in out + err
