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
