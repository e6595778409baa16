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

from .test_reminders import http_receiver  # noqa: F401 (a fixture)

PLANNER = str(Path(sys.executable).parent / "planner")


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll ``condition`` until it holds; fail with ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


@pytest.fixture
def daemon(
    tmp_path: Path,
    http_receiver: tuple[str, list[tuple[str, dict[str, str]]]],  # noqa: F811
) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Starts `planner remind run` on a fresh database, sending to the HTTP receiver."""
    url, _ = http_receiver
    started: list[subprocess.Popen[bytes]] = []

    def start(*extra: str) -> subprocess.Popen[bytes]:
        log = (tmp_path / "daemon.log").open("ab")
        process = subprocess.Popen(
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
            env={**os.environ, "PLANNER_NOTIFY": url},
        )
        started.append(process)
        return process

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
    wait_for(lambda: {rid for rid, _ in received} >= expected, 60, "every reminder to arrive")
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
    wait_for(log_says(tmp_path, "reminder daemon started"), 20, "the daemon to start")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0
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
    wait_for(log_says(tmp_path, "watching 0 upcoming"), 20, "the daemon to start")
    add(tmp_path / "r.db", soon(1, spread=0))
    process.send_signal(signal.SIGHUP)
    wait_for(lambda: [rid for rid, _ in received] == ["asso/r0"], 20, "the new reminder")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=20) == 0


def test_two_daemons_on_one_database_are_refused(
    tmp_path: Path, daemon: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """A second daemon on the same database stops at once with a clear message."""
    first = daemon()
    wait_for(log_says(tmp_path, "reminder daemon started"), 20, "the first daemon")
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
