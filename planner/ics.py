"""The plan as iCalendar (RFC 5545, RFC 7986): one VEVENT per step, through icalendar.

- UID: the step id and the plan's key (a slug of the organisation's name), so the same
  step keeps its UID across exports and date changes, and a re-import updates it.
- DTSTAMP and LAST-MODIFIED: the ``stamp`` the caller passes (the command line takes
  it from ``SOURCE_DATE_EPOCH`` when set, for reproducible files).
- SEQUENCE: the whole seconds from 2024-01-01 UTC to the stamp (a 32-bit integer, as RFC
  5545 has it, until 2092). It never decreases from one export to the next; publishing
  also keeps it above what the server holds.

The two sides stamp the same plan differently, and must. ``planner ics`` (and ``kit``,
``batch``, ``publish``) keeps no record of a plan's changes: its stamp is the moment of
the export, never earlier than the last change of the file it reads; an export with
nothing moved has a higher SEQUENCE than the one before, which a calendar takes as an
update that changes nothing, where a stamp that could go back (the file's modification
time, which a copy or a restored backup sets back) would make a calendar ignore a real
change. The web app records each change of a plan, and stamps its calendars with the last
one (:mod:`planner.web.store`): its feed keeps the same bytes between two changes, as a
feed must (its ETag, 304 answers, subscribers that fetch it every hour). What holds across
both, in seconds: a calendar made after a change, from either side, has a higher SEQUENCE
than every calendar made before it.
- Posting steps are timed (DTSTART with TZID, an explicit DTEND); tasks are all-day.
- DESCRIPTION carries the checklist, every post of the step ready to copy, the composer
  links and the links again (several clients do not show URL).
- One VTIMEZONE per zone used, before the events, written as yearly rules
  (:mod:`planner.vtimezone`).
- ``X-PLANNER-TZDATA``: the IANA version of the time-zone data the times were computed
  with (:mod:`planner.zones`), to tell which data a calendar was made from.
- ``X-PLANNER-PLAN`` and ``X-PLANNER-HASH`` let ``publish`` find this plan's events on a
  shared calendar and tell which changed.
- A subscription feed (planner serve) also says how often to fetch it again:
  ``REFRESH-INTERVAL`` (RFC 7986) and ``X-PUBLISHED-TTL`` (the same, for Outlook and older
  clients).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from babel.lists import format_list
from icalendar import Alarm, Calendar, Event, vDuration

from planner import version, zones
from planner.content import words
from planner.files import PRODID
from planner.platforms import PLATFORMS
from planner.posts import Post
from planner.timeline import Plan, Step
from planner.views import step_text
from planner.vtimezone import vtimezone

SEQUENCE_EPOCH = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
ALARM_BEFORE_POST = dt.timedelta(minutes=15)


def uid(plan: Plan, step: Step) -> str:
    """A UID that stays the same for this step of this plan, whatever its dates."""
    return f"{step.id.replace('/', '-')}.{plan.key}@planner"


def sequence(stamp: dt.datetime) -> int:
    """Whole seconds since 2024-01-01 UTC: grows with every later export (seconds, not
    minutes: the web app's stamp then keeps up with the clock, whatever its changes)."""
    return max(0, int((stamp - SEQUENCE_EPOCH).total_seconds()))


def calendar_name(plan: Plan) -> str:
    """'Départ de X : Les Amis du Jardin Partagé'."""
    decision = plan.decision
    platforms = format_list(
        [PLATFORMS[d.platform].name for d in decision.departures], locale=decision.locale
    )
    return (
        words(decision.language)
        .calendar["calendar"]
        .format(platforms=platforms, name=decision.organisation.name)
    )


Properties = list[tuple[str, object]]


def event_values(
    plan: Plan, step: Step, posts: tuple[Post, ...], stamp: dt.datetime
) -> tuple[Properties, Properties]:
    """What the VEVENT of a step holds, and its VALARM: (name, value) pairs, in order."""
    decision = plan.decision
    description = step_text(plan, step, posts)
    url = decision.organisation.website or next(
        (d.url for d in decision.destinations if d.url), None
    )
    categories = [step.kind, *([step.platform] if step.platform else [])]
    alarm_text = words(decision.language).calendar["alarm"].format(title=step.title)
    post_time = decision.post_time
    trigger = (
        -ALARM_BEFORE_POST
        if step.timed  # all-day: on the day, at the decision's usual posting time
        else dt.timedelta(hours=post_time.hour, minutes=post_time.minute)
    )
    content = (step.title, step.start, step.end, description, url, categories, alarm_text, trigger)
    event: Properties = [
        ("uid", uid(plan, step)),
        ("dtstamp", stamp),
        ("last-modified", stamp),
        ("sequence", sequence(stamp)),
        ("summary", step.title),
        ("dtstart", step.start),
        ("dtend", step.end),
        ("description", description),
        *([("url", url)] if url else []),
        ("categories", categories),
        ("transp", "TRANSPARENT"),
        ("status", "CONFIRMED"),
        ("x-planner-plan", plan.key),
        ("x-planner-hash", content_hash(content)),
    ]
    alarm: Properties = [("action", "DISPLAY"), ("description", alarm_text), ("trigger", trigger)]
    return event, alarm


def _event(plan: Plan, step: Step, posts: tuple[Post, ...], stamp: dt.datetime) -> Event:
    return build_event(*event_values(plan, step, posts, stamp))


def build_event(properties: Properties, alarm_properties: Properties) -> Event:
    """A VEVENT with these properties and one VALARM with those (icalendar's work only)."""
    event = Event()
    for name, value in properties:
        event.add(name, value)
    alarm = Alarm()
    for name, value in alarm_properties:
        alarm.add(name, value)
    event.add_component(alarm)
    return event


def content_hash(content: tuple[object, ...]) -> str:
    """A hash of what an event says, without its stamp and sequence (which always move).

    Made from the values rather than the serialized event: serializing twice was half
    the time of a kit (measured with pyinstrument, see bench/).
    """
    return hashlib.sha256(repr(content).encode("utf-8")).hexdigest()[:16]


def _calendar(
    plan: Plan, events: list[Event], *, method: bool, refresh: dt.timedelta | None = None
) -> Calendar:
    cal = Calendar()
    cal.add("prodid", f"{PRODID}planner {version()}//EN")  # also how planner knows its own
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", "PUBLISH")
    name = calendar_name(plan)
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", plan.decision.timezone)
    cal.add("x-planner-tzdata", zones.source().version)
    if refresh is not None:
        cal.add("refresh-interval", vDuration(refresh), parameters={"VALUE": "DURATION"})
        cal.add("x-published-ttl", vDuration(refresh))
    years = [s.day.year for s in plan.steps]
    cal.add_component(vtimezone(plan.decision.timezone, min(years) - 1, max(years) + 1))
    for event in events:
        cal.add_component(event)
    return cal


def plan_events(plan: Plan, posts: tuple[Post, ...], stamp: dt.datetime) -> list[Event]:
    """One VEVENT per step, in plan order."""
    return [_event(plan, step, posts, stamp) for step in plan.steps]


def plan_calendar(
    plan: Plan,
    posts: tuple[Post, ...],
    stamp: dt.datetime,
    refresh: dt.timedelta | None = None,
) -> bytes:
    """The whole plan as one iCalendar file (METHOD:PUBLISH), CRLF line endings; a feed
    says with ``refresh`` how often to fetch it again."""
    events = plan_events(plan, posts, stamp)
    return bytes(_calendar(plan, events, method=True, refresh=refresh).to_ical())


def calendar_object(plan: Plan, event: Event) -> bytes:
    """One event as a CalDAV calendar object: its own VCALENDAR, no METHOD (RFC 4791)."""
    return bytes(_calendar(plan, [event], method=False).to_ical())
