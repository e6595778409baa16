"""The decision file: its schema, loading, and validation.

A decision file is TOML the association keeps and edits. It is validated once, here,
at the boundary; every problem of a file is collected and reported on its own line,
naming the file, the field and the fix. After that, the rest of planner trusts the
frozen :class:`Decision` it gets.

The validation is written by hand rather than with a schema library: the messages
are the product here (they tell a volunteer what to type), the rules cross fields
(dates against notice, destinations against departures), and with a schema library we
would still rewrite every message.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planner import countries, fields
from planner.errors import DecisionError
from planner.i18n import _
from planner.inputs import read_toml
from planner.languages import LANGUAGES, locale_of
from planner.platforms import DESTINATION_KINDS, LEAVABLE, PLATFORMS
from planner.wording import said_date

MIN_NOTICE_DAYS = 21
MAX_NOTICE_DAYS = 365
AFTER = ("dormant", "deactivate", "delete")
REVIEW_MONTHS = 12  # monthly reviews of the indicators, until the next decision point
MAX_REVIEW_MONTHS = 24
PLAN_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")  # a slug: it names files and UIDs
MAX_PLAN_ID = 80
REASONS = ("values", "effectiveness", "reliability", "resources", "alternatives", "image")


@dataclass(frozen=True, slots=True)
class Organisation:
    """Who leaves."""

    name: str
    website: str | None = None
    contact: str | None = None
    colour: str | None = None  # "#1d5f8a": the background of its picture cards
    logo: str | None = None  # the absolute path of a PNG or SVG image, for the cards


@dataclass(frozen=True, slots=True)
class Departure:
    """One platform left, on one date."""

    platform: str
    account: str
    date: dt.date
    notice_days: int = MIN_NOTICE_DAYS
    after: str = "dormant"

    @property
    def announce_on(self) -> dt.date:
        """The day of the first public announcement."""
        return self.date - dt.timedelta(days=self.notice_days)


@dataclass(frozen=True, slots=True)
class Stay:
    """A platform the association decided to stay on, and the day it says so."""

    platform: str
    account: str
    date: dt.date


@dataclass(frozen=True, slots=True)
class Destination:
    """A place where the community can follow the association next."""

    kind: str
    address: str | None = None
    url: str | None = None
    max_chars: int | None = None

    @property
    def link(self) -> str:
        """What a post shows: the URL when there is one, else the address."""
        return self.url or self.address or ""


@dataclass(frozen=True, slots=True)
class Decision:
    """A validated decision file."""

    organisation: Organisation
    decided_on: dt.date
    language: str
    timezone: str
    post_time: dt.time
    departures: tuple[Departure, ...]
    destinations: tuple[Destination, ...]
    indicators: tuple[str, ...]
    reasons: tuple[str, ...] = ()
    statement: str | None = None
    stays: tuple[Stay, ...] = ()
    assessed_on: dt.date | None = None
    country: str | None = None  # ISO 3166-1 code whose public holidays posts avoid
    subdivision: str | None = None  # the holidays library's code ('CA', '6AE')
    review_months: int = REVIEW_MONTHS
    id: str | None = None  # the plan's key (planner.identity); None: from the name

    @property
    def locale(self) -> str:
        """The locale of its dates and lists: 'en_US' for a US organisation writing in
        English, 'en_GB' for any other, 'fr' (:func:`planner.content.locale_of`)."""
        return locale_of(self.language, self.country)


# --- reading -----------------------------------------------------------------------------


def load(path: str | os.PathLike[str]) -> Decision:
    """Read and validate a decision file."""
    return validate(read_toml(path), os.fspath(path))


# --- validation --------------------------------------------------------------------------


_TOP = ("organisation", "decision", "departure", "stay", "destination", "indicators")
_ORGANISATION = ("name", "website", "contact", "colour", "logo")
_DECISION = (
    "id",
    "decided_on",
    "language",
    "timezone",
    "post_time",
    "reasons",
    "statement",
    "assessed_on",
    "country",
    "subdivision",
    "review_months",
)
_STAY = ("platform", "account", "date")
_DEPARTURE = ("platform", "account", "date", "notice_days", "after")
_DESTINATION = ("kind", "address", "url", "max_chars")
_INDICATORS = ("track",)


def validate(document: dict[str, Any], source: str) -> Decision:
    """Turn a parsed decision document into a Decision, or raise every problem it has."""
    problems = fields.Problems(source)
    fields.unknown_keys(document, _TOP, "", problems)

    org_table = fields.table(document, "organisation", problems)
    if "organisation" not in document:
        problems.add("organisation", _('missing; add [organisation] with name = "…"'))
    fields.unknown_keys(org_table, _ORGANISATION, "organisation.", problems)
    organisation = Organisation(
        name=fields.string(
            org_table.get("name", fields.MISSING),
            "organisation.name",
            problems,
            required="organisation" in document,
            max_len=200,
        )
        or "",
        website=fields.url(
            org_table.get("website", fields.MISSING),
            "organisation.website",
            problems,
            required=False,
        ),
        contact=fields.string(
            org_table.get("contact", fields.MISSING),
            "organisation.contact",
            problems,
            required=False,
            max_len=200,
        ),
        colour=fields.colour(
            org_table.get("colour", fields.MISSING), "organisation.colour", problems
        ),
        logo=fields.logo(
            org_table.get("logo", fields.MISSING),
            "organisation.logo",
            problems,
            Path(source).parent,
        ),
    )

    dec = fields.table(document, "decision", problems)
    if "decision" not in document:
        problems.add("decision", _("missing; add [decision] with decided_on = 2026-11-26"))
    fields.unknown_keys(dec, _DECISION, "decision.", problems)
    decided_on = (
        fields.date(dec.get("decided_on", fields.MISSING), "decision.decided_on", problems)
        if "decision" in document
        else None
    )
    language = fields.choice(
        dec.get("language", fields.MISSING), LANGUAGES, "decision.language", problems, default="fr"
    )
    timezone = fields.timezone(dec.get("timezone", fields.MISSING), "decision.timezone", problems)
    post_time = fields.time(dec.get("post_time", fields.MISSING), "decision.post_time", problems)
    reasons = fields.list_of(
        dec.get("reasons", []),
        "decision.reasons",
        problems,
        lambda v, w: fields.choice(v, REASONS, w, problems, default=None),
    )
    statement = fields.string(
        dec.get("statement", fields.MISSING),
        "decision.statement",
        problems,
        required=False,
        max_len=1000,
        multiline=True,
    )

    assessed_on = (
        fields.date(dec["assessed_on"], "decision.assessed_on", problems)
        if "assessed_on" in dec
        else None
    )
    country, subdivision = _country(dec, timezone, problems)
    review_months = _review_months(dec, problems)
    plan_id = _plan_id(dec, problems)
    leaving = "departure" in document or "stay" not in document
    destinations = _destinations(document, problems, required=leaving)
    departures = _departures(
        document,
        decided_on,
        {d.kind for d in destinations},
        problems,
        required=leaving,
        country=country,
    )
    stays = _stays(document, decided_on, {d.platform for d in departures}, problems, country)
    indicators = _indicators(document, problems)

    if problems.lines:
        raise DecisionError(problems.lines, problems.found)
    assert decided_on and language and timezone and post_time  # guaranteed when no problem
    return Decision(
        organisation=organisation,
        decided_on=decided_on,
        language=language,
        timezone=timezone,
        post_time=post_time,
        departures=tuple(sorted(departures, key=lambda d: (d.date, d.platform))),
        destinations=tuple(destinations),
        indicators=tuple(indicators),
        reasons=tuple(dict.fromkeys(reasons)),
        statement=statement,
        stays=tuple(sorted(stays, key=lambda s: (s.date, s.platform))),
        assessed_on=assessed_on,
        country=country,
        subdivision=subdivision,
        review_months=review_months,
        id=plan_id,
    )


def _country(
    dec: dict[str, Any], timezone: str | None, problems: fields.Problems
) -> tuple[str | None, str | None]:
    """The country whose public holidays the plan avoids (by default the time zone's),
    and the subdivision's code in the holidays library."""
    value = dec.get("country", fields.MISSING)
    if isinstance(value, str) and not fields.plain_text(value, "decision.country", problems):
        return None, None
    if value is fields.MISSING:
        country = countries.zone_country(timezone) if timezone else None
    elif isinstance(value, str) and value.strip().upper() in countries.country_codes():
        country = value.strip().upper()
    else:
        problems.add(
            "decision.country",
            _(
                "'{value}' is not a country code; write the two-letter ISO 3166 code, "
                'like "FR", "BE", "CA" or "US"'
            ).format(value=value),
            _(
                "'{value}' is not a country code; type the two-letter ISO 3166 code, like FR, "
                "BE, CA or US"
            ).format(value=value),
        )
        return None, None
    value = dec.get("subdivision", fields.MISSING)
    if isinstance(value, str) and not fields.plain_text(value, "decision.subdivision", problems):
        return country, None
    if value is fields.MISSING:
        return country, None
    if country is None:
        problems.add(
            "decision.subdivision",
            _('needs a country; add country = "FR" (or your country\'s code) above it'),
            _("needs a country; fill in the country first (FR, or your country's code)"),
        )
        return None, None
    # Imported here: the holidays library would double the start-up time of `check` for
    # every file, and only a file that names a subdivision needs it (bench/README.md).
    from planner.public_holidays import subdivision_code, subdivisions

    code = subdivision_code(country, value) if isinstance(value, str) else None
    if code is None:
        known = subdivisions(country)
        problems.add(
            "decision.subdivision",
            (
                _(
                    "'{value}' is not a subdivision of {country} with public holidays of its "
                    "own; use one of {names}, or remove the line"
                )
                if known
                else _(
                    "{country} has no subdivision with public holidays of its own; remove the line"
                )
            ).format(value=value, country=country, names=", ".join(known)),
            (
                _(
                    "'{value}' is not a subdivision of {country} with public holidays of its "
                    "own; type one of {names}, or leave it empty"
                )
                if known
                else _(
                    "{country} has no subdivision with public holidays of its own; leave it empty"
                )
            ).format(value=value, country=country, names=", ".join(known)),
        )
    return country, code


def _review_months(dec: dict[str, Any], problems: fields.Problems) -> int:
    value = dec.get("review_months", REVIEW_MONTHS)
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= MAX_REVIEW_MONTHS:
        problems.add(
            "decision.review_months",
            _(
                "'{value}' is not a number of months from 1 to {most}; write it like "
                "review_months = 12"
            ).format(value=value, most=MAX_REVIEW_MONTHS),
            _("'{value}' is not a number of months from 1 to {most}; type a number like 12").format(
                value=value, most=MAX_REVIEW_MONTHS
            ),
        )
        return REVIEW_MONTHS
    return value


def _plan_id(dec: dict[str, Any], problems: fields.Problems) -> str | None:
    value = dec.get("id", fields.MISSING)
    if value is fields.MISSING:
        return None
    if not isinstance(value, str) or not PLAN_ID.match(value) or len(value) > MAX_PLAN_ID:
        problems.add(
            "decision.id",
            _(
                "'{value}' is not a plan id; use lowercase letters, digits and hyphens, at most "
                '{most} characters, like id = "amis-du-jardin-3f2a9c"'
            ).format(value=value, most=MAX_PLAN_ID),
            _(
                "'{value}' is not a plan id; use lowercase letters, digits and hyphens, at most "
                "{most} characters, like amis-du-jardin-3f2a9c"
            ).format(value=value, most=MAX_PLAN_ID),
        )
        return None
    return value


def _destinations(
    document: dict[str, Any], problems: fields.Problems, *, required: bool
) -> list[Destination]:
    out: list[Destination] = []
    seen: set[str] = set()
    none = (
        _(
            "none given; add at least one [[destination]] block (kind and url) so the "
            "community knows where to follow you"
        )
        if required
        else None
    )
    none_form = _(
        "none given; add at least one place, with its kind and web address, so the community "
        "knows where to follow you"
    )
    for where, block in fields.blocks(
        document,
        "destination",
        _DESTINATION,
        _("kind and url"),
        none,
        problems,
        none_form=none_form,
    ):
        kind = fields.choice(
            block.get("kind", fields.MISSING),
            DESTINATION_KINDS,
            f"{where} kind",
            problems,
            default=None,
        )
        address = fields.string(
            block.get("address", fields.MISSING),
            f"{where} address",
            problems,
            required=False,
            max_len=200,
        )
        url = fields.url(block.get("url", fields.MISSING), f"{where} url", problems, required=False)
        max_chars = block.get("max_chars")
        if max_chars is not None and (
            not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 100
        ):
            problems.add(
                f"{where} max_chars", _("must be a whole number of at least 100, like 500")
            )
            max_chars = None
        if "address" not in block and "url" not in block:
            problems.add(
                where,
                _('has neither address nor url; add url = "https://…"'),
                _(
                    "has neither a web address nor an address; type its web address, starting with https://"
                ),
            )
        if kind is None:
            continue
        if kind in seen:
            problems.add(
                f"{where} kind",
                _("'{kind}' is already listed; give each kind once").format(kind=kind),
                _("this kind of place is already listed; choose each kind once"),
            )
            continue
        seen.add(kind)
        out.append(Destination(kind=kind, address=address, url=url, max_chars=max_chars))
    return out


def _platform_account_date(
    block: dict[str, Any], where: str, problems: fields.Problems
) -> tuple[str | None, str | None, dt.date | None]:
    """The platform, account and date of a ``[[departure]]`` or ``[[stay]]`` block."""
    platform = fields.choice(
        block.get("platform", fields.MISSING), LEAVABLE, f"{where} platform", problems, default=None
    )
    account = fields.string(
        block.get("account", fields.MISSING),
        f"{where} account",
        problems,
        required=True,
        max_len=100,
    )
    date = fields.date(block.get("date", fields.MISSING), f"{where} date", problems)
    return platform, account, date


def _departures(
    document: dict[str, Any],
    decided_on: dt.date | None,
    destination_kinds: set[str],
    problems: fields.Problems,
    *,
    required: bool,
    country: str | None,
) -> list[Departure]:
    out: list[Departure] = []
    seen: set[str] = set()
    none = (
        _(
            "none given; add a [[departure]] block with platform and date (or a [[stay]] block "
            "if the association decided to stay)"
        )
        if required
        else None
    )
    none_form = _(
        "none given; add a platform to leave (or a platform to stay on, if the association "
        "decided to stay)"
    )
    for where, block in fields.blocks(
        document,
        "departure",
        _DEPARTURE,
        _("platform and date"),
        none,
        problems,
        none_form=none_form,
    ):
        platform, account, date = _platform_account_date(block, where, problems)
        after = fields.choice(
            block.get("after", fields.MISSING), AFTER, f"{where} after", problems, default="dormant"
        )
        notice = fields.days(
            block.get("notice_days", MIN_NOTICE_DAYS), f"{where} notice_days", problems
        )
        if notice is None:
            pass
        elif notice < MIN_NOTICE_DAYS:
            soonest = decided_on + dt.timedelta(days=MIN_NOTICE_DAYS) if decided_on else None
            earliest = earliest_form = ""
            if decided_on and soonest and soonest <= fields.LAST_DATE:
                earliest = _(
                    "; with 21, the earliest departure after the decision of {decided} "
                    "is {earliest} (date = {typed})"
                ).format(
                    decided=said_date(decided_on, country),
                    earliest=said_date(soonest, country),
                    typed=soonest.isoformat(),
                )
                earliest_form = _(
                    "; with 21, the earliest departure after the decision of {decided} "
                    "is {earliest}"
                ).format(
                    decided=said_date(decided_on, country), earliest=said_date(soonest, country)
                )
            problems.add(
                f"{where} notice_days",
                _(
                    "{notice} days is less than the three weeks the community needs; "
                    "set notice_days = 21 or more{earliest}"
                ).format(notice=notice, earliest=earliest),
                _(
                    "{notice} days is less than the three weeks the community needs; "
                    "type 21 or more{earliest}"
                ).format(notice=notice, earliest=earliest_form),
            )
            notice = None
        elif notice > MAX_NOTICE_DAYS:
            problems.add(
                f"{where} notice_days",
                _("{notice} days is more than a year; set at most {most}").format(
                    notice=notice, most=MAX_NOTICE_DAYS
                ),
            )
            notice = None
        if platform is not None:
            if platform in seen:
                problems.add(
                    f"{where} platform",
                    _("'{platform}' is left twice; keep one [[departure]] per platform").format(
                        platform=platform
                    ),
                    _("{platform} is chosen twice; keep one platform left for it").format(
                        platform=PLATFORMS[platform].name
                    ),
                )
            seen.add(platform)
            if platform in destination_kinds:
                problems.add(
                    f"{where} platform",
                    _(
                        "'{platform}' is also listed as a destination; remove it from one of them"
                    ).format(platform=platform),
                    _(
                        "{platform} is also listed as a place to follow you; remove it from one "
                        "of them"
                    ).format(platform=PLATFORMS[platform].name),
                )
        if date is not None and notice is not None and decided_on is not None:
            announce = date - dt.timedelta(days=notice)
            soonest = decided_on + dt.timedelta(days=notice)
            if announce < decided_on and soonest > fields.LAST_DATE:
                problems.add(
                    f"{where} date",
                    _(
                        "the first announcement would fall on {announce}, before the decision "
                        "({decided}), and {notice} days after the decision is past {last}, the "
                        "last date planner plans for; check the years of decided_on and date"
                    ).format(
                        announce=said_date(announce, country),
                        decided=said_date(decided_on, country),
                        notice=notice,
                        last=said_date(fields.LAST_DATE, country),
                    ),
                    _(
                        "the first announcement would fall on {announce}, before the decision "
                        "({decided}), and {notice} days after the decision is past {last}, the "
                        "last date planner plans for; check the years of both dates"
                    ).format(
                        announce=said_date(announce, country),
                        decided=said_date(decided_on, country),
                        notice=notice,
                        last=said_date(fields.LAST_DATE, country),
                    ),
                )
            elif announce < decided_on:
                problems.add(
                    f"{where} date",
                    _(
                        "the first announcement would fall on {announce}, before the decision "
                        "({decided}); set date = {earliest} or later"
                    ).format(
                        announce=said_date(announce, country),
                        decided=said_date(decided_on, country),
                        earliest=soonest.isoformat(),
                    ),
                    _(
                        "the first announcement would fall on {announce}, before the decision "
                        "({decided}); choose {earliest} or later"
                    ).format(
                        announce=said_date(announce, country),
                        decided=said_date(decided_on, country),
                        earliest=said_date(soonest, country),
                    ),
                )
        if platform and account and date and notice and after:
            out.append(Departure(platform, account, date, notice, after))
    return out


def _stays(
    document: dict[str, Any],
    decided_on: dt.date | None,
    leaving: set[str],
    problems: fields.Problems,
    country: str | None,
) -> list[Stay]:
    out: list[Stay] = []
    seen: set[str] = set()
    for where, block in fields.blocks(
        document, "stay", _STAY, _("platform, account and date"), None, problems
    ):
        platform, account, date = _platform_account_date(block, where, problems)
        if platform in leaving or platform in seen:
            problems.add(
                f"{where} platform",
                _(
                    "'{platform}' is already in another [[departure]] or [[stay]] block; keep one"
                ).format(platform=platform),
                _(
                    "{platform} is already among the platforms you leave or stay on; keep it once"
                ).format(platform=PLATFORMS[platform].name if platform else ""),
            )
            continue
        if date is not None and decided_on is not None and date < decided_on:
            problems.add(
                f"{where} date",
                _("{date} is before the decision ({day}); set date = {decided} or later").format(
                    date=said_date(date, country),
                    day=said_date(decided_on, country),
                    decided=decided_on.isoformat(),
                ),
                _("{date} is before the decision ({decided}); choose {decided} or later").format(
                    date=said_date(date, country), decided=said_date(decided_on, country)
                ),
            )
            continue
        if platform and account and date:
            seen.add(platform)
            out.append(Stay(platform, account, date))
    return out


def _indicators(document: dict[str, Any], problems: fields.Problems) -> list[str]:
    table = fields.table(document, "indicators", problems)
    fields.unknown_keys(table, _INDICATORS, "indicators.", problems)
    track = table.get("track", fields.MISSING)
    if track is fields.MISSING:
        problems.add(
            "indicators.track",
            _('missing; list one to three things to follow monthly, like ["newsletter sign-ups"]'),
            _(
                "missing; write one to three things to follow monthly, one per line, like "
                "newsletter sign-ups"
            ),
        )
        return []
    items = fields.list_of(
        track,
        "indicators.track",
        problems,
        lambda v, w: fields.string(v, w, problems, required=True, max_len=120),
    )
    if isinstance(track, list) and not 1 <= len(track) <= 3:
        problems.add(
            "indicators.track",
            _(
                "has {count} indicators; follow one to three, so the monthly review stays short"
            ).format(count=len(track)),
        )
    return items
