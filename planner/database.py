"""The reminders database as a file: opened checked, migrated, refused in words a user can
act on.

What planner keeps in SQLite is the only record of what was sent; a file it cannot trust
is refused before anything is written to it. When opened, SQLite's ``PRAGMA
quick_check`` reads every page: a damaged page can read as an empty table without any
error (https://sqlite.org/pragma.html#pragma_quick_check), and planner would then report
no reminders and write new ones over the lost. A database newer than this planner is
refused too, and one in a place planner cannot use is named with that place.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from planner.errors import InputError, PlannerError
from planner.i18n import _

# SQLite's primary result codes (https://sqlite.org/rescode.html) by which the database
# file, or the system under it, refuses: the user can act on these. Every other code
# (SQLITE_ERROR for a wrong statement, SQLITE_CONSTRAINT, ...) is a bug in planner.
DAMAGED = sqlite3.SQLITE_CORRUPT
NOT_A_DATABASE = sqlite3.SQLITE_NOTADB
BUSY = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})
REFUSED = frozenset(  # the place may be the cause: it is looked at
    {
        sqlite3.SQLITE_READONLY,
        sqlite3.SQLITE_CANTOPEN,
        sqlite3.SQLITE_PERM,
        sqlite3.SQLITE_IOERR,
        sqlite3.SQLITE_FULL,
    }
)
FIX = "planner remind --db FILE"

# One step of a migration: an SQL statement, or a function for what SQL alone cannot do
# (moving rows by a rule written in Python), run on the migration's connection, inside its
# transaction.
Statement = str | Callable[[sqlite3.Connection], None]


def migrate(
    connection: sqlite3.Connection, path: Path, migrations: Sequence[Sequence[Statement]]
) -> None:
    """Bring the database to the last version of ``migrations`` (migration n brings it from
    version n - 1 to n, SQLite's ``PRAGMA user_version``), each migration in a transaction
    of its own that also sets the version, so that a failed one leaves the database at the
    version before it.

    A database newer than this planner is refused before anything is written to it:
    its new columns or tables would be lost or misread by older code.
    """
    version = user_version(connection)
    if version > len(migrations):
        raise InputError(
            _(
                "{file}: this reminders database was written by a newer planner (schema "
                "version {found}, this one knows up to {known}); upgrade planner"
            ).format(file=path, found=version, known=len(migrations))
        )
    for number in range(version + 1, len(migrations) + 1):
        # IMMEDIATE takes the write lock before the version is read again: two planners
        # opening the same old database at once apply each migration once between them.
        connection.execute("BEGIN IMMEDIATE")
        with connection:  # commits, or rolls back on any error
            if user_version(connection) >= number:
                continue
            for statement in migrations[number - 1]:
                if isinstance(statement, str):
                    connection.execute(statement)
                else:
                    statement(connection)
            connection.execute(f"PRAGMA user_version = {number}")


def user_version(connection: sqlite3.Connection) -> int:
    """The schema version the database says it is at (0: none written yet)."""
    return int(connection.execute("PRAGMA user_version").fetchone()[0])


def damaged(path: Path) -> InputError:
    """The refusal of a database whose pages do not hold together."""
    return InputError(
        _(
            "{file}: the reminders database is damaged, and planner leaves it as it is; "
            "restore it from a backup, or move it away and add each plan again with "
            "planner remind add"
        ).format(file=path)
    )


def check(connection: sqlite3.Connection, path: Path) -> None:
    """Refuse (InputError) a database that SQLite's quick check finds damaged. It reads
    every page but writes nothing, so it runs before any write."""
    if connection.execute("PRAGMA quick_check").fetchall() != [("ok",)]:
        raise damaged(path)


def _kind(path: Path) -> str:
    """'dir', 'file', 'other' (a device, a pipe), 'absent'; or 'blocked' when the system
    will not say (a folder on the way that planner may not enter). Unlike ``Path.is_dir``,
    never raises."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return "blocked" if path.is_symlink() else "absent"  # a link to nothing blocks too
    except OSError:
        return "blocked"
    return "dir" if stat.S_ISDIR(mode) else "file" if stat.S_ISREG(mode) else "other"


def place_problem(path: Path, what: str) -> InputError | None:
    """Why ``what`` (a phrase: 'the reminders database') cannot be kept at ``path`` when the
    place is the cause, or None when the place looks right and the cause is elsewhere.

    Looked at only after the system refused: a database in a read-only folder can still be
    read when SQLite needs no file beside it, and must not be refused in advance.
    """
    kind = _kind(path)
    if kind == "dir":
        message = _(
            "{file}: this is a folder, where planner keeps {what}; move it away, or choose "
            "another place with {fix}"
        )
        return InputError(message.format(file=path, what=what, fix=FIX))
    if kind == "other":
        message = _(
            "{file}: this is not an ordinary file, so it cannot hold {what}; choose another "
            "place with {fix}"
        )
        return InputError(message.format(file=path, what=what, fix=FIX))
    folder = path.parent
    while _kind(folder) == "absent" and folder != folder.parent:
        folder = folder.parent  # the nearest folder that is there: planner creates the rest
    if _kind(folder) == "file":
        message = _(
            "{folder}: this is a file, so it cannot hold the reminders database; choose "
            "another place with {fix}"
        )
    elif not os.access(folder, os.W_OK | os.X_OK):
        message = _(
            "{folder}: planner cannot write in this folder, which holds the reminders "
            "database; make it writable, or choose another place with {fix}"
        )
    elif kind == "file" and not os.access(path, os.R_OK | os.W_OK):
        message = _(
            "{file}: {what} is read-only; make it writable, or choose another place with {fix}"
        )
    else:
        return None
    return InputError(message.format(file=path, folder=folder, what=what, fix=FIX))


def refusal(path: Path, exc: sqlite3.Error) -> PlannerError | None:
    """The user's error for an SQLite error by which the database refuses, or None for
    anything else (planner's own mistake, left to show its traceback)."""
    code = getattr(exc, "sqlite_errorcode", None)
    if code is None:
        return None
    code &= 0xFF  # the low byte is the primary code
    if code == DAMAGED:
        return damaged(path)
    if code == NOT_A_DATABASE:
        return InputError(
            _(
                "{file}: this file is not a reminders database; give the database with {fix}, "
                "or move this file away"
            ).format(file=path, fix=FIX)
        )
    if code == sqlite3.SQLITE_FULL:
        return PlannerError(
            _(
                "{file}: the disk that holds the reminders database is full; free some space, "
                "or choose another place with {fix}"
            ).format(file=path, fix=FIX)
        )
    if code in REFUSED:
        problem = place_problem(path, _("the reminders database"))
        if problem is not None:
            return problem
    if code in REFUSED | BUSY:
        return PlannerError(
            _("{file}: cannot use the reminders database ({reason})").format(file=path, reason=exc)
        )
    return None


@contextmanager
def connect(path: Path, migrations: Sequence[Sequence[Statement]]) -> Iterator[sqlite3.Connection]:
    """Open (creating if needed) the database at ``path``, checked, then migrated to the
    last of ``migrations``: WAL, busy timeout, foreign keys.

    An SQLite error by which the file is refused (not a database, damaged, locked,
    read-only, disk full), while opening or inside the ``with`` block, becomes a
    :class:`PlannerError`; any other is a bug and propagates unchanged.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(path, timeout=10)
    except (OSError, sqlite3.Error) as exc:
        problem = place_problem(path, _("the reminders database"))
        raise problem or PlannerError(
            _("{file}: cannot open the reminders database ({reason})").format(file=path, reason=exc)
        ) from None
    try:
        connection.execute("PRAGMA busy_timeout = 10000")
        check(connection, path)  # first: a damaged database is never written to
        migrate(connection, path, migrations)  # then a newer one is refused before any write
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA foreign_keys = ON")  # only outside a transaction
        yield connection
    except sqlite3.Error as exc:
        error = refusal(path, exc)
        if error is None:
            raise
        raise error from None
    finally:
        connection.close()
