"""Reminders: due, late and missed with a controlled clock; real SMTP and HTTP receivers."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import socket
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner, Result
from freezegun import freeze_time

from planner.cli import main
from planner.database import migrate
from planner.decision import load
from planner.errors import PlannerError
from planner.identity import derived_id
from planner.notify import Channel, Message, Redacted, SendError
from planner.posts import render_posts
from planner.reminders import (
    MAX_ATTEMPTS,
    MIGRATIONS,
    VERSION,
    Reminder,
    Store,
    open_store,
    plan_reminders,
)
from planner.timeline import build_plan
from planner.wording import said_date

from .conftest import ROOT
from .web import Mailbox

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
PARIS = ZoneInfo("Europe/Paris")
T0 = dt.datetime(2027, 1, 10, 9, 0, tzinfo=dt.UTC)
GRACE = dt.timedelta(hours=24)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Recorder:
    """A channel double for the pure logic tests: records sends, can fail on demand."""

    def __init__(self) -> None:
        self.sent: list[Message] = []
        self.fail: BaseException | None = None

    def __call__(self, channel: Channel, message: Message) -> None:
        if self.fail is not None:
            raise self.fail
        self.sent.append(message)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "r.db") as opened:
        opened.add(
            "asso",
            "asso.toml",
            "Asso",
            [
                Reminder("asso/a", "a", T0, "Step A", "Body A"),
                Reminder("asso/b", "b", T0 + dt.timedelta(hours=1), "Step B", "Body B"),
            ],
        )
        yield opened


CONSOLE = [Channel("console")]


def test_reminders_follow_the_plan() -> None:
    """Timed steps are due at their start less the lead; all-day ones at post time that day."""
    plan = build_plan(load(JARDIN))
    reminders = {r.step: r for r in plan_reminders(plan, render_posts(plan), dt.timedelta(hours=1))}
    assert reminders["x/announce"].due == dt.datetime(2026, 12, 18, 9, 0, tzinfo=PARIS)
    assert reminders["x/prepare"].due == dt.datetime(2026, 12, 11, 9, 0, tzinfo=PARIS)
    assert reminders["x/announce"].id == "les-amis-du-jardin-partage/x/announce"
    body = reminders["x/announce"].body
    assert (
        "Nous quitterons X le vendredi 15\u00a0janvier\u00a02027." in body
        and "x.com/intent/post" in body
    )


def test_nothing_before_due_then_once(store: Store) -> None:
    """A reminder is sent when due, once per channel, and never again."""
    send = Recorder()
    assert store.deliver(T0 - dt.timedelta(seconds=1), CONSOLE, GRACE, send) == []
    assert [d.state for d in store.deliver(T0, CONSOLE, GRACE, send)] == ["sent"]
    assert store.deliver(T0 + dt.timedelta(minutes=30), CONSOLE, GRACE, send) == []
    assert [m.title for m in send.sent] == ["Step A"]


def test_late_within_grace_is_sent_marked_late(store: Store) -> None:
    """Two hours late: sent, with how late in the title, and listed as late."""
    send = Recorder()
    store.deliver(T0 + dt.timedelta(hours=2), CONSOLE, GRACE, send)
    assert [m.title for m in send.sent] == [
        "[late by 2 h 00 min] Step A",
        "[late by 1 h 00 min] Step B",
    ]
    assert {row.step: row.status for row in store.listing(T0 + dt.timedelta(hours=2))} == {
        "a": "late",
        "b": "late",
    }


def test_older_than_grace_is_missed_never_sent(store: Store) -> None:
    """Two days late: recorded as missed, not sent, shown by the listing."""
    send = Recorder()
    later = T0 + dt.timedelta(days=2)
    assert {d.state for d in store.deliver(later, CONSOLE, GRACE, send)} == {"missed"}
    assert send.sent == []
    assert {row.status for row in store.listing(later)} == {"missed"}
    assert store.deliver(later + dt.timedelta(hours=1), CONSOLE, GRACE, send) == []


def test_failed_send_is_retried_with_backoff_then_given_up(store: Store) -> None:
    """A failure is retried after the backoff, not before, and at most MAX_ATTEMPTS times."""
    send = Recorder()
    send.fail = SendError("ntfy://host: refused")
    first = store.deliver(T0, CONSOLE, GRACE, send)
    assert [(d.state, d.error) for d in first] == [("failed", "ntfy://host: refused")]
    assert store.deliver(T0 + dt.timedelta(seconds=30), CONSOLE, GRACE, send) == []
    moment = T0
    for _ in range(MAX_ATTEMPTS + 3):
        moment += dt.timedelta(hours=2)
        store.deliver(moment, CONSOLE, dt.timedelta(days=30), send)
    attempts = store.db.execute("SELECT attempts FROM deliveries WHERE reminder = 'asso/a'")
    assert attempts.fetchone()[0] == MAX_ATTEMPTS
    send.fail = None
    assert [d for d in store.deliver(moment, CONSOLE, GRACE, send) if d.reminder == "asso/a"] == []


def test_crash_between_send_and_record_repeats_only_that_send(store: Store) -> None:
    """A crash during the send leaves 'sending'; the next run sends that one again, once."""
    send = Recorder()
    send.fail = KeyboardInterrupt()  # not an error the store handles: the process dies
    with pytest.raises(KeyboardInterrupt):
        store.deliver(T0, CONSOLE, GRACE, send)
    state = store.db.execute("SELECT state FROM deliveries WHERE reminder = 'asso/a'")
    assert state.fetchone()[0] == "sending"
    send.fail = None
    store.deliver(T0 + dt.timedelta(minutes=1), CONSOLE, GRACE, send)
    store.deliver(T0 + dt.timedelta(minutes=2), CONSOLE, GRACE, send)
    assert [m.reminder_id for m in send.sent] == ["asso/a"]


def test_each_channel_has_its_own_delivery(store: Store) -> None:
    """A channel added later still gets the reminders due since, within the grace period."""
    send = Recorder()
    store.deliver(T0, CONSOLE, GRACE, send)
    other = Channel("json://127.0.0.1:9/hook")
    store.deliver(T0 + dt.timedelta(minutes=5), [*CONSOLE, other], GRACE, send)
    assert [m.reminder_id for m in send.sent] == ["asso/a", "asso/a"]


def test_add_updates_and_removes(store: Store) -> None:
    """Re-adding: a moved reminder starts over, a vanished step is removed, the rest stays."""
    send = Recorder()
    store.deliver(T0, CONSOLE, GRACE, send)
    change = store.add(
        "asso",
        "asso.toml",
        "Asso",
        [
            Reminder("asso/a", "a", T0 + dt.timedelta(days=1), "Step A", "Body A"),
        ],
    )
    assert (change.added, change.updated, change.removed, change.unchanged) == (0, 1, 1, 0)
    assert store.deliver(T0 + dt.timedelta(hours=2), CONSOLE, GRACE, send) == []
    store.deliver(T0 + dt.timedelta(days=1), CONSOLE, GRACE, send)
    assert [m.reminder_id for m in send.sent] == ["asso/a", "asso/a"]
    assert store.remove("asso") == 1
    assert store.listing(T0) == []


def test_remind_cli_add_list_due_remove(tmp_path: Path) -> None:
    """The commands, with the clock frozen on the day of the announcement."""
    db = str(tmp_path / "r.db")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(
            main,
            ["remind", "--db", db, "--config", str(tmp_path / "none.toml"), *args],
            catch_exceptions=False,
        )
        assert result.exit_code == 0, result.output
        return result.stdout

    assert "32 added" in run("add", str(JARDIN), "--lead", "1h")
    assert "32 unchanged" in run("add", str(JARDIN), "--lead", "1h")
    # The same lead in other words, French ones too: the same reminders, nothing changed.
    for same in ("1 heure", "60 min", "1,0 h", "3600s"):
        assert "32 unchanged" in run("add", str(JARDIN), "--lead", same)
    with freeze_time("2026-12-18 08:00:30"):  # 09:00:30 in Paris: 30 s after 10:00 less 1 h
        out = run("due")
    assert out.startswith(
        "=== Annoncer le départ de X (J-28) (vendredi 18\u00a0décembre\u00a02026 10:00)"
    )
    assert out.count("===") == 1
    with freeze_time("2026-12-18 08:40:00"):
        listing = run("list")
    assert "upcoming · Rappel\u00a0: départ de X dans 20 jours (J-20)" in listing
    assert "sent · Annoncer le départ de X (J-28) (console sent)" in listing
    assert "missed · Préparer le départ de X (console missed)" in listing  # a week old
    assert "x/" not in listing and "2026-12" not in listing  # no step id, no ISO date
    assert "32 reminders removed" in run("remove", str(JARDIN))
    bad = runner.invoke(main, ["remind", "--db", db, "add", str(JARDIN), "--lead", "soon"])
    assert bad.exit_code == 2 and "not a duration" in bad.stderr


# --- real channels ----------------------------------------------------------------------


class Receiver(BaseHTTPRequestHandler):
    """Records every POST body with its X-Planner-Reminder header."""

    received: list[tuple[str, dict[str, str]]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", 0))
        body = json.loads(self.rfile.read(length))
        self.server.received.append((self.headers.get("X-Planner-Reminder", ""), body))  # type: ignore[attr-defined]
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        return


@pytest.fixture
def http_receiver() -> Iterator[tuple[str, list[tuple[str, dict[str, str]]]]]:
    """An HTTP server on 127.0.0.1; yields its Apprise json:// URL and what it received."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    server.received = []  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"json://127.0.0.1:{server.server_port}/hook", server.received  # type: ignore[attr-defined]
    server.shutdown()


@pytest.fixture
def smtp() -> Iterator[tuple[str, Mailbox]]:
    """A real SMTP server on 127.0.0.1; yields an Apprise mailto:// URL and the mailbox."""
    mailbox = Mailbox()
    port = free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield (
        (f"mailto://127.0.0.1:{port}?from=planner@example.org&to=team@example.org&mode=insecure"),
        mailbox,
    )
    controller.stop()


def test_real_channels_receive_each_message_once_intact(
    tmp_path: Path,
    smtp: tuple[str, Mailbox],
    http_receiver: tuple[str, list[tuple[str, dict[str, str]]]],
) -> None:
    """Through Apprise, an SMTP server and an HTTP receiver each get every reminder once,
    with accents, emoji and guillemets intact and the reminder's stable id attached."""
    mail_url, mailbox = smtp
    hook_url, received = http_receiver
    channels = [Channel(mail_url), Channel(hook_url)]
    body = "Texte « été » 🌱 : https://x.com/intent/post?text=%C3%A9t%C3%A9"
    with open_store(tmp_path / "r.db") as store:
        store.add(
            "asso",
            "a.toml",
            "Asso",
            [Reminder("asso/x/announce", "x/announce", T0, "Annoncer le départ 🌱", body)],
        )
        store.deliver(T0, channels, GRACE)
        store.deliver(T0 + dt.timedelta(minutes=1), channels, GRACE)
    (mail,) = mailbox.messages
    assert mail["Subject"] == "Annoncer le départ 🌱"
    assert mail["X-Planner-Reminder"] == "asso/x/announce"
    assert mail["References"] == Message("asso/x/announce", "", "").reference
    assert body in mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    ((reminder_id, payload),) = received
    assert reminder_id == "asso/x/announce"
    assert payload["title"] == "Annoncer le départ 🌱" and payload["message"] == body


def test_labels_and_errors_never_show_secrets(tmp_path: Path) -> None:
    """A channel with a password in its URL is named by Apprise's privacy URL."""
    channel = Channel(
        f"mailto://user:hunter2@127.0.0.1:{free_port()}"
        "?from=planner@example.org&to=a@b.org&mode=insecure"
    )
    assert channel.label.startswith("mailto://user:****@127.0.0.1:")
    assert "hunter2" not in channel.id and "hunter2" not in repr(channel)
    with pytest.raises(SendError) as caught:
        channel.send(Message("r", "t", "b"))
    assert "hunter2" not in str(caught.value)


# URLs whose secret is where a host goes, each with its secret parts; and a URL Apprise
# cannot read, which it used to log whole.
SECRET_URLS = {
    "join://abcdefghijklmnopqrstuvwxyz123456/group.android": ("abcdefghijklmnopqrstuvwxyz123456",),
    "pbul://o.SECRETPUSHBULLETTOKEN456": ("o.SECRETPUSHBULLETTOKEN456",),
    "pover://uQiRzpo4DXghDmr9QzzfQu27cmVRsG@azGDORePK8gMaC0QOYAMyEEuzJnyUi": (
        "uQiRzpo4DXghDmr9QzzfQu27cmVRsG",
        "azGDORePK8gMaC0QOYAMyEEuzJnyUi",
    ),
    "ifttt://SECRETIFTTTWEBHOOKID/myevent": ("SECRETIFTTTWEBHOOKID",),
}
MALFORMED = {"mailto:/user:MAILSECRET678@host": ("MAILSECRET678", "user:")}


def secrets_of(urls: dict[str, tuple[str, ...]]) -> list[str]:
    return [text for url, parts in urls.items() for text in (url, *parts)]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every HTTP request of Apprise goes to a closed port of 127.0.0.1 and fails at once."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)


def test_tokens_in_the_host_are_never_shown_or_stored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_network: None
) -> None:
    """join://KEY, pbul://TOKEN, pover://user@TOKEN and ifttt://ID appear in no output of
    `remind test`, `remind due` and `remind list`, nor in the database's bytes."""
    monkeypatch.setenv("PLANNER_NOTIFY", " ".join(SECRET_URLS))
    db = tmp_path / "r.db"
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(
            main, ["remind", "--db", str(db), "--config", str(tmp_path / "none.toml"), *args]
        )

    shown = []
    tested = run("test")
    assert tested.exit_code == 1 and tested.stderr.count("FAILED") == len(SECRET_URLS)
    assert "sent pbul://o...6" not in tested.stdout and "FAILED pbul://o...6:" in tested.stderr
    shown += [tested.stdout, tested.stderr]
    assert run("add", str(JARDIN)).exit_code == 0
    with freeze_time("2026-12-18 09:00:30"):
        due = run("due")
        listed = run("list")
    assert due.exit_code == 0 and "failed: " in due.stderr
    assert "pover://u...G@a...i failed" in listed.stdout
    shown += [due.stdout, due.stderr, listed.stdout, listed.stderr]
    stored = b"".join(p.read_bytes() for p in tmp_path.glob("r.db*"))
    assert b"pbul://o...6" in stored
    for secret in secrets_of(SECRET_URLS):
        assert all(secret not in text for text in shown), secret
        assert secret.encode() not in stored, secret


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("mailto:/user:MAILSECRET678@host", "mailto:/u...r:****@h...t"),
        # urllib raised ValueError: a traceback before
        ("ntfy://u:NTFYSECRET9@[::1/topic", "ntfy://u:****@[::1/t...c"),
        ("mailto://user:MAILSECRET678@[::1", "mailto://u...r:****@[::1"),
        ("json://user:JSONSECRET42@host:abc/x", "json://u...r:****@h...t:a...c/x"),
        ("xyz://TOKENSECRET7/chat", "xyz://T...7/c...t"),
        ("team.example.org/hook", "t...g/h...k"),
    ],
)
@pytest.mark.parametrize("command", ["test", "run"])
def test_a_url_apprise_cannot_read_is_one_line_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, url: str, shown: str, command: str
) -> None:
    """A malformed URL is refused in one line before anything is sent or the daemon starts,
    quoted as it was written (its scheme and separators, no '://' it did not have) with
    every piece masked as Apprise masks a secret; Apprise's own line about it, which would
    repeat it, is not shown."""
    monkeypatch.setenv("PLANNER_NOTIFY", url)
    result = CliRunner().invoke(
        main, ["remind", "--db", str(tmp_path / "r.db"), "--config", "none.toml", command]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {shown}: Apprise does not understand this notification URL; "
        "check it against the Apprise documentation\n"
    )
    assert result.stdout == ""
    for secret in [url, *MALFORMED.get(url, ()), *re.findall(r"[A-Z]+SECRET\w*", url)]:
        assert secret not in result.output, secret


def test_apprise_s_own_shortening_of_a_secret_is_redacted() -> None:
    """Apprise writes a secret it recognises as its first and last characters ('h...t',
    CWE-312) or its last four ('...cret'): both are redacted from its lines too."""
    channels = [Channel("xyz://user:hunter2secret@host/"), Channel("console")]
    redacted = Redacted(channels)
    for line in ("Unparseable URL xyz://u...r:h...t@h...t/", "token ...cret refused"):
        record = logging.LogRecord("apprise", logging.ERROR, "", 0, line, None, None)
        redacted.filter(record)
        assert "h...t" not in record.getMessage() and "...cret" not in record.getMessage()


def test_the_daemon_redacts_the_channels_added_in_the_browser(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The daemon sends on the channels of ``planner serve``'s page too: Apprise's lines
    about them are redacted as those of the configured channels are, from the moment the
    daemon reads them (Apprise complains of a URL it cannot read as soon as it sees it)."""
    from planner.cli import _logging
    from planner.daemon import deliver_due

    db = tmp_path / "r.db"
    with open_store(db) as store:
        store.add_channel(
            Channel("xyz://user:hunter2secret@host.example/"), dt.datetime.now(dt.UTC)
        )
    _logging([Channel("console")])
    deliver_due(db, [Channel("console")], dt.timedelta(hours=24))
    logging.getLogger("apprise").error("Unparseable URL xyz://user:h...t@host.example/")
    err = capsys.readouterr().err
    assert "Unparseable URL" in err
    for secret in ("user", "h...t", "host.example"):
        assert secret not in err, secret


# --- schema versions --------------------------------------------------------------------

# Written by the first release (commit f02ca83, no schema version), from the repository's
# root, with the venv of that commit:
#   planner remind --db tests/data/reminders-v1.sqlite3 add \
#       examples/jardin-partage-quitte-x.toml --lead 1h
# then, in Python, store.deliver(2026-12-18 08:00:30 UTC, [Channel("console"),
# Channel("json://127.0.0.1:9/hook")], grace=24h) with a send that refuses the json
# channel: x/prepare missed on both channels, x/announce sent to the console and failed
# on the hook, the 21 other reminders untried.
FIRST_RELEASE = ROOT / "tests" / "data" / "reminders-v1.sqlite3"
TABLES = ("plans", "reminders", "deliveries")


def copy_of_first_release(tmp_path: Path) -> Path:
    """A copy to open: the committed file is never opened itself (opening migrates it)."""
    db = tmp_path / "reminders.sqlite3"
    db.write_bytes(FIRST_RELEASE.read_bytes())
    return db


def raw(db: Path, sql: str) -> list[tuple[object, ...]]:
    """What plain sqlite3 reads, bypassing planner."""
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def test_first_release_database_is_migrated_keeping_every_row(tmp_path: Path) -> None:
    """A database of the first release (version 0, tables present) is brought to the last
    version, with every plan, reminder and delivery intact (the plans with no owner yet),
    and the schema of a new one."""
    db = copy_of_first_release(tmp_path)
    assert raw(db, "PRAGMA user_version") == [(0,)]
    before = {table: raw(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES}
    assert [len(rows) for rows in before.values()] == [1, 23, 4]
    with open_store(db):
        pass
    assert raw(db, "PRAGMA user_version") == [(VERSION,)] and VERSION >= 2
    # Migrations 3 and 7: no owner, no zone (listed in UTC, said so).
    before["plans"] = [(*row, None, None) for row in before["plans"]]
    assert {table: raw(db, f"SELECT * FROM {table} ORDER BY 1, 2") for table in TABLES} == before
    with open_store(tmp_path / "new.sqlite3"):
        pass
    schema = "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"
    assert raw(db, schema) == raw(tmp_path / "new.sqlite3", schema)


def test_first_release_database_is_listed_after_migration(tmp_path: Path) -> None:
    """`remind list` on a database of the first release shows what it recorded."""
    db = copy_of_first_release(tmp_path)
    with freeze_time("2026-12-18 08:40:00"):
        result = CliRunner().invoke(
            main,
            ["remind", "--db", str(db), "--config", str(tmp_path / "none.toml"), "list"],
            catch_exceptions=False,
        )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 24
    assert lines[0] == (  # the file the first release's database was made from
        "Les Amis du Jardin Partagé (plan les-amis-du-jardin-partage, "
        "from /work/wt-reminders/examples/jardin-partage-quitte-x.toml), times in UTC"
    )
    assert sum(" · upcoming · " in line for line in lines) == 21
    assert any(
        "missed · Préparer le départ de X (console missed, json://127.0.0.1 missed)" in line
        for line in lines
    )
    assert any(
        "failed · Annoncer le départ de X (J-28) (console sent, json://127.0.0.1 failed "
        "(json://127.0.0.1: refused))" in line
        for line in lines
    )


def test_second_opening_changes_nothing(tmp_path: Path) -> None:
    """Opening a database already at the last version writes nothing to it."""
    db = copy_of_first_release(tmp_path)
    with open_store(db):
        pass
    migrated = db.read_bytes()
    with open_store(db) as store:
        assert len(store.listing(T0)) == 23
    assert db.read_bytes() == migrated


def test_newer_database_is_refused_untouched(tmp_path: Path) -> None:
    """A database of a newer planner is refused in one line naming the file, and left as
    it was, byte for byte."""
    db = copy_of_first_release(tmp_path)
    connection = sqlite3.connect(db)
    connection.execute(f"PRAGMA user_version = {VERSION + 1}")
    connection.close()
    written = db.read_bytes()
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "list"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {db}: this reminders database was written by a newer planner (schema "
        f"version {VERSION + 1}, this one knows up to {VERSION}); upgrade planner\n"
    )
    assert db.read_bytes() == written


def test_failed_migration_leaves_the_version_before_it(tmp_path: Path) -> None:
    """A migration that fails halfway is rolled back whole, version included; those
    before it stay applied."""
    db = copy_of_first_release(tmp_path)
    broken = ("CREATE TABLE half (x)", "INSERT INTO nowhere VALUES (1)")
    connection = sqlite3.connect(db)
    try:
        with pytest.raises(sqlite3.OperationalError, match="no such table: nowhere"):
            migrate(connection, db, (*MIGRATIONS, broken))
    finally:
        connection.close()
    assert raw(db, "PRAGMA user_version") == [(VERSION,)]
    assert raw(db, "SELECT name FROM sqlite_master WHERE name = 'half'") == []
    assert len(raw(db, "SELECT * FROM reminders")) == 23


def test_reminders_of_a_plan_are_found_by_index(store: Store) -> None:
    """Migration 2: reading or deleting a plan's reminders searches an index, not the
    whole table."""
    plan = store.db.execute(
        "EXPLAIN QUERY PLAN SELECT id, due, title, body FROM reminders WHERE plan = ?", ("x",)
    ).fetchall()
    assert "USING INDEX reminders_plan" in plan[0][-1]


# --- what open_store reports ------------------------------------------------------------


def test_a_locked_database_inside_the_block_is_the_users_error(tmp_path: Path) -> None:
    """Another process holding the write lock is reported as such, not as a bug."""
    db = tmp_path / "r.db"
    with open_store(db):
        pass
    other = sqlite3.connect(db)
    other.execute("BEGIN IMMEDIATE")
    locked = r"r\.db: cannot use the reminders database \(database is locked\)"
    try:
        with pytest.raises(PlannerError, match=locked), open_store(db) as store:
            store.db.execute("PRAGMA busy_timeout = 0")  # fail at once rather than in 10 s
            store.remove("asso")
    finally:
        other.close()


def test_a_wrong_statement_of_planner_is_a_bug_not_a_users_error(tmp_path: Path) -> None:
    """planner's own mistake inside the block propagates as the sqlite3 error it is."""
    with (
        pytest.raises(sqlite3.OperationalError, match="no such column: nonsense"),
        open_store(tmp_path / "r.db") as store,
    ):
        store.db.execute("SELECT nonsense FROM reminders")


# --- one key, one plan ------------------------------------------------------------------

LEAVES = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"


def without_id(tmp_path: Path) -> Path:
    """The stays example as a file written before `id` was: the organisation of LEAVES,
    so the same key."""
    path = tmp_path / "riverside-food-bank-stays-on-facebook.toml"
    path.write_text(re.sub(r'(?m)^id = ".*"\n', "", STAYS.read_text("utf-8")), "utf-8")
    return path


def test_two_files_of_the_same_name_never_erase_each_others_reminders(tmp_path: Path) -> None:
    """Two files whose organisation has the same name (the same key): the second is
    refused (exit 2, both files named, the id to add given) and the first keeps its
    reminders; `remove` of the second removes nothing of the first. With an id of its
    own, the second has its own reminders beside the first's."""
    stays = without_id(tmp_path)
    db = tmp_path / "r.db"

    def remind(*args: str) -> Result:
        return CliRunner().invoke(
            main, ["remind", "--db", str(db), "--config", str(tmp_path / "none.toml"), *args]
        )

    assert remind("add", str(LEAVES)).exit_code == 0
    with open_store(db) as store:
        before = store.listing(T0)
    refused = remind("add", str(stays))
    assert refused.exit_code == 2
    assert f"{stays}: the reminders database already holds the plan " in refused.stderr
    assert str(LEAVES) in refused.stderr
    own_id = derived_id(load(stays))
    assert f'add id = "{own_id}" under [decision]' in refused.stderr
    assert remind("remove", str(stays)).exit_code == 2
    with open_store(db) as store:
        assert store.listing(T0) == before
    with_id = tmp_path / "stays.toml"
    with_id.write_text(
        stays.read_text("utf-8").replace("[decision]\n", f'[decision]\nid = "{own_id}"\n'),
        "utf-8",
    )
    added = remind("add", str(with_id))
    assert added.exit_code == 0 and "0 removed" in added.stdout
    with open_store(db) as store:
        after = store.listing(T0)
    assert len(after) > len(before) and set(before) <= set(after)


def test_a_moved_file_is_the_same_plan_and_replace_takes_over(tmp_path: Path) -> None:
    """A file moved (and edited: another date) is the same plan: its reminders are updated,
    not refused. --replace lets a file take over another's key."""
    stays = without_id(tmp_path)
    db = tmp_path / "r.db"

    def remind(*args: str) -> Result:
        return CliRunner().invoke(
            main, ["remind", "--db", str(db), "--config", str(tmp_path / "none.toml"), *args]
        )

    assert remind("add", str(LEAVES)).exit_code == 0
    moved = tmp_path / "moved.toml"
    moved.write_text(LEAVES.read_text("utf-8"), "utf-8")
    result = remind("add", str(moved))
    assert result.exit_code == 0 and " 0 added, 0 updated, 0 removed" in result.stdout
    taken = remind("add", str(stays), "--replace")
    assert taken.exit_code == 0 and "removed" in taken.stdout
    assert remind("add", str(moved)).exit_code == 2  # now the other file's key


# --- removing what no file can name any more -------------------------------------------


def test_list_shows_each_plans_key_and_file(tmp_path: Path) -> None:
    """`remind list` heads each plan with its name, its key and the file it came from:
    what `remind remove` takes when the file is gone."""
    db = tmp_path / "r.db"
    assert CliRunner().invoke(main, ["remind", "--db", str(db), "add", str(JARDIN)]).exit_code == 0
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "list"])
    key = build_plan(load(JARDIN)).key
    assert (
        result.stdout.splitlines()[0]
        == f"Les Amis du Jardin Partagé (plan {key}, from {JARDIN}), times in Europe/Paris"
    )


def test_list_shows_times_in_the_plans_zone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a machine in another zone, `remind list` shows each reminder at the plan's own
    time (Europe/Paris), as `schedule --dry-run` and the calendar do."""
    monkeypatch.setenv("TZ", "America/New_York")
    time.tzset()
    try:
        db = tmp_path / "r.db"
        remind = ["remind", "--db", str(db)]
        assert CliRunner().invoke(main, [*remind, "add", str(JARDIN)]).exit_code == 0
        lines = CliRunner().invoke(main, [*remind, "list"]).stdout.splitlines()
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()
    with open_store(db) as store:
        listed = store.listing(dt.datetime.now(dt.UTC))
    wanted = {
        f"{said_date(row.due.astimezone(PARIS).date(), 'FR')}, {row.due.astimezone(PARIS):%H:%M}"
        for row in listed
    }
    assert any(w.endswith((" 09:00", " 10:00")) for w in wanted)  # the post time, or before
    shown = {line[2:].split(" · ")[0] for line in lines[1:]}
    assert shown == wanted


def test_remove_by_key_when_the_file_is_gone(tmp_path: Path) -> None:
    """The decision file deleted (or renamed): its reminders are removed by the key `remind
    list` shows, or by the path they were added from; the other plans keep theirs."""
    db = tmp_path / "r.db"

    def remind(*args: str) -> Result:
        return CliRunner().invoke(main, ["remind", "--db", str(db), *args])

    for name in ("gone.toml", "renamed.toml"):
        copy = tmp_path / name
        text = JARDIN.read_text("utf-8").replace(
            "[decision]\n", f'[decision]\nid = "{copy.stem}"\n'
        )
        copy.write_text(text, "utf-8")
        assert remind("add", str(copy)).exit_code == 0
    assert remind("add", str(LEAVES)).exit_code == 0
    (tmp_path / "gone.toml").unlink()
    (tmp_path / "renamed.toml").rename(tmp_path / "new-name.toml")
    result = remind("remove", "gone")
    assert (result.exit_code, result.stdout) == (0, "gone: 32 reminders removed\n")
    result = remind("remove", str(tmp_path / "renamed.toml"))
    assert (result.exit_code, result.stdout) == (
        0,
        f"{tmp_path / 'renamed.toml'}: 32 reminders removed\n",
    )
    with open_store(db) as store:
        assert {row.plan for row in store.listing(T0)} == {build_plan(load(LEAVES)).key}


def test_remove_a_broken_file_by_its_path(tmp_path: Path) -> None:
    """A decision file broken after it was added: `remind remove FILE` still removes the
    reminders that file added (found by its path)."""
    db = tmp_path / "r.db"
    copy = tmp_path / "leave.toml"
    copy.write_text(JARDIN.read_text("utf-8"), "utf-8")
    assert CliRunner().invoke(main, ["remind", "--db", str(db), "add", str(copy)]).exit_code == 0
    copy.write_text("[organisation\n", "utf-8")
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "remove", str(copy)])
    assert (result.exit_code, result.stdout) == (0, f"{copy}: 32 reminders removed\n")


def test_remove_of_nothing_known_names_what_to_do(tmp_path: Path) -> None:
    """Neither a file nor a key of the database: one line, exit 2, pointing at `remind
    list`; a broken file that added nothing gets its own errors, as from `check`."""
    db = tmp_path / "r.db"
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "remove", "nothing-here"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"Error: nothing-here: no such decision file, and no plan of this key in the reminders "
        f"database {db}; planner remind list shows the key of each plan\n",
    )
    broken = tmp_path / "broken.toml"
    broken.write_text("[organisation\n", "utf-8")
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "remove", str(broken)])
    checked = CliRunner().invoke(main, ["check", str(broken)])
    assert (result.exit_code, result.stderr) == (2, checked.stderr)


def test_a_version_3_database_gets_the_web_apps_tables(tmp_path: Path) -> None:
    """A database of the release before planner serve (version 3, with a plan) is brought
    to the last version: its rows intact, the web app's tables and the channels table
    empty."""
    db = tmp_path / "v3.sqlite3"
    connection = sqlite3.connect(db)
    migrate(connection, db, MIGRATIONS[:3])
    connection.execute("INSERT INTO plans VALUES ('p', '/a/p.toml', 'P', NULL)")
    connection.commit()
    connection.close()
    with open_store(db) as store:
        assert store.channels() == []
    assert raw(db, "PRAGMA user_version") == [(9,)] == [(VERSION,)]
    assert raw(db, "SELECT * FROM plans") == [("p", "/a/p.toml", "P", None, None)]
    for table in ("web_plans", "web_posts", "web_ticks", "web_assessments", "channels"):
        assert raw(db, f"SELECT count(*) FROM {table}") == [(0,)]


def test_a_version_6_database_gets_the_accounts_and_the_bluesky_switch(tmp_path: Path) -> None:
    """A database of the first planner serve (version 6, with a web plan, a reworded post
    and a channel) is brought to version 7: its rows intact, each web plan's Bluesky
    switch off, no account saved; accounts saved then are read back by network."""
    db = tmp_path / "v6.sqlite3"
    connection = sqlite3.connect(db)
    connection.execute("PRAGMA foreign_keys = ON")
    migrate(connection, db, MIGRATIONS[:6])
    connection.execute(
        "INSERT INTO web_plans VALUES ('p', x'5b615d', 'P', '2026-12-01T09:00:00Z', 'tok', 3600)"
    )
    connection.execute("INSERT INTO web_posts VALUES ('p', 'x/announce', 'x', 'Bonjour')")
    connection.execute("INSERT INTO channels VALUES ('c1', 'ntfy://ntfy.sh/t', '2026-12-01')")
    connection.commit()
    connection.close()
    with open_store(db) as store:
        assert store.accounts() == {}
        store.save_account("bluesky", {"handle": "amis.test", "service": None}, T0)
        store.save_account("mastodon", {"token": "Zq3mTOKEN-123"}, T0)
        assert store.accounts() == {
            "bluesky": {"handle": "amis.test"},
            "mastodon": {"token": "Zq3mTOKEN-123"},
        }
        store.forget_account("mastodon")
        assert store.accounts() == {"bluesky": {"handle": "amis.test"}}
    assert raw(db, "PRAGMA user_version") == [(9,)] == [(VERSION,)]
    assert raw(db, "SELECT * FROM web_plans") == [
        ("p", b"[a]", "P", "2026-12-01T09:00:00Z", "tok", 3600, 0)
    ]
    assert raw(db, "SELECT * FROM web_posts") == [("p", "x/announce", "x", "Bonjour")]
    assert raw(db, "SELECT id, url FROM channels") == [("c1", "ntfy://ntfy.sh/t")]
