"""Invitations of the hosted mode: the pages that make them (the administrator's
workspaces, each new one with its first owner's invitation; an owner's members) and
where each goes: by e-mail to the person invited (then only that address can accept
it, even if the link reaches someone else), through the instance's mail channel
(:class:`planner.mail.Mail`, PLANNER_MAIL_URL), or, when no address was given, no
channel is set or the mail did not go, to the page of whoever made it, with the reason
in plain words. Nothing is lost: a link that was not mailed is always shown.

The link is built on the instance's **public address**: ``--public-url``
(PLANNER_PUBLIC_URL), else the address the request came by, when it is a name the
operator trusts (``--trusted-host``) reached over HTTPS (directly, or as the reverse
proxy says with ``--proxy-headers``). Otherwise planner does not know how people outside
reach it, and says so rather than mailing an address it made up (``127.0.0.1`` is
nobody else's machine); the link shown is then the one of the inviter's own browser.

The message is in the inviter's language, the link's expiry in words (Babel) in the
instance's time zone. No log line holds the link or its token: it names the workspace,
the role, and whether the mail went.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from babel.dates import format_time, get_timezone_name
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from planner import zones
from planner.characters import clean
from planner.errors import InputError
from planner.i18n import _, language
from planner.languages import locale_of
from planner.mail import Mail, MailError, address
from planner.web.accounts import INVITATION_DAYS, ROLES, Account, Accounts
from planner.web.core import Web
from planner.web.security import authority
from planner.wording import long_date

log = logging.getLogger("planner.invitations")
WORKSPACE_ID = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?\Z")


def public_url(text: str) -> str:
    """The public address given to ``--public-url``, without its final slash; an
    InputError when it is not an http(s) address (a path is allowed, for an instance
    served under one)."""
    given = text.strip()
    try:
        # urllib drops line breaks and tabs without a word, and checks a port only when asked
        parts = urlsplit(given)
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # an unclosed [IPv6], a port that is not a number or out of range
        parts, port_ok = None, False
    if (
        parts is None
        or not port_ok
        or any(c.isspace() or not c.isprintable() for c in given)
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.username is not None
        or parts.query
        or parts.fragment
    ):
        raise InputError(
            _(
                "--public-url {value}: write the address people open planner at, like "
                "https://planner.example.org"
            ).format(value=repr(text))
        )
    return given.rstrip("/")


@dataclass(frozen=True, slots=True)
class Delivery:
    """How this instance delivers invitations: its mail channel (None: it sends no
    e-mail), its public address (None: not set), the names the operator trusts, and the
    time zone its messages give times in."""

    mail: Mail | None = None
    public_url: str | None = None
    trusted: frozenset[str] = field(default_factory=frozenset)
    zone: str = "UTC"

    def base(self, request: Request) -> str | None:
        """The address people outside reach the instance by, or None when unknown."""
        if self.public_url is not None:
            return self.public_url
        url = request.url
        found = authority(url.netloc)
        named = found is not None and (
            found[0] in self.trusted or url.netloc.lower() in self.trusted
        )
        if url.scheme == "https" and named:
            return str(request.base_url).rstrip("/")
        return None


@dataclass(frozen=True, slots=True)
class Outcome:
    """What the inviter's page says of an invitation just made."""

    expires: str  # when the link stops working, in words
    sent_to: str | None = None  # the address the mail went to
    link: str | None = None  # shown when no mail went
    problem: str | None = None  # why the mail did not go (plain words, no secret)
    bound: str | None = None  # the one address that can accept it (None: a bare link)


def expiry(moment: dt.datetime, zone: str) -> str:
    """'mardi 8 décembre 2026 à 10:00 (heure normale d’Europe centrale)', in the
    current language."""
    local = moment.astimezone(zones.zone(zone))
    locale = locale_of(language(), None)
    return _("{date} at {time} ({zone})").format(
        date=long_date(local.date(), locale),
        time=format_time(local, "HH:mm", locale=locale),
        zone=get_timezone_name(local, "long", locale=locale),
    )


def message(workspace: str, role: str, inviter: str, link: str, expires: str) -> tuple[str, str]:
    """(subject, body) of the invitation's e-mail, in the current language. The names
    are put on one line, without control characters: a subject is a mail header."""
    workspace, inviter = (" ".join(clean(name).split()) for name in (workspace, inviter))
    subject = _("Join {workspace} on planner").format(workspace=workspace)
    paragraphs = [
        _("Hello,"),
        _("{inviter} invites you to join the workspace “{workspace}” on planner, as {role}.")
        .format(inviter=inviter, workspace=workspace, role=role),
        _("To accept, open this link and choose your password:") + "\n" + link,
        _("The link works once, until {expires}.").format(expires=expires),
        _(
            "If you did not expect this invitation, ignore this message: nothing happens "
            "without the link."
        ),
    ]  # fmt: skip
    return subject, "\n\n".join(paragraphs) + "\n"


async def deliver(
    delivery: Delivery,
    request: Request,
    token: str,
    *,
    to: str | None,
    workspace: tuple[str, str],
    role: tuple[str, str],
    inviter: str,
    expires: dt.datetime,
) -> Outcome:
    """Send the invitation of ``token`` to ``to`` (None: to nobody) and say what became of
    it. ``workspace`` is (id, name) and ``role`` (role, its word)."""
    when = expiry(expires, delivery.zone)
    base = delivery.base(request)
    # Unknown, the link shown is the one of the inviter's own browser, for them to send.
    link = (base or str(request.base_url).rstrip("/")) + "/invite/" + token
    if to is None or delivery.mail is None:
        return Outcome(when, link=link, bound=to)
    about = f"workspace {workspace[0]} ({role[0]})"
    if base is None:
        problem = _(
            "planner does not know the address people reach it by (the operator sets it "
            "with --public-url)"
        )
        log.warning("invitation to %s not sent by e-mail: no public address", about)
        return Outcome(when, link=link, problem=problem, bound=to)
    subject, body = message(workspace[1], role[1], inviter, link, when)
    try:
        await run_in_threadpool(delivery.mail.send, to, subject, body)
    except MailError as exc:
        log.warning("invitation to %s not sent by e-mail: %s", about, exc.english)
        return Outcome(when, link=link, problem=str(exc), bound=to)
    log.info("invitation to %s sent by e-mail", about)
    return Outcome(when, sent_to=to, bound=to)


def routes(web: Web, accounts: Accounts, delivery: Delivery) -> list[BaseRoute]:
    """The pages that make invitations: the administrator's workspaces (a new one with its
    first owner's invitation) and an owner's members."""

    def account(request: Request) -> Account:
        found = request.state.account
        assert isinstance(found, Account)
        return found

    def admin_page(
        request: Request,
        status: int = 200,
        problem: str | None = None,
        outcome: Outcome | None = None,
        typed: dict[str, str] | None = None,
    ) -> Response:
        return web.page(
            request,
            "admin.html.j2",
            status,
            workspaces=accounts.workspaces(),
            problem=problem,
            outcome=outcome,
            mail=delivery.mail is not None,
            typed=typed or {},
        )

    def invitee(form: FormData) -> tuple[str | None, str | None]:
        """(the address to mail the invitation to, or None; the problem with it, or None).
        Without a mail channel, the form has no address to give."""
        typed = str(form.get("email", "")).strip() if delivery.mail else ""
        if not typed:
            return None, None
        found = address(typed)
        if found is None:
            return None, _(
                "Write the person's e-mail address like ana@example.org, or leave it empty "
                "to get the link here."
            )
        return found, None

    async def invite(
        request: Request, workspace: tuple[str, str], role: str, to: str | None
    ) -> Outcome:
        """A new invitation, sent to ``to`` or shown."""
        now = web.now()
        token = accounts.invite(workspace[0], role, now, to)  # for ``to`` only, if given
        return await deliver(
            delivery,
            request,
            token,
            to=to,
            workspace=workspace,
            role=(role, role_word(role)),
            inviter=account(request).user,
            expires=now + dt.timedelta(days=INVITATION_DAYS),
        )

    async def admin(request: Request) -> Response:
        return admin_page(request)

    async def create_workspace(request: Request) -> Response:
        form = await web.form(request)
        workspace = str(form.get("workspace", "")).strip()
        name = str(form.get("name", "")).strip()
        typed = {"workspace": workspace, "name": name, "email": str(form.get("email", ""))}
        to, problem = invitee(form)
        bad = "email"
        if not WORKSPACE_ID.match(workspace):
            bad, problem = (
                "workspace",
                _(
                    "Workspace id: lower-case letters, digits and dashes, at most 40, like "
                    "amis-du-jardin."
                ),
            )
        elif not name:
            bad, problem = "name", _("Write the association's name.")
        elif problem is None and not accounts.create_workspace(workspace, name, web.now()):
            bad = "workspace"
            problem = _("The workspace '{id}' already exists.").format(id=workspace)
        if problem is not None:
            return admin_page(request, 400, problem, typed={**typed, "bad": bad})
        outcome = await invite(request, (workspace, name), "owner", to)
        return admin_page(request, outcome=outcome)

    def members_page(
        request: Request,
        status: int = 200,
        problem: str | None = None,
        outcome: Outcome | None = None,
        typed: dict[str, str] | None = None,
    ) -> Response:
        return web.page(
            request,
            "members.html.j2",
            status,
            roles=roles_shown(),
            problem=problem,
            outcome=outcome,
            mail=delivery.mail is not None,
            typed=typed or {"role": "editor"},
        )

    async def members(request: Request) -> Response:
        return members_page(request)

    async def invite_member(request: Request) -> Response:
        form = await web.form(request)
        role = str(form.get("role", "editor"))
        if role not in ROLES:
            role = "reader"
        workspace = account(request).workspace
        assert workspace is not None
        to, problem = invitee(form)
        if problem is not None:
            typed = {"role": role, "email": str(form.get("email", "")), "bad": "email"}
            return members_page(request, 400, problem, typed=typed)
        name = accounts.workspace_name(workspace)
        outcome = await invite(request, (workspace, name), role, to)
        return members_page(request, outcome=outcome)

    return [
        Route("/admin", admin),
        Route("/admin/workspaces", create_workspace, methods=["POST"]),
        Route("/members", members),
        Route("/members", invite_member, methods=["POST"]),
    ]


def role_word(role: str) -> str:
    """A role, in the interface's language."""
    return {"owner": _("owner"), "editor": _("editor"), "reader": _("reader")}.get(role, role)


def roles_shown() -> list[tuple[str, str]]:
    """(role, its word) of each role."""
    return [(r, role_word(r)) for r in ROLES]
