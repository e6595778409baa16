"""Where reminders go: the console (always), and any Apprise URL (email, Matrix, ntfy…).

Apprise does the sending, one URL per channel; this module only names the channels
without their secrets and adds a stable reminder id to each message. Apprise always
writes its own random ``Message-ID`` for email (apprise/plugins/email/base.py), so the
stable id travels in ``References`` (mail clients thread a resend with the first send)
and ``X-Planner-Reminder``; webhooks get it as the ``X-Planner-Reminder`` HTTP header.
"""

from __future__ import annotations

import hashlib
import os
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from urllib.parse import urlsplit

from planner.errors import InputError, PlannerError
from planner.i18n import _

ENV = "PLANNER_NOTIFY"


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


@dataclass(frozen=True, slots=True)
class Channel:
    """A destination for reminders: 'console', or one Apprise URL."""

    url: str

    @property
    def id(self) -> str:
        """A stable id that reveals nothing of the URL: 'console' or 'mailto-1a2b3c4d'."""
        if self.url == "console":
            return "console"
        scheme = urlsplit(self.url).scheme or "url"
        return f"{scheme}-{hashlib.sha256(self.url.encode()).hexdigest()[:8]}"

    @property
    def label(self) -> str:
        """What logs and lists show: scheme and host only, never user, password or token."""
        if self.url == "console":
            return "console"
        parts = urlsplit(self.url)
        return f"{parts.scheme}://{parts.hostname or ''}"

    def send(self, message: Message, stream: TextIO | None = None) -> None:
        """Deliver ``message``, or raise SendError."""
        if self.url == "console":
            out = stream or sys.stdout
            out.write(f"=== {message.title}\n{message.body}\n[{message.reminder_id}]\n\n")
            out.flush()
            return
        import apprise

        plugin = apprise.Apprise.instantiate(self.url)
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


def configured(config: Path | None = None) -> list[Channel]:
    """The console, then the URLs of PLANNER_NOTIFY (space or comma separated) and of the
    config file (``urls = [...]`` in TOML), each once."""
    urls: list[str] = []
    urls += [u for u in os.environ.get(ENV, "").replace(",", " ").split() if u]
    if config is not None and config.exists():
        try:
            data = tomllib.loads(config.read_text("utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
            raise InputError(
                _("{file}: cannot be read as TOML ({reason})").format(file=config, reason=exc)
            ) from None
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
    """Refuse, before anything is sent, a URL that Apprise does not understand."""
    import apprise

    for channel in channels:
        if channel.url != "console" and apprise.Apprise.instantiate(channel.url) is None:
            raise InputError(
                _(
                    "{channel}: Apprise does not understand this notification URL; "
                    "check it against the Apprise documentation"
                ).format(channel=channel.label)
            )
