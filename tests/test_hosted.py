"""The hosted database (`planner serve --hosted`): the Alembic migrations build the schema
the queries are written against, on SQLite and on a real PostgreSQL; a database that is
not planner's, or of a newer planner, is refused in one line; each workspace sees only
its own rows. (The web app's whole route suite also runs on both: tests/test_web*.py.)"""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import inspect, text

from planner.cli import main
from planner.errors import InputError
from planner.reminders import open_store
from planner.web import database as database_module
from planner.web import schema
from planner.web.accounts import Accounts
from planner.web.database import engine_of, head, migrate, revision
from planner.web.hosted import HostedStore, create_workspace

from .conftest import ROOT
from .postgres import Cluster
from .web import NOW, client, csrf, upload

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
KEY = "les-amis-du-jardin-partage"


def test_the_migrations_build_the_schema_the_queries_use(database: str) -> None:
    """After the migrations, the database's tables, columns, keys and indexes are those of
    planner.web.schema: nothing for Alembic's autogenerate to add or drop."""
    engine = engine_of(database)
    migrate(engine)
    assert revision(engine) == head()
    with engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), schema.metadata)
    assert differences == []
    migrate(engine)  # a second start changes nothing
    assert revision(engine) == head()


def test_a_database_of_a_newer_planner_is_refused(database: str) -> None:
    """A revision this planner does not know: refused before anything is written."""
    engine = engine_of(database)
    migrate(engine)
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = 'v99_future'"))
    with pytest.raises(InputError, match=r"written by a newer planner \(revision v99_future\)"):
        migrate(engine)


def test_a_local_reminders_database_is_not_taken_for_a_hosted_one(tmp_path: Path) -> None:
    """The local mode's database given as --database: refused, left as it was."""
    local = tmp_path / "reminders.sqlite3"
    with open_store(local):
        pass
    before = local.read_bytes()
    with pytest.raises(InputError, match="holds tables that are not planner's hosted database"):
        migrate(engine_of(f"sqlite:///{local}"))
    assert local.read_bytes() == before


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("mysql://x@h/db", "--database: 'h/db' is not a database address; write postgresql://"),
        ("nonsense", "--database: 'nonsense' is not a database address"),
        ("sqlite://", "--database: 'sqlite://' names no file; write sqlite:///FILE"),
    ],
)
def test_an_address_that_is_not_a_database_is_one_line(address: str, expected: str) -> None:
    """serve --hosted --database with a wrong address: exit 2, one line naming the option."""
    result = CliRunner().invoke(main, ["serve", "--hosted", "--port", "1", "--database", address])
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: " + expected)
    assert len(result.stderr.splitlines()) == 1


def test_an_unreachable_database_is_one_line_without_its_password(tmp_path: Path) -> None:
    """PostgreSQL that does not answer: one line naming the address, its password hidden."""
    address = "postgresql://team:S3cretPass@127.0.0.1:9/plans"  # port 9: discard, closed
    result = CliRunner().invoke(main, ["serve", "--hosted", "--database", address])
    assert result.exit_code == 1, result.stderr
    assert result.stderr.startswith(
        "Error: --database postgresql://team:***@127.0.0.1:9/plans: cannot use the database ("
    )
    assert "S3cretPass" not in result.stderr + result.stdout


def test_database_without_hosted_is_refused() -> None:
    """--database belongs to the hosted mode: without --hosted, one line says so."""
    result = CliRunner().invoke(main, ["serve", "--database", "sqlite:///x.db"])
    assert result.exit_code == 2
    assert (
        result.stderr == "Error: --database: add --hosted (the local mode keeps its own database)\n"
    )


def test_each_workspace_sees_only_its_own_plans(database: str) -> None:
    """Two workspaces of one database, each with a plan of the same key: each reads, changes
    and deletes only its own; a feed token of one is nothing to the other."""
    engine = engine_of(database)
    migrate(engine)
    for name in ("a", "b"):
        assert create_workspace(engine, name, name, NOW)
    assert not create_workspace(engine, "a", "again", NOW)
    a, b = HostedStore(engine, "a"), HostedStore(engine, "b")
    assert a.create("p", b"A", "Plan A", NOW) and b.create("p", b"B", "Plan B", NOW)
    assert not a.create("p", b"A2", "Plan A", NOW)
    a.reword("p", "x/announce", "x", "A's words", NOW)
    a.tick("p", "x/announce", {"one"}, ("one", "two"))
    token = a.renew_feed("p")
    a.save_assessment("s1", "answers", NOW)
    assert b.edits("p") == {} and b.ticks("p") == set() and b.assessments() == []
    assert b.by_feed(token) is None and a.by_feed(token) is not None
    assert [p.document for p in b.plans()] == [b"B"]
    b.delete("p")
    found = a.plan("p")
    assert found is not None and found.document == b"A" and found.feed == token
    assert a.edits("p") == {("x/announce", "x"): "A's words"}


def test_reminders_turned_on_in_a_hosted_workspace(database: str) -> None:
    """Turn on a plan's reminders in the browser: the hosted database holds one per step,
    whose text carries a reworded post; turned off, they are gone."""
    with client(database) as browser:
        assert upload(browser, JARDIN).status_code == 303
        browser.post(
            f"/plans/{KEY}/posts",
            data={
                "csrf": csrf(browser),
                "step": "x/announce",
                "channel": "x",
                "text": "Texte de l'équipe",
            },
        )
        response = browser.post(
            f"/plans/{KEY}/reminders", data={"csrf": csrf(browser), "action": "on", "lead": "1h"}
        )
        assert response.status_code == 200
        store = HostedStore(engine_of(database), "default")
        rows = store.reminders_of(KEY)
        assert f"{KEY}/x/announce" in {r["id"] for r in rows}
        with store.engine.connect() as db:
            body = db.execute(
                text("SELECT body FROM reminders WHERE plan = :p AND step = 'x/announce'"),
                {"p": KEY},
            ).scalar()
        assert "Texte de l'équipe" in str(body)
        browser.post(f"/plans/{KEY}/reminders", data={"csrf": csrf(browser), "action": "off"})
        assert store.reminders_of(KEY) == []


def test_connections_the_database_dropped_while_idle_are_replaced(
    postgres: Cluster, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL ends every connection of the pool (restarted, or a firewall): the next
    page, once they were idle for IDLE_PING seconds (here at once), is served on new ones."""
    monkeypatch.setattr(database_module, "IDLE_PING", 0.0)
    address = postgres.new_database()
    with client(address) as browser:
        assert upload(browser, JARDIN).status_code == 303
        assert browser.get(f"/plans/{KEY}/today").status_code == 200
        with psycopg.connect(postgres.url(), autocommit=True) as admin:
            ended = admin.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = %s AND pid <> pg_backend_pid()",
                [address.rsplit("/", 1)[1]],
            ).fetchone()
        assert ended is not None and ended[0] >= 1
        assert browser.get(f"/plans/{KEY}/today").status_code == 200
        assert browser.get(f"/plans/{KEY}/plan").status_code == 200


def test_hosted_serve_starts_on_a_fresh_sqlite_database(tmp_path: Path) -> None:
    """The default hosted database is SQLite in the data folder, migrated at the start."""
    from planner.web.server import hosted_accounts

    accounts = hosted_accounts(f"sqlite:///{tmp_path / 'hosted.sqlite3'}")
    assert accounts.workspaces() == []
    assert revision(accounts.engine) == head()


def test_a_database_of_the_previous_schema_is_upgraded_with_its_plans(database: str) -> None:
    """A database written at the previous revision (v1_hosted: workspaces and plans, no
    people yet), with a plan, its reworded post and its feed: upgraded to the newest, all
    is still there, and the new tables take people."""
    engine = engine_of(database)
    migrate(engine, "v1_hosted")
    assert revision(engine) == "v1_hosted"
    with engine.connect() as connection:
        assert "users" not in inspect(connection).get_table_names()
    assert create_workspace(engine, "a", "A", NOW)
    old = HostedStore(engine, "a")
    assert old.create("p", b"document", "Plan", NOW)
    old.reword("p", "x/announce", "x", "words", NOW)
    token = old.renew_feed("p")
    migrate(engine)
    assert revision(engine) == head() != "v1_hosted"
    new = HostedStore(engine, "a")
    found = new.by_feed(token)
    assert found is not None and found.document == b"document"
    assert new.edits("p") == {("x/announce", "x"): "words"}
    accounts = Accounts(engine)
    assert accounts.add_user("someone@example.org", "a long password", NOW)
    assert accounts.workspaces() == [("a", "A", 0)]


def test_a_database_of_the_people_revision_is_upgraded_for_posting(database: str) -> None:
    """A database written at the previous revision (v2_accounts: people, no posting yet),
    with a workspace, its member, a plan and its reminders turned on: upgraded to the
    newest, all is still there, the plan's Bluesky switch is off, and the workspace can
    save its accounts, switch its posts on and record its Mastodon statuses."""
    import datetime as dt

    from planner.outbox import Outgoing
    from planner.schedule import Record

    engine = engine_of(database)
    migrate(engine, "v2_accounts")
    with engine.connect() as connection:
        assert "outbox" not in inspect(connection).get_table_names()
    assert create_workspace(engine, "a", "A", NOW)
    accounts = Accounts(engine)
    assert accounts.add_user("owner@example.org", "a long password", NOW)
    with engine.begin() as connection:  # as v2 wrote a member (its invitation accepted)
        connection.execute(
            text(
                'INSERT INTO members (workspace, "user", role) '
                "VALUES ('a', 'owner@example.org', 'owner')"
            )
        )
    token = accounts.login("owner@example.org", "a long password", NOW)
    assert isinstance(token, str)
    with engine.begin() as connection:  # as v2 wrote a plan: no bluesky column yet
        connection.execute(
            text(
                "INSERT INTO plans (workspace, plan, document, name, changed, lead) "
                "VALUES ('a', 'p', :document, 'Plan', '2026-12-01T09:00:00Z', 3600)"
            ),
            {"document": b"document"},
        )
    migrate(engine)
    assert revision(engine) == head() != "v2_accounts"
    store = HostedStore(engine, "a")
    found = store.plan("p")
    assert found is not None and found.document == b"document"
    assert found.lead == dt.timedelta(hours=1) and found.bluesky is False
    account = accounts.account(token, NOW)
    assert account is not None and (account.workspace, account.role) == ("a", "owner")
    store.reminders.save_account("mastodon", {"token": "Zq3mTOKENsecret"}, NOW)
    assert store.reminders.accounts() == {"mastodon": {"token": "Zq3mTOKENsecret"}}
    store.set_bluesky("p", True)
    due = dt.datetime(2027, 1, 1, 10, tzinfo=dt.UTC)
    change = store.register_posts(
        "p",
        "Plan",
        None,
        "UTC",
        [Outgoing("p/x", "x", due, "Bonjour", "fr", "3abc")],  # type: ignore[arg-type]
    )
    assert change.added == 1 and store.held("p") == {
        "reminders": 0,
        "to_post": 1,
        "missed": 0,
        "posted": 0,
    }
    store.ledger().remember("p", "Plan", "mastodon.example", Record("x", "1", due, "d"))
    assert store.ledger().records("p", "mastodon.example") == {"x": Record("x", "1", due, "d")}
    plan = store.plan("p")
    assert plan is not None and plan.bluesky is True


def test_a_database_of_the_posting_revision_is_upgraded_for_addressed_invitations(
    database: str,
) -> None:
    """A database written at the previous revision (v3_posting: invitations without an
    address), with a workspace and an invitation not used yet: upgraded to the newest,
    that invitation is still a bare link anyone may accept, and a new one sent to an
    address is for that address only."""
    from planner.web.accounts import OtherAddress, digest

    engine = engine_of(database)
    migrate(engine, "v3_posting")
    assert create_workspace(engine, "a", "A", NOW)
    accounts = Accounts(engine)
    with engine.begin() as connection:  # as v3 wrote an invitation: no email column yet
        connection.execute(
            text(
                "INSERT INTO invitations (id, workspace, role, expires) "
                "VALUES (:id, 'a', 'editor', '2026-12-08T09:00:00Z')"
            ),
            {"id": digest("old-token")},
        )
    migrate(engine)
    assert revision(engine) == head() != "v3_posting"
    found = accounts.invitation("old-token", NOW)
    assert found is not None and (found.workspace, found.role, found.email) == ("a", "editor", None)
    assert isinstance(accounts.accept("old-token", "x@example.org", "a long password", NOW), str)
    token = accounts.invite("a", "reader", NOW, "Ana@Example.org")
    assert accounts.invitation(token, NOW).email == "ana@example.org"  # type: ignore[union-attr]
    refused = accounts.accept(token, "bob@example.org", "a long password", NOW)
    assert isinstance(refused, OtherAddress)
    assert isinstance(accounts.accept(token, "ana@example.org", "a long password", NOW), str)


def test_a_hosted_sqlite_database_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    """It holds each workspace's Mastodon token and Bluesky app password, its channels'
    URLs: mode 0600, as the local database once it holds a password (an existing file
    too, and its WAL files)."""
    new = tmp_path / "new.sqlite3"
    engine = engine_of(f"sqlite:///{new}")
    migrate(engine)
    engine.dispose()
    assert new.stat().st_mode & 0o777 == 0o600
    old = tmp_path / "old.sqlite3"
    old.touch(mode=0o644)
    old.chmod(0o644)  # whatever the umask
    wal = tmp_path / "old.sqlite3-wal"
    wal.touch()
    wal.chmod(0o644)
    engine_of(f"sqlite:///{old}").dispose()
    assert old.stat().st_mode & 0o777 == 0o600
    assert wal.stat().st_mode & 0o777 == 0o600


def test_a_database_error_does_not_carry_the_values_sent(database: str) -> None:
    """An error of the database (a server error's log line) names the statement, never
    its values: they may be a channel's URL, a token or an app password."""
    from sqlalchemy.exc import DBAPIError

    engine = engine_of(database)
    with pytest.raises(DBAPIError) as failed, engine.connect() as connection:
        connection.execute(text("SELECT no_such_column WHERE :x = 'y'"), {"x": "hunter2secret"})
    assert "no_such_column" in str(failed.value)
    assert "hunter2secret" not in str(failed.value)
