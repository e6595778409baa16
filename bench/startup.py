"""Start-up cost of the command line, side by side with importing click alone.

Run: make bench (or .venv/bin/python bench/startup.py); prints the median of N runs and
the fastest one (what timeit advises on a shared machine), in wall time and in CPU time
(user + system, as the kernel counts it for the process: a busy machine stretches a
run's wall time far more than its CPU time).
Commands run as an installed planner runs: with bytecode files (PYTHONDONTWRITEBYTECODE is
dropped, and each command runs once before it is timed).
Nothing here is asserted by the tests: figures depend on the machine.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLANNER = str(Path(sys.executable).parent / "planner")
EXAMPLE = str(ROOT / "examples" / "jardin-partage-quitte-x.toml")
RUNS = 15
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}

COMMANDS = {
    "python -c 'import click'": [sys.executable, "-c", "import click"],
    "planner --help": [PLANNER, "--help"],
    "planner check EXAMPLE": [PLANNER, "check", EXAMPLE],
    "planner plan EXAMPLE": [PLANNER, "plan", EXAMPLE],
    "planner posts EXAMPLE": [PLANNER, "posts", EXAMPLE],
}


def run(command: list[str]) -> tuple[float, float]:
    """The wall time and the CPU time of one run of ``command``."""
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _pid, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, command)
    return wall, usage.ru_utime + usage.ru_stime


def main() -> None:
    # Rounds of every command in turn, so that a slow spell of the machine weighs on all
    # of them alike; the first round only warms the caches.
    walls: dict[str, list[float]] = {label: [] for label in COMMANDS}
    cpus: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for round_ in range(RUNS + 1):
        for label, command in COMMANDS.items():
            wall, cpu = run(command)
            if round_:
                walls[label].append(wall)
                cpus[label].append(cpu)
    for title, samples in (("wall time", walls), ("CPU time", cpus)):
        show(title, samples)


def show(title: str, samples: dict[str, list[float]]) -> None:
    base = statistics.median(samples["python -c 'import click'"])
    fastest_base = min(samples["python -c 'import click'"])
    print(f"{title:28} {'median':>10}         {'fastest run':>14}")
    for label, found in samples.items():
        seconds, fastest = statistics.median(found), min(found)
        print(
            f"{label:28} {seconds * 1000:7.1f} ms   x{seconds / base:.2f}"
            f"   {fastest * 1000:7.1f} ms   x{fastest / fastest_base:.2f}"
        )


if __name__ == "__main__":
    main()
