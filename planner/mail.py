"""One e-mail to one person through the instance's mail channel: the hosted mode's
invitations.

The channel is an Apprise ``mailto://`` or ``mailtos://`` URL (:data:`ENV`), the same
kind as a reminder channel (:mod:`planner.notify`), and as secret: it holds the SMTP
password. It is named only by Apprise's masked form (``mailtos://user:****@smtp…``).

Each message goes to exactly one address: the plugin made from the URL is given that
address as its only recipient, so that a recipient, Cc or Bcc written in the URL for
the reminders never receives someone else's one-time link.

Apprise reports a failed send as ``False`` only; why it failed (refused connection,
login refused…) is in its log records, which are read here, for this thread only,
and said in plain words that hold no secret (:func:`_reason`). The records themselves
are never shown.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from planner.errors import InputError
from planner.i18n import N_, _
from planner.notify import (
    MAIL_ENV,
    MAIL_SCHEMES,
    SendError,
    apprise_module,
    instance_mail_url,
    masked,
    one_recipient,
    plugin_of,
    quiet,
    scheme_of,
)

ENV = MAIL_ENV
SCHEMES = MAIL_SCHEMES
MAX_ADDRESS = 254  # RFC 5321's longest path, less its angle brackets
_CAPTURE = threading.Lock()  # one send at a time changes the level of Apprise's logger


def address(text: str) -> str | None:
    """``text`` as an e-mail address one can write to ('ana@example.org'), or None: one
    address, no name, no space or line break, a domain with a dot, as Apprise (which
    sends it) reads it."""
    text = text.strip()
    if not re.fullmatch(r"[^\s<>,;\"@]+@[^\s<>,;\"@]+\.[^\s<>,;\"@]+", text):
        return None
    if len(text) > MAX_ADDRESS:
        return None
    found = apprise_module().utils.parse.is_email(text)
    if not found or str(found["email"]).lower() != text.lower():
        return None
    return text


@dataclass(frozen=True, slots=True)
class Mail:
    """The instance's mail channel: an Apprise e-mail URL, checked when it is made."""

    url: str = field(repr=False)
    label: str = field(init=False, compare=False)  # masked: what pages and logs may show

    def __post_init__(self) -> None:
        object.__setattr__(self, "label", masked(self.url))
        if scheme_of(self.url) not in SCHEMES:
            raise InputError(
                _(
                    "{variable}: {label} is not an e-mail URL; write "
                    "mailtos://USER:PASSWORD@smtp.example.org?from=planner@example.org"
                ).format(variable=ENV, label=f"{scheme_of(self.url)}://…")
            )
        with quiet():
            plugin = plugin_of(self.url)
        if plugin is None:
            raise InputError(
                _(
                    "{variable}: Apprise does not understand {label}; check it against "
                    "Apprise's e-mail documentation"
                ).format(variable=ENV, label=self.label)
            )

    @classmethod
    def configured(cls, environ: Mapping[str, str]) -> Mail | None:
        """The channel of PLANNER_MAIL_URL, or None when it is not set."""
        url = instance_mail_url(environ)
        return cls(url) if url else None

    def send(self, to: str, subject: str, body: str) -> None:
        """Send one plain-text message to ``to`` alone, or raise :class:`MailError` saying
        why in plain words."""
        plugin = one_recipient(plugin_of(self.url), to)
        with _records() as records:
            # Plain text, as written: the mail client makes the link clickable.
            accepted = plugin.notify(body=body, title=subject, body_format="text")
        if not accepted:
            raise _reason(plugin, to, records)


@contextmanager
def _records() -> Iterator[list[str]]:
    """The messages Apprise logs in this thread while the block runs."""
    mine = threading.get_ident()
    found: list[str] = []

    class Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.thread == mine:
                found.append(record.getMessage())

    logger = logging.getLogger("apprise")
    handler = Keep(logging.DEBUG)
    with _CAPTURE:
        level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        try:
            yield found
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)


# What the exceptions of smtplib, ssl and socket say, as Apprise logs them ("Socket
# Exception: …", "SMTP recipient … was refused"; its other lines tell the steps, "Securing
# connection with SSL…", and are not read), and the plain words for each: the first that
# matches wins.
_FAILURES = re.compile(r"^(Socket Exception|SMTP recipient)")
_REASONS = (
    (r"Errno 111|Connection refused", "refused"),
    (r"timed out|Errno 110", "silent"),
    (r"Name or service not known|name resolution|nodename nor servname|Errno -[235]\b", "name"),
    (r"\(53[0-8],|Authentication|AUTH ", "login"),
    (r"SSL|TLS|certificate", "secure"),
    (r"recipient .* was refused|\(55[0-3],", "recipient"),
)


class MailError(SendError):
    """A message the mail server did not take, and why: in the current language (the
    text of the error) and in English (:attr:`english`, for the operator's log)."""

    def __init__(self, template: str, **values: object) -> None:
        super().__init__(_(template).format(**values))
        self.english = template.format(**values)


_WORDS = {
    "refused": N_("the mail server {server} refused the connection (is it the right port?)"),
    "silent": N_("the mail server {server} did not answer in time"),
    "name": N_("the mail server's name {host} is not known (check its spelling)"),
    "login": N_("the mail server {server} refused the user name or the password"),
    "secure": N_(
        "no secure connection with the mail server {server} (mailto or mailtos, the port, "
        "its certificate?)"
    ),
    "recipient": N_("the mail server {server} refused the address {to}"),
    "other": N_("the mail server {server} did not take the message"),
}


def _reason(plugin: Any, to: str, records: list[str]) -> MailError:
    """Why a send failed, in plain words naming the server (host and port), never the
    URL's user name or password."""
    server = f"{plugin.smtp_host}:{plugin.port}" if plugin.port else str(plugin.smtp_host)
    text = "\n".join(r for r in records if _FAILURES.match(r))
    kind = next((k for pattern, k in _REASONS if re.search(pattern, text)), "other")
    return MailError(_WORDS[kind], server=server, host=plugin.smtp_host, to=to)
