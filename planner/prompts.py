"""The questions of ``planner new`` and ``planner assess``: part of the command line (click).

Each answer is checked as it is typed, by the validators ``check`` uses and with its
messages (:mod:`planner.fields`), and asked again when wrong; a decision is then
validated by :func:`planner.decision.validate`, the same rules as any file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import click

from planner import advice, fields
from planner.assess import Answer, Assessment, reasons
from planner.content import LANGUAGES, words
from planner.countries import country_zones, zone_country
from planner.decision import MIN_NOTICE_DAYS, Decision, Departure, Organisation, validate
from planner.fields import Problems
from planner.i18n import _
from planner.i18n import language as interface_language
from planner.platforms import DESTINATION_KINDS, LEAVABLE, PLATFORMS
from planner.questions import CHOICES, THEMES, Question
from planner.terminal import ask, choose, confirm, echo, fold, labelled
from planner.wording import said_date

T = TypeVar("T")

PROPOSED_DAYS = 35  # the departure date offered: five weeks on, or the first good day after


def checked(
    check: Callable[[Any, str, Problems], T | None], where: str = ""
) -> Callable[[str], T | None]:
    """A prompt's ``value_proc`` from a validator of :mod:`planner.fields`: the answer is
    asked again, with the validator's own message, until the validator accepts it."""

    def convert(text: str) -> T | None:
        problems = Problems(where)
        value = check(text, where, problems)
        if problems.messages:
            raise click.BadParameter("; ".join(problems.messages))
        return value

    return convert


def system_timezone(environ: Mapping[str, str], etc: Path = Path("/etc")) -> str | None:
    """The time zone this machine is set to, when it says so: the TZ variable, then
    /etc/timezone (Debian), then the zone /etc/localtime links to; None when none names a
    known zone, or only UTC (a server's setting, rarely where an association lives)."""
    candidates = [environ.get("TZ", "").lstrip(":")]
    with contextlib.suppress(OSError):
        candidates.append((etc / "timezone").read_text("utf-8").strip())
    with contextlib.suppress(OSError):
        candidates.append(str((etc / "localtime").readlink()))
    for candidate in candidates:
        name = candidate.split("zoneinfo/", 1)[-1].strip()
        if not name or name.startswith("Etc/") or name in ("UTC", "Universal", "Zulu", "GMT"):
            continue
        problems = Problems("")
        if fields.timezone(name, "", problems) and not problems.lines:
            return name
    return None


def locale_country(environ: Mapping[str, str]) -> str | None:
    """The country of the machine's locale, as the C library reads it (LC_ALL, else
    LC_TIME, else LANG: 'en_GB.UTF-8' -> 'GB'); None when the locale names none (C, POSIX)."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = environ.get(name, "")
        if value:
            found = re.match(r"[A-Za-z]{2,3}_([A-Za-z]{2})(?![A-Za-z])", value)
            return found.group(1).upper() if found else None
    return None


def offered_timezone(
    environ: Mapping[str, str], language: str, etc: Path = Path("/etc")
) -> str | None:
    """The time zone ``planner new`` offers for a decision in ``language``: the machine's
    (:func:`system_timezone`); on a machine set to UTC (a server, a container), the zone of
    the locale's country when it has only one ('en_GB' -> Europe/London, 'fr_BE' ->
    Europe/Brussels); with no country in the locale, Europe/Paris for a decision in French
    (most of planner's users are in France). Otherwise none: the zone is asked, never
    guessed (a US locale has 29 zones)."""
    zone = system_timezone(environ, etc)
    if zone is not None:
        return zone
    country = locale_country(environ)
    if country is not None:
        zones = country_zones(country)
        return zones[0] if len(zones) == 1 else None
    return "Europe/Paris" if language == "fr" else None


def _date_from(earliest: dt.date, why: str) -> Callable[[str], dt.date | None]:
    """A date checked as ``check`` checks it, then not before ``earliest``."""
    parse = checked(fields.date)

    def convert(text: str) -> dt.date | None:
        day = parse(text)
        if day is not None and day < earliest:
            raise click.BadParameter(
                _("{why}: choose {date} or later (type {typed})").format(
                    why=why, date=said_date(earliest), typed=earliest.isoformat()
                )
            )
        return day

    return convert


_TEXT = partial(fields.string, required=True, max_len=200)
_OPTIONAL_TEXT = partial(fields.string, required=False, max_len=200)


def _place_labels(kinds: list[str]) -> dict[str, str]:
    """The kinds of place, by the words of the interface; networks by their own names."""
    named = {
        "website": _("website"),
        "newsletter": _("newsletter"),
        "mailing_list": _("mailing list"),
        "other": _("other"),
    }
    return {kind: named.get(kind, kind) for kind in kinds}


def _destinations(platforms: list[str], *, required: bool) -> list[dict[str, Any]]:
    destinations: list[dict[str, Any]] = []
    kinds = [k for k in DESTINATION_KINDS if k not in platforms]
    echo(
        _("Where can the community follow you next? At least one place.")
        if required
        else _("Other places where the community can follow you (Enter when done).")
    )
    while True:
        optional = bool(destinations) or not required
        kind = choose(
            _("  Kind of place (Enter when done)") if optional else _("  Kind of place"),
            _place_labels(kinds),
            optional=optional,
        )
        if not kind:
            return destinations
        link = ask(
            _("  Its web address (https://…)"),
            value_proc=checked(partial(fields.url, required=True)),
        )
        destination: dict[str, Any] = {"kind": kind, "url": link}
        if kind == "mastodon":
            destination["address"] = ask(
                _("  Its handle (@name@server)"), default="", value_proc=checked(_OPTIONAL_TEXT)
            )
        destinations.append({k: v for k, v in destination.items() if v})
        kinds.remove(kind)


def _indicators(language: str, known: tuple[str, ...] = ()) -> list[str]:
    if known:
        return list(known)
    suggestions = ", ".join(words(language).suggested_indicators)
    echo(
        _("One to three indicators to follow monthly (for example: {examples}).").format(
            examples=suggestions
        )
    )
    return _ask_indicators()


def _ask_indicators() -> list[str]:
    """One to three indicators, one a line; Enter ends the list after the first."""
    indicators: list[str] = []
    check = checked(partial(fields.string, required=False, max_len=120))
    while len(indicators) < 3:
        label = _("  Indicator (Enter when done)") if indicators else _("  Indicator")
        answer = ask(label, default="" if indicators else None, value_proc=check)
        if not answer:
            break
        indicators.append(answer)
    return indicators


def _account(platform: str) -> str:
    """The account left or stayed on. A Facebook or LinkedIn Page has no handle of its own
    to log in with: it is asked by the name people see."""
    name = PLATFORMS[platform].name
    return str(
        ask(
            _("Name of your Page on {platform}, as people see it").format(platform=name)
            if PLATFORMS[platform].page
            else _("Your account on {platform} (for example @name)").format(platform=name),
            value_proc=checked(partial(fields.string, required=True, max_len=100)),
        )
    )


def _after(platform: str) -> str:
    """What becomes of the account, in the platform's own terms: a Facebook Page is taken
    offline, not deactivated (planner.platforms)."""
    facts = PLATFORMS[platform]
    if facts.deactivate == "unpublish":
        question = _(
            "After the departure, the Page stays online without new posts (dormant), or you "
            "take it offline or delete it"
        )
        labels = {"dormant": _("dormant"), "deactivate": _("take offline"), "delete": _("delete")}
    else:
        question = (
            _(
                "After the departure, the Page stays online without new posts (dormant), or "
                "you deactivate or delete it"
            )
            if facts.page
            else _("After the departure, the account stays dormant, or you deactivate or delete it")
        )
        labels = {"dormant": _("dormant"), "deactivate": _("deactivate"), "delete": _("delete")}
    return choose(question, labels, default="dormant")


def _departure(platform: str, draft: Decision, filename: str) -> Departure:
    """The questions about leaving one platform. The date offered is the first from five
    weeks on that ``check`` will have nothing to say about (a holiday season, a public
    holiday, a short preparation: :func:`planner.advice.proposed`), next to the departures
    of ``draft`` and in its country; a date typed that it would warn about is said so at
    once, with its advice, and kept if the person wants it."""
    today = draft.decided_on
    account = _account(platform)
    offered = advice.proposed(
        draft, Departure(platform, account, today), today + dt.timedelta(days=PROPOSED_DAYS)
    )
    label = _("Departure date from {platform} (YYYY-MM-DD)").format(
        platform=PLATFORMS[platform].name
    )
    while True:
        date = ask(
            label,
            default=offered.date.isoformat(),
            value_proc=_date_from(
                today + dt.timedelta(days=MIN_NOTICE_DAYS),
                _("the community needs three weeks of notice"),
            ),
        )
        departure = advice.with_notice(draft, Departure(platform, account, date))
        warnings = advice.departure_warnings(advice.adding(draft, departure), platform, filename)
        if not warnings:
            break
        for warning in warnings:
            echo(_("Warning: {message}").format(message=warning))
        if confirm(_("Keep this date?"), default=True):
            break
    return dataclasses.replace(departure, after=_after(platform))


def _departure_table(departure: Departure) -> dict[str, Any]:
    return {
        "platform": departure.platform,
        "account": departure.account,
        "date": departure.date,
        "notice_days": departure.notice_days,
        "after": departure.after,
    }


def ask_decision(
    today: dt.date,
    filename: str,
    start: Assessment | None = None,
    zone: Callable[[str], str | None] | None = None,
) -> Decision:
    """Ask for each field of a decision, each answer checked as ``check`` checks it;
    ``today`` is the decision date, ``zone`` gives the time zone to offer for a decision in
    a language (:func:`offered_timezone`); without it, or when it gives none, the zone is
    asked with no default.

    One or more platforms are left, each with its account, date and what becomes of the
    account. With ``start`` (an assessment), its organisation, platform, language,
    indicators and the reasons its answers point to are taken as they are; a "stay"
    decision gives a [[stay]] block instead of departures.
    """
    if start is None:
        language = choose(
            _("Language of the posts and reminders"),
            {code: code for code in LANGUAGES},
            default=interface_language(),
        )
        name = ask(_("Name of the association"), value_proc=checked(_TEXT))
        first = None
    else:
        language, name, first = start.language, start.organisation, start.platform
    website = ask(
        _("Website (Enter to skip)"),
        default="",
        value_proc=checked(partial(fields.url, required=False)),
    )
    contact = ask(
        _("Contact email (Enter to skip)"), default="", value_proc=checked(_OPTIONAL_TEXT)
    )
    # The zone before the dates: its country's holidays are those the date offered avoids.
    offered = zone(language) if zone else None
    timezone = ask(
        _("Time zone")
        if offered
        else _("Time zone (for example Europe/London or America/Chicago)"),
        default=offered,
        value_proc=checked(fields.timezone),
    )
    staying = start is not None and start.decision == "stay"
    decision_table: dict[str, Any] = {
        "decided_on": today,
        "language": language,
        "timezone": timezone,
        "post_time": dt.time(10, 0),
    }
    document: dict[str, Any] = {"decision": decision_table}
    if staying and first is not None:
        account = _account(first)
        date = ask(
            _("Day to tell the community you stay (YYYY-MM-DD)"),
            default=(today + dt.timedelta(days=7)).isoformat(),
            value_proc=_date_from(today, _("the post cannot be before the decision")),
        )
        document["stay"] = [{"platform": first, "account": account, "date": date}]
        platforms = [first]
    else:
        # The decision so far, as ``check`` will read it: the warnings a date can cause.
        draft = Decision(
            Organisation(name),
            today,
            language,
            timezone,
            decision_table["post_time"],
            (),
            (),
            (),
            country=zone_country(timezone),
        )
        platforms = []
        while True:
            left = [p for p in LEAVABLE if p not in platforms]
            platform = first or choose(
                _("Platform you leave"),
                {p: PLATFORMS[p].name for p in left},
                default=None if platforms else "x",
            )
            first = None
            platforms.append(platform)
            draft = advice.adding(draft, _departure(platform, draft, filename))
            if len(left) == 1 or not confirm(
                _("Do you also leave another platform?"), default=False
            ):
                break
        document["departure"] = [_departure_table(d) for d in draft.departures]
    document["destination"] = _destinations(platforms, required=not staying)
    document["indicators"] = {"track": _indicators(language, start.indicators if start else ())}
    document["organisation"] = {
        k: v for k, v in {"name": name, "website": website, "contact": contact}.items() if v
    }
    if start is not None:
        decision_table["assessed_on"] = start.date
        decision_table["reasons"] = list(reasons(start, toward="stay" if staying else "leave"))
    return validate(document, filename)


# --- the assessment --------------------------------------------------------------------


def _choice(question: Question, language: str) -> str:
    said = words(language)
    for number, key in enumerate(CHOICES, start=1):
        echo(f"    {number}. {said.choices[key]}")
    accepted = {str(n): key for n, key in enumerate(CHOICES, start=1)}
    accepted.update({fold(said.choices[key]): key for key in CHOICES})
    accepted.update({key: key for key in CHOICES})

    def parse(text: str) -> str:
        key = accepted.get(fold(text))
        if key is None:
            raise click.BadParameter(
                _("type a number from 1 to {count}").format(count=len(CHOICES))
            )
        return key

    return str(
        click.prompt(said.prompts["answer"], value_proc=parse, prompt_suffix=said.prompts["suffix"])
    )


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

    said = words(language)
    result: float | None = click.prompt(
        said.prompts["number"],
        default="",
        show_default=False,
        value_proc=parse,
        prompt_suffix=said.prompts["suffix"],
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
        language = choose(
            _("Language of the questions and the report"),
            {code: code for code in LANGUAGES},
            default="fr",
        )
        name = str(
            click.prompt(
                words(language).prompts["name"],
                value_proc=checked(_TEXT),
                prompt_suffix=words(language).prompts["suffix"],
            )
        )
        platform = choose(
            words(language).prompts["platform"],
            {p: PLATFORMS[p].name for p in LEAVABLE},
            default="x",
        )
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
            echo(f"\n== {said.themes[theme.key]} ==")
        for question in todo:
            text, find_out = said.questions[question.id]
            echo("\n" + text)
            if question.lean == "indicators":
                echo(find_out.format(examples=", ".join(said.suggested_indicators)))
                start = dataclasses.replace(start, indicators=tuple(_ask_indicators()))
                save(start)
                continue
            value: str | float | None
            if question.lean == "figure":
                unit = said.units.get(question.id, "")
                echo(f"    ({unit})")
                value = _figure(language)
            else:
                value = _choice(question, language)
            note = click.prompt(
                said.prompts["note"],
                default="",
                show_default=False,
                prompt_suffix=said.prompts["suffix"],
            ).strip()
            answers[question.id] = Answer(value, note or None)
            start = dataclasses.replace(start, answers=dict(answers), complete=False)
            save(start)
    decided = click.prompt(
        said.prompts["decided"],
        default="",
        show_default=False,
        value_proc=labelled({**said.decisions, "": ""}),
        prompt_suffix=said.prompts["suffix"],
    )
    finished = dataclasses.replace(
        start, answers=dict(answers), decision=decided or None, complete=True
    )
    save(finished)
    return finished
