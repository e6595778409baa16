"""The web app's state and its first pages: the plans, a new plan, the decision form.

:class:`Web` holds the database (see :mod:`planner.web.store`), opened when the server
starts, and what every route uses. Pages are rendered from
``templates/web/`` by planner's Jinja environment (autoescaping on) with ``_`` and
``ngettext`` of the request's language; every POST goes through :meth:`Web.form`, which
refuses it without its CSRF token. A plan's decision, plan and posts are built once per
change and kept (:meth:`Web.built`): the pages read them many times between changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import secrets
from collections import OrderedDict
from collections.abc import AsyncIterator, Callable, Mapping
from contextlib import asynccontextmanager, nullcontext
from contextvars import ContextVar
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from planner import outbox
from planner.accounts import Accounts, load
from planner.advice import timing_warnings
from planner.campaigns import departure_days, plan_holidays
from planner.content import channel_name, words
from planner.decision import (
    AFTER,
    MAX_PLAN_ID,
    PLAN_ID,
    REASONS,
    Decision,
    validate,
)
from planner.errors import DecisionError, InputError, PlannerError, TooLongError
from planner.i18n import _, ngettext, pgettext
from planner.identity import derived_id
from planner.inputs import parse_toml
from planner.languages import LANGUAGES
from planner.platforms import DESTINATION_KINDS, LEAVABLE, PLATFORMS
from planner.posts import Post, render_posts, reworded
from planner.prompts import system_timezone
from planner.reminders import open_store, plan_reminders
from planner.scaffold import new_document
from planner.templating import environment
from planner.timeline import Plan, build_plan
from planner.web import forms
from planner.web.destinations import Allowed
from planner.web.security import CSRF_COOKIE, LANGUAGE_COOKIE, same_token
from planner.web.store import SOURCE, StoredPlan, WebStore
from planner.wording import said_date

if TYPE_CHECKING:
    from planner.web.accounts import Accounts as People
    from planner.web.hosted import HostedStore
    from planner.web.scheduler import Scheduler

# The store of the request's workspace, set by the hosted mode's gate
# (planner.web.people.Gate) for the request it lets through; unset, the app's one store.
CURRENT: ContextVar[HostedStore | None] = ContextVar("planner_store", default=None)

MAX_UPLOAD = 64 * 1024  # a decision file is a few kilobytes
BUILT_KEPT = 32  # plans whose decision, plan and posts are kept built
PAGES_KEPT = 64  # pages kept rendered (see Web.page)
# Where a kept page's nonce and CSRF token go: drawn at start, so no text can hold them.
NONCE, CSRF = secrets.token_hex(16), secrets.token_hex(16)


@dataclass(frozen=True, slots=True)
class Built:
    """A stored plan, loaded: its decision, plan, the templates' posts and the posts as the
    team reworded them (what the kit, the calendar and the reminders carry)."""

    stored: StoredPlan
    decision: Decision
    plan: Plan
    template_posts: tuple[Post, ...]
    posts: tuple[Post, ...]
    version: tuple[str, str, str]  # what it was built from: key, change, file's digest

    @property
    def edited(self) -> frozenset[tuple[str, str]]:
        """(step, channel) of each reworded post."""
        return frozenset(
            (p.step.id, p.channel)
            for p, t in zip(self.posts, self.template_posts, strict=True)
            if p.text != t.text
        )


def apply_edits(
    posts: tuple[Post, ...], edits: dict[tuple[str, str], str], decision: Decision
) -> tuple[Post, ...]:
    """The posts with the team's own text where it reworded them."""
    return tuple(
        reworded(p, edits[(p.step.id, p.channel)], decision)
        if (p.step.id, p.channel) in edits
        else p
        for p in posts
    )


def safe_next(path: object) -> str:
    """A path of this site to go back to (never another site's address)."""
    if isinstance(path, str) and path.startswith("/") and not path.startswith(("//", "/\\")):
        return path
    return "/"


class Web:
    """The app's state and its routes' handlers."""

    def __init__(
        self,
        db: Path | HostedStore | People,
        now: Callable[[], dt.datetime],
        reminders_changed: Callable[[], None] = lambda: None,
        remind: bool = False,
        accounts: Path | None = None,
        environ: Mapping[str, str] | None = None,
        scheduler: Scheduler | None = None,
        allow: Allowed | None = None,
    ) -> None:
        self.db_path = db
        self.now = now
        self.reminders_changed = reminders_changed
        self.remind = remind  # the reminder daemon runs in this process
        self.accounts_file = accounts  # accounts.toml, which wins over the settings
        self.environ = environ or {}  # its variables win over both
        self.scheduler = scheduler  # the hosted mode's scheduler candidate
        # What the hosted mode may send to besides global addresses (--allow-network).
        self.allowed = allow or Allowed()
        self._store: WebStore | HostedStore | None = None
        self._built: OrderedDict[tuple[str, str, str, str], Built] = OrderedDict()
        self._pages: OrderedDict[tuple[object, ...], str] = OrderedDict()
        self._calendars: OrderedDict[str, bytes] = OrderedDict()

    # --- plumbing ---------------------------------------------------------------------

    @property
    def store(self) -> WebStore | HostedStore:
        found = CURRENT.get()
        if found is not None:
            return found
        assert self._store is not None, "the database opens when the server starts"
        return self._store

    @property
    def hosted(self) -> bool:
        """Whether this is the hosted mode (workspaces on the hosted database)."""
        return not isinstance(self.db_path, Path)

    @property
    def scope(self) -> str:
        """The workspace of the request ('' in the local mode): what is kept (plans built,
        pages rendered) is kept per workspace."""
        return getattr(self.store, "workspace", "")

    @asynccontextmanager
    async def lifespan(self, app: Starlette) -> AsyncIterator[None]:
        if not isinstance(self.db_path, Path):  # the hosted database: a pool of connections
            from planner.web.hosted import HostedStore

            # One workspace without accounts (tests), or every workspace behind the gate.
            self._store = self.db_path if isinstance(self.db_path, HostedStore) else None
            try:
                with self.scheduler.running() if self.scheduler else nullcontext():
                    yield
            finally:
                self._store = None
                self.db_path.engine.dispose()
            return
        with open_store(self.db_path) as store:
            self._store = WebStore(store.db)
            try:
                yield
            finally:
                self._store = None

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> Response:
        """A page rendered from ``templates/web/<name>``."""
        state = request.state
        html = self._render(name, state.nonce, state.csrf, request, context)
        return HTMLResponse(html, status, headers={"cache-control": "no-store"})

    def kept_page(
        self,
        request: Request,
        name: str,
        kept: tuple[object, ...],
        context: Callable[[], dict[str, Any]],
    ) -> Response:
        """A page rendered once for ``kept`` (what decides it besides its path, language and
        notice) and kept, with marks where each answer's nonce and CSRF token go; the
        ``context`` is asked for only when the page is rendered. The plan page took 3 ms
        to render, and 50 clients at once waited for one another (bench/serve.py)."""
        state = request.state
        account = getattr(state, "account", None)
        done = request.query_params.get("done")
        key = (name, self.scope, account, request.url.path, state.language, done, *kept)
        found = self._pages.get(key)
        if found is None:
            found = self._render(name, NONCE, CSRF, request, context())
            self._pages[key] = found
            while len(self._pages) > PAGES_KEPT:
                self._pages.popitem(last=False)
        html = found.replace(NONCE, state.nonce).replace(CSRF, state.csrf)
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    def _render(
        self, name: str, nonce: str, csrf: str, request: Request, context: dict[str, Any]
    ) -> str:
        return (
            environment(html=True)
            .get_template(f"web/{name}")
            .render(
                {
                    "_": _,
                    "ngettext": ngettext,
                    "pgettext": pgettext,
                    "said_date": said_date,
                    "language": request.state.language,
                    "languages": LANGUAGES,
                    "nonce": nonce,
                    "csrf": csrf,
                    "path": request.url.path,
                    "done": request.query_params.get("done", ""),
                    "nav_key": None,
                    "account": getattr(request.state, "account", None),
                    "hosted": self.hosted,
                    **context,
                }
            )
        )

    def keep(self, key: str, make: Callable[[], bytes]) -> bytes:
        """Bytes made once for ``key`` (a feed's calendar, by its ETag) and kept."""
        key = f"{self.scope}/{key}"
        found = self._calendars.get(key)
        if found is None:
            found = self._calendars[key] = make()
            while len(self._calendars) > BUILT_KEPT:
                self._calendars.popitem(last=False)
        return found

    async def form(self, request: Request) -> FormData:
        """The form of a POST, after checking its CSRF token (403 without it)."""
        form = await request.form(max_files=1, max_fields=1000, max_part_size=MAX_UPLOAD * 2)
        sent = form.get("csrf") or request.headers.get("x-csrf-token")
        if not same_token(sent, request.cookies.get(CSRF_COOKIE)):
            raise HTTPException(
                403,
                _(
                    "This form has expired or did not come from planner's page: go back, "
                    "reload the page and send it again."
                ),
            )
        return form

    def built(self, stored: StoredPlan) -> Built:
        """The plan's decision, plan and posts, built once per change of the plan."""
        digest = hashlib.sha256(stored.document).hexdigest()
        cache_key = (stored.key, stored.changed.isoformat(), digest)
        kept_key = (self.scope, *cache_key)
        found = self._built.get(kept_key)
        if found is not None:
            self._built.move_to_end(kept_key)
            # The same build; the row's other columns (feed, lead) may have changed.
            return found if found.stored == stored else replace(found, stored=stored)
        name = f"{stored.key}.toml"
        decision = validate(parse_toml(stored.document, name), name)
        plan = build_plan(decision)
        posts = render_posts(plan)
        edited = apply_edits(posts, self.store.edits(stored.key), decision)
        result = Built(stored, decision, plan, posts, edited, cache_key)
        self._built[kept_key] = result
        while len(self._built) > BUILT_KEPT:
            self._built.popitem(last=False)
        return result

    def stored(self, key: str) -> StoredPlan:
        """The plan of the URL, or 404."""
        found = self.store.plan(key)
        if found is None:
            raise HTTPException(404, _("There is no plan '{key}' here.").format(key=key))
        return found

    def load(self, key: str) -> Built:
        """The plan of the URL, built, or 404."""
        return self.built(self.stored(key))

    # --- plans ------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return RedirectResponse("/plans", 303)

    async def plans(self, request: Request) -> Response:
        rows = []
        for stored in self.store.plans():
            try:
                built: Built | None = self.built(stored)
            except (InputError, TooLongError):  # a file an older planner accepted
                built = None
            rows.append({"stored": stored, "built": built})
        return self.page(request, "plans.html.j2", rows=rows, platforms=PLATFORMS)

    async def new(self, request: Request) -> Response:
        return self.page(request, "new.html.j2", problems=[])

    async def upload(self, request: Request) -> Response:
        form = await self.form(request)
        upload = form.get("file")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return self.page(
                request,
                "new.html.j2",
                400,
                problems=[_("Choose a decision file (.toml) to upload.")],
            )
        name = Path(upload.filename.replace("\\", "/")).name
        data = await upload.read(MAX_UPLOAD + 1)
        if len(data) > MAX_UPLOAD:
            problem = _(
                "{file}: larger than {size} KB; a decision file is a few KB: is it the right file?"
            ).format(file=name, size=MAX_UPLOAD // 1024)
            return self.page(request, "new.html.j2", 400, problems=[problem])
        try:
            decision = validate(parse_toml(data, name), name)
            render_posts(build_plan(decision))
        except (InputError, TooLongError) as exc:
            return self.page(request, "new.html.j2", 400, problems=list(exc.lines))
        key = build_plan(decision).key
        if not self.store.create(key, data, decision.organisation.name, self.now()):
            problem = _(
                "{file}: the plan '{key}' is already here; open it from the list of plans, "
                'or, for another plan, give this file its own id: add id = "{id}" under '
                "[decision]"
            ).format(file=name, key=key, id=self.free_id(decision))
            return self.page(request, "new.html.j2", 400, problems=[problem])
        return RedirectResponse(f"/plans/{key}?done=created", 303)

    def free_id(self, decision: Decision) -> str:
        """An id no plan here has, for a file whose key is taken: the one ``planner new``
        would write (:func:`~planner.identity.derived_id`), followed by -2, -3… when that
        one is taken too."""
        base = derived_id(decision)
        found, number = base, 1
        while self.store.plan(found) is not None:
            number += 1
            found = f"{base}-{number}"
        return found

    # --- the decision form ------------------------------------------------------------

    def decision_page(
        self,
        request: Request,
        form: forms.Form,
        *,
        key: str | None,
        status: int = 200,
        problems: dict[str, list[str]] | None = None,
        general: list[str] | None = None,
    ) -> Response:
        language = request.state.language
        return self.page(
            request,
            "decision.html.j2",
            status,
            form=form,
            key=key,
            problems=problems or {},
            general=general or [],
            reasons=[(r, words(language).themes[r]) for r in REASONS],
            leavable=[(p, PLATFORMS[p].name) for p in LEAVABLE],
            kinds=[(k, kind_name(k, language)) for k in DESTINATION_KINDS],
            afters=AFTER,
            labels=field_labels(),
        )

    async def blank(self, request: Request) -> Response:
        form = forms.blank(self.now().date(), request.state.language, system_timezone(os.environ))
        return self.decision_page(request, form, key=None)

    async def edit(self, request: Request) -> Response:
        built = self.load(request.path_params["key"])
        return self.decision_page(request, forms.of(built.decision), key=built.stored.key)

    async def save(self, request: Request) -> Response:
        """The decision form sent: add or remove a block, or check and save."""
        key = request.path_params.get("key")
        stored = self.stored(key) if key else None
        sent = await self.form(request)
        form = forms.parse(sent.multi_items())
        action = str(sent.get("action", "save"))
        kind, _sep, number = action.removeprefix("add-").removeprefix("remove-").partition("-")
        if action.startswith(("add-", "remove-")) and kind in forms.BLOCKS:
            if action.startswith("add-"):
                form.add(kind)
            elif number.isdigit():
                form.remove(kind, int(number))
            return self.decision_page(request, form, key=key)
        source = f"{key or 'plan'}.toml"
        try:
            decision = validate(forms.document(form), source)
        except DecisionError as exc:
            by_field = forms.problems_by_field(exc.fields, field_labels())
            return self.decision_page(request, form, key=key, status=400, problems=by_field)
        if stored is not None:
            current = self.built(stored).decision
            if stored.key != (decision.id or ""):
                keep = (
                    stored.key
                    if PLAN_ID.match(stored.key) and len(stored.key) <= MAX_PLAN_ID
                    else None
                )
                decision = replace(decision, id=keep or derived_id(decision))
            if replace(decision, id=current.id) == current:
                return RedirectResponse(f"/plans/{stored.key}?done=unchanged", 303)
        else:
            decision = replace(decision, id=decision.id or derived_id(decision))
        new_key = build_plan(decision).key
        try:
            render_posts(build_plan(decision))
        except TooLongError as exc:
            return self.decision_page(request, form, key=key, status=400, general=list(exc.lines))
        text = new_document(decision, f"{new_key}.toml").encode("utf-8")
        if stored is None:
            if not self.store.create(new_key, text, decision.organisation.name, self.now()):
                problem = _(
                    "the plan '{key}' is already here; open it from the list of plans"
                ).format(key=new_key)
                return self.decision_page(request, form, key=key, status=400, general=[problem])
            return RedirectResponse(f"/plans/{new_key}?done=created", 303)
        if new_key != stored.key:
            problem = _(
                "this plan's id cannot be kept ({key}); download the decision file and "
                'add id = "…" under [decision] with at most {most} characters'
            ).format(key=stored.key, most=MAX_PLAN_ID)
            return self.decision_page(request, form, key=key, status=400, general=[problem])
        self.store.replace_document(stored.key, text, decision.organisation.name, self.now())
        self.plan_changed(stored.key)
        return RedirectResponse(f"/plans/{stored.key}?done=saved", 303)

    def accounts(self) -> Accounts:
        """The accounts in effect: the environment, the accounts file, then the settings
        saved in the database; InputError for an accounts file that cannot be used. In
        the hosted mode, the workspace's settings only: the instance's variables and
        accounts file would post for every workspace (see :mod:`planner.web.hosted_posts`)."""
        saved = self.store.reminders.accounts()
        if self.hosted:
            return load(None, {}, saved)
        return load(self.accounts_file, self.environ, saved)

    def plan_changed(self, key: str, *, replace: bool = False) -> None:
        """After a change of what a plan's steps or posts say: its reminders, and the
        Bluesky posts the daemon publishes for it, follow. Reminders of this key added from
        a file are another owner's: refused unless ``replace`` (the team confirmed taking
        them over)."""
        stored = self.stored(key)
        if stored.lead is None and not stored.bluesky:
            return
        built = self.built(stored)
        name, owner = built.decision.organisation.name, built.plan.owner
        zone = built.decision.timezone
        store = self.store
        try:
            if stored.lead is not None:
                reminders = plan_reminders(built.plan, built.posts, stored.lead)
                if isinstance(store, WebStore):
                    store.reminders.add(
                        key, SOURCE, name, reminders, owner, replace=replace, zone=zone
                    )
                else:  # hosted: each workspace's plans are its own
                    store.reminders.add(key, SOURCE, name, reminders, owner)
            if stored.bluesky:
                items = outbox.bluesky_posts(built.plan, built.posts, self.now())
                store.register_posts(key, name, owner, zone, items)
        except InputError:
            assert isinstance(store, WebStore)  # only a file of the local mode holds a key
            raise InputError(
                _(
                    "the reminders database already holds reminders of the plan '{key}', added "
                    "from the file {file}; take them over (planner remind will then refuse that "
                    "file unless --replace), or remove them with planner remind remove and that "
                    "file, then turn them on here"
                ).format(key=key, file=store.reminders.holder(key))
            ) from None
        self.reminders_changed()

    async def download(self, request: Request) -> Response:
        stored = self.stored(request.path_params["key"])
        return Response(
            stored.document,
            media_type="application/toml; charset=utf-8",
            headers={
                "content-disposition": f'attachment; filename="{stored.key}.toml"',
                "cache-control": "no-store",
            },
        )

    async def confirm_delete(self, request: Request) -> Response:
        stored = self.stored(request.path_params["key"])
        return self.page(
            request,
            "delete.html.j2",
            stored=stored,
            held=self.store.held(stored.key),
            edited=len(self.store.edits(stored.key)),
            scheduled=[
                r
                for r in self.store.posted(stored.key, self.now(), "UTC")
                if r.status == "scheduled"
            ],
        )

    async def delete(self, request: Request) -> Response:
        """Delete the plan (after its confirmation page): its decision, reworded posts,
        ticks, feed, and the reminders and Bluesky posts the web app added for it."""
        await self.form(request)
        stored = self.stored(request.path_params["key"])
        self.store.delete(stored.key)
        self.reminders_changed()
        return RedirectResponse("/plans?done=deleted", 303)

    # --- a plan -----------------------------------------------------------------------

    async def overview(self, request: Request) -> Response:
        built = self.load(request.path_params["key"])
        decision = built.decision
        warnings = timing_warnings(decision, self.now().date(), f"{built.stored.key}.toml")
        days = departure_days(decision, plan_holidays(decision))
        return self.page(
            request,
            "overview.html.j2",
            built=built,
            warnings=warnings,
            platforms=PLATFORMS,
            announces={platform: first for platform, (first, _last) in days.items()},
        )

    # --- the language -----------------------------------------------------------------

    async def language(self, request: Request) -> Response:
        form = await self.form(request)
        chosen = form.get("language")
        response = RedirectResponse(safe_next(form.get("next")), 303)
        if chosen in LANGUAGES:
            response.set_cookie(
                LANGUAGE_COOKIE, str(chosen), max_age=365 * 86400, samesite="strict"
            )
        return response

    # --- errors -----------------------------------------------------------------------

    async def http_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if not hasattr(request.state, "nonce"):  # refused before the guard's state
            return Response(str(exc.detail), exc.status_code)
        return self.page(request, "error.html.j2", exc.status_code, message=exc.detail)

    async def planner_error(self, request: Request, exc: Exception) -> Response:
        assert isinstance(exc, PlannerError)
        return self.page(request, "error.html.j2", 400, message="\n".join(exc.lines))

    def routes(self) -> list[BaseRoute]:
        """Every route; each POST handler starts with :meth:`form` (its CSRF check)."""
        return [
            Route("/", self.home),
            Route("/plans", self.plans),
            Route("/plans/new", self.new),
            Route("/plans/new/upload", self.upload, methods=["POST"]),
            Route("/plans/new/form", self.blank),
            Route("/plans/new/form", self.save, methods=["POST"]),
            Route("/plans/{key}", self.overview),
            Route("/plans/{key}/decision", self.edit),
            Route("/plans/{key}/decision", self.save, methods=["POST"]),
            Route("/plans/{key}/decision.toml", self.download),
            Route("/plans/{key}/delete", self.confirm_delete),
            Route("/plans/{key}/delete", self.delete, methods=["POST"]),
            Route("/language", self.language, methods=["POST"]),
        ]


def kind_name(kind: str, language: str) -> str:
    """A kind of destination as a list of choices shows it, in the page's language:
    'Site internet', 'Lettre d’information', 'Mastodon'."""
    name = channel_name(kind, language)
    return name[:1].upper() + name[1:]


def field_labels() -> dict[str, str]:
    """The label of each field of the form, in the request's language."""
    return {
        "organisation.name": _("Name of the association"),
        "organisation.website": _("Website"),
        "organisation.contact": _("Contact address"),
        "decision.id": _("Plan id"),
        "decision.decided_on": _("Date of the decision"),
        "decision.assessed_on": _("Date of the self-assessment"),
        "decision.language": _("Language of the posts"),
        "decision.timezone": _("Time zone"),
        "decision.post_time": _("Usual time of the posts"),
        "decision.country": _("Country (public holidays avoided)"),
        "decision.subdivision": _("Region with its own public holidays"),
        "decision.review_months": _("Months of monthly reviews"),
        "decision.reasons": _("Reasons"),
        "decision.statement": _("Why, in your own words"),
        "indicators.track": _("Indicators to follow every month (one per line, one to three)"),
        "platform": _("Platform"),
        "account": _("Account"),
        "date": _("Date"),
        "notice_days": _("Days of notice"),
        "after": _("Then the account is"),
        "kind": _("Kind"),
        "address": _("Address"),
        "url": _("Web address"),
        "max_chars": _("Longest post it accepts (characters)"),
        "departure": _("Platforms you leave"),
        "stay": _("Platforms you stay on"),
        "destination": _("Where your community can follow you"),
        "departure-n": _("Platform left #{n}"),
        "stay-n": _("Platform kept #{n}"),
        "destination-n": _("Place #{n}"),
    }
