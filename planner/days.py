"""Days a person would choose: working days and public holidays avoided.

A working day is Monday to Friday and not a public holiday of the decision's country.
The rules that move a step (the timeline applies them, :mod:`planner.timeline` lists them)
take the public holidays as a set of dates, so that they stay pure and cheap: the plan
and ``planner check`` pass the country's (:func:`planner.campaigns.plan_holidays`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

PREPARE_DAYS_BEFORE = 7


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
