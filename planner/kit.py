"""The departure kit: one self-contained page, the calendar file, every post as text, and
the picture cards (``cards/``) with their alt text.

:func:`kit_files` returns the kit as ``{relative path: bytes}``; the command line writes
it with :func:`planner.files.replace_folder`, so a reader of the folder sees the old kit
or the new one, never a mix. The page is rendered from ``templates/kit.html.j2`` with
autoescaping on: whatever an organisation name or a post holds is shown as text.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from planner.cards import Card, plan_cards
from planner.content import channel_name, words
from planner.drawing import card_files
from planner.ics import plan_calendar
from planner.platforms import PLATFORMS
from planner.posts import Post, destination_entries
from planner.templating import environment
from planner.timeline import Plan
from planner.views import post_files
from planner.wording import grouped, long_date, short_date

KIND_COLOURS = {  # all at least 4.5:1 against white, for text and markers
    "prepare": "#5b4a8a",
    "announce": "#b3261e",
    "remind": "#8a4b00",
    "final": "#b3261e",
    "stay": "#3e6b2f",
    "followup": "#1d5f8a",
    "close": "#3b3b3b",
    "upkeep": "#3e6b2f",
    "review": "#1d5f8a",
}


BEFORE_WIDTH = 700  # of the 960 units of the timeline, for the weeks up to a week after D


def position(day: dt.date, first: dt.date, pivot: dt.date, last: dt.date) -> float:
    """Where a day sits on the drawn timeline (the page's script mirrors this for today)."""
    if day <= pivot:
        return round(20 + BEFORE_WIDTH * (day - first).days / max(1, (pivot - first).days), 1)
    after = 960 - BEFORE_WIDTH
    return round(20 + BEFORE_WIDTH + after * (day - pivot).days / max(1, (last - pivot).days), 1)


def _epoch_day(day: dt.date) -> int:
    return (day - dt.date(1970, 1, 1)).days


def _cards_of(step_id: str, cards: tuple[Card, ...]) -> list[dict[str, Any]]:
    return [
        {
            "src": f"cards/{c.file_name}",
            "label": c.format.label,
            "width": c.format.width,
            "height": c.format.height,
        }
        for c in cards
        if c.text.step.id == step_id
    ]


def page_context(
    plan: Plan, posts: tuple[Post, ...], ics_name: str, cards: tuple[Card, ...] = ()
) -> dict[str, Any]:
    """Plain data for the page template."""
    decision = plan.decision
    alts = {c.text.step.id: c.text.alt for c in cards}
    language = decision.language
    first, last = plan.steps[0].day, plan.steps[-1].day
    # The weeks around the departure get most of the width; the monthly follow-up the rest.
    last_date = max([d.date for d in decision.departures] + [s.date for s in decision.stays])
    pivot = max(s.day for s in plan.steps if s.day <= last_date + dt.timedelta(days=7))
    steps = []
    for step in plan.steps:
        when = long_date(step.day, decision.locale)
        if isinstance(step.start, dt.datetime):
            when += f", {step.start:%H:%M}"
        steps.append(
            {
                "id": step.id,
                "anchor": "step-" + step.id.replace("/", "-"),
                "kind": step.kind,
                "colour": KIND_COLOURS[step.kind],
                "title": step.title,
                "when": when,
                "day": step.day.isoformat(),
                "x": position(step.day, first, pivot, last),
                "short": short_date(step.day, decision.locale),
                "checklist": step.checklist,
                "cards": _cards_of(step.id, cards),
                "alt": alts.get(step.id, ""),
                "alt_id": "alt-" + step.id.replace("/", "-"),
                "posts": [
                    {
                        "id": f"post-{step.id.replace('/', '-')}-{p.channel}",
                        "channel": channel_name(p.channel, language),
                        "text": p.text,
                        "length": p.length,
                        "limit": p.limit,
                        "count": (
                            f"{grouped(p.length, decision.locale)}/"
                            f"{grouped(p.limit, decision.locale)}"
                            if p.limit
                            else grouped(p.length, decision.locale)
                        ),
                        "compose_url": p.compose_url,
                    }
                    for p in posts
                    if p.step.id == step.id
                ],
            }
        )
    return {
        "language": language,
        "name": decision.organisation.name,
        "website": decision.organisation.website,
        "departures": [
            {
                "platform": PLATFORMS[d.platform].name,
                "account": d.account,
                "date": long_date(d.date, decision.locale),
            }
            for d in decision.departures
        ],
        "destinations": destination_entries(decision, exclude=None),
        "steps": steps,
        "departure_marks": list({s["short"]: s for s in steps if s["kind"] == "final"}.values()),
        "first_day": _epoch_day(first),
        "pivot_day": _epoch_day(pivot),
        "pivot_x": position(pivot, first, pivot, last),
        "before_width": BEFORE_WIDTH,
        "after_width": 960 - BEFORE_WIDTH,
        "last_day": _epoch_day(last),
        "ics_name": ics_name,
        "card_words": words(language).cards,
        "K": words(language).kit,
    }


def kit_files(
    plan: Plan, posts: tuple[Post, ...], stamp: dt.datetime, source: str
) -> dict[str, bytes]:
    """Every file of the kit, by path relative to the kit's folder; ``source``, the decision
    file, is named by an error about a card (a logo that cannot be read)."""
    ics_name = f"{plan.key}.ics"
    cards = plan_cards(plan)
    page = (
        environment(html=True)
        .get_template("kit.html.j2")
        .render(page_context(plan, posts, ics_name, cards))
    )
    files = {
        "index.html": page.encode("utf-8"),
        ics_name: plan_calendar(plan, posts, stamp),
    }
    files.update({f"posts/{name}": data for name, data in post_files(posts).items()})
    files.update({f"cards/{name}": data for name, data in card_files(cards, source).items()})
    return files
