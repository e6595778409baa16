"""Where reminders go: the console (always), and any Apprise URL (email, Matrix, ntfy…).

Apprise does the sending, one URL per channel; this module only names the channels
without their secrets and adds a stable reminder id to each message.

A channel's label (what logs, lists and the database show) is Apprise's own privacy URL
(``plugin.url(privacy=True)``: each plugin knows which of its parts are secret, even a
token written where a host goes, as in ``pbul://TOKEN``), or only the scheme when Apprise
cannot read the URL. Apprise logs whole URLs (``Unsupported URL: mailto:/user:pw@host``)
and tokens (``An invalid Join API Key (…)``), so its logger never propagates to the root
logger; its records reach a person only through :class:`Redacted`. Apprise always
writes its own random ``Message-ID`` for email (apprise/plugins/email/base.py), so the
stable id travels in ``References`` (mail clients thread a resend with the first send)
and ``X-Planner-Reminder``; webhooks get it as the ``X-Planner-Reminder`` HTTP header.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any, TextIO
from urllib.parse import unquote

from planner.errors import InputError, PlannerError
from planner.i18n import _
from planner.inputs import read_toml

ENV = "PLANNER_NOTIFY"
MAIL_ENV = "PLANNER_MAIL_URL"  # the instance's mail channel (planner.mail), a secret
# A channel written 'mailto-instance:ana@example.org' is an address the instance's mail
# channel writes to: the mail server's URL, with its password, is read from MAIL_ENV at
# each send, so that the channel stored (in the database, in a plan) holds the address
# alone, and a new password on the server takes effect without touching the channels.
INSTANCE_MAIL = "mailto-instance:"
MAIL_SCHEMES = ("mailto", "mailtos")


class SendError(PlannerError):
    """A channel could not deliver a message (the reason never holds the URL's secrets)."""


@dataclass(frozen=True, slots=True)
class Message:
    """One reminder, as every channel receives it."""

    reminder_id: str
    title: str
    body: str

    @property
    def reference(self) -> str:
        """A stable RFC 5322 message id for this reminder: '<3f2a…@planner>'."""
        digest = hashlib.sha256(self.reminder_id.encode()).hexdigest()[:24]
        return f"<{digest}@planner>"


def apprise_module() -> ModuleType:
    """Apprise, with its logger kept from the root logger (it names URLs and tokens)."""
    logger = logging.getLogger("apprise")
    if logger.propagate:
        logger.propagate = False
        logger.addHandler(logging.NullHandler())  # else Python's last resort prints it
    import apprise

    return apprise


def plugin_of(url: str) -> Any:
    """Apprise's plugin for ``url``, or None when Apprise cannot use it."""
    return apprise_module().Apprise.instantiate(url)


@contextmanager
def quiet() -> Iterator[None]:
    """Apprise's logger silenced: while planner reports a URL in its own words, Apprise's
    line about the same URL ('Unparseable URL …') would only repeat it."""
    logger = logging.getLogger("apprise")
    before, logger.disabled = logger.disabled, True
    try:
        yield
    finally:
        logger.disabled = before


_SCHEME = re.compile(r"([a-z][a-z0-9+.-]*):", re.IGNORECASE)


def scheme_of(url: str) -> str:
    """The scheme of a URL ('mailto'), 'url' when it has none; whatever the text (urllib
    raises on 'ntfy://u:p@[::1/t', an IPv6 host without its closing bracket)."""
    found = _SCHEME.match(url)
    return found.group(1).lower() if found else "url"


def masked(url: str) -> str:
    """'console', Apprise's privacy URL without its options ('pbul://S...6',
    'mailto://user:****@example.org'), or only the scheme ('mailto://…'); an address for
    the instance's mail channel as it is ('mailto-instance:ana@example.org': no secret)."""
    if url == "console" or url.startswith(INSTANCE_MAIL):
        return url
    with quiet():  # a label only: Apprise's line would show the URL, maybe unredacted yet
        plugin = plugin_of(url)
    if plugin is None:
        return f"{scheme_of(url)}://…"
    return str(plugin.url(privacy=True)).split("?")[0].rstrip("/")


_SEPARATORS = re.compile(r"([/:@?&=#,;+]+)")


def quoted(url: str) -> str:
    """A URL as typed, to quote in a message about it, without its secrets: the scheme and
    every separator as written, the password of a 'user:password@' as Apprise shows it
    ('****'), and every other piece of three characters or more as Apprise shows a token,
    its first and last characters ('S...n'): which piece is a secret depends on the
    service, and a URL Apprise cannot read says nothing of its service.
    'mailto:/team:pw@example.org' is quoted 'mailto:/t...m:****@e...g'."""
    found = _SCHEME.match(url)
    scheme = found.group(0) if found else ""
    rest = url[len(scheme) :]
    slashes = len(rest) - len(rest.lstrip("/"))
    authority = re.split(r"[/?#]", rest[slashes:], maxsplit=1)[0]
    user, at, host = authority.rpartition("@")
    name, colon, _password = user.partition(":")
    if at and colon:  # user:password@host: the password goes, whatever its length
        masked = f"{_outer(name)}:****@{_outer_all(host)}"
        tail = rest[slashes + len(authority) :]
        return scheme + rest[:slashes] + masked + _outer_all(tail)
    return scheme + _outer_all(rest)


def _outer(piece: str) -> str:
    """A piece of a URL as Apprise's privacy shows a token: 'S...n'; a piece of one or two
    characters is no secret (as in :class:`Redacted`)."""
    return f"{piece[0]}...{piece[-1]}" if len(piece) >= 3 else piece


def _outer_all(text: str) -> str:
    return "".join(
        piece if _SEPARATORS.fullmatch(piece) else _outer(piece)
        for piece in _SEPARATORS.split(text)
    )


@dataclass(frozen=True, slots=True)
class Channel:
    """A destination for reminders: 'console', or one Apprise URL."""

    url: str = field(repr=False)
    label: str = field(init=False, compare=False)  # what logs and lists show: no secret

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", masked(self.url))

    @property
    def id(self) -> str:
        """A stable id that reveals nothing of the URL: 'console' or 'mailto-1a2b3c4d'."""
        if self.url == "console":
            return "console"
        return f"{scheme_of(self.url)}-{hashlib.sha256(self.url.encode()).hexdigest()[:8]}"

    @property
    def address(self) -> str | None:
        """The e-mail address of a channel of the instance's mail, else None."""
        return self.url.removeprefix(INSTANCE_MAIL) if self.url.startswith(INSTANCE_MAIL) else None

    def send(self, message: Message, stream: TextIO | None = None) -> None:
        """Deliver ``message``, or raise SendError."""
        if self.url == "console":
            out = stream or sys.stdout
            out.write(f"=== {message.title}\n{message.body}\n[{message.reminder_id}]\n\n")
            out.flush()
            return
        plugin = instance_mail(self.label, self.address) if self.address else plugin_of(self.url)
        if plugin is None:
            raise SendError(f"{self.label}: not a usable notification URL")
        headers = getattr(plugin, "headers", None)
        if isinstance(headers, dict):
            headers.update(
                {"References": message.reference, "X-Planner-Reminder": message.reminder_id}
                if self.url.startswith(("mailto", "mailtos"))
                else {"X-Planner-Reminder": message.reminder_id}
            )
        if not plugin.notify(body=message.body, title=message.title):
            raise SendError(f"{self.label}: the notification was not accepted")


def instance_mail_url(environ: Mapping[str, str] = os.environ) -> str:
    """The instance's mail channel as set now (MAIL_ENV), '' when it is not: read at each
    use, never kept, so that a new password on the server takes effect at once."""
    return environ.get(MAIL_ENV, "").strip()


def one_recipient(plugin: Any, to: str) -> Any:
    """An e-mail plugin that writes to ``to`` alone: no recipient, Cc or Bcc written in its
    URL for someone else receives the message."""
    plugin.targets = [(False, to)]
    plugin.cc, plugin.bcc = set(), set()
    return plugin


def instance_mail(label: str, to: str) -> Any:
    """The plugin of the instance's mail channel (MAIL_ENV, read now), writing to ``to``
    alone; SendError, naming the channel by its ``label``, when there is none."""
    url = instance_mail_url()
    if not url:
        raise SendError(
            _(
                "{channel}: this instance has no mail channel to send it through "
                "({variable} is not set)"
            ).format(channel=label, variable=MAIL_ENV)
        )
    with quiet():
        plugin = plugin_of(url) if scheme_of(url) in MAIL_SCHEMES else None
    if plugin is None:
        raise SendError(
            _("{channel}: {variable} is not an e-mail URL Apprise understands").format(
                channel=label, variable=MAIL_ENV
            )
        )
    return one_recipient(plugin, to)


def is_address(text: str) -> bool:
    """Whether ``text`` is one e-mail address one can write to, as Apprise reads it."""
    if (
        not re.fullmatch(r"[^\s<>,;\"@/:]+@[^\s<>,;\"@/:]+\.[^\s<>,;\"@/:]+", text)
        or len(text) > 254
    ):
        return False
    found = apprise_module().utils.parse.is_email(text)
    return bool(found) and str(found["email"]).lower() == text.lower()


def configured(config: Path | None = None) -> list[Channel]:
    """The console, then the URLs of PLANNER_NOTIFY (space or comma separated) and of the
    config file (``urls = [...]`` in TOML), each once."""
    urls: list[str] = []
    urls += [u for u in os.environ.get(ENV, "").replace(",", " ").split() if u]
    if config is not None and os.path.lexists(config):
        data = read_toml(config)
        listed = data.get("urls", [])
        if not isinstance(listed, list) or not all(isinstance(u, str) for u in listed):
            raise InputError(
                _('{file}: urls must be a list of texts, like urls = ["ntfy://…"]').format(
                    file=config
                )
            )
        urls += listed
    return [Channel("console"), *(Channel(u) for u in dict.fromkeys(urls))]


def check(channels: list[Channel]) -> None:
    """Refuse, before anything is sent, a URL that Apprise does not understand, quoted as
    it was written, its secrets masked (:func:`quoted`)."""
    for channel in channels:
        if channel.url == "console":
            continue
        if channel.address is not None:
            if not is_address(channel.address):
                raise InputError(
                    _(
                        "{channel}: not an e-mail address; write it like "
                        "mailto-instance:ana@example.org"
                    ).format(channel=quoted(channel.url))
                )
            continue
        with quiet():
            plugin = plugin_of(channel.url)
        if plugin is None:
            raise InputError(
                _(
                    "{channel}: Apprise does not understand this notification URL; "
                    "check it against the Apprise documentation"
                ).format(channel=quoted(channel.url))
            )


class Redacted(logging.Filter):
    """Rewrites each record so that no part of the channels' URLs is left in it: every
    piece between the URL's separators (user, password, token, host, path), as written,
    percent-decoded and as Apprise's privacy shortens it ('s...t'), becomes '…'. Attached
    to the handler of Apprise's records."""

    def __init__(self, channels: list[Channel]) -> None:
        super().__init__()
        self.urls: set[str] = set()
        self.pattern: re.Pattern[str] | None = None
        self.cover(channels)

    def cover(self, channels: list[Channel]) -> None:
        """Redact the URLs of ``channels`` too (those the daemon finds in the database)."""
        mail = instance_mail_url()  # what a 'mailto-instance:' channel uses
        urls = {c.url for c in channels} | ({mail} if mail else set())
        if urls <= self.urls:
            return
        self.urls |= urls
        pieces: set[str] = set()
        for url in self.urls:
            if url == "console":
                continue
            rest = url.split(":", 1)[-1]
            for piece in [*re.split(r"[/:@?&=#,;+]+", rest), rest]:
                for text in {piece.strip(), unquote(piece).strip()}:
                    pieces.add(text)
                    if len(text) >= 3:  # as Apprise's own privacy writes it: 'h...2', '...rd42'
                        pieces |= {f"{text[0]}...{text[-1]}", f"...{text[-4:]}"}
        ordered = sorted((p for p in pieces if len(p) >= 3), key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def filter(self, record: logging.LogRecord) -> bool:
        if self.pattern is not None:
            record.msg = self.pattern.sub("…", record.getMessage())
            record.args = None
        return True


def redact(channels: list[Channel]) -> None:
    """Have the redaction of Apprise's lines (:class:`Redacted`, set up with the configured
    channels) cover ``channels`` too."""
    for handler in logging.getLogger("apprise").handlers:
        for found in handler.filters:
            if isinstance(found, Redacted):
                found.cover(channels)
