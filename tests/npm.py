"""The npm packages the tests use (ical.js, axe-core, the AT Protocol PDS), installed by
the tests themselves into .venv/npm on first use. `make test` runs the suite in several
processes (pytest-xdist's workers), which may want the same package at the same moment:
one installs it while the others wait on a lock file beside its folder, then find it."""

from __future__ import annotations

import fcntl
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def one_installer(prefix: Path) -> Iterator[None]:
    """Held by one process at a time for ``prefix``: look for the package inside, install
    it if missing."""
    prefix.parent.mkdir(parents=True, exist_ok=True)
    with Path(f"{prefix}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # freed when the file closes, or the process dies
        yield


def install(prefix: Path, *packages: str) -> None:
    """``npm install`` of ``packages`` (name@version) into ``prefix``."""
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", str(prefix),
         *packages],
        check=True,
        capture_output=True,
    )  # fmt: skip
