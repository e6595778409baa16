"""`planner serve`'s app: every route, each parsing the request, calling the core and
rendering a page (see the modules of :mod:`planner.web`), behind the guard of
:mod:`planner.web.security`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.routing import BaseRoute, Mount
from starlette.staticfiles import StaticFiles

from planner.errors import PlannerError
from planner.templating import builtin_dir
from planner.web import activity, assessment, calendar, channels, posting
from planner.web.core import Web
from planner.web.destinations import Allowed
from planner.web.security import HOSTS, Guard

if TYPE_CHECKING:
    from planner.web.accounts import Accounts
    from planner.web.hosted import HostedStore
    from planner.web.invitations import Delivery
    from planner.web.scheduler import Scheduler


def create_app(
    db: Path | HostedStore | Accounts,
    now: Callable[[], dt.datetime] | None = None,
    reminders_changed: Callable[[], None] | None = None,
    accounts: Path | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    hosts: frozenset[str] = HOSTS,
    port: int | None = None,
    scheduler: Scheduler | None = None,
    delivery: Delivery | None = None,
    allow: Allowed | None = None,
) -> Starlette:
    """The web app on the reminders database ``db`` (or the hosted database: one workspace,
    or every workspace behind accounts); ``now`` gives the time (tests pass their own);
    ``reminders_changed``, when the daemon runs in this process (``--remind``), makes it
    re-read the reminders after a change; ``accounts`` (the accounts file) and ``environ``
    (its variables) win over the accounts saved in the settings. ``hosts``: the names the
    Host header may give; ``port``: the port the app listens on, which this machine's
    names must give (None: any, when it is not known); ``scheduler``: the hosted mode's
    reminder scheduler candidate, run while serving; ``delivery``: how the hosted mode's
    invitations go (by e-mail, on which public address); ``allow``: the networks and
    names the hosted mode may send to besides global addresses (nothing else by default:
    :mod:`planner.web.destinations`)."""
    web = Web(
        db,
        now or (lambda: dt.datetime.now(dt.UTC)),
        reminders_changed or (lambda: None),
        remind=reminders_changed is not None or scheduler is not None,
        scheduler=scheduler,
        accounts=accounts,
        environ=environ,
        allow=allow,
    )
    people: list[BaseRoute] = []
    middleware = [Middleware(Guard, hosts=hosts, port=port)]
    if not isinstance(db, Path) and not hasattr(db, "workspace"):  # hosted, with accounts
        from planner.web import people as people_module
        from planner.web.accounts import Accounts

        assert isinstance(db, Accounts)
        people = people_module.routes(web, db, scheduler, delivery)
        middleware.append(Middleware(people_module.Gate, web=web, accounts=db))
    static = Mount("/static", StaticFiles(directory=builtin_dir() / "web" / "static"))
    app = Starlette(
        routes=[
            *web.routes(),
            *activity.routes(web),
            *calendar.routes(web),
            *channels.routes(web),
            *posting.routes(web),
            *assessment.routes(web),
            *people,
            static,
        ],
        middleware=middleware,
        exception_handlers={HTTPException: web.http_error, PlannerError: web.planner_error},
        lifespan=web.lifespan,
    )
    app.state.web = web
    return app
