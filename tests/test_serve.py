"""`planner serve` as a real process: it starts, serves, refuses a port in use, stops
cleanly, and keeps its plans in the reminders database."""

from __future__ import annotations

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
