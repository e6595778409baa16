"""What ``planner check`` says about a valid decision: the days its plan posts on, and
warnings about them (late, a holiday season, a public holiday, a night hour, a clock
change, a short preparation). The plan is valid; these are advice.

Every date it names is the plan's own (:func:`planner.campaigns.departure_days`, with
the country's public holidays), so that what ``check`` says is what the plan does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import replace

from planner import zones
from planner.campaigns import departure_days, plan_holidays
from planner.days import PREPARE_DAYS_BEFORE, announce_day, is_working, posting_day
from planner.decision import MAX_NOTICE_DAYS, MIN_NOTICE_DAYS, Decision, Departure
from planner.i18n import _, ngettext
from planner.platforms import PLATFORMS
from planner.wording import said_date, said_number

EARLIEST_POST, LATEST_POST = dt.time(7, 0), dt.time(21, 0)
PROPOSED_NOTICE_DAYS = 42  # the longest notice `new` gives: six weeks
PROPOSED_SEARCH_DAYS = 366  # how far `new` looks for a date check says nothing of

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


def season_warnings(
    decision: Decision, source: str, days: Days, only: str | None = None
) -> list[str]:
    """A campaign (announcement to departure) that runs across a holiday season, when few
    people read: how much more notice keeps the full notice outside it, or which departure
    date announces after it."""
    warnings = []
    for dep in _departures(decision, only):
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
    decision: Decision,
    source: str,
    days: Days,
    holidays: Collection[dt.date],
    only: str | None = None,
) -> list[str]:
    """A departure date that is a public holiday: the plan posts the farewell before it,
    and a later working day would let the association leave on the day it says."""
    warnings = []
    for dep in _departures(decision, only):
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
    decision: Decision,
    source: str,
    days: Days,
    holidays: Collection[dt.date],
    only: str | None = None,
) -> list[str]:
    """Less than a week between the preparation and the first announcement."""
    warnings = []
    for dep in _departures(decision, only):
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


def _departures(decision: Decision, only: str | None) -> tuple[Departure, ...]:
    """The departures a warning looks at: all, or the one from the platform ``only``."""
    return tuple(d for d in decision.departures if only is None or d.platform == only)


# --- the date ``planner new`` proposes -------------------------------------------------


def departure_warnings(decision: Decision, platform: str, source: str) -> list[str]:
    """What ``check`` says of the days of the departure from ``platform``: a short
    preparation, a holiday season, a public holiday (the warnings a date can cause)."""
    holidays = plan_holidays(decision)
    return _of(decision, platform, source, departure_days(decision, holidays), holidays)


def _of(
    decision: Decision, platform: str, source: str, days: Days, holidays: Collection[dt.date]
) -> list[str]:
    return (
        prepare_warnings(decision, source, days, holidays, platform)
        + season_warnings(decision, source, days, platform)
        + holiday_warnings(decision, source, days, holidays, platform)
    )


def _counts(decision: Decision) -> dict[str, int]:
    """How many of :func:`departure_warnings` each departure of ``decision`` has."""
    if not decision.departures:
        return {}
    holidays = plan_holidays(decision)
    days = departure_days(decision, holidays)
    return {
        d.platform: len(_of(decision, d.platform, "", days, holidays)) for d in decision.departures
    }


def _quiet(decision: Decision, departure: Departure, before: dict[str, int]) -> bool:
    """Whether adding ``departure`` to ``decision`` (whose departures had ``before``
    warnings each) gives it none, and the others none more (a departure two days from
    another shares its campaign, and its announcement)."""
    after = _counts(adding(decision, departure))
    return after[departure.platform] == 0 and all(after[p] <= n for p, n in before.items())


def with_notice(decision: Decision, departure: Departure) -> Departure:
    """``departure`` with the notice ``planner new`` gives it, on its date, next to the
    departures of ``decision``: six weeks at most, and a week left to prepare after the
    decision when there is time (21 to 42 days); of those, the longest that ``check`` has
    nothing to say about (:func:`departure_warnings`: three weeks after Christmas rather
    than six across it), else the longest."""
    return _with_notice(decision, departure, _counts(decision))


def _with_notice(decision: Decision, departure: Departure, before: dict[str, int]) -> Departure:
    time_left = (departure.date - decision.decided_on).days - PREPARE_DAYS_BEFORE
    longest = max(MIN_NOTICE_DAYS, min(PROPOSED_NOTICE_DAYS, time_left))
    for notice in range(longest, MIN_NOTICE_DAYS - 1, -1):
        noticed = replace(departure, notice_days=notice)
        if _quiet(decision, noticed, before):
            return noticed
    return replace(departure, notice_days=longest)


def proposed(decision: Decision, departure: Departure, first: dt.date) -> Departure:
    """The departure ``planner new`` proposes, next to those of ``decision``: on ``first``,
    or the first day after it that, with its notice (:func:`with_notice`), leaves ``check``
    nothing to say of it nor more of the others (:func:`departure_warnings`); on ``first``
    when no day of the next year does."""
    before = _counts(decision)
    for offset in range(PROPOSED_SEARCH_DAYS):
        day = first + dt.timedelta(days=offset)
        # The shortest notice is the likeliest to be quiet (the least time in a season, the
        # most to prepare): a day it is not quiet for is passed without trying the others.
        shortest = replace(departure, date=day, notice_days=MIN_NOTICE_DAYS)
        if not _quiet(decision, shortest, before):
            continue
        dated = _with_notice(decision, replace(departure, date=day), before)
        if _quiet(decision, dated, before):
            return dated
    return with_notice(decision, replace(departure, date=first))


def adding(decision: Decision, departure: Departure) -> Decision:
    """``decision`` with one more departure (the one ``planner new`` is asking about)."""
    return replace(decision, departures=(*decision.departures, departure))
