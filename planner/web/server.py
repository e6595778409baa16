"""The process of `planner serve`: uvicorn on 127.0.0.1, and with ``--remind`` the reminder
daemon in a thread of the same process (one database, one lock), which also publishes the
Bluesky posts, as `planner remind run` does, with the account in effect at each post (the
environment, the accounts file, or the app's settings).

The socket is bound here, before uvicorn starts, so that a port in use is one line for
the user rather than uvicorn's log. Access logs are off: a feed's address holds its
secret token.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING

import uvicorn
from starlette.applications import Starlette

from planner.accounts import Accounts, load
from planner.bluesky import Configured
from planner.daemon import Control, exclusive, watch
from planner.errors import InputError, PlannerError
from planner.i18n import _
from planner.notify import Channel, configured
from planner.reminders import open_store
from planner.web.app import create_app

if TYPE_CHECKING:
    from planner.web.accounts import Accounts as People
LOOPBACK = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1"}


def loopback(host: str) -> str:
    """The address to listen on for ``--host``: only this machine's (127.0.0.1)."""
    found = LOOPBACK.get(host.strip().lower())
    if found is None:
        raise InputError(
            _(
                "--host {host}: planner serve listens only on this machine (127.0.0.1), "
                "where nobody else can reach its plans; serving a team over the network is "
                "the hosted mode: planner serve --hosted"
            ).format(host=host)
        )
    return found


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a PlannerError that says what to do."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Inherited by each accepted connection: without it, uvicorn given this socket answered
    # every request after the first on a keep-alive connection 40 ms late (Linux's delayed
    # ACK waiting on Nagle's algorithm), measured by bench/serve.py --database.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise PlannerError(
            _(
                "--port {port}: cannot listen there ({reason}); is planner serve already "
                "running? Choose another port with --port {other}"
            ).format(port=port, reason=exc.strerror, other=port + 1 if port < 65535 else 8000)
        ) from None
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def channels_of(db: Path, config: Path | None) -> Callable[[], list[Channel]]:
    """The channels the daemon sends to: the console, PLANNER_NOTIFY and the config file,
    and those added in the browser (read again at every delivery)."""

    def channels() -> list[Channel]:
        with open_store(db) as store:
            stored = store.channels()
        listed = configured(config)
        known = {c.id for c in listed}
        return listed + [c for c in stored if c.id not in known]

    return channels


def accounts_of(db: Path, file: Path | None, environ: Mapping[str, str]) -> Callable[[], Accounts]:
    """The accounts in effect, read again at each call: the environment, the accounts
    file, then what the app's settings saved in the database."""

    def accounts() -> Accounts:
        with open_store(db) as store:
            saved = store.accounts()
        return load(file, environ, saved)

    return accounts


@contextmanager
def daemon(
    db: Path,
    config: Path | None,
    grace: dt.timedelta,
    accounts: Callable[[], Accounts],
    post_grace: dt.timedelta = dt.timedelta(minutes=30),
) -> Iterator[Callable[[], None]]:
    """The reminder daemon in a thread, for as long as the block runs, publishing the
    Bluesky posts with the account ``accounts`` gives at each post; yields the function
    that makes it re-read the database."""
    with exclusive(db):
        control = Control()
        thread = threading.Thread(
            target=watch,
            args=(db, channels_of(db, config), grace, 300.0, control),
            kwargs={"poster": Configured(accounts), "post_grace": post_grace},
            name="planner-remind",
            daemon=True,
        )
        thread.start()
        try:
            yield control.reload_now
        finally:
            control.stop_now()
            thread.join(timeout=60)


def hosted_accounts(address: str) -> People:
    """The hosted database of ``address``, migrated: its people and their workspaces."""
    from planner.web.accounts import Accounts as People
    from planner.web.database import engine_of, migrate

    engine = engine_of(address)
    migrate(engine)
    return People(engine)


def add_admin(address: str, email: str, password: str, now: dt.datetime) -> None:
    """Make ``email`` an administrator of the hosted instance at ``address``."""
    from planner.web.accounts import MIN_PASSWORD

    if "@" not in email:
        raise InputError(
            _("--add-admin {value}: write an e-mail address").format(value=repr(email))
        )
    if len(password) < MIN_PASSWORD:
        raise InputError(
            _(
                "--add-admin: the password must have at least {count} characters; "
                "choose a longer one"
            ).format(count=MIN_PASSWORD)
        )
    accounts = hosted_accounts(address)
    try:
        accounts.set_admin(email, password, now)
    finally:
        accounts.engine.dispose()


def run(
    db: Path,
    host: str,
    port: int,
    *,
    open_browser: bool,
    remind: bool,
    config: Path | None,
    accounts: Path | None,
    environ: Mapping[str, str],
    announce: Callable[[str], None],
) -> None:
    """Serve the local database ``db`` until Ctrl-C or SIGTERM."""
    address = loopback(host)
    sock = bind(address, port)
    with open_store(db):  # a database that cannot be used is refused before serving
        pass
    in_effect = accounts_of(db, accounts, environ)
    if remind:  # as `remind run`: an accounts file that cannot be used is refused first
        in_effect()
    running = daemon(db, config, dt.timedelta(hours=24), in_effect) if remind else None
    with running or nullcontext(None) as reload:
        app = create_app(
            db,
            reminders_changed=reload,
            accounts=accounts,
            environ=environ,
            port=sock.getsockname()[1],
        )
        config_ = uvicorn.Config(
            app, log_level="warning", access_log=False, lifespan="on", server_header=False
        )
        server = uvicorn.Server(config_)
        url = f"http://{address}:{sock.getsockname()[1]}/"
        announce(_("planner serve: open {url} in your browser; Ctrl-C stops it.").format(url=url))
        if remind:
            announce(_("Reminders are sent from this process while it runs ({db}).").format(db=db))
        if open_browser:
            threading.Timer(0.5, webbrowser.open, args=(url,)).start()
        quiet_signals()
        server.run(sockets=[sock])


def quiet_signals() -> None:
    """uvicorn raises again, once stopped, the signal that stopped it: handlers that do
    nothing end the process quietly instead of with a traceback."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda signum, frame: None)


def hosted_app() -> Starlette:
    """The hosted mode's app, as each worker process makes it (uvicorn's or gunicorn's
    factory: ``planner.web.server:hosted_app``), from the environment: PLANNER_DATABASE,
    PLANNER_TRUSTED_HOSTS (names, comma-separated, each 'name' or 'name:port'),
    PLANNER_PUBLIC_URL (the address people open it at; its name is trusted too),
    PLANNER_MAIL_URL (the channel invitations are mailed through), PLANNER_PORT (the port
    it listens on, which a Host naming this machine must give; set by ``serve --hosted``),
    PLANNER_SCHEDULER_EVERY (seconds between two looks at what is due, 5 by default),
    PLANNER_ALLOW_NETWORKS (the private networks and names workspaces may send to:
    :mod:`planner.web.destinations`); times in mails are in the zone of TZ (else the
    system's, else UTC)."""
    from planner.mail import Mail
    from planner.prompts import system_timezone
    from planner.web.destinations import Allowed
    from planner.web.invitations import Delivery
    from planner.web.scheduler import Scheduler, structured_logs
    from planner.web.security import HOSTS

    structured_logs()
    accounts = hosted_accounts(os.environ["PLANNER_DATABASE"])
    trusted = {h.strip().lower() for h in os.environ.get("PLANNER_TRUSTED_HOSTS", "").split(",")}
    public = public_address(os.environ)
    named = frozenset(h for h in [*trusted, public_host(public)] if h)
    every = float(os.environ.get("PLANNER_SCHEDULER_EVERY", "5"))
    allow = Allowed.from_environment(os.environ)
    delivery = Delivery(
        Mail.configured(os.environ), public, named, system_timezone(os.environ) or "UTC"
    )
    port = os.environ.get("PLANNER_PORT", "")
    return create_app(
        accounts,
        hosts=HOSTS | named,
        port=int(port) if port.isdigit() else None,
        scheduler=Scheduler(accounts.engine, every=every, allow=allow),
        delivery=delivery,
        allow=allow,
    )


def public_address(environ: Mapping[str, str]) -> str | None:
    """The instance's public address (PLANNER_PUBLIC_URL), checked; None when not set."""
    from planner.web.invitations import public_url

    given = environ.get("PLANNER_PUBLIC_URL", "").strip()
    return public_url(given) if given else None


def public_host(address: str | None) -> str:
    """The name of a public address ('planner.example.org'), with its port when it gives
    one ('planner.example.org:8443', a trusted host on that port only); '' for None."""
    from urllib.parse import urlsplit

    from planner.web.security import authority

    found = authority(urlsplit(address).netloc) if address else None
    if found is None:
        return ""
    name, port = found
    return f"{name}:{port}" if port else name


def run_hosted(
    address: str,
    host: str,
    port: int,
    *,
    workers: int,
    trusted: tuple[str, ...],
    proxy_headers: bool,
    forwarded_allow: str,
    public: str | None,
    allow: tuple[str, ...] = (),
    announce: Callable[[str], None],
) -> None:
    """Serve the hosted database of ``address`` with ``workers`` processes (each one a
    scheduler candidate) until SIGTERM or Ctrl-C. ``public``: the address people open
    the instance at (``--public-url`` or PLANNER_PUBLIC_URL); the mail channel of
    invitations is PLANNER_MAIL_URL's (a secret, never an option: the process list
    shows options). ``allow``: the private networks and names workspaces may send to
    (``--allow-network``), with those of PLANNER_ALLOW_NETWORKS."""
    from planner.mail import Mail
    from planner.web.destinations import ENV, Allowed
    from planner.web.invitations import public_url

    public = public_url(public) if public else None  # refused before listening, and
    allowed = Allowed.parse(allow)  # a wrong item too
    known_allowed = Allowed.from_environment(os.environ)
    mail = Mail.configured(os.environ)  # the mail channel, and the database
    hosted_accounts(address).engine.dispose()  # migrated once
    sock = bind(host, port)
    os.environ["PLANNER_DATABASE"] = address  # what each worker's hosted_app reads
    if public is not None:
        os.environ["PLANNER_PUBLIC_URL"] = public
    known = os.environ.get("PLANNER_TRUSTED_HOSTS", "")
    os.environ["PLANNER_TRUSTED_HOSTS"] = ",".join([*trusted, known])
    os.environ["PLANNER_PORT"] = str(sock.getsockname()[1])
    os.environ[ENV] = " ".join(x for x in (allowed.joined(), known_allowed.joined()) if x)
    config = uvicorn.Config(
        "planner.web.server:hosted_app",
        factory=True,
        workers=workers,
        proxy_headers=proxy_headers,
        forwarded_allow_ips=forwarded_allow,
        log_level="warning",
        access_log=False,
        lifespan="on",
        server_header=False,
    )
    announce(
        _("planner serve --hosted: listening on {host}:{port} with {workers} worker(s).").format(
            host=host, port=sock.getsockname()[1], workers=workers
        )
    )
    announce(_("Hosted database: {url}").format(url=shown_address(address)))
    if os.environ[ENV]:
        announce(
            _("Workspaces may send to these private networks and names: {items}.").format(
                items=os.environ[ENV]
            )
        )
    if mail is None:
        announce(
            _(
                "Invitations are shown to whoever makes them, to send themselves "
                "(PLANNER_MAIL_URL is not set)."
            )
        )
    elif public is None:
        announce(
            _(
                "Invitations are sent by e-mail through {channel} when made over HTTPS on a "
                "--trusted-host name (--public-url is not set)."
            ).format(channel=mail.label)
        )
    else:
        announce(
            _("Invitations are sent by e-mail through {channel}, their links on {url}.").format(
                channel=mail.label, url=public
            )
        )
    quiet_signals()
    server = uvicorn.Server(config)
    if workers > 1:
        from uvicorn.supervisors import Multiprocess

        Multiprocess(config, sockets=[sock]).run()
    else:
        server.run(sockets=[sock])


def shown_address(address: str) -> str:
    """A database address as it may be shown (its password hidden)."""
    from planner.web.database import parse_url, shown

    return shown(parse_url(address))
