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

UTC = dt.UTC
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


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
    """The offset changes of ``zone`` during ``year``, found day by day then to the minute."""
    found = []
    moment = dt.datetime(year, 1, 1, tzinfo=UTC)
    end = dt.datetime(year + 1, 1, 1, tzinfo=UTC)
    previous = moment.astimezone(zone).utcoffset()
    while moment < end:
        following = moment + dt.timedelta(days=1)
        # zone.fromutc on the UTC wall time is what astimezone does, at half the cost.
        offset = zone.fromutc(following.replace(tzinfo=zone)).utcoffset()
        if offset != previous and previous is not None and offset is not None:
            low, high = 0, 24 * 60  # minutes after `moment`: offsets change on whole minutes
            while high - low > 1:
                middle = (low + high) // 2
                if (moment + dt.timedelta(minutes=middle)).astimezone(zone).utcoffset() == previous:
                    low = middle
                else:
                    high = middle
            instant = moment + dt.timedelta(minutes=high)
            local = instant.astimezone(zone)
            found.append(
                Transition(
                    local=(instant + previous).replace(tzinfo=None),
                    before=previous,
                    after=offset,
                    name=local.tzname() or "",
                    daylight=bool(local.dst()),
                )
            )
            previous = offset
        moment = following
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
    zone = ZoneInfo(key)
    component = Timezone()
    component.add("tzid", key)
    groups: list[tuple[Rule, Transition, Transition]] = []  # rule, first and last use
    for year in range(first_year, last_year + 1):
        for change in transitions(zone, year):
            rule = rule_of(change)
            for index, (known, first, _) in enumerate(groups):
                if known == rule:
                    groups[index] = (known, first, change)
                    break
            else:
                groups.append((rule, change, change))
    if not groups:
        offset = dt.datetime(first_year, 7, 1, tzinfo=zone).utcoffset() or dt.timedelta(0)
        name = dt.datetime(first_year, 7, 1, tzinfo=zone).tzname() or key
        standard = TimezoneStandard()
        standard.add("dtstart", dt.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", name)
        component.add_component(standard)
        return component
    latest = {rule.daylight: last.local for rule, _, last in groups}
    for rule, first, last in groups:
        observance = TimezoneDaylight() if rule.daylight else TimezoneStandard()
        observance.add("dtstart", first.local)
        observance.add("tzoffsetfrom", rule.before)
        observance.add("tzoffsetto", rule.after)
        observance.add("tzname", rule.name)
        recurrence = rule.rrule()
        if last.local < latest[rule.daylight]:
            # The zone changed this rule within the range: stop it at its last use (in UTC).
            recurrence["until"] = (last.local - rule.before).replace(tzinfo=UTC)
        observance.add("rrule", recurrence)
        component.add_component(observance)
    return component
