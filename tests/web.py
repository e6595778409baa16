"""Helpers of the web app's tests: an app on a database of the test's own, a client that
speaks to it as a browser on 127.0.0.1, and a reader of the forms a page holds."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from planner.web.app import create_app
from planner.web.database import engine_of, migrate
from planner.web.destinations import Allowed
from planner.web.hosted import HostedStore, create_workspace

PORT = 8000  # the app is told it listens there, as serve tells it its port
BASE = f"http://127.0.0.1:{PORT}"
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
# The tests' servers (Mastodon stub, PDS, receivers) listen on 127.0.0.1: a hosted app
# sends there only when allowed, as an operator allows its own network (--allow-network).
LOOPBACK = Allowed.parse(["127.0.0.0/8"])


class Clock:
    """A clock the test moves."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now


def hosted(address: str, workspace: str = "default") -> HostedStore:
    """A workspace of the hosted database at ``address``, migrated (as serve --hosted)."""
    engine = engine_of(address)
    migrate(engine)
    create_workspace(engine, workspace, workspace, NOW)
    return HostedStore(engine, workspace)


@contextmanager
def client(db: Path | str, clock: Clock | None = None, **headers: str) -> Iterator[TestClient]:
    """A client of a fresh app on ``db`` (its database opened and closed with it): a local
    database's path, or a hosted database's address."""
    app = create_app(
        db if isinstance(db, Path) else hosted(db), now=clock or Clock(), port=PORT, allow=LOOPBACK
    )
    with TestClient(app, base_url=BASE, headers=headers) as browser:
        browser.get("/plans")  # the CSRF cookie
        yield browser


def csrf(browser: TestClient) -> str:
    token = browser.cookies.get("planner_csrf")
    assert token
    return token


class Page(HTMLParser):
    """What a page holds that the tests read: each form's fields as a browser sends them,
    the error messages by the field they describe, the text of elements by id."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self.errors: list[tuple[str, str]] = []  # (id, text)
        self.ids: dict[str, str] = {}
        self.tags: list[tuple[str, dict[str, str]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._text: list[str] = []
        self._open: list[tuple[str, str]] = []  # (tag, id) of elements with an id
        self._error: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attributes: list[tuple[str, str | None]]) -> None:
        attrs = {k: v or "" for k, v in attributes}
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self._open.append((tag, attrs["id"]))
            self.ids.setdefault(attrs["id"], "")
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "fields": []})
        fields = self.forms[-1]["fields"] if self.forms else []
        if tag == "input" and "name" in attrs:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            if kind not in ("submit", "file", "button"):
                fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select = attrs.get("name")
            self._selected: str | None = None
            self._first: str | None = None
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = attrs.get("value", "")
            if "selected" in attrs:
                self._selected = attrs.get("value", "")
        elif tag == "textarea":
            self._textarea = attrs.get("name")
            self._text = []
        elif tag == "p" and "error" in attrs.get("class", "").split():
            self._error = attrs.get("id", "")
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if self._open and self._open[-1][0] == tag:
            self._open.pop()
        fields = self.forms[-1]["fields"] if self.forms else []
        if tag == "select" and self._select is not None:
            fields.append((self._select, self._selected or self._first or ""))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None
        elif tag == "p" and self._error is not None:
            self.errors.append((self._error, "".join(self._text)))
            self._error = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None or self._error is not None:
            self._text.append(data)
        for _tag, element in self._open:
            self.ids[element] += data

    def form(self, action: str) -> list[tuple[str, str]]:
        """The fields a browser would send with the form posting to ``action``."""
        for form in self.forms:
            if form["action"] == action:
                return list(form["fields"])
        raise AssertionError(f"no form to {action}")


def upload(browser: TestClient, path: Path, name: str | None = None) -> Any:
    """Upload a decision file as the new-plan page does."""
    return browser.post(
        "/plans/new/upload",
        data={"csrf": csrf(browser)},
        files={"file": (name or path.name, path.read_bytes(), "application/toml")},
        follow_redirects=False,
    )


def grouped(pairs: list[tuple[str, str]]) -> dict[str, list[str]]:
    """(name, value) pairs as the client's form data, each name's values in order."""
    data: dict[str, list[str]] = {}
    for name, value in pairs:
        data.setdefault(name, []).append(value)
    return data


def free_port() -> int:
    """A port nobody listens on now, on 127.0.0.1."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Server:
    """`planner serve` running as a real process, on a port and a data folder of its own."""

    def __init__(
        self,
        data: Path,
        *args: str,
        env: dict[str, str] | None = None,
        port: int | None = None,
        ready: str = "/plans",
    ) -> None:
        """Started, and ready once ``ready`` answers 200 (the hosted mode: /health)."""
        import os
        import subprocess
        import sys
        import time

        import httpx2

        self.data = data
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        planner = Path(sys.executable).parent / "planner"
        self.process = subprocess.Popen(
            [str(planner), "serve", "--port", str(self.port), "--data", str(data), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, **(env or {})},
        )
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx2.get(f"{self.url}{ready}", timeout=2).status_code == 200:
                    break
            except httpx2.TransportError:
                pass
            if self.process.poll() is not None or time.monotonic() > deadline:
                out, err = self.process.communicate(timeout=5)
                raise AssertionError(f"planner serve did not start: {out}{err}")
            time.sleep(0.05)

    def stop(self) -> tuple[int, str, str]:
        """SIGTERM, then its exit code, stdout and stderr."""
        import signal

        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        out, err = self.process.communicate(timeout=60)
        return self.process.returncode, out, err


class Receiver:
    """An HTTP server on 127.0.0.1 that records each POST: its X-Planner-Reminder header
    and its JSON body (Apprise's json:// channel)."""

    def __init__(self) -> None:
        import json
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        received: list[tuple[str, dict[str, Any]]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                received.append((self.headers.get("X-Planner-Reminder", ""), body))
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                return

        self.received = received
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"json://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class Mailbox:
    """An aiosmtpd handler that keeps every message."""

    def __init__(self) -> None:
        self.messages: list[Any] = []  # email.message.EmailMessage
        self.recipients: list[list[str]] = []  # each message's envelope (RCPT TO)

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        import email
        import email.policy

        content = envelope.content  # type: ignore[attr-defined]
        self.messages.append(email.message_from_bytes(content, policy=email.policy.default))
        self.recipients.append(list(envelope.rcpt_tos))  # type: ignore[attr-defined]
        return "250 OK"


class SmtpServer:
    """A real SMTP server (aiosmtpd) on 127.0.0.1 that offers a login and accepts only
    ``user`` with ``password``; ``url`` is its Apprise mailto:// URL, with that password in
    it (Apprise logs in whenever the URL has a password)."""

    def __init__(self, user: str = "planner", password: str = "M4ilS3cret") -> None:
        from aiosmtpd.controller import Controller
        from aiosmtpd.smtp import AuthResult, LoginPassword

        def authenticator(
            server: object, session: object, envelope: object, mechanism: str, data: object
        ) -> AuthResult:
            right = isinstance(data, LoginPassword) and data == (
                user.encode(),
                password.encode(),
            )
            return AuthResult(success=right, handled=False)  # aiosmtpd answers 535

        self.mailbox = Mailbox()
        self.port = free_port()
        self.controller = Controller(
            self.mailbox,
            hostname="127.0.0.1",
            port=self.port,
            authenticator=authenticator,
            auth_require_tls=False,  # planner logs in over plain SMTP here (mode=insecure)
        )
        self.controller.start()
        self.password = password
        self.url = (
            f"mailto://{user}:{password}@127.0.0.1:{self.port}"
            "?from=planner@example.org&mode=insecure"
        )

    def close(self) -> None:
        """Stop the server (again: nothing)."""
        if self.controller.loop.is_running():
            self.controller.stop()
