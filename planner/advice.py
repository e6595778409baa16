"""What ``planner check`` says about a valid decision: the days its plan posts on, and
warnings about them (late, a holiday season, a public holiday, a night hour, a clock
change, a short preparation). The plan is valid; these are advice.

Every date it names is the plan's own (:func:`planner.campaigns.departure_days`, with
the country's public holidays), so that what ``check`` says is what the plan does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from planner import zones
from planner.campaigns import departure_days, plan_holidays
from planner.days import PREPARE_DAYS_BEFORE, announce_day, is_working, posting_day
from planner.decision import MAX_NOTICE_DAYS, Decision
from planner.i18n import _, ngettext
from planner.platforms import PLATFORMS
from planner.wording import said_date, said_number

EARLIEST_POST, LATEST_POST = dt.time(7, 0), dt.time(21, 0)

Days = dict[str, tuple[dt.date, dt.date]]  # platform -> (first announcement, farewell)


def review(decision: Decision, today: dt.date, source: str) -> tuple[list[str], dict[str, dt.date]]:
    """What ``planner check`` says of a valid decision, from one reckoning of its plan's
    days: the warnings (:func:`timing_warnings`, then :func:`calendar_warnings`) and the
    day each platform's first announcement is posted."""
    holidays = plan_holidays(decision)
    days = departure_days(decision, holidays)
    warnings = _late(decision, today, source, days) + _calendar(decision, source, days, holidays)
    return warnings, {platform: announce for platform, (announce, _final) in days.items()}


def timing_warnings(decision: Decision, today: dt.date, source: str) -> list[str]:
    """Warnings about dates already past on ``today``: the plan is valid, but late."""
    return _late(decision, today, source, departure_days(decision, plan_holidays(decision)))


def calendar_warnings(decision: Decision, source: str) -> list[str]:
    """What ``check`` says about days and hours: a short preparation, holiday seasons, a
    departure on a public holiday, night hours, clock changes."""
    holidays = plan_holidays(decision)
    return _calendar(decision, source, departure_days(decision, holidays), holidays)


def _late(decision: Decision, today: dt.date, source: str, days: Days) -> list[str]:
    warnings = []
    for departure in decision.departures:
        announce = days[departure.platform][0]
        if announce < today:
            moved = today + dt.timedelta(days=departure.notice_days)
            warnings.append(
                _(
                    "{file}: departure from {platform}: the first announcement ({announce}) is "
                    "already past; move date to {date} or later (date = {typed}) to give full "
                    "notice"
                ).format(
                    file=source,
                    platform=PLATFORMS[departure.platform].name,
                    announce=said_date(announce, decision.country),
                    date=said_date(moved, decision.country),
                    typed=moved.isoformat(),
                )
            )
    return warnings


def _calendar(
    decision: Decision, source: str, days: Days, holidays: Collection[dt.date]
) -> list[str]:
    return (
        prepare_warnings(decision, source, days, holidays)
        + season_warnings(decision, source, days)
        + holiday_warnings(decision, source, days, holidays)
        + hour_warnings(decision, source, days, holidays)
    )


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


def season_warnings(decision: Decision, source: str, days: Days) -> list[str]:
    """A campaign (announcement to departure) that runs across a holiday season, when few
    people read: how much more notice keeps the full notice outside it, or which departure
    date announces after it."""
    warnings = []
    for dep in decision.departures:
        first, last = days[dep.platform][0], dep.date
        notice = (last - first).days
        for name, start, end in _seasons(decision, first, last):
            inside = (min(end, last) - max(start, first)).days + 1
            later = end + dt.timedelta(days=1 + dep.notice_days)
            more = notice + inside
            can_start_earlier = (
                more <= MAX_NOTICE_DAYS and last - dt.timedelta(days=more) >= decision.decided_on
            )
            warnings.append(
                (
                    _(
                        "{file}: departure from {platform}: {inside} of the {notice} days from the "
                        "first announcement ({announce}) to the departure ({date}) fall in "
                        "{season}, when few people read; set notice_days = {more} to keep "
                        "{notice} days outside them, or move date to {later} or later "
                        "(date = {typed})"
                    )
                    if can_start_earlier
                    else _(
                        "{file}: departure from {platform}: {inside} of the {notice} days from the "
                        "first announcement ({announce}) to the departure ({date}) fall in "
                        "{season}, when few people read; move date to {later} or later "
                        "(date = {typed})"
                    )
                ).format(
                    file=source,
                    platform=PLATFORMS[dep.platform].name,
                    inside=said_number(inside),
                    notice=said_number(notice),
                    announce=said_date(first, decision.country),
                    date=said_date(last, decision.country),
                    season=name,
                    more=more,
                    later=said_date(later, decision.country),
                    typed=later.isoformat(),
                )
            )
    return warnings


def holiday_warnings(
    decision: Decision, source: str, days: Days, holidays: Collection[dt.date]
) -> list[str]:
    """A departure date that is a public holiday: the plan posts the farewell before it,
    and a later working day would let the association leave on the day it says."""
    warnings = []
    for dep in decision.departures:
        if dep.date not in holidays:
            continue
        later = dep.date + dt.timedelta(days=1)
        while not is_working(later, holidays):
            later += dt.timedelta(days=1)
        warnings.append(
            _(
                "{file}: departure from {platform}: {date} is a public holiday in {country}, "
                "so the farewell is posted before it, on {farewell}; to leave on a working day, "
                "move date to {later} (date = {typed})"
            ).format(
                file=source,
                platform=PLATFORMS[dep.platform].name,
                date=said_date(dep.date, decision.country),
                country=decision.country,
                farewell=said_date(days[dep.platform][1], decision.country),
                later=said_date(later, decision.country),
                typed=later.isoformat(),
            )
        )
    return warnings


def hour_warnings(
    decision: Decision, source: str, days: Days, holidays: Collection[dt.date]
) -> list[str]:
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
    posted = []  # the steps posted at post_time, in words, and their days
    for dep in decision.departures:
        announce, final = days[dep.platform]
        name = PLATFORMS[dep.platform].name
        posted += [
            (_("the first announcement ({platform})").format(platform=name), announce),
            (_("the farewell ({platform})").format(platform=name), final),
        ]
    posted += [
        (
            _("the post saying why you stay ({platform})").format(
                platform=PLATFORMS[s.platform].name
            ),
            posting_day(s.date, holidays),
        )
        for s in decision.stays
    ]
    for step, day in posted:
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
            message.format(
                file=source,
                time=time.strftime("%H:%M"),
                day=said_date(day, decision.country),
                step=step,
            )
        )
    return warnings


def prepare_warnings(
    decision: Decision, source: str, days: Days, holidays: Collection[dt.date]
) -> list[str]:
    """Less than a week between the preparation and the first announcement."""
    warnings = []
    for dep in decision.departures:
        announce = days[dep.platform][0]
        short = (announce - decision.decided_on).days
        if short >= PREPARE_DAYS_BEFORE:
            continue
        date = dep.date
        while (
            announce_day(date - dt.timedelta(days=dep.notice_days), decision.decided_on, holidays)
            - decision.decided_on
        ).days < PREPARE_DAYS_BEFORE:
            date += dt.timedelta(days=1)
        warnings.append(
            ngettext(
                "{file}: departure from {platform}: the preparation has only {days} day before "
                "the first announcement ({announce}); move date to {date} or later "
                "(date = {typed}) "
                "to give it a week",
                "{file}: departure from {platform}: the preparation has only {days} days before "
                "the first announcement ({announce}); move date to {date} or later "
                "(date = {typed}) to give it a week",
                short,
            ).format(
                file=source,
                platform=PLATFORMS[dep.platform].name,
                days=short,
                announce=said_date(announce, decision.country),
                date=said_date(date, decision.country),
                typed=date.isoformat(),
            )
        )
    return warnings
