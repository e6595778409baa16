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
  worded from what the platform does (:meth:`planner.platforms.Platform.fate`), and a
  check when a deletion's grace period ends (none for a temporary deactivation);
- then, for the whole plan, ``review_months`` monthly reviews of the indicators (twelve
  by default) after the last departure, until the next decision point.

Departures on the same day, or a day or two apart, form one campaign
(:mod:`planner.campaigns`): one announcement, one set of reminders and one farewell on
the shared channels (the destinations, the website, the newsletter, the partners' email),
speaking of all of them; the shared farewell is on the last farewell's day.

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
from dataclasses import dataclass
from typing import Literal

from babel.lists import format_list

from planner import days as working
from planner import zones
from planner.campaigns import Campaign, campaigns, plan_holidays
from planner.content import channel_name, words
from planner.decision import Decision, Departure, Stay
from planner.identity import Owner, legacy_key
from planner.platforms import PLATFORMS, Platform
from planner.wording import de, long_date, say

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
class Item:
    """One item of a step's checklist: its text, in the plan's language, and its code,
    what the item is whatever its words: the web app keeps a ticked item by its step's id
    and its code, so that a tick survives a new wording, a translation fix or a change of
    the plan's language. A code is unique within its step and, once released, never
    changes (a stored tick holds it); words of one task chosen by a platform's facts (pin
    or only post, a Page or an account, a picture card or not) share one code."""

    code: str
    text: str


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
    items: tuple[Item, ...]
    channels: tuple[str, ...]
    # The platforms its posts on shared channels speak of: the platforms of its campaign
    # (left within a few days) or stayed on the same day, whose shared posts this step
    # carries alone; () for a task.
    about: tuple[str, ...] = ()

    @property
    def checklist(self) -> tuple[str, ...]:
        """The texts of the checklist, in order."""
        return tuple(item.text for item in self.items)

    @property
    def codes(self) -> tuple[str, ...]:
        """The codes of the checklist's items, in order (see :class:`Item`)."""
        return tuple(item.code for item in self.items)

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
        """The plan's identity in calendar UIDs, reminder ids and file names: the decision's
        ``id``, or for a file without one the organisation's name as a slug (see
        :mod:`planner.identity`)."""
        return self.decision.id or legacy_key(self.decision.organisation.name)

    @property
    def owner(self) -> Owner:
        """Whose plan this is: what tells it from another plan given the same key."""
        return Owner.of(self.decision)

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


def reassess_day(decision: Decision, last: dt.date) -> dt.date:
    """The new assessment of a stay: a month after the last monthly review."""
    return add_months(last, decision.review_months + 1)


class _Builder:
    """Accumulates the steps of one plan (a helper for build_plan, not a public API)."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision
        self.language = decision.language
        self.zone = zones.zone(decision.timezone)
        self.steps: list[Step] = []
        self.last = max([d.date for d in decision.departures] + [s.date for s in decision.stays])
        self.holidays = plan_holidays(decision)

    def at(self, day: dt.date, time: dt.time) -> dt.datetime:
        return dt.datetime.combine(day, time, tzinfo=self.zone)

    def timed(
        self,
        step_id: str,
        kind: Kind,
        platform: str | None,
        start: dt.datetime,
        title: str,
        checklist: list[Item],
        channels: tuple[str, ...],
        about: tuple[str, ...],
        *,
        card: bool,
    ) -> None:
        """A step at a time of day; ``card``: ``planner cards`` draws a picture card for it
        (:func:`planner.cards.card_steps`: announcements, last reminders, farewells,
        stays), which its checklist then offers where it asks for an image."""
        end = start + dt.timedelta(minutes=POST_MINUTES)
        checklist = checklist + [
            self.item(
                "post.image.card" if card else "post.image",
                code=f"post.image/{c}",
                platform=channel_name(c, self.language),
            )
            for c in channels
            if PLATFORMS[c].needs_image
        ]
        self.steps.append(
            Step(step_id, kind, platform, start, end, title, tuple(checklist), channels, about)
        )

    def allday(
        self,
        step_id: str,
        kind: Kind,
        platform: str | None,
        day: dt.date,
        title: str,
        checklist: list[Item],
    ) -> None:
        end = day + dt.timedelta(days=1)
        self.steps.append(Step(step_id, kind, platform, day, end, title, tuple(checklist), ()))

    def say(self, key: str, **values: object) -> str:
        return say(self.language, key, **values)

    def item(self, key: str, code: str | None = None, **values: object) -> Item:
        """A checklist item said by ``key`` with ``values``; its code is ``key`` unless
        given (the code of the task that ``key`` words one way among others)."""
        return Item(code or key, self.say(key, **values))

    def names(self, channels: tuple[str, ...]) -> str:
        return self.names_of([channel_name(c, self.language) for c in channels])

    def names_of(self, items: list[str]) -> str:
        return str(format_list(items, locale=self.decision.locale))


def build_plan(decision: Decision) -> Plan:
    """Apply the playbook to every departure of ``decision``; pure, no clock involved."""
    builder = _Builder(decision)
    for campaign in campaigns(decision, builder.holidays):
        for departure in campaign.departures:
            _departure_steps(builder, departure, campaign)
    stays: dict[dt.date, list[Stay]] = {}
    for stay in decision.stays:
        stays.setdefault(stay.date, []).append(stay)
    for same_day in stays.values():
        for stay in same_day:
            _stay_steps(builder, stay, tuple(s.platform for s in same_day))
    for index in range(1, decision.review_months + 1):
        checklist = [
            builder.item("review.measure", code=f"review.measure/{i}", indicator=i)
            for i in decision.indicators
        ]
        checklist.append(builder.item("review.share"))
        builder.allday(
            f"review-{index}",
            "review",
            None,
            add_months(builder.last, index),
            builder.say("review.title", index=index, count=decision.review_months),
            checklist,
        )
    return Plan(decision=decision, steps=tuple(sorted(builder.steps, key=Step.sort_key)))


def _departure_steps(b: _Builder, dep: Departure, campaign: Campaign) -> None:
    """The steps of one departure. The lead of a campaign (the first of those that leave
    last) carries the posts on the shared channels (destinations, website, newsletter,
    partners), for all of them."""
    decision = b.decision
    facts = PLATFORMS[dep.platform]
    p, name, account = dep.platform, facts.name, dep.account
    announce = campaign.announce
    farewell = campaign.final_of(dep)
    kinds = tuple(d.kind for d in decision.destinations)
    leads = campaign.lead is dep
    about = tuple(d.platform for d in campaign.departures) if leads else (p,)
    social = tuple(k for k in kinds if PLATFORMS[k].takes_posts and PLATFORMS[k].limit)
    long_form = tuple(
        k
        for k in ("website", "newsletter", "mailing_list")
        if k in kinds or (k == "website" and decision.organisation.website)
    )
    if not leads:
        social, long_form = (), ()
    shares_announce = leads and campaign.announce_shared
    # A title names every platform its shared posts speak of when they leave on one day;
    # on different days, each step's title speaks of its own platform and countdown.
    one_day = len({d.date for d in campaign.departures}) == 1
    shared = b.names_of([PLATFORMS[a].name for a in about]) if one_day else name
    # French: 'le départ d’Instagram et de X', each name with its own 'de'.
    de_shared = b.names_of([de(PLATFORMS[a].name) for a in about]) if one_day else de(name)

    # Preparation: a week before the announcement, never before the decision.
    prepare_day = working.prepare_day(announce, decision.decided_on)
    lead = words(b.language).archive_lead.get(dep.platform, "")
    prepare = [
        b.item("prepare.decision", date=long_date(dep.date, b.decision.locale)),
        b.item("prepare.accounts", destinations=b.names(kinds)),
    ]
    if lead:
        prepare.append(b.item("prepare.archive", account=account, platform=name, lead=lead))
    prepare += [
        b.item("prepare.inventory", platform=name),
        b.item(
            "prepare.access.page" if facts.page else "prepare.access",
            code="prepare.access",
            account=account,
        ),
    ]
    b.allday(
        f"{p}/prepare", "prepare", p, prepare_day, b.say("prepare.title", platform=name), prepare
    )

    # The first announcement, on the platform and everywhere the community is.
    checklist = [
        b.item(
            "announce.pin" if facts.can_pin else "announce.publish",
            code="announce.post",
            platform=name,
        )
    ]
    relays = (*social, *long_form, "partners") if shares_announce else ()
    if social and shares_announce:
        checklist.append(b.item("announce.relay", channels=b.names(social)))
    if long_form and shares_announce:
        checklist.append(b.item("announce.site"))
    if shares_announce:
        checklist.append(b.item("announce.partners"))
    # planner cards draws this post's card: said once, where the step asks for an image
    # (by the item of a network that needs one, else here).
    needs_image = any(PLATFORMS[c].needs_image for c in (p, *relays))
    checklist += [
        b.item("announce.bio", account=account),
        b.item("announce.image" if needs_image else "announce.image.card", code="announce.image"),
    ]
    b.timed(
        f"{p}/announce",
        "announce",
        p,
        b.at(announce, decision.post_time),
        b.say(
            "announce.title",
            platform=shared,
            de_platform=de_shared,
            days=(dep.date - announce).days,
        ),
        checklist,
        (p, *relays),
        about,
        card=True,
    )

    # Reminders, at varied days and hours.
    times = [t for t in REMINDER_TIMES if t.hour != decision.post_time.hour]
    days = campaign.reminders
    reminders = list(zip(days, times, strict=False))
    for index, (day, time) in enumerate(reminders, start=1):
        left = (dep.date - day).days
        checklist = [b.item("remind.publish", index=index, count=len(days), platform=name)]
        if social:
            checklist.append(b.item("remind.relay", channels=b.names(social)))
        checklist.append(b.item("remind.answer"))
        b.timed(
            f"{p}/remind-{index}",
            "remind",
            p,
            b.at(day, time),
            b.say("remind.title", platform=shared, de_platform=de_shared, days=left),
            checklist,
            (p, *social),
            about,
            card=index == len(reminders),  # the last reminder has a card
        )

    # The day of the departure.
    checklist = [
        b.item("final.pin" if facts.can_pin else "final.publish", code="final.post", platform=name),
        b.item("final.bio", account=account),
    ]
    if social:
        checklist.append(b.item("final.relay", channels=b.names(social)))
    checklist.append(
        b.item("final.dormant" if dep.after == "dormant" else "final.closing", platform=name)
    )
    b.timed(
        f"{p}/final",
        "final",
        p,
        b.at(farewell, decision.post_time),
        b.say("final.title", platform=shared)
        if farewell == dep.date
        else b.say("final.title.early", platform=shared, days=(dep.date - farewell).days),
        checklist,
        (p, *social),
        about,
        card=True,
    )

    # A week later: last look at messages, then the account's fate.
    week_after = dep.date + dt.timedelta(days=CLOSE_DAYS_AFTER)
    b.allday(
        f"{p}/last-check",
        "followup",
        p,
        week_after,
        b.say("lastcheck.title", platform=name),
        [b.item("lastcheck.read"), b.item("lastcheck.pinned")],
    )
    fate = facts.fate(dep.after)
    if fate == "dormant":
        for index in range(1, UPKEEP_MONTHS + 1):
            if facts.page:
                checklist = [b.item("upkeep.page", account=account)]
            else:
                checklist = [
                    b.item("upkeep.login", account=account, platform=name),
                    b.item("upkeep.security"),
                ]
            checklist.append(b.item("upkeep.pinned"))
            if index == 3:
                checklist.append(b.item("upkeep.three"))
            b.allday(
                f"{p}/upkeep-{index}",
                "upkeep",
                p,
                add_months(dep.date, index),
                b.say("upkeep.title", platform=name, index=index, count=UPKEEP_MONTHS),
                checklist,
            )
        return
    action = "unpublish" if fate == "unpublished" else dep.after
    noun = ".page" if facts.page else ""
    checklist = [b.item("close.archive"), b.item("close.subscriptions")]
    checklist += _closing(b, facts, dep.after, account)
    b.allday(
        f"{p}/close",
        "close",
        p,
        week_after,
        b.say(f"close.title.{action}{noun}", account=account, platform=name),
        checklist,
    )
    if fate == "deleted" and facts.delete_grace_days:
        b.allday(
            f"{p}/grace-end",
            "followup",
            p,
            week_after + dt.timedelta(days=facts.delete_grace_days),
            b.say("grace.title", account=account, platform=name),
            [
                b.item("grace.gone", account=account, platform=name),
                b.item(
                    "grace.watch" if facts.frees_handle else "grace.watch.may",
                    code="grace.watch",
                    account=account,
                    platform=name,
                ),
            ],
        )


def _closing(b: _Builder, facts: Platform, after: str, account: str) -> list[Item]:
    """What to do to close the account, and what the platform does next: only what the
    sources say for this platform (see planner/platforms.py)."""
    name, fate = facts.name, facts.fate(after)
    if fate == "hidden":
        return [
            b.item("close.do.deactivate", account=account, platform=name),
            b.item("close.temporary", platform=name),
            b.item("close.forgood", account=account),
        ]
    if fate == "unpublished":
        return [
            b.item("close.do.unpublish", account=account, platform=name),
            b.item("close.unpublished"),
            b.item("close.forgood", account=account),
        ]
    name_may = b.item("close.name.may", code="close.name", account=account)
    if fate == "unconfirmed" and after == "deactivate":
        return [b.item("close.check.deactivate", account=account, platform=name)]
    if fate == "unconfirmed" or not facts.delete_grace_days:
        return [b.item("close.check.delete", account=account, platform=name), name_may]
    days = facts.delete_grace_days
    if facts.deactivate == "becomes-deletion":
        do = b.item("close.do.through-deactivation", account=account, platform=name)
    else:
        do = b.item(
            "close.do.delete.page" if facts.page else "close.do.delete",
            account=account,
            platform=name,
        )
    grace = (
        b.item("close.grace.page", code="close.grace", platform=name, days=days)
        if facts.page
        else b.item("close.grace", account=account, days=days)
    )
    name_free = (
        b.item("close.name.free", code="close.name", account=account)
        if facts.frees_handle
        else name_may
    )
    return [do, grace, name_free]


def _stay_steps(b: _Builder, stay: Stay, same_day: tuple[str, ...]) -> None:
    """The steps of one stay; the first of the stays said on one day carries the
    newsletter and the partners' email, for all of them."""
    decision = b.decision
    p, name = stay.platform, PLATFORMS[stay.platform].name
    kinds = tuple(d.kind for d in decision.destinations)
    leads = same_day[0] == p
    letters = tuple(k for k in ("newsletter", "mailing_list") if k in kinds) if leads else ()
    about = same_day if leads else (p,)
    checklist = [b.item("stay.publish", platform=name)]
    if leads:
        checklist.append(b.item("stay.partners"))
    checklist.append(b.item("stay.indicators", indicators=b.names_of(list(decision.indicators))))
    if not PLATFORMS[p].links_clickable:  # the post says the links are in the bio
        checklist.append(b.item("announce.bio", account=stay.account))
    b.timed(
        f"{p}/stay",
        "stay",
        p,
        b.at(working.posting_day(stay.date, b.holidays), decision.post_time),
        b.say("stay.title", platform=b.names_of([PLATFORMS[a].name for a in about])),
        checklist,
        (p, *letters, *(("partners",) if leads else ())),
        about,
        card=True,
    )
    b.allday(
        f"{p}/reassess",
        "followup",
        p,
        reassess_day(decision, b.last),
        b.say("reassess.title", platform=name),
        [b.item("reassess.run")],
    )
