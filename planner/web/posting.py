"""Posting by themselves, in the browser: the accounts planner posts with (the settings
page, ``/accounts``), and what each plan's reminders page says of its Mastodon posts
scheduled on the server and of the Bluesky posts the daemon publishes.

The accounts are the command line's (:mod:`planner.accounts`): the environment and the
accounts file win, field by field, over what this page saved in the database (schema 7).
A token or an app password typed here is stored and never sent back: the page says
whether one is set and where it comes from, never a character of it, and a form shown
again after an error never holds it. Saving one makes the database readable by its owner
only (mode 0600), as the accounts file must be.

In the hosted mode each workspace has its own accounts, in the hosted database
(:mod:`planner.web.hosted_posts`), set by its owners and editors (the gate refuses a
reader's change); the instance's variables and accounts file are not read.

"Schedule on Mastodon" runs :func:`planner.schedule.run`, the code of `planner schedule
--mastodon` (the same checks and messages), off the event loop with a connection of its
own. The Bluesky switch hands the plan's future Bluesky posts to the daemon
(:mod:`planner.outbox`), or to the hosted mode's scheduler, and they follow every change
of the plan from then on (:meth:`planner.web.core.Web.plan_changed`).
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import version, zones
from planner.accounts import (
    APP_PASSWORD,
    BLUESKY_DEFAULT_SERVICE,
    ENVIRONMENT,
    FIELDS,
    FILE,
    HANDLE,
    SECRET_FIELDS,
    TOKEN,
    Accounts,
    bluesky_account,
    load,
    mastodon_account,
    server_url,
)
from planner.errors import InputError
from planner.i18n import _
from planner.identity import derived_id
from planner.reminders import open_store, state_word
from planner.schedule import Action, Local, Server, mastodon_address
from planner.schedule import run as run_schedule
from planner.web.core import Built, Web
from planner.web.destinations import guarded, problem
from planner.web.forms import named, quoted
from planner.web.store import SOURCE, StoredPlan, WebStore
from planner.wording import said_date

NETWORKS = ("mastodon", "bluesky")


def labels() -> dict[str, str]:
    """The label of each field of the settings, in the request's language."""
    return {
        "mastodon.instance": _("Server"),
        "mastodon.token": _("Access token"),
        "bluesky.handle": _("Handle"),
        "bluesky.app_password": _("App password"),
        "bluesky.service": _("Server"),
    }


def private(db: Path) -> None:
    """The database, which now holds a password, readable by its owner only (its WAL
    files too: SQLite gives new ones the database's mode)."""
    for path in (db, db.with_name(db.name + "-wal"), db.with_name(db.name + "-shm")):
        with contextlib.suppress(FileNotFoundError):
            path.chmod(0o600)


def accounts_in_effect(web: Web) -> tuple[Accounts, str | None]:
    """The accounts in effect, and why the accounts file could not be read (then only the
    environment and the settings count)."""
    try:
        return web.accounts(), None
    except InputError as exc:
        return load(None, web.environ, web.store.reminders.accounts()), str(exc)


def in_effect_rows(accounts: Accounts, file: Path | None) -> dict[str, list[dict[str, Any]]]:
    """Per network, each field in effect as the page shows it: the value (a secret only as
    'set'), and where it comes from."""
    titles = labels()
    defaults = {
        "mastodon.instance": _("the server of each plan's Mastodon address"),
        "bluesky.service": _("{server} (the default)").format(server=BLUESKY_DEFAULT_SERVICE),
    }
    out: dict[str, list[dict[str, Any]]] = {}
    for network in NETWORKS:
        rows = []
        table: dict[str, str] = getattr(accounts, network)
        for name, variable in FIELDS[network].items():
            key = f"{network}.{name}"
            value = table.get(name, "")
            source = accounts.sources.get(key)
            if source == ENVIRONMENT:
                where = _("from the variable {name}, which wins over this page").format(
                    name=variable
                )
            elif source == FILE:
                where = _("from {file}, which wins over this page").format(file=file)
            elif value:
                where = _("saved here")
            else:
                where = ""
            rows.append(
                {
                    "label": titles[key],
                    "secret": key in SECRET_FIELDS and bool(value),
                    "value": "" if key in SECRET_FIELDS else value or defaults.get(key, ""),
                    "set": bool(value),
                    "where": where,
                }
            )
        out[network] = rows
    return out


def checked_mastodon(
    typed: dict[str, str], saved: dict[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """The Mastodon fields to save, or the problem of each field (the command line's
    rules and words)."""
    titles = labels()
    problems: dict[str, str] = {}
    fields: dict[str, str | None] = {"instance": None}
    if typed["instance"]:
        try:
            fields["instance"] = server_url(typed["instance"], quoted(titles["mastodon.instance"]))
        except InputError as exc:
            problems["mastodon.instance"] = str(exc)
    token = typed["token"]
    if token:
        if TOKEN.fullmatch(token):
            fields["token"] = token
        else:
            problems["mastodon.token"] = _(
                "{where}: this token has characters a token never has; copy it again from "
                "Mastodon's Preferences > Development"
            ).format(where=quoted(titles["mastodon.token"]))
    elif not saved.get("token"):
        problems["mastodon.token"] = named(
            titles["mastodon.token"],
            _(
                "empty; paste the token your Mastodon server gives in Preferences > "
                "Development > New application, with the scopes read:statuses and "
                "write:statuses"
            ),
        )
    return fields, problems


def checked_bluesky(
    typed: dict[str, str], saved: dict[str, str]
) -> tuple[dict[str, str | None], dict[str, str]]:
    """The Bluesky fields to save, or the problem of each field."""
    titles = labels()
    problems: dict[str, str] = {}
    fields: dict[str, str | None] = {"service": None}
    handle = typed["handle"].removeprefix("@")
    if not handle:
        problems["bluesky.handle"] = named(
            titles["bluesky.handle"], _("empty; type the account's handle, like amis.bsky.social")
        )
    elif not HANDLE.fullmatch(handle):
        problems["bluesky.handle"] = _(
            "{where}: '{handle}' is not a Bluesky handle; write it like amis.bsky.social"
        ).format(where=quoted(titles["bluesky.handle"]), handle=handle)
    else:
        fields["handle"] = handle
    password = typed["app_password"]
    if password:
        if APP_PASSWORD.fullmatch(password):
            fields["app_password"] = password
        else:
            problems["bluesky.app_password"] = _(
                "{where}: this is not an app password (xxxx-xxxx-xxxx-xxxx); create one in "
                "Bluesky's Settings > Privacy and security > App passwords"
            ).format(where=quoted(titles["bluesky.app_password"]))
    elif not saved.get("app_password"):
        problems["bluesky.app_password"] = named(
            titles["bluesky.app_password"],
            _(
                "empty; paste an app password, made in Bluesky's Settings > Privacy and "
                "security > App passwords (never the account's own password)"
            ),
        )
    if typed["service"]:
        try:
            fields["service"] = server_url(typed["service"], quoted(titles["bluesky.service"]))
        except InputError as exc:
            problems["bluesky.service"] = str(exc)
    return fields, problems


# --- a plan's posts that go out by themselves -------------------------------------------


def instance_where(web: Web) -> str | None:
    """Where the web app's Mastodon server is set, for the message of a plan without one:
    the hosted mode reads no environment variable."""
    return _("the Mastodon server on this workspace's Accounts page") if web.hosted else None


def plan_posting(web: Web, built: Built) -> dict[str, Any]:
    """What the plan's reminders page shows of its Mastodon and Bluesky posts: the
    account each would use (or what is missing), and each post scheduled or handed to the
    daemon, as `remind list` lists them."""
    key = built.stored.key
    zone = zones.zone(built.decision.timezone)
    accounts, problem = accounts_in_effect(web)
    mastodon_label = mastodon_missing = bluesky_label = bluesky_missing = None
    if not accounts.mastodon.get("token"):
        mastodon_missing = _("No Mastodon token yet: add it on the Accounts page.")
    else:
        try:
            mastodon_label = mastodon_account(
                accounts, mastodon_address(built.plan), instance_where=instance_where(web)
            ).label
        except InputError as exc:
            mastodon_missing = str(exc)
    if not (accounts.bluesky.get("handle") and accounts.bluesky.get("app_password")):
        bluesky_missing = _(
            "No Bluesky account yet: add its handle and an app password on the Accounts page."
        )
    else:
        try:
            bluesky_label = bluesky_account(accounts).label
        except InputError as exc:
            bluesky_missing = str(exc)
    titles = {s.id: s.title for s in built.plan.steps}
    country = built.decision.country
    listed = web.store.posted(key, web.now(), built.decision.timezone)
    rows = [
        {
            "local": f"{said_date(r.due.astimezone(zone).date(), country)}, "
            f"{r.due.astimezone(zone):%H:%M}",
            "title": titles.get(r.step, r.step),
            "network": "Mastodon" if r.status == "scheduled" else "Bluesky",
            "state": state_word(r.status),
            "details": r.details,
            "url": r.url,
            "sent": r.at.astimezone(zone).strftime("%H:%M") if r.at else None,
        }
        for r in sorted(listed, key=lambda r: (r.due, r.step))
    ]
    return {
        "accounts_problem": problem,
        "has_mastodon": any(p.channel == "mastodon" for p in built.posts),
        "has_bluesky": any(p.channel == "bluesky" for p in built.posts),
        "mastodon_label": mastodon_label,
        "mastodon_missing": mastodon_missing,
        "mastodon_scheduled": any(r["network"] == "Mastodon" for r in rows),
        "bluesky_label": bluesky_label,
        "bluesky_missing": bluesky_missing,
        "bluesky_on": built.stored.bluesky,
        "posting_rows": rows,
    }


def switch_bluesky(web: Web, stored: StoredPlan, on: bool) -> None:
    """Turn on (the plan's future Bluesky posts handed to the daemon, following the plan
    from then on) or off (those not sent yet taken back) the plan's Bluesky posts;
    InputError when it cannot be turned on."""
    if not on:
        web.store.set_bluesky(stored.key, False)
        web.store.posts_off(stored.key)
        web.reminders_changed()
        return
    built = web.built(stored)
    if not any(p.channel == "bluesky" for p in built.posts):
        raise InputError(
            _(
                "This plan has no Bluesky post: add Bluesky to the places where your "
                "community can follow you, on the Decision page."
            )
        )
    accounts, _problem = accounts_in_effect(web)
    if not (accounts.bluesky.get("handle") and accounts.bluesky.get("app_password")):
        raise InputError(
            _("No Bluesky account yet: add its handle and an app password on the Accounts page.")
        )
    bluesky_account(accounts)  # an account that cannot be used is refused now
    web.store.set_bluesky(stored.key, True)
    try:
        web.plan_changed(stored.key)
    except InputError:
        web.store.set_bluesky(stored.key, False)
        raise


async def schedule_mastodon(web: Web, built: Built, *, cancel: bool) -> list[Action]:
    """Schedule the plan's future Mastodon posts on the server (or, with ``cancel``,
    delete those planner scheduled): `planner schedule --mastodon`'s code, off the event
    loop. PlannerError, with the command's message, when it cannot."""
    accounts, problem = accounts_in_effect(web)
    if problem:
        raise InputError(problem)
    if not accounts.mastodon.get("token"):
        raise InputError(_("No Mastodon token yet: add it on the Accounts page."))
    account = mastodon_account(
        accounts, mastodon_address(built.plan), instance_where=instance_where(web)
    )
    now = web.now()
    store = web.store
    token_where = _("this workspace's Accounts page") if web.hosted else ""
    where = _("Mastodon server {server}").format(server=account.label)
    suggestion = derived_id(built.decision)

    def run() -> list[Action]:
        server = Server(account, f"planner/{version()}", token_where=token_where)
        if not isinstance(store, WebStore):  # hosted: its engine serves any thread
            # Never into the server's own networks (planner.web.destinations).
            with guarded(web.allowed, where, [account.instance]):
                return run_schedule(
                    store.ledger(), built.plan, built.posts, server, now, cancel=cancel
                )
        assert isinstance(web.db_path, Path)
        with open_store(web.db_path) as local:  # a connection of this thread's own
            ledger = Local(local, SOURCE, suggestion=suggestion)
            return run_schedule(ledger, built.plan, built.posts, server, now, cancel=cancel)

    return await run_in_threadpool(run)


# --- the settings page -------------------------------------------------------------------


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the accounts' settings page."""

    def settings_page(
        request: Request,
        status: int = 200,
        problems: dict[str, str] | None = None,
        typed: dict[str, str] | None = None,
    ) -> Response:
        accounts, problem = accounts_in_effect(web)
        saved = web.store.reminders.accounts()
        values = {
            f"{network}.{name}": value
            for network in NETWORKS
            for name, value in saved.get(network, {}).items()
            if f"{network}.{name}" not in SECRET_FIELDS
        } | (typed or {})
        return web.page(
            request,
            "accounts.html.j2",
            status,
            rows=in_effect_rows(accounts, web.accounts_file),
            saved={n: bool(saved.get(n)) for n in NETWORKS},
            values=values,
            problems=problems or {},
            problem=problem,
            labels=labels(),
            file=web.accounts_file,
        )

    async def settings(request: Request) -> Response:
        return settings_page(request)

    async def change(request: Request) -> Response:
        form = await web.form(request)
        action = str(form.get("action", ""))
        verb, _sep, network = action.partition("-")
        if network not in NETWORKS:
            return RedirectResponse("/accounts", 303)
        if verb == "forget":
            web.store.reminders.forget_account(network)
            return RedirectResponse("/accounts?done=forgotten", 303)
        typed = {name: str(form.get(name, "")).strip() for name in FIELDS[network]}
        saved = web.store.reminders.accounts().get(network, {})
        check = checked_mastodon if network == "mastodon" else checked_bluesky
        fields, problems = check(typed, saved)
        if web.hosted:  # never into the server's own networks (planner.web.destinations)
            titles = labels()
            for name in ("instance", "service"):
                key, value = f"{network}.{name}", fields.get(name)
                if value and key not in problems:
                    where = quoted(titles[key])
                    found = await run_in_threadpool(problem, web.allowed, where, value)
                    if found is not None:
                        problems[key] = found
        if problems:
            # What was typed comes back, except the secret (never sent to the browser).
            kept = {
                f"{network}.{name}": value
                for name, value in typed.items()
                if f"{network}.{name}" not in SECRET_FIELDS
            }
            return settings_page(request, 400, problems, kept)
        web.store.reminders.save_account(network, fields, web.now())
        if isinstance(web.db_path, Path):
            private(web.db_path)
        return RedirectResponse("/accounts?done=saved", 303)

    return [
        Route("/accounts", settings),
        Route("/accounts", change, methods=["POST"]),
    ]
