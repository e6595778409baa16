"""A real PostgreSQL for the tests: one cluster per test session, made by Debian's
``initdb`` in a temporary folder and started with ``pg_ctl`` on 127.0.0.1 and a free
port; each test gets a database of its own. The folder is in memory (/dev/shm) where
there is one with room (a container's small /dev/shm is passed over): each database is a
copy of ``template1`` of several megabytes, a run makes one for each test on PostgreSQL,
and on a busy machine's disk writing them, then deleting them all at the end, took
minutes of the run. PostgreSQL refuses to run as root (CI runs as root), so there the
cluster belongs to ``nobody`` and its programs run under that user (``setpriv``).
Without ``initdb`` the tests that need it are skipped, saying why
(and CI, which must run them, installs the ``postgresql`` package: .ci/run)."""

from __future__ import annotations

import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

USER = "planner"


def binaries() -> Path | None:
    """The folder of PostgreSQL's server programs, the newest version installed."""
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: p.parts[4])
    return versions[-1].parent if versions else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Cluster:
    """A running PostgreSQL cluster of the test session."""

    def __init__(self, bin_dir: Path, folder: Path) -> None:
        self.bin = bin_dir
        self.folder = folder
        self.data = folder / "data"
        self.port = free_port()
        self.as_root = os.geteuid() == 0

    def _run(self, *args: str) -> None:
        prefix = []
        if self.as_root:
            prefix = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(self.folder), "LC_ALL": "C.UTF-8"}
        subprocess.run([*prefix, *args], check=True, env=env, capture_output=True, timeout=120)

    def start(self) -> None:
        if self.as_root:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.folder, nobody.pw_uid, nobody.pw_gid)
        self.folder.chmod(0o700)
        self._run(
            str(self.bin / "initdb"), "-D", str(self.data), "-U", USER, "--auth=trust", "-E", "UTF8"
        )
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -F"
        self._run(
            str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options,
            "-l", str(self.folder / "log"), "-w", "start",
        )  # fmt: skip

    def stop(self) -> None:
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def new_database(self) -> str:
        """A fresh, empty database: its postgresql:// address."""
        name = "t_" + secrets.token_hex(6)
        with psycopg.connect(self.url(), autocommit=True) as db:
            db.execute(f"CREATE DATABASE {name}")  # a name of hex digits
        return self.url(name)


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """The session's PostgreSQL cluster (skipped, saying why, when none is installed)."""
    bin_dir = binaries()
    if bin_dir is None:
        pytest.skip("PostgreSQL is not installed (no initdb): apt-get install postgresql")
    memory = Path("/dev/shm")
    roomy = memory.is_dir() and shutil.disk_usage(memory).free > 4 * 2**30  # a run's databases
    place = memory if roomy and os.access(memory, os.W_OK) else None
    folder = Path(tempfile.mkdtemp(prefix="planner-pg-", dir=place))
    cluster = Cluster(bin_dir, folder)
    try:
        cluster.start()
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(folder, ignore_errors=True)
        raise RuntimeError(
            f"PostgreSQL did not start: {exc.stderr.decode(errors='replace')}"
        ) from None
    try:
        yield cluster
    finally:
        cluster.stop()
        shutil.rmtree(folder, ignore_errors=True)


def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The database of a fixture parametrized by ``local`` (a local database's path),
    ``hosted-sqlite`` or ``hosted-postgresql`` (an empty hosted database's address)."""
    if request.param == "local":
        return tmp_path / "reminders.sqlite3"
    if request.param == "hosted-sqlite":
        return f"sqlite:///{tmp_path / 'hosted.sqlite3'}"
    cluster: Cluster = request.getfixturevalue("postgres")
    return cluster.new_database()


@pytest.fixture(params=["hosted-sqlite", "hosted-postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The address of an empty hosted database: SQLite, then a real PostgreSQL."""
    found = backend(request, tmp_path)
    assert isinstance(found, str)
    return found
