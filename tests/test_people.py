"""The hosted mode's people, on SQLite and on a real PostgreSQL: a member of one workspace
finds nothing of another (404 on every route that takes a plan's key or an
assessment's id), a reader changes nothing, sessions end (logout, everywhere, expiry),
invitations are used once and expire, wrong passwords slow the next tries, and the
instance administrator creates workspaces with their owner's one-time link."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.applications import Starlette
from starlette.routing import Route
from starlette.testclient import TestClient

from planner.cli import main
from planner.web.accounts import FREE_FAILURES, Accounts
from planner.web.app import create_app
from planner.web.database import engine_of, migrate
from planner.web.hosted import HostedStore
from planner.web.invitations import Delivery
from planner.web.security import HOSTS

from .conftest import ROOT
from .web import BASE, LOOPBACK, NOW, Clock, Page, csrf, upload

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
COOP = ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"
KEY = "les-amis-du-jardin-partage"
PASSWORD = "correct horse battery"
TOKEN = "Zq3mTOKENsecret-7fA1bC9dE2gH4jK6lM8nP0qR"


class Instance:
    """A hosted instance on one database: its people, one app, browsers on it (reaching
    it at ``base``), its invitations delivered as ``delivery`` says."""

    def __init__(self, address: str, delivery: Delivery | None = None, base: str = BASE) -> None:
        engine = engine_of(address)
        migrate(engine)
        self.accounts = Accounts(engine)
        self.clock = Clock(NOW)
        hosts = HOSTS | (delivery.trusted if delivery else frozenset())
        self.app: Starlette = create_app(
            self.accounts, now=self.clock, hosts=hosts, delivery=delivery, allow=LOOPBACK
        )
        self.base = base
        self.browsers: list[TestClient] = []

    def browser(self, language: str = "en") -> TestClient:
        found = TestClient(
            self.app,
            base_url=self.base,
            follow_redirects=False,
            cookies={"planner_lang": language},
        )
        found.__enter__()
        found.get("/login")  # the CSRF cookie
        self.browsers.append(found)
        return found

    def admin(self, language: str = "en") -> TestClient:
        """A browser logged in as an instance administrator."""
        self.accounts.set_admin("admin@example.org", PASSWORD, self.clock())
        found = self.browser(language)
        data = {"csrf": csrf(found), "email": "admin@example.org", "password": PASSWORD}
        assert found.post("/login", data=data).status_code == 303
        return found

    def workspace(self, workspace: str) -> None:
        assert self.accounts.create_workspace(workspace, workspace.title(), self.clock())

    def member(self, workspace: str, role: str, email: str) -> TestClient:
        """A browser logged in as a new member of ``workspace`` (through an invitation)."""
        token = self.accounts.invite(workspace, role, self.clock())
        found = self.browser()
        answer = found.post(
            f"/invite/{token}",
            data={"csrf": csrf(found), "email": email, "password": PASSWORD, "again": PASSWORD},
        )
        assert answer.status_code == 303, answer.text
        return found

    def close(self) -> None:
        for found in self.browsers:
            found.__exit__(None, None, None)


@pytest.fixture
def instance(database: str) -> Iterator[Instance]:
    found = Instance(database)
    yield found
    found.close()


def routes_with(app: Starlette, parameter: str) -> list[tuple[str, str]]:
    """(method, path) of every route whose path takes ``parameter``."""
    out = []
    for route in app.routes:
        if isinstance(route, Route) and "{" + parameter + "}" in route.path:
            for method in sorted(route.methods or ()):
                if method != "HEAD":
                    out.append((method, route.path))
    return out


def test_a_member_of_one_workspace_finds_nothing_of_another(
    instance: Instance, tmp_path: Path
) -> None:
    """Alice (workspace a) asks for every route of Bob's plan, assessment, feed, channel
    and posting (workspace b) by its key or id: 404 for each, and nothing of b changes;
    her accounts for posting are her workspace's, and b's stay b's."""
    instance.workspace("a")
    instance.workspace("b")
    bob = instance.member("b", "owner", "bob@example.org")
    jardin = tmp_path / JARDIN.name  # with a Bluesky account among its places
    bluesky = '\n[[destination]]\nkind = "bluesky"\naddress = "@amis.bsky.social"\n'
    jardin.write_text(JARDIN.read_text("utf-8") + bluesky, "utf-8")
    assert upload(bob, jardin).status_code == 303
    secret = {"handle": "bob.example.org", "app_password": "abcd-efgh-ijkl-mnop", "service": ""}
    bob.post("/accounts", data={"csrf": csrf(bob), "action": "save-bluesky", **secret})
    bob.post("/accounts", data={"csrf": csrf(bob), "action": "save-mastodon", "token": TOKEN})
    assert (
        bob.post(f"/plans/{KEY}/bluesky", data={"csrf": csrf(bob), "bluesky": "on"}).status_code
        == 303
    )
    bob.post(f"/plans/{KEY}/feed", data={"csrf": csrf(bob), "action": "renew"})
    created = bob.post(
        "/assessments",
        data={"csrf": csrf(bob), "organisation": "Jardin", "platform": "x", "language": "fr"},
    )
    assessment = created.headers["location"].split("/")[2].split("?")[0]
    bob.post("/reminders", data={"csrf": csrf(bob), "action": "add", "url": "json://127.0.0.1:9/"})
    b = HostedStore(instance.accounts.engine, "b")
    before = (
        b.plans(),
        b.assessments(),
        [c.id for c in b.reminders.channels()],
        b.reminders.accounts(),
        b.held(KEY),
    )
    assert all(before) and before[4]["to_post"]

    alice = instance.member("a", "owner", "alice@example.org")
    assert upload(alice, COOP).status_code == 303
    tried = []
    for parameter, value in (("key", KEY), ("id", assessment)):
        for method, path in routes_with(instance.app, parameter):
            url = path.replace("{" + parameter + "}", value)
            if method == "GET":
                answer = alice.get(url)
            else:
                answer = alice.post(url, data={"csrf": csrf(alice), "action": "renew"})
            assert answer.status_code == 404, (method, url, answer.status_code)
            tried.append(url)
    assert len(tried) >= 15
    assert {f"/plans/{KEY}/mastodon", f"/plans/{KEY}/bluesky"} <= set(tried)
    alice.post(
        "/reminders", data={"csrf": csrf(alice), "action": "remove", "channel": before[2][0]}
    )
    mine = alice.get("/accounts").text
    assert "bob.example.org" not in mine and "set (hidden)" not in mine
    alice.post("/accounts", data={"csrf": csrf(alice), "action": "forget-bluesky"})
    alice.post(
        "/accounts",
        data={"csrf": csrf(alice), "action": "save-mastodon", "token": "Alice-token-42"},
    )
    assert HostedStore(instance.accounts.engine, "a").reminders.accounts() == {
        "mastodon": {"token": "Alice-token-42"}
    }
    after = (
        b.plans(),
        b.assessments(),
        [c.id for c in b.reminders.channels()],
        b.reminders.accounts(),
        b.held(KEY),
    )
    assert after == before
    assert KEY not in alice.get("/plans").text
    assert bob.get(f"/plans/{KEY}").status_code == 200


def test_a_reader_cannot_change_anything(instance: Instance) -> None:
    """A reader sees the plans, and every request that would change something is refused
    (403); the plan is as it was. The accounts for posting: the reader sees that one is
    set, never its secret, and no form to change it."""
    instance.workspace("a")
    owner = instance.member("a", "owner", "owner@example.org")
    assert upload(owner, JARDIN).status_code == 303
    owner.post("/accounts", data={"csrf": csrf(owner), "action": "save-mastodon", "token": TOKEN})
    reader = instance.member("a", "reader", "reader@example.org")
    assert reader.get(f"/plans/{KEY}").status_code == 200
    page = reader.get("/accounts")
    assert page.status_code == 200 and "set (hidden)" in page.text and TOKEN not in page.text
    assert not [f for f in Page(page.text).forms if f["action"] == "/accounts"]
    assert [f for f in Page(owner.get("/accounts").text).forms if f["action"] == "/accounts"]
    store = HostedStore(instance.accounts.engine, "a")
    before = (store.plans(), store.edits(KEY), store.ticks(KEY), store.reminders.accounts())
    posts = [
        path.replace("{key}", KEY).replace("{id}", "x")
        for route in instance.app.routes
        if isinstance(route, Route) and "POST" in (route.methods or ())
        for path in [route.path]
        if not path.startswith(("/login", "/logout", "/invite", "/language"))
    ]
    assert len(posts) >= 12
    for path in posts:
        answer = reader.post(
            path, data={"csrf": csrf(reader), "step": "x/announce", "channel": "x", "text": "t"}
        )
        assert answer.status_code in (403, 404), (path, answer.status_code)
        if not path.startswith(("/admin", "/members")):
            assert answer.status_code == 403, path
    after = (store.plans(), store.edits(KEY), store.ticks(KEY), store.reminders.accounts())
    assert after == before


def test_logout_everywhere_ends_every_session(instance: Instance) -> None:
    """Two browsers of one person; logging out everywhere from one sends the other to the
    login page; logging out ends only its own session."""
    instance.workspace("a")
    first = instance.member("a", "editor", "e@example.org")
    second = instance.browser()
    answer = second.post(
        "/login", data={"csrf": csrf(second), "email": "E@example.org", "password": PASSWORD}
    )
    assert answer.status_code == 303
    third = instance.browser()
    third.post("/login", data={"csrf": csrf(third), "email": "e@example.org", "password": PASSWORD})
    assert second.get("/plans").status_code == 200
    third.post("/logout", data={"csrf": csrf(third)})
    assert third.get("/plans").headers["location"].startswith("/login")
    assert second.get("/plans").status_code == 200
    first.post("/logout-everywhere", data={"csrf": csrf(first)})
    for found in (first, second):
        answer = found.get("/plans")
        assert answer.status_code == 303 and answer.headers["location"] == "/login?next=/plans"


def test_a_session_ends_after_its_time(instance: Instance) -> None:
    """Fifteen days later, the session is no longer accepted."""
    instance.workspace("a")
    member = instance.member("a", "editor", "e@example.org")
    assert member.get("/plans").status_code == 200
    instance.clock.now += dt.timedelta(days=15)
    assert member.get("/plans").status_code == 303


def test_an_invitation_is_used_once_and_expires(instance: Instance) -> None:
    """An invitation link works once; another, eight days old, is refused."""
    instance.workspace("a")
    token = instance.accounts.invite("a", "editor", instance.clock())
    late = instance.accounts.invite("a", "editor", instance.clock())
    first = instance.browser()
    data = {"csrf": csrf(first), "email": "x@example.org", "password": PASSWORD, "again": PASSWORD}
    assert first.post(f"/invite/{token}", data=data).status_code == 303
    again = instance.browser()
    assert again.get(f"/invite/{token}").status_code == 404
    data2 = {**data, "csrf": csrf(again), "email": "y@example.org"}
    assert again.post(f"/invite/{token}", data=data2).status_code == 404
    instance.clock.now += dt.timedelta(days=8)
    answer = again.get(f"/invite/{late}")
    assert answer.status_code == 404
    assert "This invitation link has expired or was already used" in answer.text


@pytest.mark.parametrize(
    "email",
    [
        "Win a prize on https://evil.example, says boss@example.org",
        "ana@example.org\u2028Bcc: x@example.org",
        "ana@localhost",
    ],
)
def test_an_invitation_is_accepted_with_an_e_mail_address_only(
    instance: Instance, email: str
) -> None:
    """The address an invitation is accepted with is the member's name in the invitation
    mails they send (through the instance's mail server): one address, nothing else."""
    instance.workspace("a")
    token = instance.accounts.invite("a", "owner", instance.clock())
    browser = instance.browser()
    data = {"csrf": csrf(browser), "email": email, "password": PASSWORD, "again": PASSWORD}
    answer = browser.post(f"/invite/{token}", data=data)
    assert answer.status_code == 400
    assert "Write your e-mail address." in answer.text
    assert instance.accounts.invitation(token, instance.clock()) is not None  # still unused


def test_ten_wrong_passwords_slow_the_next_tries(instance: Instance) -> None:
    """After ten wrong passwords, even the right one waits (429), longer after each
    failure; once the wait is over, the right one opens a session."""
    instance.workspace("a")
    instance.member("a", "editor", "e@example.org")
    browser = instance.browser()

    def attempt(password: str) -> int:
        data = {"csrf": csrf(browser), "email": "e@example.org", "password": password}
        return int(browser.post("/login", data=data).status_code)

    assert [attempt("wrong password") for _ in range(FREE_FAILURES)] == [400] * FREE_FAILURES
    assert attempt(PASSWORD) == 429
    instance.clock.now += dt.timedelta(seconds=1)
    assert attempt("wrong again!") == 400  # the eleventh failure: the wait doubles
    instance.clock.now += dt.timedelta(seconds=1)
    answer = browser.post(
        "/login", data={"csrf": csrf(browser), "email": "e@example.org", "password": PASSWORD}
    )
    assert answer.status_code == 429
    assert "Too many wrong passwords for this address: wait 1 s" in answer.text
    instance.clock.now += dt.timedelta(seconds=1)
    assert attempt(PASSWORD) == 303


def test_wrong_passwords_through_an_invitation_count_as_at_login(instance: Instance) -> None:
    """An unused invitation link is no way round the login's slow-down: a known address's
    wrong passwords there count, and after ten even the right one waits (429), the link
    still unused; once the wait is over, the right one joins."""
    instance.workspace("a")
    instance.workspace("b")
    instance.member("a", "editor", "e@example.org")
    token = instance.accounts.invite("b", "reader", instance.clock())
    browser = instance.browser()

    def attempt(password: str) -> int:
        data = {
            "csrf": csrf(browser),
            "email": "e@example.org",
            "password": password,
            "again": password,
        }
        return int(browser.post(f"/invite/{token}", data=data).status_code)

    wrong = "wrong password!"
    assert [attempt(wrong) for _ in range(FREE_FAILURES)] == [400] * FREE_FAILURES
    assert attempt(PASSWORD) == 429
    login = {"csrf": csrf(browser), "email": "e@example.org", "password": PASSWORD}
    assert browser.post("/login", data=login).status_code == 429  # one count for both doors
    assert instance.accounts.invitation(token, instance.clock()) is not None
    instance.clock.now += dt.timedelta(seconds=1)
    assert attempt(PASSWORD) == 303


def test_the_administrator_creates_a_workspace_and_its_owners_link(instance: Instance) -> None:
    """The administrator (made by serve --add-admin) logs in, creates a workspace and gets
    a one-time link; whoever opens it is the workspace's owner; others cannot reach the
    administration (404)."""
    instance.accounts.set_admin("admin@example.org", PASSWORD, instance.clock())
    admin = instance.browser()
    admin.post(
        "/login", data={"csrf": csrf(admin), "email": "admin@example.org", "password": PASSWORD}
    )
    assert admin.get("/plans").headers["location"] == "/admin"
    answer = admin.post(
        "/admin/workspaces",
        data={"csrf": csrf(admin), "workspace": "amis-du-jardin", "name": "Amis du Jardin"},
    )
    assert answer.status_code == 200
    link = Page(answer.text).ids["invitation"]
    assert re.fullmatch(re.escape(BASE) + r"/invite/[\w-]{40,}", link)
    owner = instance.browser()
    path = link.removeprefix(BASE)
    data = {"csrf": csrf(owner), "email": "o@example.org", "password": PASSWORD, "again": PASSWORD}
    assert owner.post(path, data=data).status_code == 303
    assert owner.get("/members").status_code == 200
    assert owner.get("/admin").status_code == 404
    assert upload(owner, JARDIN).status_code == 303
    bad = admin.post(
        "/admin/workspaces", data={"csrf": csrf(admin), "workspace": "Pas Bon", "name": "x"}
    )
    assert bad.status_code == 400


def test_add_admin_from_the_command_line(tmp_path: pytest.TempPathFactory) -> None:
    """serve --hosted --add-admin makes an administrator who can log in, and stops."""
    address = f"sqlite:///{tmp_path}/hosted.sqlite3"
    result = CliRunner(env={"PLANNER_ADMIN_PASSWORD": PASSWORD}).invoke(
        main, ["serve", "--hosted", "--database", address, "--add-admin", "root@example.org"]
    )
    assert result.exit_code == 0, result.stderr
    assert PASSWORD not in result.stdout + result.stderr
    found = Instance(address)
    assert isinstance(found.accounts.login("root@example.org", PASSWORD, NOW), str)
    short = CliRunner(env={"PLANNER_ADMIN_PASSWORD": "short"}).invoke(
        main, ["serve", "--hosted", "--database", address, "--add-admin", "root@example.org"]
    )
    assert short.exit_code == 2
    assert short.stderr.startswith("Error: --add-admin: the password must have at least 10")


def test_a_feed_is_reached_by_its_secret_address_only(instance: Instance) -> None:
    """Calendar apps fetch a plan's feed without an account, by its secret address: it
    answers from the plan's own workspace; a renewed token stops the old address."""
    instance.workspace("b")
    bob = instance.member("b", "owner", "bob@example.org")
    assert upload(bob, JARDIN).status_code == 303
    bob.post(f"/plans/{KEY}/feed", data={"csrf": csrf(bob), "action": "renew"})
    store = HostedStore(instance.accounts.engine, "b")
    found = store.plan(KEY)
    assert found is not None and found.feed
    calendar_app = instance.browser()
    answer = calendar_app.get(f"/feeds/{found.feed}.ics")
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in answer.text
    bob.post(f"/plans/{KEY}/feed", data={"csrf": csrf(bob), "action": "renew"})
    assert calendar_app.get(f"/feeds/{found.feed}.ics").status_code == 404
