"""The calendar of a plan: the .ics to download, the subscription feed, and the kit.

The feed lives at ``/feeds/<token>.ics``, the token a secret of 32 random bytes that the
team can renew (the old address stops working) or revoke. It is the same calendar as
``planner ics`` (:func:`planner.ics.plan_calendar`: the same UIDs, SEQUENCE in whole
seconds of the stamp), stamped with the plan's last change (:mod:`planner.web.store`
moves it at least a second at every change, so SEQUENCE rises; why the command line
stamps the moment of its export instead: :mod:`planner.ics`), and says how often to
fetch it again (REFRESH-INTERVAL, X-PUBLISHED-TTL). Its ``ETag`` is made from the plan's
key, that stamp, and the versions of planner and of the time-zone data, which together
decide every byte: a conditional request is answered ``304`` from one row of the
database, without building the calendar; and the calendar is built once per ETag
(bench/serve.py: building it took 10 ms, and 50 subscribers at once waited for one
another).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import zipfile
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import version, zones
from planner.ics import plan_calendar
from planner.kit import kit_files
from planner.web.core import Web
from planner.web.store import StoredPlan

REFRESH = dt.timedelta(hours=1)
CALENDAR = "text/calendar; charset=utf-8"


def etag(stored: StoredPlan) -> str:
    """The feed's entity tag: what decides its bytes, hashed."""
    seed = "\n".join(
        [stored.key, stored.changed.isoformat(), version(), zones.source().version, "feed"]
    )
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def not_modified(request: Request, tag: str, changed: dt.datetime) -> bool:
    """True when the client's copy is current (If-None-Match first, as RFC 9110 says)."""
    match = request.headers.get("if-none-match")
    if match is not None:
        return tag in [t.strip().removeprefix("W/") for t in match.split(",")] or match == "*"
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    return when.tzinfo is not None and changed <= when


def zipped(files: dict[str, bytes], stamp: dt.datetime) -> bytes:
    """The files as one zip, every entry dated ``stamp``: the same kit, the same bytes."""
    buffer = io.BytesIO()
    moment = stamp.astimezone(dt.UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in sorted(files):
            entry = zipfile.ZipInfo(name, date_time=moment)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, files[name])
    return buffer.getvalue()


def routes(web: Web) -> list[BaseRoute]:
    """The routes of the calendar page, the feed, the .ics and the kit."""

    async def page(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        host = request.headers.get("host", "127.0.0.1")
        token = built.stored.feed
        return web.page(
            request,
            "calendar.html.j2",
            built=built,
            nav_key=built.stored.key,
            feed_http=f"http://{host}/feeds/{token}.ics" if token else None,
            feed_webcal=f"webcal://{host}/feeds/{token}.ics" if token else None,
        )

    async def ics(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        data = plan_calendar(built.plan, built.posts, built.stored.changed)
        return Response(
            data,
            media_type=CALENDAR,
            headers={
                "content-disposition": f'attachment; filename="{built.stored.key}.ics"',
                "cache-control": "no-store",
            },
        )

    async def feed(request: Request) -> Response:
        stored = web.store.by_feed(request.path_params["token"])
        if stored is None:
            return Response("", 404, headers={"cache-control": "no-store"})
        tag = etag(stored)
        headers = {
            "etag": tag,
            "last-modified": format_datetime(stored.changed, usegmt=True),
            "cache-control": "no-cache",
        }
        if not_modified(request, tag, stored.changed):
            return Response(status_code=304, headers=headers)
        built = web.built(stored)
        data = web.keep(
            tag, lambda: plan_calendar(built.plan, built.posts, stored.changed, REFRESH)
        )
        return Response(data, media_type=CALENDAR, headers=headers)

    async def manage(request: Request) -> Response:
        form = await web.form(request)
        stored = web.stored(request.path_params["key"])
        if form.get("action") == "revoke":
            web.store.revoke_feed(stored.key)
            done = "revoked"
        else:
            # A first address (or one after closing) replaces nothing: not "the old one
            # no longer works".
            done = "renewed" if stored.feed else "opened"
            web.store.renew_feed(stored.key)
        return RedirectResponse(f"/plans/{stored.key}/calendar?done={done}", 303)

    async def kit(request: Request) -> Response:
        built = web.load(request.path_params["key"])
        files = kit_files(built.plan, built.posts, built.stored.changed, f"{built.stored.key}.toml")
        return Response(
            zipped(files, built.stored.changed),
            media_type="application/zip",
            headers={
                "content-disposition": f'attachment; filename="kit-{built.stored.key}.zip"',
                "cache-control": "no-store",
            },
        )

    return [
        Route("/plans/{key}/calendar", page),
        Route("/plans/{key}/calendar.ics", ics),
        Route("/plans/{key}/feed", manage, methods=["POST"]),
        Route("/plans/{key}/kit.zip", kit),
        Route("/feeds/{token}.ics", feed),
    ]
