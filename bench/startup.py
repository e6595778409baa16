"""Start-up cost of the command line, side by side with importing click alone.

Run: make bench (or .venv/bin/python bench/startup.py); prints the median of N runs and
the fastest one (what timeit advises on a shared machine).
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


def run(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV
    )
    return time.perf_counter() - start


def main() -> None:
    # Rounds of every command in turn, so that a slow spell of the machine weighs on all
    # of them alike; the first round only warms the caches.
    samples: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for round_ in range(RUNS + 1):
        for label, command in COMMANDS.items():
            seconds = run(command)
            if round_:
                samples[label].append(seconds)
    base = statistics.median(samples["python -c 'import click'"])
    fastest_base = min(samples["python -c 'import click'"])
    print(f"{'':28} {'median':>10}         {'fastest run':>14}")
    for label, found in samples.items():
        seconds, fastest = statistics.median(found), min(found)
        print(
            f"{label:28} {seconds * 1000:7.1f} ms   x{seconds / base:.2f}"
            f"   {fastest * 1000:7.1f} ms   x{fastest / fastest_base:.2f}"
        )


if __name__ == "__main__":
    main()
