"""Shared test helpers: golden files, example paths, and the no-skip rule of CI."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

# The reference AT Protocol PDS, one per test session whichever modules use it.
from .atproto_server import account, pds  # noqa: F401
from .npm import install, one_installer
from .postgres import database, postgres  # noqa: F401 (fixtures: a real PostgreSQL)

# The tests read planner's English messages unless they choose a language themselves.
os.environ["LANGUAGE"] = "en"
# Compiled templates go to a cache of the test run's own, never to the user's.
os.environ["PLANNER_CACHE_DIR"] = tempfile.mkdtemp(prefix="planner-test-cache-")
atexit.register(shutil.rmtree, os.environ["PLANNER_CACHE_DIR"], True)

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "examples").glob("*.toml"))
GOLDEN = ROOT / "tests" / "golden"
DATA = ROOT / "tests" / "data"

# Every command and group of the CLI, for the tests that run each one's --help.
COMMANDS = [
    [],
    ["check"],
    ["plan"],
    ["new"],
    ["posts"],
    ["ics"],
    ["publish"],
    ["kit"],
    ["cards"],
    ["batch"],
    ["assess"],
    ["remind"],
    ["remind", "add"],
    ["remind", "list"],
    ["remind", "run"],
    ["remind", "due"],
    ["remind", "remove"],
    ["remind", "test"],
    ["schedule"],
    ["templates"],
    ["templates", "list"],
    ["templates", "check"],
    ["serve"],
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files from the current output (review the diff after)",
    )


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Under PLANNER_REQUIRE_ALL=1 (CI), a skipped test is a failure: nothing may hide."""
    outcome = yield
    report = outcome.get_result()
    if (
        os.environ.get("PLANNER_REQUIRE_ALL") == "1"
        and report.skipped
        and not hasattr(report, "wasxfail")
    ):
        report.outcome = "failed"
        report.longrepr = f"skipped under PLANNER_REQUIRE_ALL=1: {report.longrepr}"


class Golden:
    """Compares output with a file under tests/golden/, byte for byte."""

    def __init__(self, update: bool) -> None:
        self.update = update

    def check(self, name: str, actual: str | bytes) -> None:
        path = GOLDEN / name
        data = actual.encode("utf-8") if isinstance(actual, str) else actual
        if self.update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            return
        assert path.exists(), f"no golden file {path}; run: make golden"
        expected = path.read_bytes()
        if isinstance(actual, str):
            assert actual == expected.decode("utf-8"), f"differs from {path}"
        else:
            assert data == expected, f"differs from {path}"


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Golden:
    """Golden-file comparison; `make golden` rewrites them."""
    return Golden(bool(request.config.getoption("--update-golden")))


def npm_module(package: str, version: str, relative: str) -> Path:
    """A file of an npm package, installed once into .venv/npm by the tests themselves
    (skips, with the reason, where node or npm is missing; CI installs them)."""
    import shutil

    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip(f"node and npm are needed for {package} (apt-get install nodejs npm)")
    prefix = ROOT / ".venv" / "npm" / f"{package}-{version}"
    path = prefix / "node_modules" / package / relative
    with one_installer(prefix):
        if not path.exists():
            install(prefix, f"{package}@{version}")
    return path
