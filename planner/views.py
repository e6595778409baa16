"""The plan and its posts as text for a terminal, as JSON for scripts, as Markdown for a
shared document, and as the plain text of one step for a calendar or a reminder.

Each form of the plan carries planner's signature (:mod:`planner.files`), so that a second
``plan -o`` knows the file is its own: the text ends with the line ``-- planner``, the
Markdown with an HTML comment, the JSON starts with ``"generator": "planner"``.

The JSON form is a contract other tools read: one object with ``generator``,
``organisation`` and ``steps``, each step with id, kind, platform, start, end, title,
checklist, channels; ``start``/``end`` are ISO 8601 (a date for all-day steps, a
date-time with its UTC offset for timed ones) and ``end`` is exclusive. The posts' JSON has
``posts``, each with step, channel, start, language, text, length, limit, compose_url and
``card``: the picture card that goes with it (``file``, as ``planner cards`` names it, and
``alt``, its alt text), or null.
"""

from __future__ import annotations

import datetime as dt
import json
import textwrap
from collections.abc import Mapping
from typing import Any

from planner.cards import Card
from planner.content import channel_name, words
from planner.files import GENERATOR, SIGNATURE_MARKDOWN, SIGNATURE_TEXT
from planner.platforms import PLATFORMS
from planner.posts import Post
from planner.timeline import Plan, Step, iso
from planner.wording import grouped, long_date, short_date

WIDTH = 88  # the text view wraps checklists for an ordinary terminal


def step_record(step: Step) -> dict[str, Any]:
    """A step as the JSON contract describes it."""
    return {
        "id": step.id,
        "kind": step.kind,
        "platform": step.platform,
        "start": iso(step.start),
        "end": iso(step.end),
        "title": step.title,
        "checklist": list(step.checklist),
        "channels": list(step.channels),
    }


def plan_json(plan: Plan) -> str:
    """The plan as one JSON object (UTF-8 text, not ASCII-escaped), ending with a newline."""
    record = {
        "generator": GENERATOR,
        "organisation": plan.decision.organisation.name,
        "steps": [step_record(step) for step in plan.steps],
    }
    return json.dumps(record, ensure_ascii=False, indent=2) + "\n"


def _when(step: Step, plan: Plan) -> str:
    day = long_date(step.day, plan.decision.locale)
    if isinstance(step.start, dt.datetime):
        return f"{day}, {step.start.strftime('%H:%M')}"
    return f"{day}, {words(plan.decision.language).view['allday']}"


def _heading(plan: Plan) -> str:
    labels = words(plan.decision.language).view
    key = "heading" if plan.decision.departures else "heading_stay"
    return labels[key].format(name=plan.decision.organisation.name)


def _intro(plan: Plan) -> list[str]:
    decision = plan.decision
    labels = words(decision.language).view
    lines = [
        labels["leaves"].format(
            platform=PLATFORMS[d.platform].name,
            account=d.account,
            date=long_date(d.date, decision.locale),
        )
        for d in decision.departures
    ]
    lines += [
        labels["stays"].format(
            platform=PLATFORMS[s.platform].name,
            account=s.account,
            date=long_date(s.date, decision.locale),
        )
        for s in decision.stays
    ]
    lines.append(labels["zone"].format(zone=decision.timezone))
    return lines


def _channels(step: Step, language: str) -> str:
    return ", ".join(channel_name(c, language) for c in step.channels)


def plan_text(plan: Plan) -> str:
    """The plan for a terminal: one block per step, dates in words."""
    language = plan.decision.language
    labels = words(language).view
    heading = _heading(plan)
    lines = [heading, "=" * len(heading), *_intro(plan), ""]
    for step in plan.steps:
        lines.append(f"{_when(step, plan)}  [{step.id}]")
        lines.append(f"  {step.title}")
        if step.channels:
            lines.append(f"  {labels['post_on']} {_channels(step, language)}")
        lines.extend(
            textwrap.fill(item, WIDTH, initial_indent="  - ", subsequent_indent="    ")
            for item in step.checklist
        )
        lines.append("")
    lines += [SIGNATURE_TEXT, ""]
    return "\n".join(lines)


def plan_markdown(plan: Plan) -> str:
    """The plan as Markdown: a summary table, then one section per step with a task list."""
    language = plan.decision.language
    labels = words(language).view
    lines = [f"# {_heading(plan)}", ""]
    lines += [*_intro(plan), ""]
    lines += [f"| {labels['date']} | {labels['time']} | {labels['step']} |", "|---|---|---|"]
    for step in plan.steps:
        time = step.start.strftime("%H:%M") if isinstance(step.start, dt.datetime) else ""
        title = step.title.replace("|", "\\|")
        day = short_date(step.day, plan.decision.locale)
        lines.append(f"| {day} | {time} | [{title}](#{_anchor(step)}) |")
    lines.append("")
    for step in plan.steps:
        lines += [
            f'<a id="{_anchor(step)}"></a>',
            "",
            f"## {_when(step, plan)}{labels['colon']}{step.title}",
            "",
        ]
        if step.channels:
            lines += [f"{labels['post_on']} {_channels(step, language)}", ""]
        lines += [f"- [ ] {item}" for item in step.checklist]
        lines.append("")
    lines += [SIGNATURE_MARKDOWN, ""]
    return "\n".join(lines)


def _anchor(step: Step) -> str:
    return step.id.replace("/", "-")


Cards = Mapping[tuple[str, str], Card]  # by step id and channel (planner.cards.post_cards)


def _card(post: Post, cards: Cards | None) -> Card | None:
    return (cards or {}).get((post.step.id, post.channel))


def posts_json(posts: tuple[Post, ...], cards: Cards | None = None) -> str:
    """The posts as the JSON contract describes them, each with its card when ``cards``
    has one for it."""
    records = [
        {
            "step": p.step.id,
            "channel": p.channel,
            "start": iso(p.step.start),
            "language": p.language,
            "text": p.text,
            "length": p.length,
            "limit": p.limit,
            "compose_url": p.compose_url,
            "card": (
                {"file": card.file_name, "alt": card.text.alt}
                if (card := _card(p, cards))
                else None
            ),
        }
        for p in posts
    ]
    return json.dumps({"posts": records}, ensure_ascii=False, indent=2) + "\n"


def posts_text(posts: tuple[Post, ...], cards: Cards | None = None) -> str:
    """The posts for a terminal: a header line each, then the text; after a post that has a
    card in ``cards``, the card's file and the description to give the image (its alt text).

    The header is the plan's, in the plan's language like the posts and the card's lines:
    the step's title, its date, the channel's name and the post's length; then the two ids
    that ``planner posts`` takes to show this post alone, as the options that take them
    (``--step x/announce --channel mastodon``)."""
    blocks = []
    for p in posts:
        when = long_date(p.step.day, p.locale)
        if isinstance(p.step.start, dt.datetime):
            when += f" {p.step.start.strftime('%H:%M')}"
        size = grouped(p.length, p.locale)
        if p.limit:
            size += f"/{grouped(p.limit, p.locale)}"
        name = channel_name(p.channel, p.language)
        name = name[:1].upper() + name[1:]
        options = f"--step {p.step.id} --channel {p.channel}"
        block = f"── {p.step.title} · {when} · {name} {size} ── {options}\n{p.text}\n"
        card = _card(p, cards)
        if card is not None:
            said = words(p.language).cards
            block += "\n" + said["post.image"].format(file=card.file_name) + "\n"
            block += said["post.alt"].format(alt=card.text.alt) + "\n"
        blocks.append(block)
    return "\n".join(blocks)


def post_files(posts: tuple[Post, ...]) -> dict[str, bytes]:
    """One UTF-8 text file per post, named by date, step and channel (``Post.file_name``)."""
    return {p.file_name: (p.text + "\n").encode("utf-8") for p in posts}


def step_text(plan: Plan, step: Step, posts: tuple[Post, ...]) -> str:
    """Everything to do for a step, as plain text: checklist, posts, composer links, links.

    The calendar puts it in DESCRIPTION and the reminders send it.
    """
    language = plan.decision.language
    labels = words(language).step
    parts = [labels["todo"], *(f"- {item}" for item in step.checklist)]
    own = [p for p in posts if p.step.id == step.id]
    if own:
        parts += ["", labels["posts"]]
        for post in own:
            size = f" ({post.length}/{post.limit})" if post.limit else ""
            parts += ["", f"== {channel_name(post.channel, language)}{size} ==", post.text]
            if post.compose_url:
                parts += [labels["compose"], post.compose_url]
    links = [d.link for d in plan.decision.destinations if d.link]
    if links:
        parts += ["", labels["links"], *links]
    return "\n".join(parts)
