"""What guards every request of the web app, even on 127.0.0.1.

- The ``Host`` header must name this machine (127.0.0.1, localhost, [::1]) and the port
  the app listens on: a page of another site whose name an attacker points at 127.0.0.1
  (DNS rebinding) is refused, and so is another port of this machine (another program's
  server, whose pages would otherwise count as this app's origin). A Host without a port
  means the scheme's default port (80 for http), as browsers write it. In the hosted mode,
  a trusted name (``--trusted-host``) is reached through a proxy: written alone it accepts
  the default ports, 80 and 443 (the proxy's scheme may not be known without
  ``--proxy-headers``); written ``name:port``, that port only.
- A request that changes something must come with an ``Origin`` of this machine when the
  browser sends one, and carry the CSRF token: the double-submit pattern, a random token
  in a cookie (SameSite=Strict, HttpOnly) that the page repeats in a hidden field or an
  ``X-CSRF-Token`` header; another site can send the cookie but cannot read it.
- Every answer has a Content-Security-Policy without inline script except by a nonce
  drawn for that answer, no request to any other host, no framing; and no referrer to
  another site (``same-origin``: with ``no-referrer``, Chromium sends ``Origin: null``
  with a form, which the origin check would refuse).
- A request body is limited (uploads included) by its Content-Length.
- Each request speaks its own language (:func:`planner.i18n.speaking`): the cookie set
  by the switch, else the browser's ``Accept-Language``, else English.

Written as plain ASGI middleware rather than with Starlette's TrustedHostMiddleware,
which reads the host by splitting at the first ':' (an IPv6 literal's first colon) and
never looks at the port.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from planner.i18n import _, speaking
from planner.languages import LANGUAGES

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

HOSTS = frozenset({"127.0.0.1", "localhost", "[::1]"})
DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
CSRF_COOKIE = "planner_csrf"
LANGUAGE_COOKIE = "planner_lang"
MAX_BODY = 256 * 1024  # a decision file is a few kilobytes; forms are smaller
SAFE = frozenset({"GET", "HEAD", "OPTIONS"})


def authority(host: str) -> tuple[str, int | None] | None:
    """The name and port of a Host header (or of an origin without its scheme): ('localhost',
    8000) of 'localhost:8000', ('[::1]', None) of '[::1]', lower case; None when the port
    is not a number or the text is no host at all."""
    host = host.strip().lower()
    if host.startswith("["):
        name, bracket, rest = host.partition("]")
        name += bracket
        if not bracket:
            return None
    else:
        name = host.partition(":")[0]
        rest = host[len(name) :]
    if not name or name == "[]":
        return None
    if not rest:
        return name, None
    port = rest.removeprefix(":")
    if not rest.startswith(":") or not port.isascii() or not port.isdigit() or len(port) > 5:
        return None
    return name, int(port)


def accepted_language(header: str) -> str | None:
    """The first language of an Accept-Language header that planner speaks, by weight."""
    ranked = []
    for position, part in enumerate(header.split(",")):
        tag, _sep, params = part.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        code = tag.strip().lower()[:2]
        if code in LANGUAGES and weight > 0:
            ranked.append((-weight, position, code))
    return min(ranked)[2] if ranked else None


def cookies(header: str) -> dict[str, str]:
    """The cookies of a Cookie header."""
    found = {}
    for part in header.split(";"):
        name, eq, value = part.strip().partition("=")
        if eq:
            found[name] = value
    return found


def same_token(sent: object, cookie: str | None) -> bool:
    """True when the token a form or header sent is the cookie's (constant time)."""
    return (
        isinstance(sent, str)
        and bool(cookie)
        and hmac.compare_digest(sent.encode(), (cookie or "").encode())
    )


def policy(nonce: str) -> str:
    """The Content-Security-Policy of an answer whose scripts carry ``nonce``."""
    return (
        f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'self'; "
        "img-src 'self' data:; connect-src 'self'; form-action 'self'; "
        "base-uri 'none'; frame-ancestors 'none'"
    )


def _headers(scope: Scope) -> dict[str, str]:
    return {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}


async def _refuse(send: Send, status: int, text: str) -> None:
    body = text.encode("utf-8")
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/plain; charset=utf-8"),
                (b"content-length", str(len(body)).encode()),
                (b"x-content-type-options", b"nosniff"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class Guard:
    """The middleware: host, origin, body size, CSRF cookie, language, security headers."""

    def __init__(
        self, app: ASGIApp, hosts: frozenset[str] = HOSTS, port: int | None = None
    ) -> None:
        """``hosts``: this machine's names and the trusted ones (each 'name' or 'name:port');
        ``port``: the port the app listens on, which this machine's names must give (None
        when it is not known here, as in a test's client: any port)."""
        self.app = app
        self.port = port
        parsed = [found for found in map(authority, hosts) if found is not None]
        self.names = frozenset(name for name, given in parsed if given is None)
        self.ported = frozenset(found for found in parsed if found[1] is not None)

    def allowed(self, host: str, scheme: str) -> bool:
        """True when ``host`` (a Host header, or an origin's host and port) names this app:
        one of this machine's names on its port, or a trusted name on its port."""
        found = authority(host)
        if found is None:
            return False
        name, port = found
        effective = port if port is not None else DEFAULT_PORTS.get(scheme)
        if (name, effective) in self.ported:
            return True
        if name in HOSTS and name in self.names:
            return self.port is None or effective == self.port
        return name in self.names and effective in (80, 443)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = _headers(scope)
        jar = cookies(headers.get("cookie", ""))
        language = jar.get(LANGUAGE_COOKIE)
        if language not in LANGUAGES:
            language = accepted_language(headers.get("accept-language", "")) or "en"
        with speaking(language):
            refusal = self.refusal(scope, headers)
            if refusal is not None:
                await _refuse(send, *refusal)
                return
            token = jar.get(CSRF_COOKIE, "")
            fresh = not (
                16 <= len(token) <= 100 and token.replace("-", "").replace("_", "").isalnum()
            )
            if fresh:
                token = secrets.token_urlsafe(32)
            nonce = secrets.token_urlsafe(16)
            state = scope.setdefault("state", {})
            state.update(
                nonce=nonce, csrf=token, csrf_cookie=None if fresh else token, language=language
            )

            async def secured(message: Message) -> None:
                if message["type"] == "http.response.start":
                    extra = [
                        (b"content-security-policy", policy(nonce).encode()),
                        (b"x-content-type-options", b"nosniff"),
                        (b"referrer-policy", b"same-origin"),
                        (b"x-frame-options", b"DENY"),
                        (b"cross-origin-opener-policy", b"same-origin"),
                    ]
                    if fresh:
                        cookie = f"{CSRF_COOKIE}={token}; Path=/; HttpOnly; SameSite=Strict"
                        extra.append((b"set-cookie", cookie.encode()))
                    message["headers"] = [*message.get("headers", []), *extra]
                await send(message)

            await self.app(scope, receive, secured)

    def refusal(self, scope: Scope, headers: dict[str, str]) -> tuple[int, str] | None:
        """(status, text) when the request is refused before any route sees it."""
        if not self.allowed(headers.get("host", ""), scope.get("scheme", "http")):
            return 421, _(
                "This address is not planner's: open planner at http://127.0.0.1 and the "
                "port it shows."
            )
        if scope["method"] in SAFE:
            return None
        origin = headers.get("origin")
        scheme, _sep, host = (origin or "").partition("://")
        if origin is not None and not self.allowed(host, scheme.lower()):
            return 403, _("Refused: this request comes from another site.")
        length = headers.get("content-length")
        if length is None or not length.isdigit():
            return 411, _("Refused: the request does not say its length.")
        if int(length) > MAX_BODY:
            return 413, _("Refused: the request is larger than {size} KB.").format(
                size=MAX_BODY // 1024
            )
        return None
