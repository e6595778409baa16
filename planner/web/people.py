"""The hosted mode's people in the web app: the gate every request passes, and the pages
to log in, accept an invitation, log out (here or everywhere); those that administer the
instance and invite members are in :mod:`planner.web.invitations`.

The gate (ASGI middleware, inside :class:`planner.web.security.Guard`, whose CSRF,
host and CSP rules hold here too) finds the session of the request's cookie and:

- lets through, without one, only the login and invitation pages, the static files, the
  calendar feeds (calendar apps fetch them by their secret address) and the health check;
- sends a browser without a session to the login page;
- gives every route the store of the session's workspace (:data:`planner.web.core.CURRENT`),
  so that a plan, post, feed, assessment or channel of another workspace is not found
  (404), as if it did not exist;
- refuses every change (403) to a reader, the administration to anyone but an instance
  administrator (404), and the members page to anyone but an owner (404).
"""

from __future__ import annotations

from urllib.parse import quote

from sqlalchemy import bindparam, select
from sqlalchemy.exc import DBAPIError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner.i18n import _
from planner.mail import address
from planner.web import invitations
from planner.web import schema as s
from planner.web.accounts import (
    MIN_PASSWORD,
    SESSION_DAYS,
    Account,
    Accounts,
    Invitation,
    OtherAddress,
    Slowed,
)
from planner.web.core import CURRENT, Web, safe_next
from planner.web.hosted import HostedStore
from planner.web.invitations import Delivery, role_word
from planner.web.scheduler import Scheduler
from planner.web.security import (
    SAFE,
    ASGIApp,
    Receive,
    Scope,
    Send,
    _headers,
    _refuse,
    cookies,
)

SESSION_COOKIE = "planner_session"
OPEN = ("/login", "/invite/", "/static/", "/feeds/", "/health")
ANY_ROLE_POSTS = frozenset({"/logout", "/logout-everywhere", "/language"})


# Asked by every request for a feed: built once (see bench/README.md).
FEED_WORKSPACE = select(s.plans.c.workspace).where(s.plans.c.feed == bindparam("feed"))


def feed_workspace(accounts: Accounts, token: str) -> str:
    """The workspace of the plan whose feed has this token ('' if none)."""
    with accounts.reads.connect() as db:
        found = db.execute(FEED_WORKSPACE, {"feed": token}).scalar()
    return str(found or "")


class Gate:
    """The middleware: who the request comes from, and what it may reach."""

    def __init__(self, app: ASGIApp, web: Web, accounts: Accounts) -> None:
        self.app = app
        self.web = web
        self.accounts = accounts
        self.stores: dict[str, HostedStore] = {}  # by workspace: made once per process

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        token = cookies(_headers(scope).get("cookie", "")).get(SESSION_COOKIE)
        account = self.accounts.account(token, self.web.now()) if token else None
        scope.setdefault("state", {})["account"] = account
        workspace: str | None = None
        if path.startswith("/feeds/"):
            feed = path.removeprefix("/feeds/").removesuffix(".ics")
            workspace = feed_workspace(self.accounts, feed)
        elif path.startswith(OPEN) or path == "/language":
            workspace = account.workspace if account else None
        elif account is None:
            if scope["method"] in SAFE:
                await _redirect(send, "/login?next=" + quote(path))
            else:
                await _refuse(send, 403, _("Log in first."))
            return
        elif path.startswith("/admin"):
            if not account.admin:
                await _refuse(send, 404, _("Not found."))
                return
        elif path.startswith("/members") and account.role != "owner":
            await _refuse(send, 404, _("Not found."))
            return
        elif account.workspace is None:
            if path in ANY_ROLE_POSTS:
                pass
            elif account.admin and scope["method"] in SAFE:
                await _redirect(send, "/admin")
                return
            else:
                await _refuse(send, 403, _("You are not a member of any workspace yet."))
                return
        else:
            workspace = account.workspace
            reader = account.role == "reader" and scope["method"] not in SAFE
            if reader and path not in ANY_ROLE_POSTS:
                await _refuse(
                    send, 403, _("Readers cannot change anything; ask an owner for more.")
                )
                return
        store = None
        if workspace is not None:
            store = self.stores.get(workspace)
            if store is None:
                store = self.stores[workspace] = HostedStore(self.accounts.engine, workspace)
        reset = CURRENT.set(store)
        try:
            await self.app(scope, receive, send)
        finally:
            CURRENT.reset(reset)


async def _redirect(send: Send, location: str) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"content-length", b"0")],
        }
    )
    await send({"type": "http.response.body", "body": b""})


def too_many(slowed: Slowed) -> str:
    """What a person is told while wrong passwords slow the tries."""
    seconds = max(1, round(slowed.wait.total_seconds()))
    return _("Too many wrong passwords for this address: wait {seconds} s, then try again.").format(
        seconds=seconds
    )


def signed_in(request: Request, token: str, target: str) -> Response:
    """The redirect after a login: the session's cookie set."""
    response = RedirectResponse(safe_next(target), 303)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=SESSION_DAYS * 86400,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
    )
    return response


def routes(
    web: Web,
    accounts: Accounts,
    scheduler: Scheduler | None = None,
    delivery: Delivery | None = None,
) -> list[BaseRoute]:
    """The routes of the hosted mode's people, and its health check; invitations go as
    ``delivery`` says (by default: shown to whoever makes them)."""

    async def health(request: Request) -> Response:
        """For the operator's monitoring and load balancer: 200 when the database answers
        (503 when not), and whether this process is the reminder scheduler."""
        try:
            with accounts.reads.connect() as db:
                db.execute(select(1))
            database = "ok"
        except DBAPIError:
            database = "unreachable"
        body = {
            "status": "ok" if database == "ok" else "failing",
            "database": database,
            "scheduler": bool(scheduler and scheduler.leading),
        }
        return JSONResponse(body, 200 if database == "ok" else 503)

    async def login_page(request: Request) -> Response:
        nxt = request.query_params.get("next", "/plans")
        return web.page(request, "login.html.j2", problem=None, email="", next=nxt)

    async def login(request: Request) -> Response:
        form = await web.form(request)
        email, password = str(form.get("email", "")), str(form.get("password", ""))
        nxt = str(form.get("next", "/plans"))
        found = await run_in_threadpool(accounts.login, email, password, web.now())
        if isinstance(found, str):
            return signed_in(request, found, nxt)
        if isinstance(found, Slowed):
            problem, status = too_many(found), 429
        else:
            problem, status = _("Wrong e-mail address or password."), 400
        return web.page(request, "login.html.j2", status, problem=problem, email=email, next=nxt)

    async def logout(request: Request) -> Response:
        await web.form(request)
        found = request.state.account
        if isinstance(found, Account):
            if request.url.path == "/logout-everywhere":
                accounts.logout_everywhere(found.user)
            else:
                accounts.logout(found)
        response = RedirectResponse("/login", 303)
        response.delete_cookie(SESSION_COOKIE)
        return response

    def invitation_or_404(request: Request) -> Invitation:
        found = accounts.invitation(request.path_params["token"], web.now())
        if found is None:
            raise HTTPException(
                404,
                _(
                    "This invitation link has expired or was already used; ask whoever sent "
                    "it for a new one."
                ),
            )
        return found

    def invite_page(
        request: Request,
        found: Invitation,
        status: int = 200,
        problem: str | None = None,
        email: str = "",
    ) -> Response:
        return web.page(
            request, "invite.html.j2", status, workspace=found.name,
            role=role_word(found.role), problem=problem, email=email,
            addressed=found.email is not None,
        )  # fmt: skip

    async def invitation(request: Request) -> Response:
        return invite_page(request, invitation_or_404(request))

    async def accept(request: Request) -> Response:
        form = await web.form(request)
        found = invitation_or_404(request)
        email = str(form.get("email", "")).strip()
        password = str(form.get("password", ""))
        problem = None
        # One address and nothing else: it names the member in the invitations they send.
        if address(email) is None:
            problem = _("Write your e-mail address.")
        elif len(password) < MIN_PASSWORD:
            problem = _("Choose a password of at least {count} characters.").format(
                count=MIN_PASSWORD
            )
        elif password != form.get("again"):
            problem = _("The two passwords differ; type the same one twice.")
        if problem is None:
            token = await run_in_threadpool(
                accounts.accept, request.path_params["token"], email, password, web.now()
            )
            if isinstance(token, str):
                return signed_in(request, token, "/plans")
            if isinstance(token, Slowed):
                return invite_page(request, found, 429, too_many(token), email)
            if isinstance(token, OtherAddress):
                problem = _(
                    "This invitation was sent to another e-mail address: type the address "
                    "it was sent to, or ask whoever sent it for one to yours."
                )
            else:
                problem = _("This address already has an account: type its password.")
        return invite_page(request, found, 400, problem, email)

    return [
        Route("/login", login_page),
        Route("/login", login, methods=["POST"]),
        Route("/logout", logout, methods=["POST"]),
        Route("/logout-everywhere", logout, methods=["POST"]),
        Route("/invite/{token}", invitation),
        Route("/invite/{token}", accept, methods=["POST"]),
        *invitations.routes(web, accounts, delivery or Delivery()),
        Route("/health", health),
    ]
