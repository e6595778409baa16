"""Reminders in the browser: the team's channels, a test message, the delivery log, and
each plan's page of reminders: turned on or off, and its posts that go out by themselves
(scheduled on Mastodon, published on Bluesky by the daemon: :mod:`planner.web.posting`).

A channel is an Apprise URL, which often holds a password or a token: it is stored in the
database (where ``planner remind`` and the daemon read it too), and never sent back to the
browser: pages show Apprise's own masked form (:attr:`planner.notify.Channel.label`) and
the channel's id, and a refused URL is not put back in the form. A plain e-mail address is
a channel too when the instance has a mail channel (PLANNER_MAIL_URL): stored as
``mailto-instance:`` and the address alone, sent through that channel by whoever sends
the reminders, who reads PLANNER_MAIL_URL at each send. A plan's reminders are
the same rows ``planner remind add`` writes (:func:`planner.reminders.plan_reminders`, with
the team's reworded posts), under the source ``planner serve``.
"""

from __future__ import annotations

import datetime as dt
import os

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import durations, zones
from planner.errors import InputError, PlannerError
from planner.i18n import _
from planner.mail import Mail
from planner.notify import (
    INSTANCE_MAIL,
    Channel,
    Message,
    SendError,
    check,
    configured,
    is_address,
    quoted,
)
from planner.reminders import state_word
from planner.web import posting
from planner.web.core import Web
from planner.web.destinations import guarded, problem
from planner.web.forms import named
from planner.web.forms import quoted as quoted_label
from planner.wording import said_date

MAX_LEAD = dt.timedelta(days=30)


def instance_mail() -> Mail | None:
    """The instance's mail channel (PLANNER_MAIL_URL, which the daemon and the hosted
    scheduler read at each send too), or None when there is none that can be used."""
    try:
        return Mail.configured(os.environ)
    except InputError:
        return None


def lead_label() -> str:
    """The label of the field of a plan's reminders' lead."""
    return _("How long before each step (like 30m, 1h or 2d)")


def url_label(*, mail: bool) -> str:
    """The label of the field of a new channel."""
    if mail:
        return _("New channel: an e-mail address or an Apprise URL")
    return _("New channel: an Apprise URL")


def channel_of(typed: str) -> tuple[Channel | None, str]:
    """The channel typed in the field of a new channel, or None and why not, in words
    for the field: an e-mail address goes through the instance's mail channel (stored as
    'mailto-instance:' and the address alone, never the mail server's URL); anything else
    is an Apprise URL, quoted without its secrets when Apprise cannot read it."""
    mail = instance_mail() is not None
    label = url_label(mail=mail)
    if not typed:
        problem = (
            _("“{label}”: empty; type an e-mail address or an Apprise URL, like the examples")
            if mail
            else _("“{label}”: empty; type an Apprise URL, like the examples")
        )
        return None, problem.format(label=label)
    if not typed.isprintable():  # a NUL, which PostgreSQL cannot store; an escape
        return None, _(
            "“{label}”: it holds an invisible control character; type or paste the URL "
            "again, on one line"
        ).format(label=label)
    address = typed.removeprefix(INSTANCE_MAIL)
    if is_address(address):
        if not mail:
            return None, _(
                "“{label}”: to send reminders to {address}, planner needs a mail server to "
                "send them from; type your mail account's Apprise URL, with the address after "
                "to=, like mailtos://ana:app-password@gmail.com?to={address} for Gmail"
            ).format(label=label, address=address)
        typed = INSTANCE_MAIL + address
    channel = Channel(typed)
    try:
        check([channel])
    except InputError:
        return None, _(
            "“{label}”: Apprise does not understand {channel}; write it like one of the "
            "examples, or find your service in Apprise's list"
        ).format(label=label, channel=quoted(typed))
    return channel, ""


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the channels page and of each plan's reminders page."""

    def channels_page(
        request: Request,
        status: int = 200,
        problem: str | None = None,
        url_problem: str | None = None,
    ) -> Response:
        """The page; ``problem``: a test message that failed; ``url_problem``: why the
        channel typed was refused, shown beside its field."""
        stored = web.store.reminders.channels()
        return web.page(
            request,
            "channels.html.j2",
            status,
            channels=[{"id": c.id, "label": c.label, "address": c.address} for c in stored],
            deliveries=web.store.deliveries(),
            state_word=state_word,
            problem=problem,
            url_problem=url_problem,
            label=url_label(mail=instance_mail() is not None),
            mail=instance_mail() is not None,
            remind=web.remind,
        )

    async def channels(request: Request) -> Response:
        return channels_page(request)

    async def change(request: Request) -> Response:
        form = await web.form(request)
        action = form.get("action")
        if action == "add":
            typed = str(form.get("url", "")).strip()
            channel, why = channel_of(typed)
            if channel is None:
                return channels_page(request, 400, url_problem=why)
            if web.hosted:  # never into the server's own networks (planner.web.destinations)
                where = quoted_label(url_label(mail=instance_mail() is not None))
                found = await run_in_threadpool(problem, web.allowed, where, typed)
                if found is not None:
                    return channels_page(request, 400, url_problem=found)
            web.store.reminders.add_channel(channel, web.now())
            web.reminders_changed()
            return RedirectResponse("/reminders?done=saved", 303)
        if action == "remove":
            web.store.reminders.remove_channel(str(form.get("channel", "")))
            return RedirectResponse("/reminders?done=saved", 303)
        if action == "test":
            # Apprise's network calls run off the event loop; the channels are read here,
            # where the database connection lives.
            _sent, failed = await run_in_threadpool(send_test, web.store.reminders.channels())
            if failed:
                return channels_page(request, 502, "\n".join(failed))
            return RedirectResponse("/reminders?done=sent", 303)
        return RedirectResponse("/reminders", 303)

    def send_test(stored: list[Channel]) -> tuple[list[str], list[str]]:
        """One test message to each stored channel (not the console: nobody reads it)."""
        sent, failed = [], []
        for channel in stored:
            message = Message(
                "planner/test",
                _("planner: test message"),
                _("If you read this, planner's reminders reach you here."),
            )
            try:
                if web.hosted:  # never into the server's own networks
                    with guarded(web.allowed, _("the channel's address"), [channel.url]):
                        channel.send(message)
                else:
                    channel.send(message)
            except SendError as exc:
                failed.append(
                    _("FAILED {channel}: {reason}").format(channel=channel.label, reason=exc)
                )
            else:
                sent.append(channel.label)
        return sent, failed

    async def plan_reminders(request: Request) -> Response:
        return plan_page(request, request.path_params["key"])

    def plan_page(
        request: Request,
        key: str,
        status: int = 200,
        problem: str | None = None,
        typed: str = "",
        *,
        take_over: bool = False,
        **problems: str,
    ) -> Response:
        """The plan's reminders page; ``problems`` are those of the posting forms
        (mastodon_problem, bluesky_problem)."""
        built = web.load(key)
        zone = zones.zone(built.decision.timezone)
        rows = web.store.reminders_of(key)
        for row in rows:
            local = row["due"].astimezone(zone)
            row["local"] = f"{said_date(local.date(), built.decision.country)}, {local:%H:%M}"
            for sent in row["sent"]:
                sent["word"] = state_word(sent["state"])
        lead = built.stored.lead
        return web.page(
            request,
            "reminders.html.j2",
            status,
            built=built,
            nav_key=key,
            rows=rows,
            lead=typed or (durations.canonical(lead) if lead is not None else "1h"),
            on=lead is not None,
            problem=problem,
            take_over=take_over,
            channels=[c.label for c in configured(None)]
            + [c.label for c in web.store.reminders.channels()],
            remind=web.remind,
            lead_label=lead_label(),
            mastodon_problem=problems.get("mastodon_problem"),
            bluesky_problem=problems.get("bluesky_problem"),
            **posting.plan_posting(web, built),
        )

    async def set_reminders(request: Request) -> Response:
        form = await web.form(request)
        stored = web.stored(request.path_params["key"])
        if form.get("action") == "off":
            web.store.set_lead(stored.key, None)
            web.store.reminders_off(stored.key)
            web.reminders_changed()
            return RedirectResponse(f"/plans/{stored.key}/reminders?done=saved", 303)
        typed = str(form.get("lead", ""))
        lead = durations.within(typed, dt.timedelta(0), MAX_LEAD)
        if isinstance(lead, str):
            return plan_page(request, stored.key, 400, named(lead_label(), lead), typed)
        web.store.set_lead(stored.key, lead)
        try:
            web.plan_changed(stored.key, replace=form.get("action") == "take-over")
        except InputError as exc:
            web.store.set_lead(stored.key, None)
            return plan_page(request, stored.key, 409, str(exc), typed, take_over=True)
        return RedirectResponse(f"/plans/{stored.key}/reminders?done=saved", 303)

    async def set_bluesky(request: Request) -> Response:
        form = await web.form(request)
        stored = web.stored(request.path_params["key"])
        try:
            posting.switch_bluesky(web, stored, form.get("bluesky") == "on")
        except InputError as exc:
            return plan_page(request, stored.key, 400, bluesky_problem=str(exc))
        return RedirectResponse(f"/plans/{stored.key}/reminders?done=saved#posting", 303)

    async def set_mastodon(request: Request) -> Response:
        form = await web.form(request)
        built = web.load(request.path_params["key"])
        key = built.stored.key
        cancel = form.get("action") == "cancel"
        try:
            await posting.schedule_mastodon(web, built, cancel=cancel)
        except PlannerError as exc:
            # The server's answer (down, refused, too many requests): 502; the rest, 400.
            status = 502 if type(exc) is PlannerError else 400
            return plan_page(request, key, status, mastodon_problem=str(exc))
        done = "unscheduled" if cancel else "scheduled"
        return RedirectResponse(f"/plans/{key}/reminders?done={done}#posting", 303)

    return [
        Route("/reminders", channels),
        Route("/reminders", change, methods=["POST"]),
        Route("/plans/{key}/reminders", plan_reminders),
        Route("/plans/{key}/reminders", set_reminders, methods=["POST"]),
        Route("/plans/{key}/bluesky", set_bluesky, methods=["POST"]),
        Route("/plans/{key}/mastodon", set_mastodon, methods=["POST"]),
    ]
