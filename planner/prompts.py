"""The questions of ``planner new``: part of the command line, so it may use click.

Each answer is checked as it is typed (click asks again with the reason); the whole is
then validated by :func:`planner.decision.validate`, the same rules as any file.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import click

from planner.decision import AFTER, LANGUAGES, MIN_NOTICE_DAYS, Decision, validate
from planner.platforms import DESTINATION_KINDS, LEAVABLE

SUGGESTED_INDICATORS = {
    "fr": [
        "inscriptions à la lettre d’information",
        "abonnés Mastodon",
        "participation aux événements",
        "visites du site",
        "dons",
    ],
    "en": [
        "newsletter sign-ups",
        "Mastodon followers",
        "event attendance",
        "website visits",
        "donations",
    ],
}


def _optional(text: str) -> str | None:
    return text.strip() or None


def _url_or_empty(text: str) -> str:
    text = text.strip()
    if text and not text.startswith(("http://", "https://")):
        raise click.BadParameter("write a web address starting with https://")
    return text


def _notice(date: dt.date, today: dt.date) -> int:
    """Notice that leaves a week to prepare when there is time: 21 to 42 days."""
    return max(MIN_NOTICE_DAYS, min(42, (date - today).days - 7))


def ask_decision(today: dt.date, filename: str) -> Decision:
    """Ask for each field of a one-departure decision; ``today`` is the decision date."""
    language = click.prompt(
        "Language of the posts and reminders", type=click.Choice(LANGUAGES), default="fr"
    )
    name = click.prompt("Name of the association").strip()
    website = click.prompt(
        "Website (Enter to skip)", default="", show_default=False, value_proc=_url_or_empty
    )
    contact = click.prompt("Contact email (Enter to skip)", default="", show_default=False)
    platform = click.prompt("Platform you leave", type=click.Choice(LEAVABLE), default="x")
    account = click.prompt("Your account on it (for example @name)").strip()
    earliest = today + dt.timedelta(days=MIN_NOTICE_DAYS)

    def departure_date(text: str) -> dt.date:
        try:
            day = dt.date.fromisoformat(text.strip())
        except ValueError:
            raise click.BadParameter("write the date like 2027-01-15") from None
        if day < earliest:
            raise click.BadParameter(
                f"the community needs three weeks of notice: choose {earliest} or later"
            )
        return day

    date = click.prompt(
        "Departure date (YYYY-MM-DD)",
        default=(today + dt.timedelta(days=35)).isoformat(),
        value_proc=departure_date,
    )
    after = click.prompt(
        "After the departure, the account stays dormant, or you deactivate or delete it",
        type=click.Choice(AFTER),
        default="dormant",
    )
    timezone = click.prompt("Time zone", default="Europe/Paris")

    destinations: list[dict[str, Any]] = []
    kinds = [k for k in DESTINATION_KINDS if k != platform]
    click.echo("Where can the community follow you next? At least one place.")
    while True:
        kind = click.prompt(
            "  Kind of place (Enter when done)" if destinations else "  Kind of place",
            type=click.Choice([*kinds, ""]),
            default="" if destinations else None,
            show_choices=True,
            show_default=False,
        )
        if not kind:
            break
        link = click.prompt("  Its web address (https://…)", value_proc=_url_or_empty)
        destination: dict[str, Any] = {"kind": kind, "url": link}
        if kind == "mastodon":
            destination["address"] = (
                click.prompt("  Its handle (@name@server)", default="", show_default=False).strip()
                or None
            )
        destinations.append({k: v for k, v in destination.items() if v})
        kinds.remove(kind)

    suggestions = ", ".join(SUGGESTED_INDICATORS[language])
    click.echo(f"One to three indicators to follow monthly (for example: {suggestions}).")
    indicators: list[str] = []
    while len(indicators) < 3:
        label = "  Indicator (Enter when done)" if indicators else "  Indicator"
        answer = click.prompt(label, default="" if indicators else None, show_default=False).strip()
        if not answer:
            break
        indicators.append(answer)

    document = {
        "organisation": {
            k: v
            for k, v in {
                "name": name,
                "website": _optional(website),
                "contact": _optional(contact),
            }.items()
            if v
        },
        "decision": {
            "decided_on": today,
            "language": language,
            "timezone": timezone,
            "post_time": dt.time(10, 0),
        },
        "departure": [
            {
                "platform": platform,
                "account": account,
                "date": date,
                "notice_days": _notice(date, today),
                "after": after,
            }
        ],
        "destination": destinations,
        "indicators": {"track": indicators},
    }
    return validate(document, filename)
