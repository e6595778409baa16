"""A Mastodon server for the tests, on 127.0.0.1: the endpoints planner uses, with Mastodon's
own rules and error answers.

No Mastodon server installs from the package registries (it needs its source tree, Ruby,
PostgreSQL and Redis), so this stub stands in for one. Each rule is Mastodon's, from its
source (mastodon/mastodon) and docs.joinmastodon.org:

- ``POST /api/v1/statuses`` (scope ``write:statuses``): a ``scheduled_at`` 5 minutes or
  less ahead is ignored and the status is published at once (PostStatusService
  ``MIN_SCHEDULE_OFFSET``, ``scheduled_in_the_past?``); later, it becomes a scheduled
  status, refused with 422 beyond 300 per account or 25 on the same (UTC) day
  (ScheduledStatus ``TOTAL_LIMIT``, ``DAILY_LIMIT``); a text over ``max_characters`` is 422
  (StatusLengthValidator: links count ``characters_reserved_per_url``); a repeated
  ``Idempotency-Key`` within an hour answers with what the first request made;
- ``GET /api/v1/scheduled_statuses`` (``read:statuses``): newest first, ``limit`` 20 by
  default and 40 at most, the next page in a ``Link`` header (``max_id``);
- ``GET``/``PUT``/``DELETE /api/v1/scheduled_statuses/:id``: ``PUT`` changes only
  ``scheduled_at``, with the same validations; 404 for another account's or a gone one;
- ``GET /api/v2/instance``: ``configuration.statuses`` (``max_characters``,
  ``characters_reserved_per_url``);
- 401 ``{"error": "The access token is invalid"}`` for a missing or unknown token, 403
  ``{"error": "This action is outside the authorized scopes"}`` for a missing scope, 429
  ``{"error": "Too many requests"}`` with ``X-RateLimit-Reset`` (an ISO 8601 time) when
  :attr:`MastodonStub.rate_limited` is set, as Rack::Attack answers.

Scheduled statuses are not published when their time comes: the tests look at what is
scheduled, not at the clock.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import regex

MIN_SCHEDULE_OFFSET = dt.timedelta(minutes=5)
TOTAL_LIMIT = 300
DAILY_LIMIT = 25
IDEMPOTENCY_SECONDS = 3600
LINK = re.compile(r"https?://\S+")


def iso(moment: dt.datetime) -> str:
    """As Mastodon's serializers write times: '2027-01-02T09:00:00.000Z'."""
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@dataclass
class MastodonStub:
    """The server's state; :meth:`start` serves it on 127.0.0.1."""

    tokens: dict[str, set[str]] = field(default_factory=dict)  # token -> scopes
    max_characters: int = 500
    url_length: int = 23
    rate_limited: bool = False
    scheduled: dict[str, dict[str, Any]] = field(default_factory=dict)
    published: list[dict[str, Any]] = field(default_factory=list)
    requests: list[tuple[str, str, dict[str, str], str]] = field(default_factory=list)
    idempotency: dict[str, tuple[str, float]] = field(default_factory=dict)
    next_id: int = 110_000_000_000_000_000
    lock: threading.Lock = field(default_factory=threading.Lock)
    url: str = ""

    def start(self) -> ThreadingHTTPServer:
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, format: str, *args: Any) -> None:
                pass

            def _answer(
                self, status: int, body: Any, headers: dict[str, str] | None = None
            ) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.send_header(
                    "Date", dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
                )
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

            def _handle(self, method: str) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode() if length else ""
                parts = urlsplit(self.path)
                with stub.lock:
                    path = parts.path.rstrip("/") or "/"  # Rails routes ignore a final slash
                    stub.requests.append((method, path, dict(self.headers), raw))
                    status, body, headers = stub.route(
                        method, path, parse_qs(parts.query), self.headers, raw
                    )
                self._answer(status, body, headers)

            def do_GET(self) -> None:
                self._handle("GET")

            def do_POST(self) -> None:
                self._handle("POST")

            def do_PUT(self) -> None:
                self._handle("PUT")

            def do_DELETE(self) -> None:
                self._handle("DELETE")

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{server.server_address[1]}"
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    # --- the rules ----------------------------------------------------------------------

    def length(self, text: str) -> int:
        """StatusLengthValidator: graphemes, each link as characters_reserved_per_url."""
        return len(regex.findall(r"\X", LINK.sub("x" * self.url_length, text)))

    def add_own(self, at: dt.datetime, text: str) -> str:
        """A scheduled status the account made itself (not planner)."""
        self.next_id += 1
        sid = str(self.next_id)
        self.scheduled[sid] = {
            "id": sid,
            "scheduled_at": iso(at),
            "params": {"text": text, "visibility": "public", "language": "en"},
            "media_attachments": [],
        }
        return sid

    def _limits(self, at: dt.datetime, exclude: str | None = None) -> str | None:
        others = [s for k, s in self.scheduled.items() if k != exclude]
        if at <= dt.datetime.now(dt.UTC) + MIN_SCHEDULE_OFFSET:
            return "Validation failed: Scheduled at The scheduled date must be in the future"
        if len(others) >= TOTAL_LIMIT:
            return (
                "Validation failed: You have already exceeded the limit of "
                f"{TOTAL_LIMIT} scheduled posts"
            )
        same_day = [s for s in others if s["scheduled_at"][:10] == iso(at)[:10]]
        if len(same_day) >= DAILY_LIMIT:
            return (
                "Validation failed: You have already exceeded the limit of "
                f"{DAILY_LIMIT} scheduled posts for that day"
            )
        return None

    def route(
        self, method: str, path: str, query: dict[str, list[str]], headers: Any, raw: str
    ) -> tuple[int, Any, dict[str, str]]:
        if self.rate_limited:
            reset = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=4)
            return (
                429,
                {"error": "Too many requests"},
                {
                    "X-RateLimit-Limit": "300",
                    "X-RateLimit-Remaining": "0",
                    "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                },
            )
        if method == "GET" and path == "/api/v2/instance":
            return (
                200,
                {
                    "domain": "stub.example",
                    "version": "4.5.0",
                    "configuration": {
                        "statuses": {
                            "max_characters": self.max_characters,
                            "max_media_attachments": 4,
                            "characters_reserved_per_url": self.url_length,
                        }
                    },
                },
                {},
            )
        auth = headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ").strip()
        if token not in self.tokens:
            return 401, {"error": "The access token is invalid"}, {}
        scopes = self.tokens[token]
        writing = method in ("POST", "PUT", "DELETE")
        needed = {"write", "write:statuses"} if writing else {"read", "read:statuses"}
        if not scopes & needed:
            return 403, {"error": "This action is outside the authorized scopes"}, {}
        params = _params(headers, raw)
        if method == "POST" and path == "/api/v1/statuses":
            return self._post(params, headers.get("Idempotency-Key"), token)
        if method == "GET" and path == "/api/v1/scheduled_statuses":
            return self._list(query)
        match = re.fullmatch(r"/api/v1/scheduled_statuses/(\d+)", path)
        if match:
            sid = match.group(1)
            if sid not in self.scheduled:
                return 404, {"error": "Record not found"}, {}
            if method == "GET":
                return 200, self.scheduled[sid], {}
            if method == "DELETE":
                del self.scheduled[sid]
                return 200, {}, {}
            if method == "PUT":
                at = _time(params.get("scheduled_at", ""))
                if at is None:
                    return 422, {"error": "Validation failed: Scheduled at is invalid"}, {}
                error = self._limits(at, exclude=sid)
                if error:
                    return 422, {"error": error}, {}
                self.scheduled[sid]["scheduled_at"] = iso(at)
                return 200, self.scheduled[sid], {}
        return 404, {"error": "Record not found"}, {}

    def _post(
        self, params: dict[str, str], key: str | None, token: str
    ) -> tuple[int, Any, dict[str, str]]:
        now = dt.datetime.now(dt.UTC).timestamp()
        remembered = f"{token}:{key}" if key else None
        if remembered and remembered in self.idempotency:
            sid, until = self.idempotency[remembered]
            if until > now and sid in self.scheduled:
                return 200, self.scheduled[sid], {}
        text = params.get("status", "")
        if not text.strip():
            return 422, {"error": "Validation failed: Text can't be blank"}, {}
        if self.length(text) > self.max_characters:
            error = f"Validation failed: Text character limit of {self.max_characters} exceeded"
            return 422, {"error": error}, {}
        at = _time(params.get("scheduled_at", "")) if params.get("scheduled_at") else None
        self.next_id += 1
        sid = str(self.next_id)
        entry = {
            "text": text,
            "visibility": params.get("visibility", "public"),
            "language": params.get("language"),
            "idempotency": None,
            "scheduled_at": None,
            "application_id": 1,
        }
        if at is None or at <= dt.datetime.now(dt.UTC) + MIN_SCHEDULE_OFFSET:
            self.published.append({"id": sid, **entry})  # posted at once, as Mastodon does
            return 200, {"id": sid, "content": f"<p>{text}</p>", "language": entry["language"]}, {}
        error = self._limits(at)
        if error:
            return 422, {"error": error}, {}
        self.scheduled[sid] = {
            "id": sid,
            "scheduled_at": iso(at),
            "params": entry,
            "media_attachments": [],
        }
        if remembered:
            self.idempotency[remembered] = (sid, now + IDEMPOTENCY_SECONDS)
        return 200, self.scheduled[sid], {}

    def _list(self, query: dict[str, list[str]]) -> tuple[int, Any, dict[str, str]]:
        limit = min(int(query.get("limit", ["20"])[0]), 40)
        max_id = int(query.get("max_id", ["0"])[0]) or None
        ids = sorted((int(k) for k in self.scheduled), reverse=True)
        if max_id is not None:
            ids = [i for i in ids if i < max_id]
        page = ids[:limit]
        headers = {}
        if len(ids) > limit:
            headers["Link"] = (
                f"<{self.url}/api/v1/scheduled_statuses?limit={limit}&max_id={page[-1]}>; "
                f'rel="next", <{self.url}/api/v1/scheduled_statuses?min_id={page[0]}>; rel="prev"'
            )
        return 200, [self.scheduled[str(i)] for i in page], headers


def _params(headers: Any, raw: str) -> dict[str, str]:
    """The request's parameters, sent as a form or as JSON."""
    if not raw:
        return {}
    if "json" in headers.get("Content-Type", ""):
        data = json.loads(raw)
        return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
    return {k: v[-1] for k, v in parse_qs(raw, keep_blank_values=True).items()}


def _time(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


@contextmanager
def serving(*tokens: str) -> Iterator[MastodonStub]:
    """A stub on 127.0.0.1 whose ``tokens`` have the scopes planner asks for; stopped after."""
    server = MastodonStub(tokens={token: {"read:statuses", "write:statuses"} for token in tokens})
    http = server.start()
    try:
        yield server
    finally:
        http.shutdown()
        http.server_close()
