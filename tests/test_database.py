"""The reminders database as a file: checked when opened, refused in one line when damaged
or in the wrong place, never written to when it cannot be trusted."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.errors import InputError
from planner.reminders import open_store

from .conftest import DATA, ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def remind(db: Path, *args: str) -> Result:
    return CliRunner().invoke(
        main, ["remind", "--db", str(db), "--config", str(db.parent / "none.toml"), *args]
    )


def first_release(tmp_path: Path) -> Path:
    """A copy of the first release's database (23 reminders), migrated and checkpointed."""
    db = tmp_path / "reminders.sqlite3"
    db.write_bytes((DATA / "reminders-v1.sqlite3").read_bytes())
    with open_store(db):
        pass
    return db


def empty_the_reminders_root_page(db: Path) -> None:
    """Overwrite the root page of the reminders table with an empty leaf page, as a torn
    write or a bad sector can: SQLite then reads an empty table without any error, and the
    pages holding the 23 rows are orphans that only a check of the whole file finds."""
    connection = sqlite3.connect(db)
    try:
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        (root,) = connection.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = 'reminders'"
        ).fetchone()
    finally:
        connection.close()
    # A table leaf (0x0D), no free block, no cell, its content area at the page's end
    # (https://sqlite.org/fileformat2.html#b_tree_pages).
    header = bytes([0x0D, 0, 0, 0, 0]) + (page_size % 65536).to_bytes(2, "big") + b"\0"
    with db.open("r+b") as handle:
        handle.seek((root - 1) * page_size)
        handle.write(header)
    connection = sqlite3.connect(db)
    try:  # what the bug showed: a plain read finds no reminder and no error
        assert connection.execute("SELECT count(body) FROM reminders").fetchone() == (0,)
    finally:
        connection.close()


def test_a_damaged_database_is_refused_and_never_written(tmp_path: Path) -> None:
    """A database with a damaged page is refused by every command in one line that names
    it, says it is damaged and what to do; not a byte of it changes (it used to list "No
    reminders yet" and take new reminders over the lost ones)."""
    db = first_release(tmp_path)
    empty_the_reminders_root_page(db)
    damaged = db.read_bytes()
    expected = (
        f"Error: {db}: the reminders database is damaged, and planner leaves it as it is; "
        "restore it from a backup, or move it away and add each plan again with "
        "planner remind add\n"
    )
    for args in (["list"], ["add", str(JARDIN), "--replace"], ["due"], ["remove", str(JARDIN)]):
        result = remind(db, *args)
        assert (result.exit_code, result.stdout, result.stderr) == (2, "", expected), args
    assert db.read_bytes() == damaged
    assert not Path(f"{db}-wal").exists() or Path(f"{db}-wal").stat().st_size == 0


def test_a_sound_database_passes_the_check(tmp_path: Path) -> None:
    """The check refuses only damage: the first release's database, once migrated, opens
    and lists its 23 reminders."""
    db = first_release(tmp_path)
    result = remind(db, "list")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 24


def test_a_file_that_is_not_sqlite_is_named_with_the_fix(tmp_path: Path) -> None:
    """A text file given as the database: one line naming it and the fix, exit 2, the
    file untouched."""
    db = tmp_path / "notes.txt"
    db.write_text("not a database\n", encoding="utf-8")
    result = remind(db, "list")
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: {db}: this file is not a reminders database; give the database with "
        "planner remind --db FILE, or move this file away\n",
    )
    assert db.read_text(encoding="utf-8") == "not a database\n"


def test_an_empty_file_becomes_a_new_database(tmp_path: Path) -> None:
    """An empty file is an empty SQLite database (https://sqlite.org/fileformat2.html,
    section 1.3 'a zero-length file'): it is used as a new one, nothing is lost."""
    db = tmp_path / "r.db"
    db.touch()
    assert remind(db, "add", str(JARDIN)).exit_code == 0
    assert "32 unchanged" in remind(db, "add", str(JARDIN)).stdout


def test_a_folder_where_the_database_should_be_is_named(tmp_path: Path) -> None:
    """The database's path is a folder (--db refuses it; the default place can be one): one
    line naming it, exit 2."""
    folder = tmp_path / "reminders.sqlite3"
    folder.mkdir()
    with (
        pytest.raises(InputError, match=r"reminders\.sqlite3: this is a folder"),
        open_store(folder),
    ):
        pass


def test_a_file_where_a_folder_should_be_is_named(tmp_path: Path) -> None:
    """The database's folder is a file: one line naming that file, exit 2, the file kept."""
    (tmp_path / "notes").write_text("mine\n", "utf-8")
    db = tmp_path / "notes" / "r.db"
    result = remind(db, "list")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {tmp_path / 'notes'}: this is a file, ")
    assert result.stderr.count("\n") == 1
    assert (tmp_path / "notes").read_text("utf-8") == "mine\n"
