"""The questions of ``planner new`` and ``planner assess``: part of the command line (click).

Each answer is checked as it is typed (click asks again with the reason); a decision is
then validated by :func:`planner.decision.validate`, the same rules as any file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from typing import Any

import click

from planner.assess import DECISIONS, Answer, Assessment, reasons
from planner.content import LANGUAGES, words
from planner.decision import AFTER, MIN_NOTICE_DAYS, Decision, validate
from planner.i18n import _
from planner.platforms import DESTINATION_KINDS, LEAVABLE, PLATFORMS
from planner.questions import CHOICES, THEMES, Question


def _url_or_empty(text: str) -> str:
    text = text.strip()
    if text and not text.startswith(("http://", "https://")):
        raise click.BadParameter(_("write a web address starting with https://"))
    return text


def _notice(date: dt.date, today: dt.date) -> int:
    """Notice that leaves a week to prepare when there is time: 21 to 42 days."""
    return max(MIN_NOTICE_DAYS, min(42, (date - today).days - 7))


def _date_from(earliest: dt.date, why: str) -> Callable[[str], dt.date]:
    def parse(text: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise click.BadParameter(_("write the date like 2027-01-15")) from None
        if day < earliest:
            raise click.BadParameter(
                _("{why}: choose {date} or later").format(why=why, date=earliest)
            )
        return day

    return parse


def _destinations(platform: str, *, required: bool) -> list[dict[str, Any]]:
    destinations: list[dict[str, Any]] = []
    kinds = [k for k in DESTINATION_KINDS if k != platform]
    click.echo(
        _("Where can the community follow you next? At least one place.")
        if required
        else _("Other places where the community can follow you (Enter when done).")
    )
    while True:
        optional = bool(destinations) or not required
        kind = click.prompt(
            _("  Kind of place (Enter when done)") if optional else _("  Kind of place"),
            type=click.Choice([*kinds, ""]),
            default="" if optional else None,
            show_choices=True,
            show_default=False,
        )
        if not kind:
            return destinations
        link = click.prompt(_("  Its web address (https://…)"), value_proc=_url_or_empty)
        destination: dict[str, Any] = {"kind": kind, "url": link}
        if kind == "mastodon":
            handle = click.prompt(_("  Its handle (@name@server)"), default="", show_default=False)
            destination["address"] = handle.strip() or None
        destinations.append({k: v for k, v in destination.items() if v})
        kinds.remove(kind)


def _indicators(language: str, known: tuple[str, ...] = ()) -> list[str]:
    if known:
        return list(known)
    suggestions = ", ".join(words(language).suggested_indicators)
    click.echo(
        _("One to three indicators to follow monthly (for example: {examples}).").format(
            examples=suggestions
        )
    )
    return _ask_indicators()


def _ask_indicators() -> list[str]:
    """One to three indicators, one a line; Enter ends the list after the first."""
    indicators: list[str] = []
    while len(indicators) < 3:
        label = _("  Indicator (Enter when done)") if indicators else _("  Indicator")
        answer = click.prompt(label, default="" if indicators else None, show_default=False)
        if not answer.strip():
            break
        indicators.append(answer.strip())
    return indicators


def ask_decision(today: dt.date, filename: str, start: Assessment | None = None) -> Decision:
    """Ask for each field of a one-platform decision; ``today`` is the decision date.

    With ``start`` (an assessment), its organisation, platform, language, indicators and
    the reasons its answers point to are taken as they are; a "stay" decision gives a
    [[stay]] block instead of a departure.
    """
    if start is None:
        language = click.prompt(
            _("Language of the posts and reminders"), type=click.Choice(LANGUAGES), default="fr"
        )
        name = click.prompt(_("Name of the association")).strip()
        platform = None
    else:
        language, name, platform = start.language, start.organisation, start.platform
    website = click.prompt(
        _("Website (Enter to skip)"), default="", show_default=False, value_proc=_url_or_empty
    )
    contact = click.prompt(_("Contact email (Enter to skip)"), default="", show_default=False)
    staying = start is not None and start.decision == "stay"
    if platform is None:
        platform = click.prompt(_("Platform you leave"), type=click.Choice(LEAVABLE), default="x")
    account = click.prompt(
        _("Your account on {platform} (for example @name)").format(
            platform=PLATFORMS[platform].name
        )
    )
    decision_table: dict[str, Any] = {
        "decided_on": today,
        "language": language,
        "post_time": dt.time(10, 0),
    }
    document: dict[str, Any] = {"decision": decision_table}
    if staying:
        date = click.prompt(
            _("Day to tell the community you stay (YYYY-MM-DD)"),
            default=(today + dt.timedelta(days=7)).isoformat(),
            value_proc=_date_from(today, _("the post cannot be before the decision")),
        )
        document["stay"] = [{"platform": platform, "account": account.strip(), "date": date}]
    else:
        earliest = today + dt.timedelta(days=MIN_NOTICE_DAYS)
        date = click.prompt(
            _("Departure date (YYYY-MM-DD)"),
            default=(today + dt.timedelta(days=35)).isoformat(),
            value_proc=_date_from(earliest, _("the community needs three weeks of notice")),
        )
        after = click.prompt(
            _("After the departure, the account stays dormant, or you deactivate or delete it"),
            type=click.Choice(AFTER),
            default="dormant",
        )
        document["departure"] = [
            {
                "platform": platform,
                "account": account.strip(),
                "date": date,
                "notice_days": _notice(date, today),
                "after": after,
            }
        ]
    decision_table["timezone"] = click.prompt(_("Time zone"), default="Europe/Paris")
    document["destination"] = _destinations(platform, required=not staying)
    document["indicators"] = {"track": _indicators(language, start.indicators if start else ())}
    document["organisation"] = {
        k: v
        for k, v in {"name": name, "website": website.strip(), "contact": contact.strip()}.items()
        if v
    }
    if start is not None:
        decision_table["assessed_on"] = start.date
        decision_table["reasons"] = list(reasons(start, toward="stay" if staying else "leave"))
    return validate(document, filename)


# --- the assessment --------------------------------------------------------------------


def _choice(question: Question, language: str) -> str:
    choices = words(language).choices
    for number, key in enumerate(CHOICES, start=1):
        click.echo(f"    {number}. {choices[key]}")
    accepted = {str(n): key for n, key in enumerate(CHOICES, start=1)}
    accepted.update({choices[key]: key for key in CHOICES})
    accepted.update({key: key for key in CHOICES})

    def parse(text: str) -> str:
        key = accepted.get(text.strip().lower())
        if key is None:
            raise click.BadParameter(
                _("type a number from 1 to {count}").format(count=len(CHOICES))
            )
        return key

    return str(click.prompt(words(language).prompts["answer"], value_proc=parse))


def _figure(language: str) -> float | None:
    def parse(text: str) -> float | None:
        text = text.strip().replace(",", ".").rstrip("%").strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise click.BadParameter(_("type a number, like 2 or 2.5")) from None
        if value < 0:
            raise click.BadParameter(_("type a number of 0 or more"))
        return value

    result: float | None = click.prompt(
        words(language).prompts["number"], default="", show_default=False, value_proc=parse
    )
    return result


def ask_assessment(
    start: Assessment | None, today: dt.date, save: Callable[[Assessment], None]
) -> Assessment:
    """Ask every question not yet answered in ``start``, saving after each answer.

    The evaluation theme's last question, which indicators can help, is answered by the
    one to three indicators themselves (an answers file from before it existed, without
    indicators, is asked it when resumed).
    """
    if start is None:
        language = click.prompt("Language / langue", type=click.Choice(LANGUAGES), default="fr")
        name = click.prompt(words(language).prompts["name"]).strip()
        platform = click.prompt("Platform / plateforme", type=click.Choice(LEAVABLE), default="x")
        start = Assessment(name, platform, language, today)
        save(start)
    language = start.language
    said = words(language)
    answers = dict(start.answers)
    for theme in THEMES:
        todo = [
            q
            for q in theme.questions
            if q.id not in answers and not (q.lean == "indicators" and start.indicators)
        ]
        if todo:
            click.echo(f"\n== {said.themes[theme.key]} ==")
        for question in todo:
            text, find_out = said.questions[question.id]
            click.echo("\n" + text)
            if question.lean == "indicators":
                click.echo(find_out.format(examples=", ".join(said.suggested_indicators)))
                start = dataclasses.replace(start, indicators=tuple(_ask_indicators()))
                save(start)
                continue
            value: str | float | None
            if question.lean == "figure":
                unit = words(language).units.get(question.id, "")
                click.echo(f"    ({unit})")
                value = _figure(language)
            else:
                value = _choice(question, language)
            note = click.prompt(
                words(language).prompts["note"], default="", show_default=False
            ).strip()
            answers[question.id] = Answer(value, note or None)
            start = dataclasses.replace(start, answers=dict(answers), complete=False)
            save(start)
    decided = click.prompt(
        words(language).prompts["decided"],
        type=click.Choice([*DECISIONS, ""]),
        default="",
        show_default=False,
        show_choices=False,
    )
    finished = dataclasses.replace(
        start, answers=dict(answers), decision=decided or None, complete=True
    )
    save(finished)
    return finished
