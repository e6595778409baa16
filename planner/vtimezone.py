"""VTIMEZONE components that every common calendar reads right: yearly RRULE observances.

icalendar's ``add_missing_timezones()`` describes daylight saving with RDATE lists;
ical.js (Thunderbird, Nextcloud), vobject (and so Radicale) and Outlook misread those
and show summer times an hour off. Outlook itself writes one STANDARD and one DAYLIGHT
observance, each a yearly rule ("last Sunday of March"), and that is what every reader
understands. icalendar, which writes planner's calendars, has no option for that form, so
it is derived here:
the transitions of each year are found in zoneinfo, each is turned into a yearly rule
(month, n-th or last weekday, local time), and years that share a rule are grouped
(with UNTIL where a zone changed its rules within the range).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from planner import zones

UTC = dt.UTC
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
DAY = 24 * 60 * 60  # seconds


@dataclass(frozen=True, slots=True)
class Transition:
    """One change of offset: when (local wall time before it), from, to, and its name."""

    local: dt.datetime  # naive, in the offset before the change
    before: dt.timedelta
    after: dt.timedelta
    name: str
    daylight: bool


@dataclass(frozen=True, slots=True)
class Rule:
    """A yearly rule: month, ordinal weekday (-1 for the last), wall time, offsets."""

    month: int
    ordinal: int
    weekday: int
    time: dt.time
    before: dt.timedelta
    after: dt.timedelta
    name: str
    daylight: bool

    def rrule(self) -> dict[str, object]:
        """The RRULE value for icalendar."""
        byday = f"{self.ordinal}{WEEKDAYS[self.weekday]}"
        return {"freq": "yearly", "bymonth": self.month, "byday": byday}


def transitions(zone: ZoneInfo, year: int) -> list[Transition]:
    """The offset changes of ``zone`` during ``year``, found day by day then to the minute
    (on POSIX timestamps: ``fromtimestamp`` is the cheapest way to ask zoneinfo)."""

    def offset(timestamp: int) -> dt.timedelta | None:
        return dt.datetime.fromtimestamp(timestamp, zone).utcoffset()

    first = int(dt.datetime(year, 1, 1, tzinfo=UTC).timestamp())
    days = range(first, int(dt.datetime(year + 1, 1, 1, tzinfo=UTC).timestamp()) + 1, DAY)
    offsets = [offset(day) for day in days]
    found = []
    for day, previous, after in zip(days, offsets, offsets[1:], strict=False):
        if after == previous or previous is None or after is None:
            continue
        low, high = 0, DAY // 60  # minutes after `day`: offsets change on whole minutes
        while high - low > 1:
            middle = (low + high) // 2
            if offset(day + middle * 60) == previous:
                low = middle
            else:
                high = middle
        local = dt.datetime.fromtimestamp(day + high * 60, zone)
        found.append(
            Transition(
                local=(local.astimezone(UTC) + previous).replace(tzinfo=None),
                before=previous,
                after=after,
                name=local.tzname() or "",
                daylight=bool(local.dst()),
            )
        )
    return found


def rule_of(change: Transition) -> Rule:
    """The yearly rule that gives this transition: last or n-th weekday of its month."""
    day = change.local.date()
    last = calendar.monthrange(day.year, day.month)[1]
    ordinal = -1 if day.day + 7 > last else (day.day - 1) // 7 + 1
    return Rule(
        month=day.month,
        ordinal=ordinal,
        weekday=day.weekday(),
        time=change.local.time(),
        before=change.before,
        after=change.after,
        name=change.name,
        daylight=change.daylight,
    )


@cache
def vtimezone(key: str, first_year: int, last_year: int) -> Timezone:
    """A VTIMEZONE for ``key`` valid from ``first_year`` to ``last_year`` (cached)."""
    zone = zones.zone(key)
    component = Timezone()
    component.add("tzid", key)
    changes = [
        change for year in range(first_year, last_year + 1) for change in transitions(zone, year)
    ]
    if not changes:
        moment = dt.datetime(first_year, 7, 1, tzinfo=zone)
        offset = moment.utcoffset() or dt.timedelta(0)
        standard = TimezoneStandard()
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", moment.tzname() or key)
        component.add_component(standard)
        return component
    for rule, used in runs(changes):
        observance = TimezoneDaylight() if rule.daylight else TimezoneStandard()
        observance.add("dtstart", used[0].local)
        observance.add("tzoffsetfrom", rule.before)
        observance.add("tzoffsetto", rule.after)
        observance.add("tzname", rule.name)
        if used[-1].local.year == last_year:
            # In use to the end of the range: the zone's rule as far as anyone knows.
            observance.add("rrule", rule.rrule())
        elif len(used) > 1:
            # The zone stopped using this rule: stop it at its last use (UNTIL is in UTC).
            until = (used[-1].local - rule.before).replace(tzinfo=UTC)
            observance.add("rrule", {**rule.rrule(), "until": until})
        # Used once, then no more: the DTSTART alone is the one onset.
        component.add_component(observance)
    return component


def runs(changes: list[Transition]) -> list[tuple[Rule, list[Transition]]]:
    """The changes grouped by rule, one group per run of consecutive years that use it.

    An observance's RRULE gives an onset every year from its DTSTART to its UNTIL, so a
    rule that skips a year is two observances: Chile's "first Sunday on or after the 2nd"
    of April is the first Sunday, except when April starts on a Sunday (2029)."""
    found: list[tuple[Rule, list[Transition]]] = []
    latest: dict[Rule, int] = {}  # rule -> index in found of its latest run
    for change in changes:
        rule = rule_of(change)
        index = latest.get(rule)
        if index is not None and found[index][1][-1].local.year == change.local.year - 1:
            found[index][1].append(change)
        else:
            latest[rule] = len(found)
            found.append((rule, [change]))
    return found
