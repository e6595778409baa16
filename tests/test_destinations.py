"""The hosted mode never sends into the server's own networks (planner.web.destinations),
on SQLite and on a real PostgreSQL: a workspace's Mastodon server, Bluesky server and
reminder channel at 127.0.0.1 are refused when the form is saved, with a line naming the
field, and at the send (a value saved before, or a name that resolves elsewhere since):
the real server behind never gets a connection; with the operator's opt-in
(--allow-network 127.0.0.0/8) each is saved and reached. The check holds at the
connection itself, whatever library connects. The local mode is left alone (its tests
point at 127.0.0.1 throughout)."""

from __future__ import annotations

import datetime as dt
import html
import ipaddress
import re
import smtplib
import socket
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import requests
from click.testing import CliRunner
from starlette.testclient import TestClient

from planner.cli import main
from planner.decision import load as load_decision
from planner.errors import InputError
from planner.i18n import speaking
from planner.notify import Channel
from planner.outbox import Outgoing
from planner.reminders import Reminder
from planner.timeline import build_plan
from planner.web.app import create_app
from planner.web.destinations import Allowed, Refused, guarded, problem
from planner.web.hosted import HostedStore
from planner.web.hosted_posts import Posters, publish_due
from planner.web.scheduler import deliver_due

from .mastodon_stub import MastodonStub, serving
from .test_schedule import TOKEN, decision
from .web import BASE, LOOPBACK, Clock, Receiver, csrf, hosted, upload

APP_PASSWORD = "abcd-efgh-ijkl-mnop"
REFUSED = "is a private or local address; this instance sends nothing there unless its "
REFUSED += "administrator allows it (--allow-network)"


class Door:
    """A TCP server on 127.0.0.1 that counts the connections it accepts and answers each
    with an HTTP 404: "the receiver never gets a request" means not even a connection."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections = 0
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _address = self.server.accept()
            except OSError:
                return
            self.connections += 1
            with connection:
                connection.settimeout(2)
                try:
                    connection.recv(65536)
                    connection.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")
                except OSError:
                    pass

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def door() -> Iterator[Door]:
    found = Door()
    yield found
    found.close()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    found = Receiver()
    yield found
    found.close()


@pytest.fixture
def stub() -> Iterator[MastodonStub]:
    with serving(TOKEN) as server:
        yield server


def app(store: HostedStore, allow: Allowed | None) -> TestClient:
    """A browser on a hosted workspace's app (the Mastodon stub checks the real time)."""
    made = create_app(store, now=Clock(dt.datetime.now(dt.UTC)), allow=allow)
    return TestClient(made, base_url=BASE, follow_redirects=False)


def text(response: Any) -> str:
    return html.unescape(response.text)


def save(browser: TestClient, network: str, **fields: str) -> Any:
    data = {"csrf": csrf(browser), "action": f"save-{network}", **fields}
    return browser.post("/accounts", data=data)


def add_channel(browser: TestClient, url: str) -> Any:
    return browser.post("/reminders", data={"csrf": csrf(browser), "action": "add", "url": url})


# --- the rule ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1",
        "0.0.0.0", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
        "fc00::1", "fd12::1", "ff02::1", "ff0e::1", "fec0::1", "::ffff:127.0.0.1",
        "64:ff9b::a00:1", "2002:7f00:1::1",
    ],
)  # fmt: skip
def test_private_and_local_addresses_are_refused(address: str) -> None:
    """Loopback, private, link-local (the cloud's metadata), shared, unspecified,
    multicast, reserved, unique-local, and an IPv6 address carrying a private IPv4 one:
    refused; allowed once their network is."""
    found = ipaddress.ip_address(address)
    assert not Allowed().permits(found)
    assert Allowed.parse([f"{address}/{found.max_prefixlen}"]).permits(found)


@pytest.mark.parametrize("address", ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"])
def test_global_addresses_are_allowed(address: str) -> None:
    assert Allowed().permits(ipaddress.ip_address(address))


def test_the_opt_in_takes_networks_addresses_and_names() -> None:
    """--allow-network: 10.0.0.0/8, an address, a host name; anything else is one line."""
    allowed = Allowed.parse(["10.0.0.0/8", "192.168.1.20", "PDS.Federation.lan."])
    assert allowed.permits(ipaddress.ip_address("10.9.8.7"))
    assert allowed.permits(ipaddress.ip_address("192.168.1.20"))
    assert not allowed.permits(ipaddress.ip_address("192.168.1.21"))
    assert allowed.names == {"pds.federation.lan"}
    with pytest.raises(InputError, match=r"^--allow-network: 'http://x/' is not a network"):
        Allowed.parse(["http://x/"])
    result = CliRunner().invoke(
        main, ["serve", "--hosted", "--port", "1", "--allow-network", "10.0.0.0/33"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --allow-network: '10.0.0.0/33' is not a network")
    assert len(result.stderr.splitlines()) == 1
    result = CliRunner().invoke(
        main, ["serve", "--hosted", "--port", "1", "--allow-network", "a\nb"]
    )
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: --allow-network: 'a\\nb' is not a network")
    assert len(result.stderr.splitlines()) == 1
    with speaking("fr"), pytest.raises(InputError) as refused:
        Allowed.parse(["a\nb"])
    assert str(refused.value).startswith(
        "--allow-network\u00a0: «\u00a0a\\nb\u00a0» n’est ni un réseau"
    )


def test_a_name_is_resolved_and_every_address_checked() -> None:
    """A name that resolves to a loopback address is refused, saying where it leads; an
    Apprise e-mail URL is checked by its SMTP server too; allowed by name, it passes."""
    assert problem(Allowed(), "Server", "https://localhost:8443") == (
        "Server: localhost leads to 127.0.0.1, a private or local address; this instance "
        "sends nothing there unless its administrator allows it (--allow-network)"
    )
    mail = "mailto://team:pw@example.org?smtp=192.168.1.5"
    assert problem(Allowed(), "Channel", mail) == f"Channel: 192.168.1.5 {REFUSED}"
    assert problem(Allowed.parse(["localhost"]), "Server", "https://localhost:8443") is None


# --- at the connection ---------------------------------------------------------------------


def test_every_connection_is_checked_at_its_address(door: Door) -> None:
    """Inside a guarded send, a connection to a refused address fails before it is made,
    whatever connects (requests, httpx, urllib, smtplib): what a name that resolved to a
    public address at the check, and to 127.0.0.1 at the connection, or a redirect, would
    do. The server gets no connection; outside the guard, it does."""
    attempts = [
        lambda: requests.get(door.url, timeout=5),
        lambda: httpx.get(door.url, timeout=5),
        lambda: urllib.request.urlopen(door.url, timeout=5),
        lambda: smtplib.SMTP("127.0.0.1", door.port, timeout=5),
    ]
    refused = "^" + re.escape(f"a send: 127.0.0.1 {REFUSED}")
    for attempt in attempts:
        # [] : as if the check before the send had seen a public address
        with pytest.raises(Refused, match=refused), guarded(Allowed(), "a send", []):
            attempt()
    assert door.connections == 0
    with guarded(LOOPBACK, "a send", [door.url]):
        assert requests.get(door.url, timeout=5).status_code == 404
    with guarded(Allowed.parse(["localhost"]), "a send", [f"http://localhost:{door.port}"]):
        assert httpx.get(f"http://localhost:{door.port}", timeout=5).status_code == 404
    assert requests.get(door.url, timeout=5).status_code == 404  # outside: not checked
    assert door.connections == 3


def test_a_connection_by_name_is_checked_at_the_names_addresses(door: Door) -> None:
    """A socket connected by name (``sock.connect(("localhost", port))``: Python resolves
    it) is refused as its address would be, with the rule's message, not a ValueError of
    the check itself; a name the operator allowed still connects."""
    for name in ("localhost", "2130706433"):
        refused = pytest.raises(Refused, match=f"^a send: {name} leads to 127.0.0.1")
        with refused, guarded(Allowed(), "a send", []), socket.socket() as sock:
            sock.connect((name, door.port))
    assert door.connections == 0
    with guarded(Allowed.parse(["localhost"]), "a send", []), socket.socket() as sock:
        sock.connect(("localhost", door.port))
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert sock.recv(100).startswith(b"HTTP/1.1 404")  # the door counted it first
    assert door.connections == 1


# --- the workspace's forms and sends, on both databases -----------------------------------


def test_private_destinations_are_refused_when_the_form_is_saved(database: str) -> None:
    """A workspace's Mastodon server, Bluesky server and channel at 127.0.0.1 (or at a name
    that leads there): 400, the field's line, nothing saved; with the opt-in, saved."""
    store = hosted(database)
    with app(store, None) as browser:
        browser.get("/plans")
        answer = save(browser, "mastodon", instance="http://127.0.0.1:9", token=TOKEN)
        assert answer.status_code == 400
        assert f"“Server”: 127.0.0.1 {REFUSED}" in text(answer)
        fields = {"handle": "amis.bsky.social", "app_password": APP_PASSWORD}
        answer = save(browser, "bluesky", **fields, service="http://127.0.0.1:9")
        assert answer.status_code == 400
        assert f"“Server”: 127.0.0.1 {REFUSED}" in text(answer)
        answer = save(browser, "bluesky", **fields, service="http://localhost:9")
        assert answer.status_code == 400
        assert "“Server”: localhost leads to 127.0.0.1, a private or local address" in text(answer)
        assert store.reminders.accounts() == {}
        answer = add_channel(browser, "json://127.0.0.1:9/hook")
        assert answer.status_code == 400
        assert f"“New channel: an Apprise URL”: 127.0.0.1 {REFUSED}" in text(answer)
        assert store.reminders.channels() == []
    with app(store, LOOPBACK) as browser:
        browser.get("/plans")
        assert save(browser, "mastodon", instance="http://127.0.0.1:9", token=TOKEN).is_redirect
        assert save(browser, "bluesky", **fields, service="http://localhost:9").is_redirect
        assert add_channel(browser, "json://127.0.0.1:9/hook").is_redirect
    assert store.reminders.accounts()["mastodon"]["instance"] == "http://127.0.0.1:9"
    assert store.reminders.accounts()["bluesky"]["service"] == "http://localhost:9"
    assert [c.url for c in store.reminders.channels()] == ["json://127.0.0.1:9/hook"]


def test_private_destinations_are_refused_at_the_send(
    database: str, tmp_path: Path, stub: MastodonStub, receiver: Receiver, door: Door
) -> None:
    """Values saved before (or names that led elsewhere when saved): at the send, the
    Mastodon server (schedule), the channel (the scheduler's reminder, the test message)
    and the Bluesky server (the scheduler's post) at 127.0.0.1 are refused, each failure
    saying why; their servers get nothing. With the opt-in, each is reached."""
    store = hosted(database)
    now = dt.datetime.now(dt.UTC).replace(microsecond=0)
    grace = dt.timedelta(hours=1)
    store.reminders.save_account("mastodon", {"instance": stub.url, "token": TOKEN}, now)
    bluesky = {"handle": "amis.bsky.social", "app_password": APP_PASSWORD, "service": door.url}
    store.reminders.save_account("bluesky", bluesky, now)
    store.reminders.add_channel(Channel(receiver.url), now)
    store.create("p", b"x", "Plan", now)
    store.reminders.add("p", "", "Plan", [Reminder("p/s", "s", now, "Announce", "body")])
    post = Outgoing("p/x/announce", "x/announce", now, "Bonjour", "fr", "3lbcdefghij2a")
    store.register_posts("p", "Plan", None, "UTC", [post])  # type: ignore[arg-type]

    plan_file = decision(tmp_path)
    with app(store, None) as browser:
        browser.get("/plans")
        assert upload(browser, plan_file).status_code == 303
        key = build_plan(load_decision(plan_file)).key
        answer = browser.post(
            f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"}
        )
        assert answer.status_code == 400
        host = stub.url.removeprefix("http://")
        assert f"Mastodon server {host}: 127.0.0.1 {REFUSED}" in text(answer)
        answer = browser.post("/reminders", data={"csrf": csrf(browser), "action": "test"})
        assert answer.status_code == 502
        assert f"the channel's address: 127.0.0.1 {REFUSED}" in text(answer)
    [(workspace, sent)] = deliver_due(store.engine, now, grace)
    assert (workspace, sent.state) == ("default", "failed")
    assert sent.error == f"the channel's address: 127.0.0.1 {REFUSED}"
    [(workspace, posted)] = publish_due(store.engine, now, Posters(store.engine), grace)
    assert (workspace, posted.state) == ("default", "failed")
    assert posted.error == f"Bluesky server {door.url}: 127.0.0.1 {REFUSED}"
    assert stub.requests == [] and receiver.received == [] and door.connections == 0

    with app(store, LOOPBACK) as browser:
        browser.get("/plans")
        answer = browser.post(
            f"/plans/{key}/mastodon", data={"csrf": csrf(browser), "action": "schedule"}
        )
        assert answer.status_code == 303 and stub.scheduled
    later = now + dt.timedelta(minutes=10)  # past the failed tries' backoff
    [(_workspace, sent)] = deliver_due(store.engine, later, grace, allowed=LOOPBACK)
    assert sent.state == "sent" and [r for r, _body in receiver.received] == ["p/s"]
    publish_due(store.engine, later, Posters(store.engine, LOOPBACK), grace)
    assert door.connections >= 1  # the sign-in reached the server (which is no PDS)
