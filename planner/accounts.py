"""The accounts planner posts with: a Mastodon token, a Bluesky handle and app password.

Like notification URLs, they never go in a decision file (a plan is shared, sent around,
kept in a shared folder). They come from the environment, then from a TOML file in the
user config folder (``accounts.toml``), which must be readable by its owner only (mode
0600, as ssh asks of a private key): a file that the group or others can read is refused
with the ``chmod`` that fixes it, before anything is read from it; then from the settings
of the web app (``planner serve``), saved in the reminders database. The first that has
a field wins, field by field.

    [mastodon]
    instance = "https://mastodon.social"   # optional: else the decision's Mastodon address
    token = "…"                            # scopes read:statuses write:statuses

    [bluesky]
    handle = "amisdujardin.bsky.social"
    app_password = "xxxx-xxxx-xxxx-xxxx"
    service = "https://bsky.social"        # optional: the account's server

A secret is kept out of every ``repr`` and every message; :class:`Redacted` removes it
from the log records of the libraries that send (they could name a request's content).
"""

from __future__ import annotations

import logging
import os
import re
import stat
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from planner.errors import InputError
from planner.i18n import _
from planner.inputs import parse_toml

MASTODON_TOKEN = "PLANNER_MASTODON_TOKEN"
MASTODON_INSTANCE = "PLANNER_MASTODON_INSTANCE"
BLUESKY_HANDLE = "PLANNER_BLUESKY_HANDLE"
BLUESKY_PASSWORD = "PLANNER_BLUESKY_APP_PASSWORD"
BLUESKY_SERVICE = "PLANNER_BLUESKY_SERVICE"
BLUESKY_DEFAULT_SERVICE = "https://bsky.social"

# Bluesky's app passwords are four groups of four letters or digits (the PDS makes them
# from lowercase base32: atproto packages/pds, account-manager/helpers/password.ts).
APP_PASSWORD = re.compile(r"[a-z0-9]{4}(-[a-z0-9]{4}){3}")
HANDLE = re.compile(
    r"@?[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)+"
)
TOKEN = re.compile(r"[A-Za-z0-9_\-.~+/=]{8,}")  # what OAuth bearer tokens are made of
# The fields of each account, in the order the settings show them; the variable of each.
FIELDS = {
    "mastodon": {"instance": MASTODON_INSTANCE, "token": MASTODON_TOKEN},
    "bluesky": {
        "handle": BLUESKY_HANDLE,
        "app_password": BLUESKY_PASSWORD,
        "service": BLUESKY_SERVICE,
    },
}
SECRET_FIELDS = frozenset({"mastodon.token", "bluesky.app_password"})
ENVIRONMENT, FILE, SAVED = "environment", "file", "saved"  # where a field comes from


@dataclass(frozen=True, slots=True)
class MastodonAccount:
    """A Mastodon server and an access token on it."""

    instance: str  # 'https://mastodon.social'
    token: str = field(repr=False)

    @property
    def label(self) -> str:
        """What messages show: the server's name, never the token."""
        return urlsplit(self.instance).netloc


@dataclass(frozen=True, slots=True)
class BlueskyAccount:
    """A Bluesky handle, its app password and the server that keeps the account."""

    handle: str
    app_password: str = field(repr=False)
    service: str = BLUESKY_DEFAULT_SERVICE

    @property
    def label(self) -> str:
        """What messages show: 'Bluesky (@handle)'."""
        return f"Bluesky (@{self.handle})"


@dataclass(frozen=True, slots=True)
class Accounts:
    """What the environment and the accounts file hold (each part may be missing), and
    where each field came from, for messages ('PLANNER_MASTODON_TOKEN',
    'accounts.toml: [mastodon] token')."""

    mastodon: dict[str, str] = field(default_factory=dict, repr=False)
    bluesky: dict[str, str] = field(default_factory=dict, repr=False)
    origins: dict[str, str] = field(default_factory=dict)
    # 'table.key' -> ENVIRONMENT, FILE or SAVED: where the field in effect comes from
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def secrets(self) -> list[str]:
        """Every secret, for :class:`Redacted`."""
        return [s for s in (self.mastodon.get("token"), self.bluesky.get("app_password")) if s]

    def origin(self, table: str, key: str) -> str:
        """Where a field was read."""
        return self.origins.get(f"{table}.{key}", f"[{table}] {key}")


def _private(path: Path) -> None:
    """Refuse a file that its group or others can read or write."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputError(
            _("{file}: cannot be read ({reason})").format(file=path, reason=exc.strerror)
        ) from None
    if not stat.S_ISREG(mode):
        raise InputError(_("{file}: not a file; it must be a TOML file").format(file=path))
    if mode & 0o077:
        raise InputError(
            _(
                "{file}: others can read this file, which holds passwords; run: chmod 600 {file}"
            ).format(file=path)
        )


def _table(data: dict[str, Any], name: str, path: Path) -> dict[str, str]:
    table = data.get(name, {})
    if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
        raise InputError(
            _('{file}: [{table}] must hold texts in quotes, like token = "…"').format(
                file=path, table=name
            )
        )
    return {k: v.strip() for k, v in table.items()}


def load(
    path: Path | None,
    environ: Mapping[str, str],
    saved: Mapping[str, Mapping[str, str]] | None = None,
) -> Accounts:
    """The accounts, from what the web app's settings ``saved``, then the file at ``path``
    (if it exists), then the variables: a variable wins over the file, and the file over
    the web app's settings, field by field."""
    tables: dict[str, dict[str, str]] = {"mastodon": {}, "bluesky": {}}
    origins: dict[str, str] = {}
    sources: dict[str, str] = {}
    for name in tables:
        for key, value in (saved or {}).get(name, {}).items():
            if key in FIELDS[name] and value.strip():
                tables[name][key] = value.strip()
                origins[f"{name}.{key}"] = _("planner serve's settings: [{table}] {key}").format(
                    table=name, key=key
                )
                sources[f"{name}.{key}"] = SAVED
    if path is not None and path.exists():
        _private(path)
        try:
            data = parse_toml(path.read_bytes(), str(path))
        except OSError as exc:
            raise InputError(
                _("{file}: cannot be read ({reason})").format(file=path, reason=exc.strerror)
            ) from None
        for name in tables:
            found = _table(data, name, path)
            tables[name] |= found
            origins |= {f"{name}.{key}": f"{path}: [{name}] {key}" for key in found}
            sources |= {f"{name}.{key}": FILE for key in found}
    for table, key, variable in (
        ("mastodon", "token", MASTODON_TOKEN),
        ("mastodon", "instance", MASTODON_INSTANCE),
        ("bluesky", "handle", BLUESKY_HANDLE),
        ("bluesky", "app_password", BLUESKY_PASSWORD),
        ("bluesky", "service", BLUESKY_SERVICE),
    ):
        if environ.get(variable, "").strip():
            tables[table][key] = environ[variable].strip()
            origins[f"{table}.{key}"] = variable
            sources[f"{table}.{key}"] = ENVIRONMENT
    return Accounts(tables["mastodon"], tables["bluesky"], origins, sources)


def server_url(text: str, where: str) -> str:
    """'https://host[:port]' from a server address or any link on it ('mastodon.social',
    'https://mastodon.social/@amis'); plain http only on this machine (the tests' servers).
    ``where`` names the field, for the message."""
    parts = urlsplit(text if "://" in text else f"https://{text}")
    local = parts.hostname in ("127.0.0.1", "localhost", "::1")
    try:
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        local = False
        parts = parts._replace(netloc="")
    if not parts.netloc or not (parts.scheme == "https" or (parts.scheme == "http" and local)):
        raise InputError(
            _(
                "{where}: {value} is not the address of a server; write it like "
                "https://mastodon.social (https:// only)"
            ).format(where=where, value=repr(text))
        )
    return f"{parts.scheme}://{parts.netloc}"


def mastodon_account(
    accounts: Accounts, address: str | None, *, instance_where: str | None = None
) -> MastodonAccount:
    """The Mastodon account to schedule with; ``address`` is the decision's Mastodon
    destination (its url), used when no instance is configured. ``instance_where`` names
    where the server can be set, when not the environment (the web app's Accounts page)."""
    token = accounts.mastodon.get("token", "")
    if not token:
        raise InputError(
            _(
                'no Mastodon token: set {variable} or add [mastodon] token = "…" to {file} '
                "(on Mastodon: Preferences > Development > New application, with the scopes "
                "read:statuses and write:statuses)"
            ).format(variable=MASTODON_TOKEN, file=default_file_name())
        )
    if not TOKEN.fullmatch(token):
        raise InputError(
            _(
                "{where}: this token has characters a token never has; copy it again from "
                "Mastodon's Preferences > Development"
            ).format(where=accounts.origin("mastodon", "token"))
        )
    if accounts.mastodon.get("instance"):
        where = accounts.origin("mastodon", "instance")
        return MastodonAccount(server_url(accounts.mastodon["instance"], where), token)
    if not address:
        raise InputError(
            _(
                "no Mastodon server: give the decision a Mastodon destination with its url, "
                "or set {variable}"
            ).format(variable=instance_where or MASTODON_INSTANCE)
        )
    return MastodonAccount(server_url(address, _("the decision's Mastodon destination")), token)


def bluesky_account(accounts: Accounts) -> BlueskyAccount:
    """The Bluesky account to post with."""
    handle = accounts.bluesky.get("handle", "").removeprefix("@")
    password = accounts.bluesky.get("app_password", "")
    if not handle or not password:
        raise InputError(
            _(
                "no Bluesky account: set {handle} and {password}, or add [bluesky] handle and "
                "app_password to {file}"
            ).format(handle=BLUESKY_HANDLE, password=BLUESKY_PASSWORD, file=default_file_name())
        )
    if not HANDLE.fullmatch(handle):
        raise InputError(
            _("{where}: {handle} is not a Bluesky handle; write it like amis.bsky.social").format(
                where=accounts.origin("bluesky", "handle"), handle=repr(handle)
            )
        )
    if not APP_PASSWORD.fullmatch(password):
        raise InputError(
            _(
                "{where}: this is not an app password (xxxx-xxxx-xxxx-xxxx); create one in "
                "Bluesky's Settings > Privacy and security > App passwords"
            ).format(where=accounts.origin("bluesky", "app_password"))
        )
    service = server_url(
        accounts.bluesky.get("service") or BLUESKY_DEFAULT_SERVICE,
        accounts.origin("bluesky", "service"),
    )
    return BlueskyAccount(handle, password, service)


def default_file_name() -> str:
    """Where the accounts file is looked for by default (for messages)."""
    return str(default_path())


def default_path() -> Path:
    """accounts.toml in the user config folder."""
    import platformdirs

    return platformdirs.user_config_path("planner") / "accounts.toml"


def write_private(path: Path, text: str) -> None:
    """Write the accounts file readable by its owner only, atomically (never a moment
    where another user could read it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.chmod(0o600)  # whatever the umask said
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


class Redacted(logging.Filter):
    """Replaces every secret in a log record by '…' (attached to the handlers of the
    libraries that send). ``secrets`` is asked at each record: the web app's settings can
    change them while a daemon runs; a record whose secrets cannot be known is dropped."""

    def __init__(self, secrets: Callable[[], list[str]]) -> None:
        super().__init__()
        self.secrets = secrets

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            known = self.secrets()
        except Exception:  # the settings cannot be read now: show nothing rather than a secret
            return False
        ordered = sorted({s for s in known if len(s) >= 3}, key=len, reverse=True)
        if ordered:
            pattern = re.compile("|".join(map(re.escape, ordered)))
            record.msg = pattern.sub("…", record.getMessage())
            record.args = None
        return True
