"""The pages a team uses day to day: today's steps, the whole plan, and the posts.

- Today: the steps of today and of the next days, each post with its Copy button and its
  composer link, each checklist item with a box whose state is remembered.
- The plan: the timeline picture and every step, from the kit's own data
  (:func:`planner.kit.page_context`).
- Posts: each step's picture cards (drawn as ``planner cards`` draws them) with their alt
  text; each post with its count against its limit (counted by :mod:`planner.lengths`,
  as ``planner posts`` counts), a preview as each platform shows it
  (:mod:`planner.preview`), and an edit box: the team's words replace the template's in
  the kit, the calendar and the reminders, until "back to the template's text". The
  counter follows the typing through :func:`count`, which measures with the same code.

Two languages meet on these pages, each in its place: the interface (headings, buttons,
labels, the dates and times, the names of the channels) speaks the language the browser
asked for or the switch chose (``request.state.language``), as every other page; what the
plan says (its steps' titles and checklists, the posts and their alt text) stays in the
plan's language, the one its posts go out in, and every element holding it says so with a
``lang`` attribute, for screen readers and spelling.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import fields, zones
from planner.cards import plan_cards
from planner.content import channel_name, words
from planner.drawing import draw
from planner.errors import InputError
from planner.i18n import _
from planner.kit import KIND_COLOURS, page_context
from planner.languages import locale_of
from planner.lengths import measure
from planner.platforms import PLATFORMS
from planner.posts import Post, reworded
from planner.preview import preview
from planner.web.core import Built, Web
from planner.wording import grouped, long_date, short_date

NEXT_DAYS = 7  # the today page shows the steps of the week ahead too
MAX_POST = 70_000  # characters: more than Facebook's limit, the longest of any channel


def anchor(step_id: str) -> str:
    return "step-" + step_id.replace("/", "-")


def post_id(post: Post) -> str:
    return f"post-{post.step.id.replace('/', '-')}-{post.channel}"


def local_today(built: Built, now: dt.datetime) -> dt.date:
    """Today in the plan's time zone."""
    return now.astimezone(zones.zone(built.decision.timezone)).date()


def interface_locale(built: Built, language: str) -> str:
    """The locale of the dates the interface shows in ``language``: the plan's own when
    the interface speaks the plan's language (American or British English), else that
    language's, for the organisation's country."""
    decision = built.decision
    return (
        decision.locale if language == decision.language else locale_of(language, decision.country)
    )


def when(built: Built, step_start: dt.date | dt.datetime, day: dt.date, language: str) -> str:
    """A step's day (and time) in words, in the interface's ``language``."""
    shown = long_date(day, interface_locale(built, language))
    if isinstance(step_start, dt.datetime):
        shown += f", {step_start:%H:%M}"
    return shown


def count_record(post: Post, language: str) -> dict[str, Any]:
    """A post's count, as pages and the counter show it."""
    platform = PLATFORMS[post.channel]
    refused = None
    if not post.fits:
        refused = _("{platform} would refuse it: {length} characters for {limit}").format(
            platform=platform.name,
            length=grouped(post.length, language),
            limit=grouped(post.limit or 0, language),
        )
    elif not post.links_fit:
        refused = _("{platform} would refuse it: {links} links, at most {most}").format(
            platform=platform.name, links=post.links, most=platform.max_links
        )
    return {
        "length": post.length,
        "limit": post.limit,
        "shown": (
            f"{grouped(post.length, language)}/{grouped(post.limit, language)}"
            if post.limit
            else grouped(post.length, language)
        ),
        "fits": post.fits and post.links_fit,
        "refused": refused,
        "preview": [{"text": p.text, "link": p.link} for p in preview(post.channel, post.text)],
        "links_clickable": platform.links_clickable,
    }


def post_record(built: Built, post: Post, language: str) -> dict[str, Any]:
    """What a page shows of one post; ``language``, the interface's (the channel's name)."""
    edited = (post.step.id, post.channel) in built.edited
    return {
        "id": post_id(post),
        "step": post.step.id,
        "channel": post.channel,
        "channel_name": channel_name(post.channel, language),
        "text": post.text,
        "compose_url": post.compose_url,
        "edited": edited,
        **count_record(post, language),
    }


def step_record(
    built: Built, step_index: int, ticks: set[tuple[str, str]], language: str
) -> dict[str, Any]:
    """What a page shows of one step; ``language``, the interface's (its date, the names
    of its channels); its title and checklist are the plan's."""
    step = built.plan.steps[step_index]
    return {
        "id": step.id,
        "anchor": anchor(step.id),
        "kind": step.kind,
        "title": step.title,
        "when": when(built, step.start, step.day, language),
        "day": step.day,
        "checklist": [
            {"code": item.code, "text": item.text, "done": (step.id, item.code) in ticks}
            for item in step.items
        ],
        "posts": [post_record(built, p, language) for p in built.posts if p.step.id == step.id],
    }


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the today, plan and posts pages."""

    async def today(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        day = local_today(built, web.now())
        ticks = web.store.ticks(built.stored.key)
        language = request.state.language

        def context() -> dict[str, Any]:
            soon = [
                step_record(built, i, ticks, language)
                for i, s in enumerate(built.plan.steps)
                if day <= s.day <= day + dt.timedelta(days=NEXT_DAYS)
            ]
            upcoming = next((s for s in built.plan.steps if s.day > day), None)
            return {
                "built": built,
                "nav_key": built.stored.key,
                "today": [s for s in soon if s["day"] == day],
                "next_days": [s for s in soon if s["day"] != day],
                "today_words": long_date(day, interface_locale(built, language)),
                "upcoming": (
                    {
                        "title": upcoming.title,
                        "when": when(built, upcoming.start, upcoming.day, language),
                    }
                    if upcoming and upcoming.day > day + dt.timedelta(days=NEXT_DAYS)
                    else None
                ),
            }

        return web.kept_page(
            request, "today.html.j2", (built.version, day, frozenset(ticks)), context
        )

    async def tick(request: Request) -> Response:
        form = await web.form(request)
        built = web.load(request.path_params["key"])
        step_id = str(form.get("step", ""))
        try:
            step = built.plan.step(step_id)
        except KeyError:
            raise HTTPException(
                404, _("This plan has no step '{step}'.").format(step=step_id)
            ) from None
        chosen = {str(v) for v in form.getlist("item")}
        # A page of a release before the codes, still open in a tab when planner was
        # upgraded, sends each ticked item's place in its list (no code is a number).
        chosen |= {code for i, code in enumerate(step.codes) if str(i) in chosen}
        done = {code for code in step.codes if code in chosen}
        web.store.tick(built.stored.key, step.id, done, step.codes)
        if "application/json" in request.headers.get("accept", ""):
            return JSONResponse({"saved": len(done)})
        back = str(form.get("back", "today"))
        page = "plan" if back == "plan" else "today"
        return RedirectResponse(
            f"/plans/{built.stored.key}/{page}?done=saved#{anchor(step.id)}", 303
        )

    async def plan_page(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        ticks = web.store.ticks(built.stored.key)
        language = request.state.language

        def context() -> dict[str, Any]:
            kit = page_context(built.plan, built.posts, f"{built.stored.key}.ics")
            locale = interface_locale(built, language)
            for kit_step in kit["steps"]:  # the departure marks are some of these
                kit_step["short"] = short_date(dt.date.fromisoformat(kit_step["day"]), locale)
            records = [step_record(built, i, ticks, language) for i in range(len(built.plan.steps))]
            for record, kit_step in zip(records, kit["steps"], strict=True):
                record["x"] = kit_step["x"]
            return {
                "built": built,
                "nav_key": built.stored.key,
                "kit": kit,
                "steps": records,
                "colours": KIND_COLOURS,
            }

        return web.kept_page(request, "plan.html.j2", (built.version, frozenset(ticks)), context)

    async def posts_page(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        return posts_view(request, built)

    def posts_view(
        request: Request,
        built: Built,
        status: int = 200,
        typed: dict[str, str] | None = None,
        problems: dict[str, str] | None = None,
    ) -> Response:
        language = request.state.language
        records = [post_record(built, p, language) for p in built.posts]
        for record in records:
            if typed and record["id"] in typed:
                record["typed"] = typed[record["id"]]
            record["problem"] = (problems or {}).get(record["id"])
        cards = plan_cards(built.plan)
        steps: list[dict[str, Any]] = []
        for record, post in zip(records, built.posts, strict=True):
            if not steps or steps[-1]["id"] != post.step.id:
                mine = [c for c in cards if c.text.step.id == post.step.id]
                steps.append(
                    {
                        "id": post.step.id,
                        "anchor": anchor(post.step.id),
                        "title": post.step.title,
                        "when": when(built, post.step.start, post.step.day, language),
                        "posts": [],
                        "cards": [
                            {
                                "src": f"/plans/{built.stored.key}/cards/{c.file_name}",
                                "label": c.format.label,
                                "width": c.format.width,
                                "height": c.format.height,
                            }
                            for c in mine
                        ],
                        "alt": mine[0].text.alt if mine else "",
                        "alt_id": "alt-" + anchor(post.step.id),
                    }
                )
            steps[-1]["posts"].append(record)
        return web.page(
            request,
            "posts.html.j2",
            status,
            built=built,
            nav_key=built.stored.key,
            steps=steps,
            post_language=built.decision.language,
            card_words=words(language).cards,
            labelled=words(language).kit["labelled"],
        )

    async def card(request: Request) -> Response:
        """A picture card of the plan, drawn from the plan as it is now (planner cards's
        drawing, the same PNG as the kit's)."""
        built = web.load(request.path_params["key"])
        name = request.path_params["name"]
        found = next((c for c in plan_cards(built.plan) if c.file_name == name), None)
        if found is None:
            raise HTTPException(404, _("This plan has no card named '{name}'.").format(name=name))
        try:
            data = await run_in_threadpool(draw, found, f"{built.stored.key}.toml")
        except InputError as exc:  # a logo the web app cannot read, a text that cannot fit
            return PlainTextResponse(str(exc), status_code=422)
        return Response(data, media_type="image/png", headers={"cache-control": "no-cache"})

    def find(built: Built, step_id: str, channel: str) -> tuple[Post, Post]:
        for post, template in zip(built.posts, built.template_posts, strict=True):
            if post.step.id == step_id and post.channel == channel:
                return post, template
        raise HTTPException(
            404,
            _("This plan has no post for '{step}' on '{channel}'.").format(
                step=step_id, channel=channel
            ),
        )

    def clean(text: str) -> str:
        return "\n".join(line.rstrip() for line in text.replace("\r\n", "\n").split("\n")).strip()

    async def reword(request: Request) -> Response:
        form = await web.form(request)
        built = web.load(request.path_params["key"])
        post, template = find(built, str(form.get("step", "")), str(form.get("channel", "")))
        key = built.stored.key
        target = f"/plans/{key}/posts"
        if form.get("action") == "reset":
            web.store.reword(key, post.step.id, post.channel, None, web.now())
            web.plan_changed(key)
            return RedirectResponse(f"{target}?done=reset#{post_id(post)}", 303)
        raw = str(form.get("text", ""))
        text = clean(raw)
        problems = fields.Problems("")
        if len(text) > MAX_POST:
            problems.add("text", _("is longer than any platform accepts; shorten it"))
        elif fields.plain_text(text, "text", problems, multiline=True) and not text:
            problems.add("text", _("is empty; write the post, or go back to the template's text"))
        if not problems.messages:
            candidate = reworded(post, text, built.decision)
            refused = count_record(candidate, built.decision.language)["refused"]
            if refused:
                problems.add("text", refused)
        if problems.messages:
            return posts_view(
                request,
                built,
                400,
                typed={post_id(post): raw.replace("\r\n", "\n")},
                problems={post_id(post): problems.messages[0]},
            )
        if text != post.text:
            web.store.reword(
                key, post.step.id, post.channel, None if text == template.text else text, web.now()
            )
            web.plan_changed(key)
        return RedirectResponse(f"{target}?done=saved#{post_id(post)}", 303)

    async def count(request: Request) -> Response:
        """The count and preview of a text being typed: JSON, measured as posts are."""
        form = await web.form(request)
        built = web.load(request.path_params["key"])
        post, _template = find(built, str(form.get("step", "")), str(form.get("channel", "")))
        text = clean(str(form.get("text", "")))[:MAX_POST]
        candidate = reworded(post, text, built.decision)
        record = count_record(candidate, built.decision.language)
        record["length"] = measure(PLATFORMS[post.channel].counter, text)
        return JSONResponse(record, headers={"cache-control": "no-store"})

    return [
        Route("/plans/{key}/today", today),
        Route("/plans/{key}/ticks", tick, methods=["POST"]),
        Route("/plans/{key}/plan", plan_page),
        Route("/plans/{key}/posts", posts_page),
        Route("/plans/{key}/posts", reword, methods=["POST"]),
        Route("/plans/{key}/count", count, methods=["POST"]),
        Route("/plans/{key}/cards/{name}", card),
    ]
