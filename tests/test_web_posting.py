"""The web app's accounts for posting and each plan's posts that go out by themselves, through
Starlette's TestClient, on a local database and on the hosted one (SQLite, then a real
PostgreSQL: one workspace): the settings keep secrets server-side and never send them
back, the environment and accounts.toml win over them in the local mode and are not read
in the hosted one, "schedule on Mastodon" is `planner schedule --mastodon` against the
Mastodon stub (tests/mastodon_stub.py), the Bluesky switch hands the posts to the daemon
(or the hosted scheduler) and they follow the plan, the page lists them as `remind list`
does, and a plan is deleted after a page that says what goes."""

from __future__ import annotations

import datetime as dt
import html
import logging
import re
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update
from starlette.testclient import TestClient

from planner.accounts import load
from planner.cli import main
from planner.decision import load as load_decision
from planner.posts import render_posts
from planner.reminders import open_store
from planner.timeline import build_plan
from planner.web import schema
from planner.web.app import create_app
from planner.web.store import WebStore

from .mastodon_stub import MastodonStub, serving
from .postgres import backend
from .test_schedule import TOKEN, decision, mastodon_posts
from .web import BASE, LOOPBACK, Clock, Page, csrf, hosted, upload

APP_PASSWORD = "abcd-efgh-ijkl-mnop"
HANDLE = "amisdujardin.bsky.social"
BLUESKY = '\n[[destination]]\nkind = "bluesky"\naddress = "@amisdujardin.bsky.social"\n'


@pytest.fixture
def plan_file(tmp_path: Path) -> Path:
    """The garden's decision, made today, with Mastodon and Bluesky among its places."""
    path = decision(tmp_path)
    path.write_text(path.read_text("utf-8") + BLUESKY, "utf-8")
    return path


@pytest.fixture
def key(plan_file: Path) -> str:
    return build_plan(load_decision(plan_file)).key


class Backend:
    """The app's database as the tests read and change it behind the app: a local
    reminders database, or the workspace of a hosted one."""

    def __init__(self, where: Path | str) -> None:
        self.where = where
        self.store = hosted(where) if isinstance(where, str) else None

    @property
    def local(self) -> Path:
        assert isinstance(self.where, Path)
        return self.where

    def app(self, **options: Any) -> Any:
        """An app on the database at the real time (the Mastodon stub checks it), with no
        accounts file and no variables unless given."""
        options.setdefault("allow", LOOPBACK)
        return create_app(self.store or self.local, now=Clock(dt.datetime.now(dt.UTC)), **options)

    def accounts(self) -> dict[str, dict[str, str]]:
        """The accounts saved in the settings, secrets included."""
        if self.store is not None:
            return self.store.reminders.accounts()
        with open_store(self.local) as store:
            return store.accounts()

    def posts(self, key: str) -> dict[str, tuple[str, str | None]]:
        """The plan's Bluesky posts for the daemon or scheduler: step -> (text, state)."""
        if self.store is not None:
            o = schema.outbox
            with self.store.engine.connect() as db:
                rows = db.execute(select(o.c.step, o.c.text, o.c.state).where(o.c.plan == key))
                return {step: (body, state) for step, body, state in rows}
        connection = sqlite3.connect(self.local)
        try:
            found = connection.execute(
                "SELECT step, text, state FROM posts WHERE plan = ?", (key,)
            ).fetchall()
            return {step: (body, state) for step, body, state in found}
        finally:
            connection.close()

    def set_post(self, key: str, step: str, **values: str) -> None:
        """Change a post's delivery, as the daemon or scheduler would."""
        if self.store is not None:
            o = schema.outbox
            with self.store.engine.begin() as db:
                db.execute(update(o).where(o.c.plan == key, o.c.step == step).values(values))
            return
        connection = sqlite3.connect(self.local)
        with connection:
            names = ", ".join(f"{name} = ?" for name in values)
            connection.execute(
                f"UPDATE posts SET {names} WHERE plan = ? AND step = ?",
                (*values.values(), key, step),
            )
        connection.close()

    def count(self, local: str, hosted: str) -> int:
        """Rows of a table: ``local``'s in the local database, ``hosted``'s in the hosted one."""
        if self.store is not None:
            table = schema.metadata.tables[hosted]
            with self.store.engine.connect() as db:
                return int(db.execute(select(func.count()).select_from(table)).scalar() or 0)
        with open_store(self.local) as store:
            return int(store.db.execute(f"SELECT count(*) FROM {local}").fetchone()[0])


@pytest.fixture(params=["local", "hosted-sqlite", "hosted-postgresql"])
def where(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    """The app's database: a local one, then a hosted one (SQLite, then PostgreSQL)."""
    return Backend(backend(request, tmp_path))


@pytest.fixture
def local(tmp_path: Path) -> Backend:
    """A local database, for what only the local mode has (the environment, the file, the
    command line)."""
    return Backend(tmp_path / "reminders.sqlite3")


def opened(backend_: Backend, plan_file: Path, **options: Any) -> Iterator[TestClient]:
    with TestClient(backend_.app(**options), base_url=BASE) as found:
        found.get("/plans")
        assert upload(found, plan_file).status_code == 303
        yield found


@pytest.fixture
def browser(where: Backend, plan_file: Path) -> Iterator[TestClient]:
    """A browser whose app holds the plan, uploaded (on each database)."""
    yield from opened(where, plan_file)


@pytest.fixture
def local_browser(local: Backend, plan_file: Path) -> Iterator[TestClient]:
    """A browser whose app, on a local database, holds the plan."""
    yield from opened(local, plan_file)


def save(browser: TestClient, network: str, **fields: str) -> Any:
    return browser.post(
        "/accounts",
        data={"csrf": csrf(browser), "action": f"save-{network}", **fields},
        follow_redirects=False,
    )


def every_page(browser: TestClient, key: str) -> list[Any]:
    """Every page of the app, and those of the plan."""
    pages = ["/plans", "/plans/new", "/plans/new/form", "/reminders", "/assessments", "/accounts"]
    plan = ["", "/decision", "/today", "/plan", "/posts", "/calendar", "/reminders", "/delete"]
    return [browser.get(p) for p in pages + [f"/plans/{key}{p}" for p in plan]]


def text(response: Any) -> str:
    return html.unescape(response.text)


# --- the accounts' settings ----------------------------------------------------------------


def test_secrets_are_kept_server_side_and_never_sent_back(
    browser: TestClient, key: str, where: Backend, caplog: pytest.LogCaptureFixture
) -> None:
    """A Mastodon token and a Bluesky app password typed in the settings are stored in the
    database (a local one readable by its owner only) and in no answer: not the redirect,
    not any page, not a password field; the page says they are set, and where they come
    from; nothing logged holds them."""
    caplog.set_level(logging.DEBUG)
    answers = [
        save(browser, "mastodon", instance="https://mastodon.example", token=TOKEN),
        save(browser, "bluesky", handle=f"@{HANDLE}", app_password=APP_PASSWORD, service=""),
    ]
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["location"] == "/accounts?done=saved"
    assert where.accounts() == {
        "mastodon": {"instance": "https://mastodon.example", "token": TOKEN},
        "bluesky": {"handle": HANDLE, "app_password": APP_PASSWORD},
    }
    if where.store is None:
        assert stat.S_IMODE(where.local.stat().st_mode) == 0o600
    pages = every_page(browser, key)
    assert all(p.status_code == 200 for p in pages), [p.url for p in pages if p.status_code != 200]
    for answer in [*answers, *pages]:
        assert TOKEN not in answer.text + str(answer.headers)
        assert APP_PASSWORD not in answer.text + str(answer.headers)
    for record in caplog.records:
        assert TOKEN not in record.getMessage() and APP_PASSWORD not in record.getMessage()
    settings = browser.get("/accounts")
    shown = text(settings)
    assert shown.count("set (hidden)") == 2 and shown.count("(saved here)") == 4
    assert "https://mastodon.example" in shown and HANDLE in shown
    passwords = [a for t, a in Page(settings.text).tags if a.get("type") == "password"]
    assert len(passwords) == 2 and all("value" not in a for a in passwords)


def test_an_empty_secret_keeps_the_saved_one_and_forget_removes_it(
    browser: TestClient, where: Backend
) -> None:
    """Saving again without typing the token keeps the saved token (the field is always
    empty); 'forget' removes the account."""
    save(browser, "mastodon", instance="", token=TOKEN)
    assert save(browser, "mastodon", instance="mastodon.example", token="").status_code == 303
    assert where.accounts()["mastodon"] == {"instance": "https://mastodon.example", "token": TOKEN}
    browser.post("/accounts", data={"csrf": csrf(browser), "action": "forget-mastodon"})
    assert "mastodon" not in where.accounts()
    assert "not set" in text(browser.get("/accounts"))


def test_refused_fields_say_why_beside_them_and_keep_all_but_the_secret(
    browser: TestClient,
) -> None:
    """A server that is no address, a main password instead of an app password, a handle
    with spaces: each is refused beside its field, in the command line's words; what was
    typed comes back, except the password; nothing is saved."""
    answer = save(browser, "bluesky", handle="Les Amis", app_password="Hunter2!", service="ftp://x")
    assert answer.status_code == 400
    page = Page(answer.text)
    errors = dict(page.errors)
    assert errors["e-bluesky-handle"] == (
        "“Handle”: 'Les Amis' is not a Bluesky handle; write it like amis.bsky.social"
    )
    assert errors["e-bluesky-app-password"].startswith(
        "“App password”: this is not an app password (xxxx-xxxx-xxxx-xxxx)"
    )
    assert errors["e-bluesky-service"] == (
        "“Server”: 'ftp://x' is not the address of a server; write it like "
        "https://mastodon.social (https:// only)"
    )
    fields = dict(page.forms[-1]["fields"])
    assert fields["handle"] == "Les Amis" and fields["service"] == "ftp://x"
    assert "Hunter2!" not in answer.text
    missing = save(browser, "mastodon", instance="", token="")
    assert missing.status_code == 400
    assert dict(Page(missing.text).errors)["e-mastodon-token"].startswith(
        "“Access token”: empty; paste the token your Mastodon server gives"
    )
    assert "set (hidden)" not in text(browser.get("/accounts"))


def test_the_environment_and_the_file_win_over_the_settings(tmp_path: Path, local: Backend) -> None:
    """Field by field: a variable wins over accounts.toml, which wins over the settings;
    the page says which is in effect and where it comes from, still without the secret."""
    file = tmp_path / "accounts.toml"
    file.write_text('[bluesky]\napp_password = "wxyz-wxyz-wxyz-wxyz"\n', "utf-8")
    file.chmod(0o600)
    environ = {"PLANNER_BLUESKY_HANDLE": "from-env.example.org"}
    with TestClient(local.app(accounts=file, environ=environ), base_url=BASE) as browser:
        browser.get("/plans")
        save(browser, "bluesky", handle=HANDLE, app_password=APP_PASSWORD, service="")
        in_effect = load(file, environ, local.accounts())
        assert in_effect.bluesky == {
            "handle": "from-env.example.org",
            "app_password": "wxyz-wxyz-wxyz-wxyz",
        }
        shown = text(browser.get("/accounts"))
    assert "from-env.example.org" in shown
    assert "from the variable PLANNER_BLUESKY_HANDLE, which wins over this page" in shown
    assert f"from {file}, which wins over this page" in shown
    assert "wxyz-wxyz" not in shown and APP_PASSWORD not in shown


@pytest.mark.parametrize("where", ["hosted-sqlite"], indirect=True)
def test_the_hosted_mode_reads_no_instance_variable_nor_file(
    tmp_path: Path, where: Backend, plan_file: Path, key: str
) -> None:
    """In the hosted mode, the workspace's own settings are the only accounts: the
    instance's variables and accounts file, even given, are not read (a federation's
    token would post for every association); the page says whose accounts they are."""
    file = tmp_path / "accounts.toml"
    file.write_text('[mastodon]\ntoken = "from-the-file-0123456789"\n', "utf-8")
    file.chmod(0o600)
    environ = {"PLANNER_BLUESKY_HANDLE": "federation.example.org", "PLANNER_MASTODON_TOKEN": TOKEN}
    with TestClient(where.app(accounts=file, environ=environ), base_url=BASE) as browser:
        browser.get("/plans")
        upload(browser, plan_file)
        shown = text(browser.get("/accounts"))
        assert browser.app.state.web.accounts().mastodon == {}  # type: ignore[attr-defined]
        assert shown.count("not set") == 3
        assert "federation.example.org" not in shown and "wins over" not in shown
        assert "kept on the server for this workspace only" in shown
        page = text(browser.get(f"/plans/{key}/reminders"))
        assert "No Mastodon token yet: add it on the Accounts page." in page
        assert "No Bluesky account yet" in page


# --- Mastodon ---------------------------------------------------------------------------------


@pytest.fixture
def stub() -> Iterator[MastodonStub]:
    with serving(TOKEN) as server:
        yield server


def test_schedule_on_mastodon_from_the_plans_page(
    browser: TestClient, key: str, plan_file: Path, tmp_path: Path, stub: MastodonStub
) -> None:
    """The button schedules every future Mastodon post on the server (planner schedule's
    code), the page lists each as 'scheduled on <server>', a second press changes
    nothing, and 'remove' deletes them; the token is in no answer."""
    save(browser, "mastodon", instance=stub.url, token=TOKEN)
    wanted = mastodon_posts(tmp_path, plan_file)
    host = stub.url.removeprefix("http://")
    page = text(browser.get(f"/plans/{key}/reminders"))
    assert f"Schedule the posts on {host}" in page
    answers = [
        browser.post(
            f"/plans/{key}/mastodon",
            data={"csrf": csrf(browser), "action": "schedule"},
            follow_redirects=False,
        )
    ]
    assert answers[0].headers["location"] == f"/plans/{key}/reminders?done=scheduled#posting"
    assert sorted(s["params"]["text"] for s in stub.scheduled.values()) == sorted(
        t for _at, t in wanted.values()
    )
    listed = browser.get(f"/plans/{key}/reminders")
    assert text(listed).count(f"scheduled on {host}") == len(wanted)
    writes = len([r for r in stub.requests if r[0] != "GET"])
    answers.append(
        browser.post(f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"})
    )
    assert len([r for r in stub.requests if r[0] != "GET"]) == writes  # nothing changed
    answers.append(
        browser.post(f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "cancel"})
    )
    assert stub.scheduled == {}
    assert "scheduled on" not in text(answers[-1])
    for answer in [*answers, listed]:
        assert TOKEN not in answer.text


def test_a_refused_token_and_a_server_down_are_one_line_on_the_page(
    browser: TestClient, key: str, stub: MastodonStub, where: Backend
) -> None:
    """A token the server refuses: the command's message (in the hosted mode, pointing to
    the workspace's Accounts page), 400, nothing scheduled; a server that does not answer:
    its message, 502. The token shows in neither."""
    wrong = "Wrong-token-0123456789"
    save(browser, "mastodon", instance=stub.url, token=wrong)
    refused = browser.post(
        f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"}
    )
    assert refused.status_code == 400
    host = stub.url.removeprefix("http://")
    fix = (
        "check the one on this workspace's Accounts page"
        if where.store
        else "check PLANNER_MASTODON_TOKEN or accounts.toml"
    )
    assert f"{host} refused the token: {fix}" in text(refused)
    assert stub.scheduled == {} and wrong not in refused.text
    save(browser, "mastodon", instance="http://127.0.0.1:9", token=TOKEN)
    down = browser.post(
        f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"}
    )
    assert down.status_code == 502
    assert "127.0.0.1:9 cannot be reached" in text(down) and TOKEN not in down.text


def test_without_a_token_the_page_says_where_to_add_it(browser: TestClient, key: str) -> None:
    """No Mastodon token anywhere: no button, the way to the settings; a POST all the same
    is refused with it."""
    page = browser.get(f"/plans/{key}/reminders")
    assert "No Mastodon token yet: add it on the Accounts page." in text(page)
    assert not any(a.get("value") == "schedule" for _t, a in Page(page.text).tags)
    answer = browser.post(
        f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"}
    )
    assert answer.status_code == 400


# --- Bluesky ----------------------------------------------------------------------------------


def switch(browser: TestClient, key: str, on: bool) -> Any:
    data = {"csrf": csrf(browser), **({"bluesky": "on"} if on else {})}
    return browser.post(f"/plans/{key}/bluesky", data=data, follow_redirects=False)


def test_the_bluesky_switch_hands_the_posts_to_the_daemon_and_they_follow(
    browser: TestClient, key: str, plan_file: Path, where: Backend
) -> None:
    """Without an account the switch says where to add one; with one, the plan's future
    Bluesky posts are the daemon's, or the hosted scheduler's (remind list shows them in
    the local mode); a reworded post follows; reminders turned off leave them; the switch
    off takes back those not sent."""
    refused = switch(browser, key, True)
    assert refused.status_code == 400
    assert "No Bluesky account yet" in text(refused)
    assert where.posts(key) == {}
    save(browser, "bluesky", handle=HANDLE, app_password=APP_PASSWORD, service="")
    assert switch(browser, key, True).status_code == 303
    wanted = {
        p.step.id: p.text
        for p in render_posts(build_plan(load_decision(plan_file)))
        if p.channel == "bluesky"
        and isinstance(p.step.start, dt.datetime)
        and p.step.start > dt.datetime.now(dt.UTC)
    }
    assert {step: body for step, (body, _s) in where.posts(key).items()} == wanted
    if where.store is None:
        listing = CliRunner().invoke(main, ["remind", "--db", str(where.local), "list"])
        assert listing.stdout.count("to post on Bluesky") == len(wanted)
    step = next(iter(wanted))
    browser.post(
        f"/plans/{key}/posts",
        data={"csrf": csrf(browser), "step": step, "channel": "bluesky", "text": "Notre texte"},
    )
    assert where.posts(key)[step] == ("Notre texte", None)
    browser.post(
        f"/plans/{key}/reminders", data={"csrf": csrf(browser), "action": "on", "lead": "1h"}
    )
    browser.post(f"/plans/{key}/reminders", data={"csrf": csrf(browser), "action": "off"})
    assert len(where.posts(key)) == len(wanted)
    page = Page(browser.get(f"/plans/{key}/reminders").text)
    assert ("bluesky", "on") in page.form(f"/plans/{key}/bluesky")
    assert switch(browser, key, False).status_code == 303
    assert where.posts(key) == {}
    assert ("bluesky", "on") not in Page(browser.get(f"/plans/{key}/reminders").text).form(
        f"/plans/{key}/bluesky"
    )


def test_the_page_lists_the_posts_as_remind_list_does(
    browser: TestClient, key: str, where: Backend
) -> None:
    """A post sent shows 'posted on Bluesky at HH:MM' with its link, one that failed its
    reason, one ahead 'to post on Bluesky' (the rows of outbox.listing)."""
    save(browser, "bluesky", handle=HANDLE, app_password=APP_PASSWORD, service="")
    switch(browser, key, True)
    steps = sorted(where.posts(key))
    url = f"https://bsky.app/profile/{HANDLE}/post/3abc"
    where.set_post(key, steps[0], state="sent", at="2026-12-01T09:00:00Z", url=url)
    refused = "Bluesky (@x): the handle or the app password was refused (AuthenticationRequired)"
    where.set_post(key, steps[1], state="failed", error=refused)
    page = browser.get(f"/plans/{key}/reminders")
    shown = text(page)
    assert "posted on Bluesky at 10:00: " + url in re.sub(r"<[^>]+>", "", shown)  # Paris
    assert ("a", {"href": url}) in Page(page.text).tags
    assert "Bluesky post: Bluesky (@x): the handle or the app password was refused" in shown
    assert shown.count("to post on Bluesky") == len(steps) - 2


# --- deleting a plan ------------------------------------------------------------------------


def test_a_plan_is_deleted_after_a_page_that_says_what_goes(
    browser: TestClient, key: str, where: Backend, stub: MastodonStub
) -> None:
    """The confirmation page names what goes (the reminders, the reworded posts) and what
    stays (the downloaded file, the posts scheduled on Mastodon); the button deletes the
    plan, its reminders, reworded posts and unsent Bluesky posts, not what stays on the
    server."""
    browser.post(
        f"/plans/{key}/reminders", data={"csrf": csrf(browser), "action": "on", "lead": "1h"}
    )
    browser.post(
        f"/plans/{key}/posts",
        data={"csrf": csrf(browser), "step": "x/announce", "channel": "x", "text": "Au revoir"},
    )
    save(browser, "mastodon", instance=stub.url, token=TOKEN)
    browser.post(f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"})
    save(browser, "bluesky", handle=HANDLE, app_password=APP_PASSWORD, service="")
    switch(browser, key, True)
    scheduled = len(stub.scheduled)
    reminders = where.count("reminders", "reminders")
    bluesky = len(where.posts(key))
    assert scheduled and reminders and bluesky
    assert f'href="/plans/{key}/delete"' in browser.get(f"/plans/{key}").text
    page = browser.get(f"/plans/{key}/delete")
    shown = text(page)
    assert f"its {reminders} reminders;" in shown
    assert "1 post the team reworded;" in shown
    assert "A decision file you downloaded is your own copy" in shown
    assert f"{bluesky} Bluesky posts still to post, which will not be posted;" in shown
    assert f"{scheduled} posts stay scheduled on Mastodon" in shown
    assert Page(page.text).form(f"/plans/{key}/delete") == [("csrf", csrf(browser))]
    answer = browser.post(
        f"/plans/{key}/delete", data={"csrf": csrf(browser)}, follow_redirects=False
    )
    assert answer.headers["location"] == "/plans?done=deleted"
    assert "The plan is deleted." in text(browser.get("/plans?done=deleted"))
    assert browser.get(f"/plans/{key}").status_code == 404
    for local, hosted_table in (
        ("web_plans", "plans"),
        ("web_posts", "posts"),
        ("reminders", "reminders"),
        ("posts", "outbox"),
    ):
        assert where.count(local, hosted_table) == 0, local
    # Still on the server, still recorded (and listed again if the plan comes back).
    assert where.count("scheduled", "scheduled") == scheduled
    assert len(stub.scheduled) == scheduled


def test_the_delete_page_says_what_became_of_each_bluesky_post(
    browser: TestClient, key: str, where: Backend
) -> None:
    """The plan's Bluesky posts counted by what became of them, in both languages: posted
    (they stay on Bluesky), missed (never posted), still to post (waiting, failed and to
    be tried again, being sent), never a missed one as "not posted yet"."""
    save(browser, "bluesky", handle=HANDLE, app_password=APP_PASSWORD, service="")
    switch(browser, key, True)
    steps = sorted(where.posts(key))
    assert len(steps) >= 6
    states = ["sent", "sent", "missed", "missed", "missed", "failed"]
    for step, state in zip(steps, states, strict=False):
        where.set_post(key, step, state=state)
    to_post = len(steps) - 5
    shown = " ".join(text(browser.get(f"/plans/{key}/delete")).split())
    assert "the record of 2 Bluesky posts already posted (they stay on Bluesky);" in shown
    assert "the record of 3 missed Bluesky posts, which were never posted;" in shown
    if to_post > 1:
        assert f"{to_post} Bluesky posts still to post, which will not be posted;" in shown
    else:
        assert "1 Bluesky post still to post, which will not be posted;" in shown
    browser.cookies.set("planner_lang", "fr")
    shown = " ".join(text(browser.get(f"/plans/{key}/delete")).split())
    assert "la trace de 2 publications Bluesky déjà publiées (elles restent sur Bluesky) ;" in (
        shown
    )
    assert "la trace de 3 publications Bluesky manquées, jamais publiées ;" in shown
    if to_post > 1:
        assert f"{to_post} publications Bluesky encore à publier, qui ne le seront pas ;" in shown
    else:
        assert "1 publication Bluesky encore à publier, qui ne le sera pas ;" in shown
    for step in steps[:5]:
        where.set_post(key, step, state="sent")
    browser.cookies.set("planner_lang", "en")
    shown = " ".join(text(browser.get(f"/plans/{key}/delete")).split())
    assert "missed" not in shown and "the record of 5 Bluesky posts already posted" in shown


def test_a_plan_whose_file_is_broken_can_be_deleted(browser: TestClient, where: Backend) -> None:
    """A plan whose stored file no longer passes check (written by an older planner: it
    cannot be opened) has its delete link in the list, and its confirmation page works."""
    broken = '[organisation]\nname = "Cassé"\n'.encode()
    now = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    if where.store is not None:
        assert where.store.create("broken", broken, "Cassé", now)
    else:
        with open_store(where.local) as store:
            assert WebStore(store.db).create("broken", broken, "Cassé", now)
    assert 'href="/plans/broken/delete"' in browser.get("/plans").text
    assert browser.get("/plans/broken/delete").status_code == 200
    browser.post("/plans/broken/delete", data={"csrf": csrf(browser)})
    assert "Cassé" not in browser.get("/plans").text


def test_the_command_line_uses_the_saved_token_and_a_variable_wins(
    local_browser: TestClient, plan_file: Path, local: Backend, tmp_path: Path, stub: MastodonStub
) -> None:
    """`planner schedule --mastodon` on the app's database uses the token saved in the
    settings; a token in the environment wins over it (here a wrong one: refused)."""
    save(local_browser, "mastodon", instance=stub.url, token=TOKEN)
    command = ["schedule", str(plan_file), "--mastodon", "--db", str(local.local)]
    command += ["--accounts", str(tmp_path / "none.toml")]
    used = CliRunner().invoke(main, command, env={"PLANNER_MASTODON_TOKEN": ""})
    assert used.exit_code == 0, used.stderr
    assert len(stub.scheduled) == len(mastodon_posts(tmp_path, plan_file))
    wrong = CliRunner().invoke(main, command, env={"PLANNER_MASTODON_TOKEN": "Wrong-token-42"})
    assert wrong.exit_code == 2
    assert "refused the token" in wrong.stderr
    assert TOKEN not in used.stdout + used.stderr + wrong.stdout + wrong.stderr


def test_a_secret_saved_while_running_stays_out_of_the_libraries_logs(local: Backend) -> None:
    """The log filter of the sending libraries asks for the secrets at each record: one
    saved in the settings after it was made is replaced too; when the secrets cannot be
    read, the record is dropped rather than shown."""
    from planner.accounts import Redacted

    def secrets() -> list[str]:
        return load(None, {}, local.accounts()).secrets

    redacted = Redacted(secrets)
    with open_store(local.local) as store:
        store.save_account(
            "bluesky", {"handle": HANDLE, "app_password": APP_PASSWORD}, dt.datetime.now(dt.UTC)
        )
    record = logging.LogRecord("httpx", logging.WARNING, "", 0, "login %s", (APP_PASSWORD,), None)
    assert redacted.filter(record) and record.getMessage() == "login …"

    def unreadable() -> list[str]:
        raise OSError("gone")

    assert not Redacted(unreadable).filter(
        logging.LogRecord("httpx", logging.WARNING, "", 0, "x", None, None)
    )
