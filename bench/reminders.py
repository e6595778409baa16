"""The reminder daemon under load: 10,000 reminders across 700 plans.

Measures, on a real `planner remind run` process sending to an HTTP receiver on
127.0.0.1: the time from start until every timer is armed, the daemon's memory (RSS),
and the delay between each reminder's due time and its arrival (for the 200 reminders
due during the run). Run: make bench (or .venv/bin/python bench/reminders.py)
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from planner.reminders import Reminder, open_store

PLANS, TOTAL, SOON = 700, 10_000, 200
arrivals: dict[str, float] = {}


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        arrivals.setdefault(self.headers.get("X-Planner-Reminder", ""), time.time())
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


def main() -> None:
    folder = Path(tempfile.mkdtemp())
    db = folder / "r.db"
    now = dt.datetime.now(dt.UTC)
    start_sending = now + dt.timedelta(seconds=20)
    per_plan: dict[int, list[Reminder]] = {}
    for i in range(TOTAL):
        soon = i < SOON
        due = (
            start_sending + dt.timedelta(seconds=i * 10 / SOON)
            if soon
            else now + dt.timedelta(days=1 + i % 300, minutes=i % 1440)
        )
        per_plan.setdefault(i % PLANS, []).append(
            Reminder(
                f"plan-{i % PLANS}/step-{i}",
                f"step-{i}",
                due.replace(microsecond=0),
                f"Step {i}",
                "Body " * 40,
            )
        )
    with open_store(db) as store:
        for plan, reminders in per_plan.items():
            store.add(f"plan-{plan}", f"plan-{plan}.toml", f"Association {plan}", reminders)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {**os.environ, "PLANNER_NOTIFY": f"json://127.0.0.1:{server.server_port}/hook"}
    log = folder / "daemon.log"
    began = time.monotonic()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "planner"), "remind", "--db", str(db), "run"],
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
        env=env,
    )
    while "watching" not in log.read_text(errors="replace"):
        time.sleep(0.01)
        if process.poll() is not None:
            sys.exit(log.read_text())
    loaded = time.monotonic() - began
    rss = next(
        int(line.split()[1])
        for line in Path(f"/proc/{process.pid}/status").read_text().splitlines()
        if line.startswith("VmRSS")
    )
    deadline = time.time() + 90
    horizon = start_sending + dt.timedelta(seconds=11)
    wanted = {r.id: r.due for rs in per_plan.values() for r in rs if r.due <= horizon}
    while set(wanted) - set(arrivals) and time.time() < deadline:
        time.sleep(0.1)
    process.send_signal(signal.SIGTERM)
    process.wait(timeout=30)
    server.shutdown()
    delays = sorted(
        arrivals[rid] - due.timestamp() for rid, due in wanted.items() if rid in arrivals
    )
    print(
        json.dumps(
            {
                "reminders": TOTAL,
                "plans": PLANS,
                "start_until_all_timers_armed_s": round(loaded, 2),
                "rss_after_start_MiB": round(rss / 1024, 1),
                "delivered_during_run": f"{len(delays)}/{len(wanted)}",
                "delay_s": {
                    "median": round(statistics.median(delays), 3),
                    "p95": round(delays[int(len(delays) * 0.95) - 1], 3),
                    "max": round(delays[-1], 3),
                },
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
