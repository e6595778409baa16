"""The hosted database (`planner serve --hosted --database URL`): SQLite or PostgreSQL
(psycopg 3) through SQLAlchemy Core, brought to the newest schema by the Alembic
migrations of :mod:`planner.web.migrations` before anything is served.

The local mode keeps its own SQLite file (:mod:`planner.database`): what a volunteer's
machine holds is untouched by the hosted mode, and ``planner remind`` never loads
SQLAlchemy. Refused in one line naming ``--database``: an address that is neither
``sqlite:///FILE`` nor ``postgresql://…``, a database that cannot be reached, one that
holds other tables (a local reminders database, another program's), one written by a
newer planner. The password of an address is never shown.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from alembic.util.exc import CommandError
from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.engine.interfaces import DBAPIConnection
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    DisconnectionError,
    NoSuchModuleError,
    OperationalError,
)
from sqlalchemy.pool import ConnectionPoolEntry

from planner.errors import InputError, PlannerError
from planner.i18n import _

MIGRATIONS = Path(__file__).parent / "migrations"
IDLE_PING = 10.0  # seconds
# Taken (pg_advisory_xact_lock) while migrating: several workers starting together apply
# each revision once between them. Any number, as long as nothing else uses it.
MIGRATION_LOCK = 0x706C616E  # 'plan'


def shown(url: URL) -> str:
    """The address as it may be shown: without its password."""
    return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


def parse_url(address: str) -> URL:
    """The SQLAlchemy URL of ``--database``: sqlite:///FILE or postgresql://… (psycopg 3)."""
    try:
        url = make_url(address.strip())
    except ArgumentError:
        url = None
    if url is None or url.get_backend_name() not in ("sqlite", "postgresql"):
        raise InputError(
            _(
                "--database: {value} is not a database address; write "
                "postgresql://USER:PASSWORD@HOST/NAME or sqlite:///FILE"
            ).format(value=repr(address.split("@")[-1]))
        )
    if url.get_backend_name() == "postgresql":
        return url.set(drivername="postgresql+psycopg")
    if not url.database or url.database == ":memory:":
        raise InputError(
            _("--database: {value} names no file; write sqlite:///FILE").format(value=repr(address))
        )
    return url.set(drivername="sqlite+pysqlite")


def _sqlite_settings(connection: object, _record: object) -> None:
    cursor = connection.cursor()  # type: ignore[attr-defined]
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA busy_timeout = 10000")
    cursor.close()


def ping_when_idle(engine: Engine) -> None:
    """Ping a pooled connection before its use when it was idle for :data:`IDLE_PING`
    seconds, and replace it if it does not answer (a restarted database, a dropped
    connection); one used a moment ago goes unpinged (see bench/README.md)."""

    def checked_in(_connection: object, record: ConnectionPoolEntry) -> None:
        record.info["idle since"] = time.monotonic()

    def checked_out(
        connection: DBAPIConnection, record: ConnectionPoolEntry, _proxy: object
    ) -> None:
        since = record.info.get("idle since")
        if since is not None and time.monotonic() - since > IDLE_PING:
            try:
                engine.dialect.do_ping(connection)
            except engine.dialect.loaded_dbapi.Error as exc:  # connected anew by the pool
                raise DisconnectionError(str(exc)) from exc

    event.listen(engine, "checkin", checked_in)
    event.listen(engine, "checkout", checked_out)


def private(database: Path) -> None:
    """A SQLite database readable by its owner only (mode 0600), made so before SQLite
    writes it, with its WAL files if they exist: it holds each workspace's Mastodon
    token, Bluesky app password and channel URLs."""
    if not database.parent.is_dir():
        return  # connecting says so, in the user's words
    with contextlib.suppress(OSError):  # there already, or not ours to make: SQLite says
        os.close(os.open(database, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    for path in (database, database.with_name(database.name + "-wal"),
                 database.with_name(database.name + "-shm")):  # fmt: skip
        with contextlib.suppress(OSError):
            path.chmod(0o600)


def engine_of(address: str) -> Engine:
    """An engine on the database of ``address`` (not yet connected)."""
    url = parse_url(address)
    try:
        if url.get_backend_name() == "sqlite":
            private(Path(str(url.database)))
            # hide_parameters: an error's text (a server error's log line) without the
            # values sent, which may be a channel's URL, a token or an app password.
            engine = create_engine(url, pool_pre_ping=False, hide_parameters=True)
            event.listen(engine, "connect", _sqlite_settings)
        else:
            engine = create_engine(url, pool_size=5, max_overflow=5, hide_parameters=True)
            ping_when_idle(engine)
    except NoSuchModuleError:  # pragma: no cover - psycopg is a dependency
        raise InputError(
            _("--database: {value}: planner cannot use this database").format(value=shown(url))
        ) from None
    return engine


def reads(engine: Engine) -> Engine:
    """``engine`` for reads of one statement each: on PostgreSQL in autocommit, without a
    transaction begun and rolled back around each (see bench/README.md)."""
    if engine.dialect.name == "postgresql":
        return engine.execution_options(isolation_level="AUTOCOMMIT")
    return engine


def unreachable(engine: Engine, exc: DBAPIError) -> PlannerError:
    """The user's error for a database that refused a connection or a statement."""
    reason = str(exc.orig).strip().splitlines()[0] if exc.orig else type(exc).__name__
    return PlannerError(
        _("--database {url}: cannot use the database ({reason})").format(
            url=shown(engine.url), reason=reason
        )
    )


def config() -> Config:
    """Alembic's configuration: the migrations of this package, no ini file."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    return cfg


def head() -> str:
    """The newest revision this planner knows."""
    found = ScriptDirectory.from_config(config()).get_current_head()
    assert found is not None
    return found


def migrate(engine: Engine, target: str = "head") -> None:
    """Bring the database to ``target`` (the newest revision), refusing one that is not
    planner's or that a newer planner wrote."""
    cfg = config()
    script = ScriptDirectory.from_config(cfg)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK}
                )
            current = MigrationContext.configure(connection).get_current_revision()
            if current is None and inspect(connection).get_table_names():
                raise InputError(
                    _(
                        "--database {url}: this database holds tables that are not planner's "
                        "hosted database (a local reminders database?); give an empty database"
                    ).format(url=shown(engine.url))
                )
            if current is not None:
                try:
                    script.get_revision(current)
                except CommandError:
                    raise InputError(
                        _(
                            "--database {url}: this database was written by a newer planner "
                            "(revision {found}); upgrade planner"
                        ).format(url=shown(engine.url), found=current)
                    ) from None
            cfg.attributes["connection"] = connection
            command.upgrade(cfg, target)
    except OperationalError as exc:
        raise unreachable(engine, exc) from None


def revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()
