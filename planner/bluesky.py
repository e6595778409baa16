"""Bluesky posts: the record planner writes, its key, and the one session that writes it.

Bluesky has no scheduled posts (a future ``createdAt`` does not schedule: atproto #2468),
so the reminder daemon posts each one at its time (:mod:`planner.outbox`). What is sent
follows the lexicons (bluesky-social/atproto ``lexicons/``):

- the text is what `planner posts` counted: each link shown as the official app shows it
  (host and the start of the path, :func:`planner.lengths.short_url`), with a link facet
  to the full URL, so it is clickable (``app.bsky.richtext.facet#link``), and each
  hashtag with a tag facet; facets index UTF-8 bytes (``#byteSlice``);
- the record key is derived from the plan, the step and its time, never random:
  ``app.bsky.feed.post`` has ``"key": "tid"``, and the PDS checks a given key against it,
  so the key is a TID (13 characters of base32-sortable: the time in microseconds and a
  10-bit clock id) built from the post's time and a hash of the plan and step;
- the record itself is fixed by the post (``createdAt`` is the post's time), so that
  ``com.atproto.repo.putRecord`` of the same key again is a no-op (the PDS compares the
  record's CID: packages/pds ``putRecord.ts``), and a retry after a crash, which first
  reads the key (``getRecord``), finds the post there instead of posting it twice.
  (``createRecord`` on a key already used fails, in the repository's tree, with an
  internal error rather than an answer a client can act on.)

One :class:`Poster` signs in once, on its first post, and keeps the session: Bluesky
allows 30 sessions per 5 minutes and 300 a day (docs: rate limits). The SDK renews the
access token from the refresh token by itself. atproto is imported there, not at the top.
The daemon posts through a :class:`Configured`, which reads the account at each post (the
web app's settings can change it while the daemon runs) and keeps one Poster while the
account stays the same.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import threading
from collections.abc import Callable
from typing import Any

from planner.accounts import Accounts, BlueskyAccount, bluesky_account
from planner.errors import InputError
from planner.i18n import _
from planner.lengths import LINK, short_url
from planner.notify import SendError

COLLECTION = "app.bsky.feed.post"
TID_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
# A hashtag as the Bluesky app finds one: '#' after a space or the start, then anything up
# to a space or final punctuation, not only digits (social-app's detectFacets).
TAG = re.compile(r"(?:^|(?<=\s))#(?!\d+\b)([^\s#]+?)(?=[.,;:!?)\]»]*(?:\s|$))")
TIMEOUT = 30.0
log = logging.getLogger("planner.remind")


def rich_text(text: str) -> tuple[str, list[dict[str, Any]]]:
    """The text as posted (links shortened as the app shows them) and its facets."""
    out: list[str] = []
    facets: list[dict[str, Any]] = []
    used = 0  # bytes of the output so far
    position = 0
    for match in re.finditer(LINK, text):
        before = text[position : match.start()]
        out.append(before)
        used += len(before.encode("utf-8"))
        url = match.group(0)
        shown = short_url(url)
        start = used
        out.append(shown)
        used += len(shown.encode("utf-8"))
        facets.append(_facet(start, used, {"$type": "app.bsky.richtext.facet#link", "uri": url}))
        position = match.end()
    out.append(text[position:])
    posted = "".join(out)
    taken = [(f["index"]["byteStart"], f["index"]["byteEnd"]) for f in facets]
    for match in TAG.finditer(posted):
        start = len(posted[: match.start()].encode("utf-8"))
        end = start + len(match.group(0).encode("utf-8"))
        if any(a < end and start < b for a, b in taken):
            continue  # a '#' inside a link
        tag = {"$type": "app.bsky.richtext.facet#tag", "tag": match.group(1)}
        facets.append(_facet(start, end, tag))
    facets.sort(key=lambda f: int(f["index"]["byteStart"]))
    return posted, facets


def _facet(start: int, end: int, feature: dict[str, str]) -> dict[str, Any]:
    return {"index": {"byteStart": start, "byteEnd": end}, "features": [feature]}


def record(text: str, language: str, created: dt.datetime) -> dict[str, Any]:
    """The ``app.bsky.feed.post`` record of a post, the same every time it is built."""
    posted, facets = rich_text(text)
    stamp = created.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    out: dict[str, Any] = {"$type": COLLECTION, "text": posted, "createdAt": stamp}
    if facets:
        out["facets"] = facets
    out["langs"] = [language]
    return out


def record_key(plan: str, step: str, due: dt.datetime) -> str:
    """A TID for the post: its time (microseconds since 1970, the sub-second part from the
    hash) and a clock id from a hash of the plan and step."""
    digest = int.from_bytes(hashlib.sha256(f"{plan}\n{step}".encode()).digest()[:8], "big")
    seconds = int(due.timestamp())
    micros = seconds * 1_000_000 + digest % 1_000_000
    value = (micros << 10) | (digest >> 20) & 0x3FF
    value &= (1 << 63) - 1  # the top bit is always 0
    chars = []
    for _digit in range(13):
        chars.append(TID_ALPHABET[value & 31])
        value >>= 5
    return "".join(reversed(chars))


def web_url(handle: str, rkey: str) -> str:
    """The post's page on bsky.app."""
    return f"https://bsky.app/profile/{handle}/post/{rkey}"


class NotThere(Exception):
    """The post is not on the server, and may no longer be sent (too late)."""


class Poster:
    """Posts on one Bluesky account, signing in once (on the first post) and keeping the
    session; safe to share between threads."""

    def __init__(self, account: BlueskyAccount) -> None:
        self.account = account
        self.label = account.label
        self.logins = 0
        self._client: Any = None
        self._lock = threading.Lock()

    def _signed_in(self) -> Any:
        if self._client is not None:
            return self._client
        from atproto import Client
        from atproto_client.request import Request

        client = Client(base_url=self.account.service, request=Request(timeout=TIMEOUT))
        try:
            client.login(self.account.handle, self.account.app_password, fetch_bsky_profile=False)
        except Exception as exc:
            raise SendError(self._reason(exc, signing_in=True)) from None
        self.logins += 1
        log.info(_("signed in to {account}").format(account=self.label))
        self._client = client
        return client

    def _reason(self, exc: Exception, signing_in: bool = False) -> str:
        """Why a request failed, from the server's error name and message only (never the
        request, which holds the password or the token)."""
        from atproto_client.exceptions import NetworkError, RequestErrorBase

        if isinstance(exc, NetworkError):
            return f"{self.account.service}: cannot be reached"
        if isinstance(exc, RequestErrorBase) and exc.response is not None:
            content = exc.response.content
            error = getattr(content, "error", None) or ""
            message = getattr(content, "message", None) or ""
            status = exc.response.status_code
            if signing_in and status in (400, 401):
                return f"{self.label}: the handle or the app password was refused ({error})"
            return f"{self.label}: HTTP {status} {error} {message}".strip()[:300]
        return f"{self.label}: {type(exc).__name__}"

    def publish(self, rkey: str, post: dict[str, Any], *, create: bool = True) -> str:
        """Make sure the post is on the account under ``rkey``; its at:// URI. A post
        already there (an earlier try that crashed before it was recorded) is left as it
        is; when it is not there and ``create`` is False, :class:`NotThere`."""
        from atproto_client.exceptions import BadRequestError, RequestErrorBase

        with self._lock:
            client = self._signed_in()
            repo = client._session.did  # the account's DID, from the session
            try:
                try:
                    found = client.com.atproto.repo.get_record(
                        params={"repo": repo, "collection": COLLECTION, "rkey": rkey}
                    )
                    return str(found.uri)
                except BadRequestError as exc:
                    content = exc.response.content if exc.response else None
                    if getattr(content, "error", "") != "RecordNotFound":
                        raise
                if not create:
                    raise NotThere
                written = client.com.atproto.repo.put_record(
                    data={
                        "repo": repo,
                        "collection": COLLECTION,
                        "rkey": rkey,
                        "record": post,
                        "validate": True,
                    }
                )
                return str(written.uri)
            except NotThere:
                raise
            except RequestErrorBase as exc:
                raise SendError(self._reason(exc)) from None
            except Exception as exc:  # the SDK's other errors (model, network)
                raise SendError(self._reason(exc)) from None


class Configured:
    """Posts with the Bluesky account in effect at the time of each post (``accounts`` is
    asked each time); one :class:`Poster`, and its session, while the account stays the
    same. No account, or one that cannot be used, fails the post with the fix."""

    def __init__(self, accounts: Callable[[], Accounts]) -> None:
        self._accounts = accounts
        self._poster: Poster | None = None
        self._lock = threading.Lock()

    def current(self) -> Poster:
        """The Poster of the account in effect; SendError saying why there is none."""
        try:
            account = bluesky_account(self._accounts())
        except InputError as exc:
            raise SendError(str(exc)) from None
        with self._lock:
            if self._poster is None or self._poster.account != account:
                self._poster = Poster(account)
            return self._poster

    @property
    def label(self) -> str:
        """'Bluesky (@handle)' of the account in effect, or 'Bluesky' without one."""
        try:
            return self.current().label
        except SendError:
            return "Bluesky"

    def publish(self, rkey: str, post: dict[str, Any], *, create: bool = True) -> str:
        """Post with the account in effect (see :meth:`Poster.publish`)."""
        return self.current().publish(rkey, post, create=create)
