"""Publish the plan to a shared CalDAV calendar, updating it in place.

One calendar object per step (its own VCALENDAR with its VTIMEZONE, no METHOD, as
RFC 4791 requires), stored at ``<collection>/<uid>.ics``. The events of this plan are
recognised by their ``X-PLANNER-PLAN`` property: those whose content changed are
replaced (with a SEQUENCE above the server's), those no longer in the plan are
deleted, and every other event of the calendar is left alone. A second run with the
same plan changes nothing. The protocol (authentication, PROPFIND/REPORT, PUT, DELETE)
is the caldav library's; this module only decides what to send.

Each event also carries ``X-PLANNER-SOURCE``, the plan's owner (the organisation and the
accounts it leaves or stays on, :mod:`planner.identity`): events of the same key whose
owner shares no account with this plan's belong to another file, and the calendar is
left untouched unless the caller replaces that plan. A path would not do: each volunteer
publishes from a copy of the file on their own machine. Events published by an earlier
release carry no owner; they are taken as this plan's and get it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, unquote

from caldav.davclient import DAVClient
from caldav.lib.error import (
    AuthorizationError,
    DAVError,
    DeleteError,
    NotFoundError,
    PutError,
)
from icalendar import Calendar

from planner.errors import PlannerError
from planner.fields import without_credentials
from planner.i18n import _
from planner.ics import calendar_object, plan_events
from planner.identity import Owner, derived_id, taken
from planner.posts import Post
from planner.timeline import Plan


@dataclass
class Outcome:
    """What a publish did, by UID."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """True when the calendar was modified."""
        return bool(self.created or self.updated or self.deleted)


def safe_url(url: str) -> str:
    """The URL without any user name or password it may carry, for messages."""
    return without_credentials(url)


@contextmanager
def _answer(where: str) -> Iterator[None]:
    """Turn what the caldav library raises on an answer that is no CalDAV answer (an HTML
    page, broken XML, a multistatus without what it needs: lxml's errors, AttributeError,
    TypeError…) into one line. Only the library's reading of the server's answers runs
    here; its own errors for refusals and the network's pass through."""
    try:
        yield
    except (DAVError, OSError, PlannerError):
        raise
    except Exception as exc:
        raise PlannerError(
            _(
                "{url}: the server's answer is not a CalDAV calendar's ({reason}); check "
                "that --url is the CalDAV address from the calendar's settings"
            ).format(url=where, reason=type(exc).__name__)
        ) from None


def publish(
    plan: Plan,
    posts: tuple[Post, ...],
    stamp: dt.datetime,
    url: str,
    user: str,
    password: str,
    *,
    source: str = "",
    replace: bool = False,
) -> Outcome:
    """Make the CalDAV collection at ``url`` hold exactly this plan's events; say what changed.

    Events of this key that another plan owns are refused (InputError naming ``source``,
    the decision file) before anything changes, unless ``replace``."""
    if not url.endswith("/"):
        url += "/"
    where = safe_url(url)
    try:
        client = DAVClient(url=url, username=user, password=password)
        return _sync(client, plan, posts, stamp, url, source, replace)
    except AuthorizationError:
        raise PlannerError(
            _(
                "{url}: the server refused the user name or password; check --user and "
                "PLANNER_CALDAV_PASSWORD"
            ).format(url=where)
        ) from None
    except NotFoundError:
        raise PlannerError(
            _(
                "{url}: no calendar at this address; copy the CalDAV address from the "
                "calendar's settings"
            ).format(url=where)
        ) from None
    except DAVError as exc:
        raise PlannerError(
            _("{url}: the server refused the change ({reason})").format(
                url=where, reason=exc.reason
            )
        ) from None
    except OSError as exc:  # connection refused, DNS, TLS: requests' errors are OSErrors
        reason = type(exc).__name__
        raise PlannerError(
            _("{url}: cannot reach the server ({reason}); is it up?").format(
                url=where, reason=reason
            )
        ) from None


# X-PLANNER-SOURCE holds the owner's text percent-encoded: icalendar writes an X- property
# as a list where the text has commas, and reads it back unescaped only in part.
SOURCE_SAFE = " \"@[]:/.-_'"


def _source(event: Any) -> str | None:
    """An event's X-PLANNER-SOURCE: the owner's text, or None when it has none."""
    value = event.get("X-PLANNER-SOURCE")
    return None if value is None else unquote(str(value))


def _sync(
    client: Any,
    plan: Plan,
    posts: tuple[Post, ...],
    stamp: dt.datetime,
    url: str,
    source: str,
    replace: bool,
) -> Outcome:
    key, owner = plan.key, plan.owner
    ours: dict[str, tuple[str, Any]] = {}  # uid -> (object URL, the server's VEVENT)
    where = safe_url(url)
    with _answer(where):
        found = [
            (str(stored.url), Calendar.from_ical(stored.data).walk("VEVENT"))
            for stored in client.calendar(url=url).get_events()
        ]
    for stored_url, events in found:
        for event in events:
            if str(event.get("X-PLANNER-PLAN", "")) != key:
                continue
            theirs = _source(event)
            if theirs is not None and not replace and not owner.same(Owner.parse(theirs)):
                calendar = _("the calendar {url}").format(url=where)
                other = Owner.parse(theirs).describe()
                raise taken(source, key, calendar, other, derived_id(plan.decision), "--replace")
            ours[str(event["UID"])] = (stored_url, event)
    outcome = Outcome()
    headers = {"Content-Type": "text/calendar; charset=utf-8"}
    for event in plan_events(plan, posts, stamp):
        event.add("x-planner-source", quote(owner.text, safe=SOURCE_SAFE))
        uid = str(event["UID"])
        target, old = ours.pop(uid, (f"{url}{quote(uid)}.ics", None))
        if (
            old is not None
            and str(old.get("X-PLANNER-HASH")) == str(event["X-PLANNER-HASH"])
            and _source(old) == owner.text
        ):
            outcome.unchanged.append(uid)
            continue
        if old is not None:
            sequence = max(int(str(event["SEQUENCE"])), int(str(old.get("SEQUENCE", 0))) + 1)
            event.pop("SEQUENCE")
            event.add("sequence", sequence)
        data = calendar_object(plan, event)
        with _answer(where):
            response = client.put(target, data, headers)
        if response.status not in (200, 201, 204):
            raise PutError(url=target, reason=f"HTTP {response.status} for {uid}")
        (outcome.updated if old is not None else outcome.created).append(uid)
    for uid, (target, _event) in sorted(ours.items()):
        with _answer(where):
            response = client.delete(target)
        if response.status not in (200, 204, 404):
            raise DeleteError(url=target, reason=f"HTTP {response.status} for {uid}")
        outcome.deleted.append(uid)
    return outcome
