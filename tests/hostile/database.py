"""The reminders database and its place: a read-only folder, a damaged or foreign file, a
folder or a device where the file should be, a lock that cannot be taken, a plan no file
names any more."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from . import Case

DATA = Path(__file__).resolve().parent.parent / "data"
DB = "{tmp}/store/r.db"
JARDIN = "{examples}/jardin-partage-quitte-x.toml"
RUN = ("--config", "{tmp}/none.toml", "run")


def database(tmp: Path) -> Path:
    """The first release's database (23 reminders), migrated, at store/r.db; a copy of its
    bytes is kept at before.db for :func:`untouched`."""
    from planner.reminders import open_store

    db = tmp / "store" / "r.db"
    db.parent.mkdir(exist_ok=True)
    db.write_bytes((DATA / "reminders-v1.sqlite3").read_bytes())
    with open_store(db):
        pass
    (tmp / "before.db").write_bytes(db.read_bytes())
    return db


def a_database(tmp: Path) -> None:
    database(tmp)


def untouched(tmp: Path) -> None:
    """The database has not changed by a byte."""
    assert (tmp / "store" / "r.db").read_bytes() == (tmp / "before.db").read_bytes()


def read_only_folder(tmp: Path) -> None:
    """store/ holds the database and may not be written to (0555)."""
    database(tmp).parent.chmod(0o555)


def damaged(tmp: Path) -> None:
    """The reminders table's root page emptied, as tests/test_database.py explains."""
    db = database(tmp)
    connection = sqlite3.connect(db)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'reminders'"
        ).fetchone()
    finally:
        connection.close()
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(bytes([0x0D, 0, 0, 0, 0]) + (page_size % 65536).to_bytes(2, "big") + b"\0")
    (tmp / "before.db").write_bytes(db.read_bytes())


def newer(tmp: Path) -> None:
    """A database that a later planner (one more schema version) wrote."""
    from planner.reminders import VERSION

    db = database(tmp)
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {VERSION + 1}")
    connection.close()
    (tmp / "before.db").write_bytes(db.read_bytes())


def write(relative: str, text: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        path = tmp / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")

    return setup


def folder(relative: str, mode: int = 0o755) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        (tmp / relative).mkdir(parents=True)
        (tmp / relative).chmod(mode)

    return setup


def kept(relative: str, text: str) -> Callable[[Path], None]:
    def after(tmp: Path) -> None:
        assert (tmp / relative).read_text("utf-8") == text

    return after


def with_lock_folder(tmp: Path) -> None:
    database(tmp)
    (tmp / "store" / "r.db.lock").mkdir()


def read_only_file(tmp: Path) -> None:
    database(tmp).chmod(0o444)


def is_current_database(tmp: Path) -> None:
    from planner.reminders import VERSION

    connection = sqlite3.connect(tmp / "empty.db")
    try:
        assert connection.execute("PRAGMA user_version").fetchone() == (VERSION,)
    finally:
        connection.close()


CASES = [
    # A folder planner may not write to: every command names it and says what to do.
    Case(
        "db-read-only-folder-due",
        ("remind", "--db", DB, "due"),
        setup=read_only_folder,
        after=untouched,
        sandbox="unprivileged",
    ),
    Case(
        "db-read-only-folder-run",
        ("remind", "--db", DB, *RUN),
        setup=read_only_folder,
        after=untouched,
        sandbox="unprivileged",
        timeout=30,
    ),
    Case(
        "db-read-only-folder-list",
        ("remind", "--db", DB, "list"),
        setup=read_only_folder,
        after=untouched,
        sandbox="unprivileged",
    ),
    Case(
        "db-read-only-folder-remove",
        ("remind", "--db", DB, "remove", JARDIN),
        setup=read_only_folder,
        after=untouched,
        sandbox="unprivileged",
    ),
    Case(
        "db-read-only-folder-add-new",
        ("remind", "--db", DB, "add", JARDIN),
        setup=folder("store", 0o555),
        sandbox="unprivileged",
    ),
    Case(
        "db-default-place-read-only",
        ("remind", "due"),
        setup=folder(".home/data", 0o555),
        sandbox="unprivileged",
    ),
    Case(
        "db-read-only-file-add",
        ("remind", "--db", DB, "add", "{examples}/riverside-food-bank-leaves-facebook.toml"),
        setup=read_only_file,
        after=untouched,
        sandbox="unprivileged",
    ),
    Case(
        "db-read-only-file-system",
        ("remind", "--db", "{tmp}/mounted/r.db", "add", JARDIN),
        sandbox="read-only:mounted",
    ),
    Case(
        "db-disk-full",
        ("remind", "--db", "{tmp}/full/r.db", "add", JARDIN),
        sandbox="full:full",
        exit_code=1,
    ),
    # Something else where the database, its folder or its lock should be.
    Case(
        "db-default-place-is-a-folder",
        ("remind", "list"),
        setup=folder(".home/data/planner/reminders.sqlite3"),
    ),
    Case(
        "db-folder-is-a-file",
        ("remind", "--db", "{tmp}/notes/r.db", "due"),
        setup=write("notes", "mine\n"),
        after=kept("notes", "mine\n"),
    ),
    Case("db-is-a-device", ("remind", "--db", "/dev/null", "list")),
    Case(
        "db-lock-is-a-folder",
        ("remind", "--db", DB, "due"),
        setup=with_lock_folder,
        after=untouched,
    ),
    # A file planner must not trust or cannot read.
    Case(
        "db-not-sqlite",
        ("remind", "--db", "{tmp}/notes.txt", "due"),
        setup=write("notes.txt", "not a database\n"),
        after=kept("notes.txt", "not a database\n"),
    ),
    Case(
        "db-damaged-list",
        ("remind", "--db", DB, "list"),
        setup=damaged,
        after=untouched,
    ),
    Case(
        "db-damaged-add",
        ("remind", "--db", DB, "add", JARDIN, "--replace"),
        setup=damaged,
        after=untouched,
    ),
    Case(
        "db-damaged-run",
        ("remind", "--db", DB, *RUN),
        setup=damaged,
        after=untouched,
        timeout=30,
    ),
    Case(
        "db-newer-schema-run",
        ("remind", "--db", DB, *RUN),
        setup=newer,
        after=untouched,
        timeout=30,
    ),
    # A plan that neither a file nor the database knows.
    Case(
        "remove-unknown-plan",
        ("remind", "--db", DB, "remove", "no-such-plan"),
        setup=a_database,
        after=untouched,
    ),
    # An empty file is an empty SQLite database (https://sqlite.org/fileformat2.html, 1.3):
    # it becomes a new reminders database, as does the file `sqlite3.connect` leaves before
    # a first write (planner stopped at that moment must not refuse its own file after).
    Case(
        "db-empty-file-is-a-new-database",
        ("remind", "--db", "{tmp}/empty.db", "list"),
        setup=write("empty.db", ""),
        after=is_current_database,
        exit_code=0,
    ),
]
