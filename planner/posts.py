"""Ready-to-copy posts: each public step of a plan, on each of its channels.

A post is rendered from a Jinja template chosen by step kind and channel, then
measured by the platform's own rule (:mod:`planner.lengths`). A post over its limit, or
with more links than its platform accepts (Threads: 5), is an error naming the step, the
channel, the count and the limit: it is never cut.

Template names, first found wins (a user's folder is searched before the built-ins):

1. ``<lang>/<kind>/<channel>.txt.j2``, for one channel (``fr/announce/x.txt.j2``);
2. ``<lang>/<kind>/leaving-short.txt.j2`` or ``leaving-long.txt.j2`` on the platform
   being left (short where the limit is 500 or less), ``relay.txt.j2`` on a destination;
3. ``newsletter.txt.j2`` also serves ``mailing_list``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from babel.lists import format_list
from jinja2 import Template

from planner.content import channel_name, words
from planner.decision import Decision, Departure, Stay
from planner.errors import InputError, TooLongError
from planner.i18n import _
from planner.lengths import count_links, measure
from planner.platforms import PLATFORMS
from planner.template_limits import MAX_PLAN_CHARS, limits
from planner.templating import environment, template_errors
from planner.timeline import Plan, Step
from planner.wording import de, french_spacing, long_date, month_year, said_number

POSTING_KINDS = ("announce", "remind", "final", "stay")
SHORT_LIMIT = 500  # at or below this limit, the platform left gets the short wording
SHORT_LINKS = 2  # destinations listed in a short post (the first ones of the file)


@dataclass(frozen=True, slots=True)
class Post:
    """One text to copy, for one step and one channel."""

    step: Step
    channel: str
    language: str
    locale: str  # of the dates it shows ('en_US', 'en_GB', 'fr'), from the decision
    text: str
    length: int
    limit: int | None
    compose_url: str | None

    @property
    def fits(self) -> bool:
        """True when the platform accepts the length of the text as it is."""
        return self.limit is None or self.length <= self.limit

    @property
    def links(self) -> int:
        """How many links the text holds (counted only where the platform limits them)."""
        return count_links(self.text) if PLATFORMS[self.channel].max_links else 0

    @property
    def links_fit(self) -> bool:
        """True when the platform accepts that many links in one post."""
        most = PLATFORMS[self.channel].max_links
        return most is None or self.links <= most

    @property
    def file_name(self) -> str:
        """'2026-12-18_x-announce_mastodon.txt': sorts by date, names step and channel."""
        return f"{self.step.day.isoformat()}_{self.step.id.replace('/', '-')}_{self.channel}.txt"


def limit_for(channel: str, decision: Decision) -> int | None:
    """The channel's limit: the destination's own max_chars when set, else the platform's."""
    for destination in decision.destinations:
        if destination.kind == channel and destination.max_chars:
            return destination.max_chars
    return PLATFORMS[channel].limit


def compose_url(channel: str, text: str, decision: Decision) -> str | None:
    """A link that opens the platform's composer with the text already in it, where one exists."""
    pattern = PLATFORMS[channel].compose_url
    if pattern is None:
        return None
    instance = ""
    if "{instance}" in pattern:
        destination = next((d for d in decision.destinations if d.kind == channel), None)
        instance = urlsplit(destination.url).netloc if destination and destination.url else ""
        if not instance:
            return None
    return pattern.format(text=quote(text, safe=""), instance=instance)


def destination_entries(decision: Decision, exclude: str | None) -> list[dict[str, Any]]:
    """The destinations as templates show them: kind, name, link, url, address."""
    names = words(decision.language).destination_names
    return [
        {
            "kind": d.kind,
            "name": names.get(d.kind, PLATFORMS[d.kind].name),
            "link": d.link,
            "url": d.url,
            "address": d.address,
        }
        for d in decision.destinations
        if d.kind != exclude
    ]


def dated(decision: Decision, key: str, items: list[tuple[str, Any]]) -> str:
    """Platforms with their dates (or counts of days), in the words of ``key`` of the
    language's ``POSTS``: 'X and Instagram on Monday 15 March 2027' for one date, 'X on
    Friday 15 January 2027, then Facebook on Saturday 16 January 2027' for two."""
    said = words(decision.language).posts
    groups: dict[Any, list[str]] = {}
    for name, when in sorted(items, key=lambda item: item[1]):
        groups.setdefault(when, []).append(name)
    return said["then"].join(
        said[key].format(
            platform=format_list(names, locale=decision.locale),
            date=long_date(when, decision.locale) if isinstance(when, dt.date) else "",
            days=when,
        )
        for when, names in groups.items()
    )


def context(plan: Plan, step: Step, channel: str) -> dict[str, Any]:
    """Everything a post template may use: plain data, no objects with methods."""
    decision = plan.decision
    departure = next((d for d in decision.departures if d.platform == step.platform), None)
    entry = departure or next(s for s in decision.stays if s.platform == step.platform)
    language = decision.language
    locale = decision.locale
    role = "leaving" if channel == entry.platform else "relay"
    reminders = [s for s in plan.steps if s.platform == step.platform and s.kind == "remind"]
    website = decision.organisation.website or next(
        (d.link for d in decision.destinations if d.kind == "website"), None
    )
    destinations = destination_entries(decision, exclude=None if role == "leaving" else channel)
    said = words(language).reasons if departure else words(language).stay_reasons
    final = next((s for s in plan.steps if s.id == f"{entry.platform}/final"), None)
    reassess = next((s for s in plan.steps if s.id == f"{entry.platform}/reassess"), None)
    reasons = [said[r] for r in decision.reasons]
    # On a shared channel, the post speaks of every platform of the step's campaign.
    about = (entry.platform,) if role == "leaving" or not step.about else step.about
    everyone: list[Departure | Stay] = [*decision.departures, *decision.stays]
    entries = [e for e in everyone if e.platform in about]
    names = [PLATFORMS[e.platform].name for e in entries]
    close = next((s for s in plan.steps if s.id == f"{entry.platform}/close"), None)
    finals = [plan.step(f"{e.platform}/final").day for e in entries if isinstance(e, Departure)]
    named = [(PLATFORMS[e.platform].name, e) for e in entries]
    return {
        "language": language,
        "organisation": {
            "name": decision.organisation.name,
            "website": decision.organisation.website,
            "contact": decision.organisation.contact,
        },
        "platform": format_list(names, locale=locale),
        "de_platform": format_list([de(n) for n in names], locale=locale),
        "platforms": names,
        "leaving": [
            {
                "name": PLATFORMS[e.platform].name,
                "account": e.account,
                "after": e.after if isinstance(e, Departure) else "stay",
                "fate": PLATFORMS[e.platform].fate(e.after) if isinstance(e, Departure) else "",
                "grace_days": PLATFORMS[e.platform].delete_grace_days,
            }
            for e in entries
        ],
        "account": entry.account,
        "after": departure.after if departure else "stay",
        "fate": PLATFORMS[entry.platform].fate(departure.after) if departure else "",
        # The platforms the post speaks of leave on one date; their farewells on one day.
        "one_date": len({e.date for e in entries}) == 1,
        "one_final": len(set(finals)) <= 1,
        "when": dated(decision, "when", [(n, e.date) for n, e in named]),
        "countdown": dated(
            decision, "countdown", [(n, (e.date - step.day).days) for n, e in named]
        ),
        "farewells": dated(
            decision,
            "farewell",
            [
                (n, plan.step(f"{e.platform}/final").day)
                for n, e in named
                if isinstance(e, Departure)
            ],
        ),
        "close_date": long_date(close.day, locale) if close else None,
        "channel": channel,
        "channel_name": channel_name(channel, language),
        "role": role,
        "departure_date": long_date(entry.date, locale),
        "notice_days": departure.notice_days if departure else 0,
        "days_left": (entry.date - step.day).days,
        "final_date": long_date(final.day, locale) if final else "",
        "review_months": decision.review_months,
        "reassess_month": month_year(reassess.day, locale) if reassess else "",
        "index": reminders.index(step) + 1 if step in reminders else 0,
        "count": len(reminders),
        "destinations": destinations,
        "short_destinations": destinations[:SHORT_LINKS],
        "website": website,
        "links_clickable": PLATFORMS[channel].links_clickable,
        "reason": reasons[0][0] if reasons else None,
        "reasons": [many if len(entries) > 1 else one for _short, one, many in reasons],
        "statement": decision.statement,
        "indicators": list(decision.indicators),
        "indicators_text": format_list(list(decision.indicators), locale=locale),
    }


def template_names(step: Step, channel: str, decision: Decision) -> list[str]:
    """The template names tried for a post, most specific first."""
    base = f"{decision.language}/{step.kind}"
    names = [f"{base}/{channel}.txt.j2"]
    limit = PLATFORMS[channel].limit
    size = "short" if limit is not None and limit <= SHORT_LIMIT else "long"
    if channel == "mailing_list":
        names.append(f"{base}/newsletter.txt.j2")
    elif channel == step.platform:
        names.append(
            f"{base}/{size}.txt.j2" if step.kind == "stay" else f"{base}/leaving-{size}.txt.j2"
        )
    elif channel not in ("website", "newsletter", "partners"):
        names.append(f"{base}/relay.txt.j2")
    return names


def render_posts(plan: Plan, templates: Path | None = None) -> tuple[Post, ...]:
    """Every post of the plan, in timeline order; raises TooLongError if any does not fit.

    The templates run inside the limits of :mod:`planner.template_limits`, one budget of time
    and characters for the whole plan.
    """
    with limits():
        posts = tuple(
            render_post(plan, step, channel, templates)
            for step in plan.steps
            if step.kind in POSTING_KINDS
            for channel in step.channels
        )
    problems = refusals(posts)
    if problems:
        raise TooLongError("\n".join(problems))
    return posts


def refusals(posts: tuple[Post, ...]) -> list[str]:
    """One line per post its platform would refuse: too long, or too many links."""
    problems = [
        _(
            "{step} on {channel}: {length}/{limit}, too long for {platform}; "
            "shorten the template or the texts it uses"
        ).format(
            step=p.step.id,
            channel=p.channel,
            length=said_number(p.length),
            limit=said_number(p.limit or 0),
            platform=PLATFORMS[p.channel].name,
        )
        for p in posts
        if not p.fits
    ]
    problems += [
        _(
            "{step} on {channel}: {links} links, {platform} accepts at most {most}; "
            "remove links from the template or the texts it uses"
        ).format(
            step=p.step.id,
            channel=p.channel,
            links=p.links,
            most=PLATFORMS[p.channel].max_links,
            platform=PLATFORMS[p.channel].name,
        )
        for p in posts
        if not p.links_fit
    ]
    return problems


def reworded(post: Post, text: str, decision: Decision) -> Post:
    """The post with the team's own words instead of the template's (planner serve),
    measured, limited and linked by the same rules as a rendered one."""
    return replace(
        post,
        text=text,
        length=measure(PLATFORMS[post.channel].counter, text),
        compose_url=compose_url(post.channel, text, decision),
    )


@cache
def _template(templates: str | None, names: tuple[str, ...]) -> Template:
    """The first template found among ``names`` (cached: a miss costs a file lookup)."""
    return environment(Path(templates) if templates else None).select_template(names)


def render_post(plan: Plan, step: Step, channel: str, templates: Path | None) -> Post:
    """One post, rendered and measured (not checked against the limit)."""
    decision = plan.decision
    with template_errors(), limits() as budget:
        budget.start_post()
        template = _template(
            str(templates) if templates else None, tuple(template_names(step, channel, decision))
        )
        text = template.render(context(plan, step, channel)).strip()
        budget.plan_chars -= len(text)
    if budget.plan_chars < 0:
        raise InputError(
            _(
                "{file}: the posts of this plan come to more than {most} characters at "
                "{step} on {channel}; shorten this template"
            ).format(file=template.filename, most=MAX_PLAN_CHARS, step=step.id, channel=channel)
        )
    if decision.language == "fr":
        text = french_spacing(text)
    counter = PLATFORMS[channel].counter
    limit = limit_for(channel, decision)
    return Post(
        step=step,
        channel=channel,
        language=decision.language,
        locale=decision.locale,
        text=text,
        length=measure(counter, text),
        limit=limit,
        compose_url=compose_url(channel, text, decision),
    )
