"""Reminders in the browser: the team's channels, a test message, the delivery log, and
each plan's page of reminders: turned on or off, and its posts that go out by themselves
(scheduled on Mastodon, published on Bluesky by the daemon: :mod:`planner.web.posting`).

A channel is an Apprise URL, which often holds a password or a token: it is stored in the
database (where ``planner remind`` and the daemon read it too), and never sent back to the
browser: pages show Apprise's own masked form (:attr:`planner.notify.Channel.label`) and
the channel's id, and a refused URL is not put back in the form. A plan's reminders are
the same rows ``planner remind add`` writes (:func:`planner.reminders.plan_reminders`, with
the team's reworded posts), under the source ``planner serve``.
"""

from __future__ import annotations

import datetime as dt

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import durations, zones
from planner.errors import InputError, PlannerError
from planner.i18n import _
from planner.notify import Channel, Message, SendError, check, configured
from planner.reminders import state_word
from planner.web import posting
from planner.web.core import Web
from planner.web.destinations import guarded, problem
from planner.wording import said_date

MAX_LEAD = dt.timedelta(days=30)


def lead_of(text: str) -> dt.timedelta | None:
    """A lead typed as the command line's --lead is (90s, 30m, 1h, 2d, 2j, 1,5 h), or None
    when it is not a duration (:func:`planner.durations.seconds`)."""
    seconds = durations.seconds(text)
    return None if seconds is None else dt.timedelta(seconds=seconds)


def lead_text(lead: dt.timedelta) -> str:
    """A lead as the form shows it back: its one canonical spelling, whatever was typed."""
    return durations.canonical(lead)


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the channels page and of each plan's reminders page."""

    def channels_page(request: Request, status: int = 200, problem: str | None = None) -> Response:
        stored = web.store.reminders.channels()
        return web.page(
            request,
            "channels.html.j2",
            status,
            channels=[{"id": c.id, "label": c.label} for c in stored],
            deliveries=web.store.deliveries(),
            state_word=state_word,
            problem=problem,
            remind=web.remind,
        )

    async def channels(request: Request) -> Response:
        return channels_page(request)

    async def change(request: Request) -> Response:
        form = await web.form(request)
        action = form.get("action")
        if action == "add":
            url = str(form.get("url", "")).strip()
            if not url:
                return channels_page(request, 400, _("Write the channel's Apprise URL first."))
            channel = Channel(url)
            try:
                check([channel])
            except InputError as exc:
                return channels_page(request, 400, str(exc))
            if web.hosted:  # never into the server's own networks (planner.web.destinations)
                where = _("Channel {channel}").format(channel=channel.label)
                found = await run_in_threadpool(problem, web.allowed, where, url)
                if found is not None:
                    return channels_page(request, 400, found)
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
            lead=typed or (lead_text(lead) if lead is not None else "1h"),
            on=lead is not None,
            problem=problem,
            take_over=take_over,
            channels=[c.label for c in configured(None)]
            + [c.label for c in web.store.reminders.channels()],
            remind=web.remind,
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
        lead = lead_of(typed)
        if lead is None or lead > MAX_LEAD:
            problem = (
                durations.not_a_duration(typed)
                if lead is None
                else durations.out_of_range(typed, dt.timedelta(0), MAX_LEAD)
            )
            return plan_page(request, stored.key, 400, problem, typed)
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
