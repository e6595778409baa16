"""Campaigns: the departures that share their posts, and the days those posts fall on.

A campaign is the departures announced together on the shared channels (the
destinations, the website, the newsletter, the partners' email): one announcement, one
set of reminders and one farewell there, speaking of all of them; each platform left
still gets its own posts. :func:`campaigns` gives their days, from the rules of
:mod:`planner.days`; the timeline builds its steps on them, and ``planner check`` prints
the same days, so that what it says is what the plan does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from planner import days as working
from planner.decision import Decision, Departure
from planner.public_holidays import public_holidays

MAX_REMINDERS = 6
# Departures at most this many days after the one before share one campaign: leaving X
# on the 15th and Facebook on the 16th is one piece of news, not two.
MERGE_DAYS = 2
LAST_REMINDER_DAYS_BEFORE = 2


def plan_holidays(decision: Decision) -> frozenset[dt.date]:
    """The public holidays a plan avoids: those of the decision's country (and
    subdivision), from the year of the decision to the year after the last departure."""
    last = max([d.date for d in decision.departures] + [s.date for s in decision.stays])
    years = range(decision.decided_on.year, last.year + 2)
    return public_holidays(decision.country, decision.subdivision, years)


def reminder_days(
    announce: dt.date,
    departure: dt.date,
    holidays: Collection[dt.date] = frozenset(),
    taken: Collection[dt.date] = frozenset(),
) -> list[dt.date]:
    """Days of the reminders: spread between announce and departure (the farewell), on
    varied weekdays, never on a public holiday nor on a ``taken`` day (a day another
    departure already posts on the shared channels).

    About one per week of notice (two to six); the last falls two days before the
    departure. Then, from the last one back, each moves to the nearest free day strictly
    between its neighbours, preferring (within three days) a weekday not used yet; a
    reminder with no free day in its window is left out.
    """
    notice = (departure - announce).days
    count = min(MAX_REMINDERS, max(2, notice // 7))
    last = notice - LAST_REMINDER_DAYS_BEFORE
    offsets = [round(k * last / count) for k in range(1, count + 1)]
    used: set[int] = set()
    dropped: set[int] = set()
    for index in range(count - 1, -1, -1):  # from the end, so the last stays where it can
        low = offsets[index - 1] if index else 0
        # The last one stays at least two days before the farewell ("in 2 days").
        high = offsets[index + 1] if index + 1 < count else notice - 1
        shifts = [0, *(s for n in range(1, 7) for s in (-n, n))]
        candidates = [
            offsets[index] + shift
            for shift in shifts
            if low < offsets[index] + shift < high
            and announce + dt.timedelta(days=offsets[index] + shift) not in holidays
            and announce + dt.timedelta(days=offsets[index] + shift) not in taken
        ]
        fresh = [c for c in candidates if abs(c - offsets[index]) <= 3 and c % 7 not in used]
        if not candidates:
            dropped.add(index)
        offsets[index] = (fresh or candidates or [offsets[index]])[0]
        used.add(offsets[index] % 7)
    kept = {offsets[i] for i in range(count) if i not in dropped}
    return [announce + dt.timedelta(days=o) for o in sorted(kept)]


@dataclass(frozen=True, slots=True)
class Campaign:
    """The posting days of departures close in time (:data:`MERGE_DAYS`): one
    announcement, one set of reminders and one farewell on every shared channel, speaking
    of all of them; each platform left still gets its own posts, its farewell on its own
    day."""

    departures: tuple[Departure, ...]
    announce: dt.date
    reminders: tuple[dt.date, ...]
    # The day of each departure's farewell, in the order of ``departures``: its date, or
    # the working day before it; never after the farewell on the shared channels.
    finals: tuple[dt.date, ...]
    # False when every day the announcement could move to was taken: it is then posted on
    # the platforms left only, and the reminders carry the news to the shared channels.
    announce_shared: bool = True

    @property
    def lead(self) -> Departure:
        """The departure whose steps carry the shared posts: the first of those that leave
        last, so that its farewell, the shared one, comes after every other."""
        last = max(d.date for d in self.departures)
        return next(d for d in self.departures if d.date == last)

    @property
    def final(self) -> dt.date:
        """The day of the farewell on the shared channels: the last farewell."""
        return max(self.finals)

    def final_of(self, departure: Departure) -> dt.date:
        """The day of the farewell post on the platform ``departure`` leaves."""
        return self.finals[self.departures.index(departure)]


def departure_days(
    decision: Decision, holidays: Collection[dt.date]
) -> dict[str, tuple[dt.date, dt.date]]:
    """For each platform left: the day of its first announcement and of its farewell, as
    the plan posts them."""
    return {
        departure.platform: (campaign.announce, campaign.final_of(departure))
        for campaign in campaigns(decision, holidays)
        for departure in campaign.departures
    }


def _groups(departures: tuple[Departure, ...]) -> list[tuple[Departure, ...]]:
    """The departures (in date order) in campaigns: each one less than :data:`MERGE_DAYS`
    + 1 days after the one before joins its campaign."""
    groups: list[list[Departure]] = []
    for departure in departures:
        if groups and (departure.date - groups[-1][-1].date).days <= MERGE_DAYS:
            groups[-1].append(departure)
        else:
            groups.append([departure])
    return [tuple(group) for group in groups]


def campaigns(decision: Decision, holidays: Collection[dt.date]) -> list[Campaign]:
    """The departures grouped into campaigns, with days such that no shared channel gets
    two posts on one day and no post falls on a public holiday.

    Departures on the same date, or a day or two apart, form one campaign, announced on
    the earliest of their announcement days (the longest notice wins): two emails to the
    partners two days apart would say the same thing twice. Farewells come first
    (:func:`planner.days.farewell_day`); the shared one is the last departure's, and one
    that had to move before its departure day also leaves the days of other campaigns'
    farewells; no farewell of a campaign comes after its shared one. Then announcements:
    each on the last working day at or before its day that no other campaign (nor a stay)
    already posts on (more notice, never less), never before the decision; if there is
    none, on its own working day and on the platforms left only. Reminders then avoid
    every day already taken (:func:`reminder_days`), the last two days before the first
    farewell of the campaign.
    """
    groups = _groups(decision.departures)
    nominal = [min(d.announce_on for d in group) for group in groups]
    own = [
        [
            working.farewell_day(
                d.date, working.announce_day(first, decision.decided_on, holidays), holidays
            )
            for d in group
        ]
        for group, first in zip(groups, nominal, strict=True)
    ]
    # The shared farewell of each campaign: its last departure's (the latest of its own,
    # as a later date never has an earlier farewell). Those on their departure day are
    # placed first; one that had to move takes the last working day before its departure
    # that no other campaign's farewell holds.
    shared: dict[int, dt.date] = {}
    for index in sorted(
        range(len(groups)),
        key=lambda i: (max(own[i]) != groups[i][-1].date, groups[i][-1].date),
    ):
        last, day = groups[index][-1].date, max(own[index])
        if day in shared.values():
            span = (last - nominal[index]).days
            before = [last - dt.timedelta(days=n) for n in range(1, span)]
            free = [d for d in before if d not in shared.values()]
            day = next(
                (d for d in free if working.is_working(d, holidays)), free[0] if free else day
            )
        shared[index] = day
    finals = [tuple(min(day, shared[i]) for day in own[i]) for i in range(len(groups))]
    taken = set(shared.values())
    taken |= {working.posting_day(stay.date, holidays) for stay in decision.stays}
    announces: list[tuple[dt.date, bool]] = []
    for first in nominal:
        span = (first - decision.decided_on).days
        earlier = [first - dt.timedelta(days=n) for n in range(max(span, 0) + 1)]
        free = [d for d in earlier if d not in taken]
        day = working.announce_day(first, decision.decided_on, holidays)
        best = next((d for d in free if working.is_working(d, holidays)), None)
        best = best or next((d for d in free if d not in holidays), None)
        announces.append((best or day, best is not None))
        taken.add(best or day)
    out = []
    for group, (announce, on_shared), days in zip(groups, announces, finals, strict=True):
        reminders = reminder_days(announce, min(days), holidays, frozenset(taken))
        taken.update(reminders)
        out.append(Campaign(group, announce, tuple(reminders), days, on_shared))
    return out
