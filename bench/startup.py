"""Start-up cost of the command line, side by side with importing click alone.

Run: make bench (or .venv/bin/python bench/startup.py); prints the median of N runs.
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


def median_seconds(command: list[str]) -> float:
    subprocess.run(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV
    )
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=ENV
        )
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    base = None
    for label, command in COMMANDS.items():
        seconds = median_seconds(command)
        base = base or seconds
        print(f"{label:28} {seconds * 1000:7.1f} ms   x{seconds / base:.2f}")


if __name__ == "__main__":
    main()
