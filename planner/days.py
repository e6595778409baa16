"""Days a person would choose: working days, holidays avoided, and what ``check`` warns about.

A working day is Monday to Friday and not a public holiday of the decision's country.
The rules that move a step (the timeline applies them, :mod:`planner.timeline` lists them)
take the public holidays as a set of dates, so that they stay pure and cheap: the plan
passes the country's holidays; ``planner check`` passes none (it reckons with weekends
only, because the holidays library would double its start-up time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from planner import zones
from planner.decision import MAX_NOTICE_DAYS, Decision
from planner.i18n import _, ngettext

NO_HOLIDAYS: frozenset[dt.date] = frozenset()
PREPARE_DAYS_BEFORE = 7
EARLIEST_POST, LATEST_POST = dt.time(7, 0), dt.time(21, 0)


def is_working(day: dt.date, holidays: Collection[dt.date]) -> bool:
    """Monday to Friday, and not a public holiday."""
    return day.weekday() < 5 and day not in holidays


def announce_day(nominal: dt.date, decided_on: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """The announcement: A if it is a working day, else the last working day before it
    (more notice, never less), never before the decision. When the decision leaves no
    working day, the last day that is not a holiday, else A."""
    days = [nominal - dt.timedelta(days=n) for n in range((nominal - decided_on).days + 1)]
    return _first(days, holidays) or nominal


def farewell_day(departure: dt.date, announce: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """The farewell: D if it is a working day, else the last working day before D (after
    the announcement); failing that, the last day before D that is not a holiday, else D."""
    days = [departure - dt.timedelta(days=n) for n in range((departure - announce).days)]
    return _first(days, holidays) or departure


def _first(days: list[dt.date], holidays: Collection[dt.date]) -> dt.date | None:
    """The first working day of ``days``, else the first that is not a holiday."""
    working = [d for d in days if is_working(d, holidays)]
    open_days = [d for d in days if d not in holidays]
    return next(iter(working or open_days), None)


def prepare_day(announce: dt.date, decided_on: dt.date) -> dt.date:
    """The preparation: a week before the announcement, never before the decision."""
    return max(announce - dt.timedelta(days=PREPARE_DAYS_BEFORE), decided_on)


def posting_day(day: dt.date, holidays: Collection[dt.date]) -> dt.date:
    """A post on a day of the association's choosing (the stay post): that day, or the next
    day that is not a public holiday."""
    while day in holidays:
        day += dt.timedelta(days=1)
    return day


# --- what check warns about -----------------------------------------------------------------


def _seasons(
    decision: Decision, first: dt.date, last: dt.date
) -> list[tuple[str, dt.date, dt.date]]:
    """The holiday seasons that touch [first, last]: Christmas to New Year everywhere, and
    August in France."""
    found = []
    for year in range(first.year - 1, last.year + 1):
        found.append(
            (
                _("the Christmas holidays (24 December to 1 January)"),
                dt.date(year, 12, 24),
                dt.date(year + 1, 1, 1),
            )
        )
        if decision.country == "FR":
            found.append((_("the August holidays"), dt.date(year, 8, 1), dt.date(year, 8, 31)))
    return [(name, start, end) for name, start, end in found if start <= last and end >= first]


def season_warnings(decision: Decision, source: str) -> list[str]:
    """A campaign (announcement to farewell) that runs across a holiday season, when few
    people read: how much more notice keeps the full notice outside it, or which departure
    date announces after it."""
    warnings = []
    for dep in decision.departures:
        first, last = dep.announce_on, dep.date
        for name, start, end in _seasons(decision, first, last):
            inside = (min(end, last) - max(start, first)).days + 1
            later = end + dt.timedelta(days=1 + dep.notice_days)
            more = dep.notice_days + inside
            can_start_earlier = (
                more <= MAX_NOTICE_DAYS and last - dt.timedelta(days=more) >= decision.decided_on
            )
            warnings.append(
                (
                    _(
                        "{file}: departure from {platform}: {inside} of the {notice} days from the "
                        "first announcement ({announce}) to the departure ({date}) fall in "
                        "{season}, when few people read; set notice_days = {more} to keep "
                        "{notice} days outside them, or move date to {later} or later"
                    )
                    if can_start_earlier
                    else _(
                        "{file}: departure from {platform}: {inside} of the {notice} days from the "
                        "first announcement ({announce}) to the departure ({date}) fall in "
                        "{season}, when few people read; move date to {later} or later"
                    )
                ).format(
                    file=source,
                    platform=dep.platform,
                    inside=inside,
                    notice=dep.notice_days,
                    announce=first,
                    date=last,
                    season=name,
                    more=more,
                    later=later,
                )
            )
    return warnings


def _post_days(decision: Decision) -> list[tuple[str, dt.date]]:
    """The steps posted at ``post_time`` and their days, weekends reckoned, holidays not."""
    found = []
    for dep in decision.departures:
        announce = announce_day(dep.announce_on, decision.decided_on, NO_HOLIDAYS)
        found.append((f"{dep.platform}/announce", announce))
        found.append((f"{dep.platform}/final", farewell_day(dep.date, announce, NO_HOLIDAYS)))
    found += [(f"{stay.platform}/stay", stay.date) for stay in decision.stays]
    return found


def hour_warnings(decision: Decision, source: str) -> list[str]:
    """A post time at night, or one the clocks skip or repeat on a day it is used."""
    warnings = []
    time = decision.post_time
    if not EARLIEST_POST <= time <= LATEST_POST:
        warnings.append(
            _(
                "{file}: decision.post_time: {time} is outside 07:00 to 21:00, when few people "
                "read and nobody is there to answer; set post_time = 10:00:00 or another "
                "time between 07:00 and 21:00"
            ).format(file=source, time=time.strftime("%H:%M"))
        )
    zone = zones.zone(decision.timezone)
    for step, day in _post_days(decision):
        moment = dt.datetime.combine(day, time, tzinfo=zone)
        earlier, later = moment.replace(fold=0), moment.replace(fold=1)
        if earlier.utcoffset() == later.utcoffset():
            continue
        round_trip = earlier.astimezone(dt.UTC).astimezone(zone)
        message = (
            _(
                "{file}: decision.post_time: {time} does not exist on {day}, the day of "
                "{step} (the clocks go forward); choose another post_time, like 10:00:00"
            )
            if round_trip.replace(tzinfo=None) != earlier.replace(tzinfo=None)
            else _(
                "{file}: decision.post_time: {time} happens twice on {day}, the day of "
                "{step} (the clocks go back); choose another post_time, like 10:00:00"
            )
        )
        warnings.append(
            message.format(file=source, time=time.strftime("%H:%M"), day=day, step=step)
        )
    return warnings


def prepare_warnings(decision: Decision, source: str) -> list[str]:
    """Less than a week between the preparation and the first announcement."""
    warnings = []
    for dep in decision.departures:
        announce = announce_day(dep.announce_on, decision.decided_on, NO_HOLIDAYS)
        days = (announce - decision.decided_on).days
        if days >= PREPARE_DAYS_BEFORE:
            continue
        date = dep.date
        while (
            announce_day(
                date - dt.timedelta(days=dep.notice_days), decision.decided_on, NO_HOLIDAYS
            )
            - decision.decided_on
        ).days < PREPARE_DAYS_BEFORE:
            date += dt.timedelta(days=1)
        warnings.append(
            ngettext(
                "{file}: departure from {platform}: the preparation has only {days} day before "
                "the first announcement ({announce}); move date to {date} or later to give it "
                "a week",
                "{file}: departure from {platform}: the preparation has only {days} days before "
                "the first announcement ({announce}); move date to {date} or later to give it "
                "a week",
                days,
            ).format(file=source, platform=dep.platform, days=days, announce=announce, date=date)
        )
    return warnings


def calendar_warnings(decision: Decision, source: str) -> list[str]:
    """What ``check`` says about days and hours: holiday seasons, night hours, clock
    changes, a short preparation. The plan is valid; these are advice."""
    return (
        prepare_warnings(decision, source)
        + season_warnings(decision, source)
        + hour_warnings(decision, source)
    )
