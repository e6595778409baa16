"""The playbook: from a Decision to a dated Plan.

``build_plan`` is a pure function: the same decision gives the same plan, on any day.
Every step has a stable id (``x/announce``, ``x/remind-2``, ``review-1``); calendar
UIDs, reminder ids and file names derive from it, so ids never depend on dates.

For each departure, with D its date and A = D - notice_days:

- prepare, a week before the announcement (never before the decision), all day;
- announce at A, at the decision's post time;
- two to six reminders strictly between the announcement and the farewell, about one a
  week, the last two days before the farewell, on varied weekdays and at hours that all
  differ;
- final (the farewell) on D, at the post time;
- a last check of messages a week after D;
- dormant: twelve monthly upkeep steps; deactivate/delete: the closing a week after D,
  and a check when the platform's grace period ends;
- then, for the whole plan, ``review_months`` monthly reviews of the indicators (twelve
  by default) after the last departure, until the next decision point.

For a platform the association stays on: the "we are staying, and here is why" post on
its day; the monthly reviews follow as for a departure, and the new assessment comes a
month after the last review.

Days a person would choose (:mod:`planner.days`; a working day is Monday to Friday and
not a public holiday of the decision's country, by default its time zone's):

- no post (announce, remind, final, stay) falls on a public holiday;
- the announcement, and the email to partners that goes with it, falls on a working day:
  when A is not one, it moves EARLIER, to the last working day before A (more notice,
  never less), but never before the decision (then the last day that is not a holiday);
- the farewell falls on a working day: when D is not one, it moves to the last working
  day before D, and its posts say "on <D>" instead of "today";
- a reminder that falls on a holiday moves to the nearest day that is not one, strictly
  between its neighbours (the announcement and the farewell at the ends), preferring a
  weekday not used yet; reminders may fall on weekends, at their varied hours;
- the stay post, on a holiday, moves to the next day that is not one;
- the preparation keeps its week before the (moved) announcement; when the decision
  leaves less, it falls on the decision's day and ``planner check`` warns.
"""

from __future__ import annotations

import calendar
import datetime as dt
import hashlib
import re
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal
from zoneinfo import ZoneInfo

from babel.lists import format_list

from planner import days as working
from planner.content import words
from planner.decision import Decision, Departure, Stay
from planner.platforms import PLATFORMS, channel_name
from planner.public_holidays import public_holidays
from planner.wording import long_date, say

Kind = Literal[
    "prepare", "announce", "remind", "final", "stay", "close", "upkeep", "followup", "review"
]

# Order of steps that fall on the same day.
KIND_ORDER = (
    "prepare",
    "announce",
    "remind",
    "final",
    "stay",
    "followup",
    "close",
    "upkeep",
    "review",
)

MAX_REMINDERS = 6
LAST_REMINDER_DAYS_BEFORE = 2
CLOSE_DAYS_AFTER = 7
UPKEEP_MONTHS = 12
POST_MINUTES = 30

# Hours for reminders: morning, lunch, afternoon and evening, all different hours,
# so that each reminder reaches people who were not online for the previous one.
REMINDER_TIMES = (
    dt.time(12, 30),
    dt.time(18, 0),
    dt.time(8, 30),
    dt.time(20, 0),
    dt.time(14, 0),
    dt.time(9, 30),
    dt.time(17, 0),
)


@dataclass(frozen=True, slots=True)
class Step:
    """One dated thing to do.

    ``start`` is a timezone-aware datetime for a timed step (a post), a date for an
    all-day task. ``end`` is exclusive, of the same type: the next day for an all-day
    step, half an hour later for a timed one.
    """

    id: str
    kind: Kind
    platform: str | None
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    title: str
    checklist: tuple[str, ...]
    channels: tuple[str, ...]

    @property
    def timed(self) -> bool:
        """True for a step at a time of day, False for an all-day step."""
        return isinstance(self.start, dt.datetime)

    @property
    def day(self) -> dt.date:
        """The local day the step falls on."""
        return self.start.date() if isinstance(self.start, dt.datetime) else self.start

    def sort_key(self) -> tuple[dt.date, int, str, str]:
        """Chronological order; all-day steps first within a day, then by kind and id."""
        moment = self.start.strftime("%H:%M") if isinstance(self.start, dt.datetime) else ""
        return (self.day, KIND_ORDER.index(self.kind), moment, self.id)


@dataclass(frozen=True, slots=True)
class Plan:
    """The dated steps of a decision, in chronological order."""

    decision: Decision
    steps: tuple[Step, ...]

    @property
    def key(self) -> str:
        """The plan's identity in calendar UIDs, reminder ids and file names: the
        organisation's name as an ASCII slug, or a hash of it when no ASCII is left."""
        name = unicodedata.normalize("NFKD", self.decision.organisation.name)
        slug = re.sub(r"[^a-z0-9]+", "-", name.encode("ascii", "ignore").decode().lower())
        return slug.strip("-") or hashlib.sha256(name.encode()).hexdigest()[:12]

    def step(self, step_id: str) -> Step:
        """The step with this id (KeyError if none)."""
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)


def iso(moment: dt.date | dt.datetime) -> str:
    """ISO 8601: '2027-01-15' for a day, '2027-01-15T10:00:00+01:00' for a moment."""
    return moment.isoformat()


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the end of a shorter month (Jan 31 -> Feb 28)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def reminder_days(
    announce: dt.date, departure: dt.date, holidays: Collection[dt.date] = frozenset()
) -> list[dt.date]:
    """Days of the reminders: spread between announce and departure (the farewell), on
    varied weekdays, never on a public holiday.

    About one per week of notice (two to six); the last falls two days before the
    departure. Then, from the last one back, each moves to the nearest day strictly
    between its neighbours that is not a holiday, preferring (within three days) a
    weekday not used yet.
    """
    notice = (departure - announce).days
    count = min(MAX_REMINDERS, max(2, notice // 7))
    last = notice - LAST_REMINDER_DAYS_BEFORE
    offsets = [round(k * last / count) for k in range(1, count + 1)]
    used: set[int] = set()
    for index in range(count - 1, -1, -1):  # from the end, so the last stays where it can
        low = offsets[index - 1] if index else 0
        high = offsets[index + 1] if index + 1 < count else notice
        shifts = [0, *(s for n in range(1, 7) for s in (-n, n))]
        candidates = [
            offsets[index] + shift
            for shift in shifts
            if low < offsets[index] + shift < high
            and announce + dt.timedelta(days=offsets[index] + shift) not in holidays
        ]
        fresh = [c for c in candidates if abs(c - offsets[index]) <= 3 and c % 7 not in used]
        offsets[index] = (fresh or candidates or [offsets[index]])[0]
        used.add(offsets[index] % 7)
    return [announce + dt.timedelta(days=offset) for offset in offsets]


def reassess_day(decision: Decision, last: dt.date) -> dt.date:
    """The new assessment of a stay: a month after the last monthly review."""
    return add_months(last, decision.review_months + 1)


class _Builder:
    """Accumulates the steps of one plan (a helper for build_plan, not a public API)."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.language = decision.language
        self.zone = ZoneInfo(decision.timezone)
        self.steps: list[Step] = []
        self.last = max([d.date for d in decision.departures] + [s.date for s in decision.stays])
        years = range(decision.decided_on.year, self.last.year + 2)
        self.holidays = public_holidays(decision.country, decision.subdivision, years)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def timed(
        self,
        step_id: str,
        kind: Kind,
        platform: str | None,
        start: dt.datetime,
        title: str,
        checklist: list[str],
        channels: tuple[str, ...],
    ) -> None:
        end = start + dt.timedelta(minutes=POST_MINUTES)
        self.steps.append(
            Step(step_id, kind, platform, start, end, title, tuple(checklist), channels)
        )

    def allday(
        self,
        step_id: str,
        kind: Kind,
        platform: str | None,
        day: dt.date,
        title: str,
        checklist: list[str],
    ) -> None:
        end = day + dt.timedelta(days=1)
        self.steps.append(Step(step_id, kind, platform, day, end, title, tuple(checklist), ()))

    def say(self, key: str, **values: object) -> str:
        return say(self.language, key, **values)

    def names(self, channels: tuple[str, ...]) -> str:
        return self.names_of([channel_name(c, self.language) for c in channels])

    def names_of(self, items: list[str]) -> str:
        return str(format_list(items, locale=self.language))


def build_plan(decision: Decision) -> Plan:
    """Apply the playbook to every departure of ``decision``; pure, no clock involved."""
    builder = _Builder(decision)
    for departure in decision.departures:
        _departure_steps(builder, departure)
    for stay in decision.stays:
        _stay_steps(builder, stay)
    for index in range(1, decision.review_months + 1):
        checklist = [builder.say("review.measure", indicator=i) for i in decision.indicators]
        checklist.append(builder.say("review.share"))
        builder.allday(
            f"review-{index}",
            "review",
            None,
            add_months(builder.last, index),
            builder.say("review.title", index=index, count=decision.review_months),
            checklist,
        )
    return Plan(decision=decision, steps=tuple(sorted(builder.steps, key=Step.sort_key)))


def _departure_steps(b: _Builder, dep: Departure) -> None:
    decision = b.decision
    facts = PLATFORMS[dep.platform]
    p, name, account = dep.platform, facts.name, dep.account
    announce = working.announce_day(dep.announce_on, decision.decided_on, b.holidays)
    farewell = working.farewell_day(dep.date, announce, b.holidays)
    kinds = tuple(d.kind for d in decision.destinations)
    social = tuple(k for k in kinds if PLATFORMS[k].takes_posts and PLATFORMS[k].limit)
    long_form = tuple(
        k
        for k in ("website", "newsletter", "mailing_list")
        if k in kinds or (k == "website" and decision.organisation.website)
    )

    # Preparation: a week before the announcement, never before the decision.
    prepare_day = working.prepare_day(announce, decision.decided_on)
    lead = words(b.language).archive_lead.get(dep.platform, "")
    prepare = [
        b.say("prepare.decision", date=long_date(dep.date, b.language)),
        b.say("prepare.accounts", destinations=b.names(kinds)),
    ]
    if lead:
        prepare.append(b.say("prepare.archive", account=account, platform=name, lead=lead))
    prepare += [b.say("prepare.inventory", platform=name), b.say("prepare.access", account=account)]
    b.allday(
        f"{p}/prepare", "prepare", p, prepare_day, b.say("prepare.title", platform=name), prepare
    )

    # The first announcement, on the platform and everywhere the community is.
    checklist = [b.say("announce.pin" if facts.can_pin else "announce.publish", platform=name)]
    if social:
        checklist.append(b.say("announce.relay", channels=b.names(social)))
    if long_form:
        checklist.append(b.say("announce.site"))
    checklist += [
        b.say("announce.partners"),
        b.say("announce.bio", account=account),
        b.say("announce.image"),
    ]
    b.timed(
        f"{p}/announce",
        "announce",
        p,
        b.at(announce, decision.post_time),
        b.say("announce.title", platform=name, days=(dep.date - announce).days),
        checklist,
        (p, *social, *long_form, "partners"),
    )

    # Reminders, at varied days and hours.
    times = [t for t in REMINDER_TIMES if t.hour != decision.post_time.hour]
    days = reminder_days(announce, farewell, b.holidays)
    for index, (day, time) in enumerate(zip(days, times, strict=False), start=1):
        left = (dep.date - day).days
        checklist = [b.say("remind.publish", index=index, count=len(days), platform=name)]
        if social:
            checklist.append(b.say("remind.relay", channels=b.names(social)))
        checklist.append(b.say("remind.answer"))
        b.timed(
            f"{p}/remind-{index}",
            "remind",
            p,
            b.at(day, time),
            b.say("remind.title", platform=name, days=left),
            checklist,
            (p, *social),
        )

    # The day of the departure.
    checklist = [
        b.say("final.pin" if facts.can_pin else "final.publish", platform=name),
        b.say("final.bio", account=account),
    ]
    if social:
        checklist.append(b.say("final.relay", channels=b.names(social)))
    checklist.append(
        b.say("final.dormant" if dep.after == "dormant" else "final.closing", platform=name)
    )
    b.timed(
        f"{p}/final",
        "final",
        p,
        b.at(farewell, decision.post_time),
        b.say("final.title", platform=name)
        if farewell == dep.date
        else b.say("final.title.early", platform=name, days=(dep.date - farewell).days),
        checklist,
        (p, *social),
    )

    # A week later: last look at messages, then the account's fate.
    week_after = dep.date + dt.timedelta(days=CLOSE_DAYS_AFTER)
    b.allday(
        f"{p}/last-check",
        "followup",
        p,
        week_after,
        b.say("lastcheck.title", platform=name),
        [b.say("lastcheck.read"), b.say("lastcheck.pinned")],
    )
    if dep.after == "dormant":
        for index in range(1, UPKEEP_MONTHS + 1):
            checklist = [
                b.say("upkeep.login", account=account, platform=name),
                b.say("upkeep.security"),
                b.say("upkeep.pinned"),
            ]
            if index == 3:
                checklist.append(b.say("upkeep.three"))
            b.allday(
                f"{p}/upkeep-{index}",
                "upkeep",
                p,
                add_months(dep.date, index),
                b.say("upkeep.title", platform=name, index=index, count=UPKEEP_MONTHS),
                checklist,
            )
        return
    checklist = [
        b.say("close.archive"),
        b.say("close.subscriptions"),
        b.say(f"close.do.{dep.after}", account=account, platform=name),
        b.say("close.nologin"),
    ]
    if facts.grace_days:
        checklist.append(
            b.say("close.grace", platform=name, days=facts.grace_days, account=account)
        )
    else:
        checklist.append(b.say("close.nograce", account=account))
    b.allday(
        f"{p}/close",
        "close",
        p,
        week_after,
        b.say(f"close.title.{dep.after}", account=account, platform=name),
        checklist,
    )
    if facts.grace_days:
        b.allday(
            f"{p}/grace-end",
            "followup",
            p,
            week_after + dt.timedelta(days=facts.grace_days),
            b.say("grace.title", account=account, platform=name),
            [
                b.say("grace.gone", account=account, platform=name),
                b.say("grace.watch", account=account, platform=name),
            ],
        )


def _stay_steps(b: _Builder, stay: Stay) -> None:
    decision = b.decision
    p, name = stay.platform, PLATFORMS[stay.platform].name
    kinds = tuple(d.kind for d in decision.destinations)
    letters = tuple(k for k in ("newsletter", "mailing_list") if k in kinds)
    checklist = [
        b.say("stay.publish", platform=name),
        b.say("stay.partners"),
        b.say("stay.indicators", indicators=b.names_of(list(decision.indicators))),
    ]
    b.timed(
        f"{p}/stay",
        "stay",
        p,
        b.at(working.posting_day(stay.date, b.holidays), decision.post_time),
        b.say("stay.title", platform=name),
        checklist,
        (p, *letters, "partners"),
    )
    b.allday(
        f"{p}/reassess",
        "followup",
        p,
        reassess_day(decision, b.last),
        b.say("reassess.title", platform=name),
        [b.say("reassess.run")],
    )
