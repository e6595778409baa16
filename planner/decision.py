"""The decision file: its schema, loading, and validation.

A decision file is TOML the association keeps and edits. It is validated once, here,
at the boundary; every problem of a file is collected and reported on its own line,
naming the file, the field and the fix. After that, the rest of planner trusts the
frozen :class:`Decision` it gets.

The validation is written by hand rather than with a schema library: the messages
are the product here (they tell a volunteer what to type), the rules cross fields
(dates against notice, destinations against departures) and a schema library would
cost start-up time on every command for messages we would rewrite anyway.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from planner.errors import DecisionError
from planner.platforms import DESTINATION_KINDS, LEAVABLE

MIN_NOTICE_DAYS = 21
MAX_NOTICE_DAYS = 365
LANGUAGES = ("fr", "en")
AFTER = ("dormant", "deactivate", "delete")
FIRST_YEAR, LAST_YEAR = 2000, 2100  # keeps every date the plan derives in range
REASONS = ("values", "effectiveness", "reliability", "resources", "alternatives", "image")


@dataclass(frozen=True, slots=True)
class Organisation:
    """Who leaves."""

    name: str
    website: str | None = None
    contact: str | None = None


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


# --- reading -----------------------------------------------------------------------------

_TOML_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


def read_document(path: Path) -> dict[str, Any]:
    """Read a TOML file into a dict, or raise a DecisionError that says what to fix."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DecisionError([f"{name}: no such file; check the name and the folder"]) from None
    except IsADirectoryError:
        raise DecisionError([f"{name}: is a folder; give the path of a decision file"]) from None
    except OSError as exc:
        raise DecisionError([f"{name}: cannot be read ({exc.strerror})"]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DecisionError(
            [f"{name}:{line}: this file is not UTF-8 text; save it again as UTF-8"]
        ) from None
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        found = _TOML_POSITION.search(message)
        where = f"{name}:{found.group(1)}" if found else name
        reason = _TOML_POSITION.sub("", message).strip()
        raise DecisionError(
            [f"{where}: the TOML is malformed ({reason}); check quotes, brackets and '=' there"]
        ) from None


def load(path: Path) -> Decision:
    """Read and validate a decision file."""
    return validate(read_document(path), str(path))


# --- validation --------------------------------------------------------------------------


class _Problems:
    """Collects the problems of one file, each as one finished line."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.lines: list[str] = []

    def add(self, where: str, message: str) -> None:
        self.lines.append(f"{self.source}: {where}: {message}")


_MISSING = object()


def _unknown_keys(
    table: dict[str, Any], allowed: tuple[str, ...], where: str, problems: _Problems
) -> None:
    what = "field" if where else "table"
    for key in table:
        if key in allowed:
            continue
        close = difflib.get_close_matches(key, allowed, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.add(
            f"{where}{key}",
            f"unknown {what}; {hint}the {what}s here are {', '.join(allowed)}",
        )


def _string(
    value: Any, where: str, problems: _Problems, *, required: bool, max_len: int = 2000
) -> str | None:
    if value is _MISSING:
        if required:
            field = where.split(".")[-1].split(" ")[-1]
            problems.add(where, f'missing; add a line {field} = "…"')
        return None
    if not isinstance(value, str):
        problems.add(where, f'must be text in quotes, not {_describe(value)}; write it "like this"')
        return None
    text: str = value.strip()
    if not text:
        if required:
            problems.add(where, "is empty; write a value between the quotes")
        return None
    if len(text) > max_len:
        problems.add(where, f"is {len(text)} characters long; keep it under {max_len}")
        return None
    return text


def _choice(
    value: Any, choices: tuple[str, ...], where: str, problems: _Problems, *, default: str | None
) -> str | None:
    if value is _MISSING:
        if default is None:
            problems.add(where, f"missing; choose one of {', '.join(choices)}")
        return default
    if not isinstance(value, str) or value.strip().lower() not in choices:
        close = difflib.get_close_matches(str(value).lower(), choices, n=1)
        hint = f"did you mean '{close[0]}'? " if close else ""
        problems.add(where, f"'{value}' is not known; {hint}choose one of {', '.join(choices)}")
        return None
    return str(value.strip().lower())


def _date(value: Any, where: str, problems: _Problems) -> dt.date | None:
    if value is _MISSING:
        problems.add(where, "missing; write a date like 2027-01-15 (no quotes needed)")
        return None
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            problems.add(where, f"'{value}' is not a date; write it like 2027-01-15")
            return None
    if isinstance(value, dt.datetime):
        problems.add(where, "must be a date without a time; write it like 2027-01-15")
        return None
    if not isinstance(value, dt.date):
        problems.add(where, f"must be a date like 2027-01-15, not {_describe(value)}")
        return None
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        problems.add(
            where, f"{value} is out of range; give a date between {FIRST_YEAR} and {LAST_YEAR}"
        )
        return None
    return value


def _time(value: Any, where: str, problems: _Problems) -> dt.time | None:
    if value is _MISSING:
        return dt.time(10, 0)
    if isinstance(value, dt.time):
        if value.tzinfo is not None:
            problems.add(where, "must be a local time without an offset, like 10:00")
            return None
        return value.replace(second=0, microsecond=0)
    if isinstance(value, str):
        found = re.fullmatch(r"\s*(\d{1,2})[:hH](\d{2})\s*", value)
        if found and int(found.group(1)) < 24 and int(found.group(2)) < 60:
            return dt.time(int(found.group(1)), int(found.group(2)))
    problems.add(where, f"'{value}' is not a time of day; write it like 10:00")
    return None


def _url(value: Any, where: str, problems: _Problems, *, required: bool) -> str | None:
    text = _string(value, where, problems, required=required)
    if text is None:
        return None
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.netloc or " " in text:
        example = f"https://{text}" if "://" not in text and "." in text else "https://example.org"
        problems.add(where, f"'{text}' is not a web address; write it like {example}")
        return None
    return text


def _timezone(value: Any, where: str, problems: _Problems) -> str | None:
    if value is _MISSING:
        return "Europe/Paris"
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    if isinstance(value, str) and value.strip():
        try:
            ZoneInfo(value.strip())
        except (ZoneInfoNotFoundError, ValueError):
            pass
        else:
            return value.strip()
    problems.add(
        where,
        f"'{value}' is not a known time zone; use a name like Europe/Paris or America/Montreal",
    )
    return None


def _table(document: dict[str, Any], key: str, problems: _Problems) -> dict[str, Any]:
    value = document.get(key, {})
    if not isinstance(value, dict):
        problems.add(key, f"must be a table; write it as [{key}] on its own line")
        return {}
    return value


def _array_of_tables(document: dict[str, Any], key: str, problems: _Problems) -> list[Any]:
    value = document.get(key, [])
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        problems.add(key, f"must be written as [[{key}]] blocks, one per {key}")
        return []
    return value


def _describe(value: Any) -> str:
    kinds: dict[type, str] = {
        bool: "true/false",
        int: "a number",
        float: "a number",
        list: "a list",
        dict: "a table",
        dt.date: "a date",
        dt.datetime: "a date and time",
        dt.time: "a time",
        str: "text",
    }
    return kinds.get(type(value), type(value).__name__)


_TOP = ("organisation", "decision", "departure", "destination", "indicators")
_ORGANISATION = ("name", "website", "contact")
_DECISION = ("decided_on", "language", "timezone", "post_time", "reasons", "statement")
_DEPARTURE = ("platform", "account", "date", "notice_days", "after")
_DESTINATION = ("kind", "address", "url", "max_chars")
_INDICATORS = ("track",)


def validate(document: dict[str, Any], source: str) -> Decision:
    """Turn a parsed decision document into a Decision, or raise every problem it has."""
    problems = _Problems(source)
    _unknown_keys(document, _TOP, "", problems)

    org_table = _table(document, "organisation", problems)
    if "organisation" not in document:
        problems.add("organisation", 'missing; add [organisation] with name = "…"')
    _unknown_keys(org_table, _ORGANISATION, "organisation.", problems)
    organisation = Organisation(
        name=_string(
            org_table.get("name", _MISSING),
            "organisation.name",
            problems,
            required="organisation" in document,
            max_len=200,
        )
        or "",
        website=_url(
            org_table.get("website", _MISSING), "organisation.website", problems, required=False
        ),
        contact=_string(
            org_table.get("contact", _MISSING),
            "organisation.contact",
            problems,
            required=False,
            max_len=200,
        ),
    )

    dec = _table(document, "decision", problems)
    if "decision" not in document:
        problems.add("decision", "missing; add [decision] with decided_on = 2026-11-26")
    _unknown_keys(dec, _DECISION, "decision.", problems)
    decided_on = (
        _date(dec.get("decided_on", _MISSING), "decision.decided_on", problems)
        if "decision" in document
        else None
    )
    language = _choice(
        dec.get("language", _MISSING), LANGUAGES, "decision.language", problems, default="fr"
    )
    timezone = _timezone(dec.get("timezone", _MISSING), "decision.timezone", problems)
    post_time = _time(dec.get("post_time", _MISSING), "decision.post_time", problems)
    reasons = _list_of(
        dec.get("reasons", []),
        "decision.reasons",
        problems,
        lambda v, w: _choice(v, REASONS, w, problems, default=None),
    )
    statement = _string(
        dec.get("statement", _MISSING), "decision.statement", problems, required=False, max_len=1000
    )

    destinations = _destinations(document, problems)
    departures = _departures(document, decided_on, {d.kind for d in destinations}, problems)
    indicators = _indicators(document, problems)

    if problems.lines:
        raise DecisionError(problems.lines)
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
    )


def _list_of(
    value: Any, where: str, problems: _Problems, check: Callable[[Any, str], str | None]
) -> list[str]:
    if not isinstance(value, list):
        problems.add(where, 'must be a list in square brackets, like ["…", "…"]')
        return []
    out = []
    for index, item in enumerate(value, start=1):
        checked = check(item, f"{where} item {index}")
        if checked is not None:
            out.append(checked)
    return out


def _blocks(
    document: dict[str, Any],
    key: str,
    fields: tuple[str, ...],
    needs: str,
    none: str,
    problems: _Problems,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each [[key]] block that is a table, with its name for messages ('departure #2')."""
    blocks = _array_of_tables(document, key, problems)
    if not blocks and key not in document:
        problems.add(key, none)
    for index, block in enumerate(blocks, start=1):
        where = f"{key} #{index}"
        if not isinstance(block, dict):
            problems.add(where, f"must be a [[{key}]] block with {needs}")
            continue
        _unknown_keys(block, fields, f"{where} ", problems)
        yield where, block


def _destinations(document: dict[str, Any], problems: _Problems) -> list[Destination]:
    out: list[Destination] = []
    seen: set[str] = set()
    none = (
        "none given; add at least one [[destination]] block (kind and url) so the "
        "community knows where to follow you"
    )
    for where, block in _blocks(
        document, "destination", _DESTINATION, "kind and url", none, problems
    ):
        kind = _choice(
            block.get("kind", _MISSING), DESTINATION_KINDS, f"{where} kind", problems, default=None
        )
        address = _string(
            block.get("address", _MISSING),
            f"{where} address",
            problems,
            required=False,
            max_len=200,
        )
        url = _url(block.get("url", _MISSING), f"{where} url", problems, required=False)
        max_chars = block.get("max_chars")
        if max_chars is not None and (
            not isinstance(max_chars, int) or isinstance(max_chars, bool) or max_chars < 100
        ):
            problems.add(f"{where} max_chars", "must be a whole number of at least 100, like 500")
            max_chars = None
        if "address" not in block and "url" not in block:
            problems.add(where, 'has neither address nor url; add url = "https://…"')
        if kind is None:
            continue
        if kind in seen:
            problems.add(f"{where} kind", f"'{kind}' is already listed; give each kind once")
            continue
        seen.add(kind)
        out.append(Destination(kind=kind, address=address, url=url, max_chars=max_chars))
    return out


def _departures(
    document: dict[str, Any],
    decided_on: dt.date | None,
    destination_kinds: set[str],
    problems: _Problems,
) -> list[Departure]:
    out: list[Departure] = []
    seen: set[str] = set()
    none = "none given; add a [[departure]] block with platform and date"
    for where, block in _blocks(
        document, "departure", _DEPARTURE, "platform and date", none, problems
    ):
        platform = _choice(
            block.get("platform", _MISSING), LEAVABLE, f"{where} platform", problems, default=None
        )
        account = _string(
            block.get("account", _MISSING), f"{where} account", problems, required=True, max_len=100
        )
        date = _date(block.get("date", _MISSING), f"{where} date", problems)
        after = _choice(
            block.get("after", _MISSING), AFTER, f"{where} after", problems, default="dormant"
        )
        notice = block.get("notice_days", MIN_NOTICE_DAYS)
        if not isinstance(notice, int) or isinstance(notice, bool):
            problems.add(f"{where} notice_days", "must be a whole number of days, like 21")
            notice = None
        elif notice < MIN_NOTICE_DAYS:
            earliest = (
                f"; with 21, the earliest departure after the decision of {decided_on} is "
                f"{decided_on + dt.timedelta(days=MIN_NOTICE_DAYS)}"
                if decided_on
                else ""
            )
            problems.add(
                f"{where} notice_days",
                f"{notice} days is less than the three weeks the community needs; "
                f"set notice_days = 21 or more{earliest}",
            )
            notice = None
        elif notice > MAX_NOTICE_DAYS:
            problems.add(
                f"{where} notice_days",
                f"{notice} days is more than a year; set at most {MAX_NOTICE_DAYS}",
            )
            notice = None
        if platform is not None:
            if platform in seen:
                problems.add(
                    f"{where} platform",
                    f"'{platform}' is left twice; keep one [[departure]] per platform",
                )
            seen.add(platform)
            if platform in destination_kinds:
                problems.add(
                    f"{where} platform",
                    f"'{platform}' is also listed as a destination; remove it from one of them",
                )
        if date is not None and notice is not None and decided_on is not None:
            announce = date - dt.timedelta(days=notice)
            if announce < decided_on:
                problems.add(
                    f"{where} date",
                    f"the first announcement would fall on {announce}, before the decision "
                    f"({decided_on}); set date = {decided_on + dt.timedelta(days=notice)} "
                    f"or later",
                )
        if platform and account and date and notice and after:
            out.append(Departure(platform, account, date, notice, after))
    return out


def _indicators(document: dict[str, Any], problems: _Problems) -> list[str]:
    table = _table(document, "indicators", problems)
    _unknown_keys(table, _INDICATORS, "indicators.", problems)
    track = table.get("track", _MISSING)
    if track is _MISSING:
        problems.add(
            "indicators.track",
            'missing; list one to three things to follow monthly, like ["newsletter sign-ups"]',
        )
        return []
    items = _list_of(
        track,
        "indicators.track",
        problems,
        lambda v, w: _string(v, w, problems, required=True, max_len=120),
    )
    if isinstance(track, list) and not 1 <= len(track) <= 3:
        problems.add(
            "indicators.track",
            f"has {len(track)} indicators; follow one to three, so the monthly review stays short",
        )
    return items


def timing_warnings(decision: Decision, today: dt.date, source: str) -> list[str]:
    """Warnings about dates already past on ``today``: the plan is valid, but late."""
    warnings = []
    for departure in decision.departures:
        if departure.announce_on < today:
            warnings.append(
                f"{source}: departure from {departure.platform}: the first announcement "
                f"({departure.announce_on}) is already past; move date to "
                f"{today + dt.timedelta(days=departure.notice_days)} or later to give full notice"
            )
    return warnings


def new_document(decision: Decision, filename: str) -> str:
    """A commented decision file, in the decision's language, that loads back to ``decision``.

    Used by ``planner new``; takes one departure (the first).
    """
    from planner.platforms import PLATFORMS
    from planner.templating import environment

    departure = decision.departures[0]
    text = (
        environment()
        .get_template(f"{decision.language}/decision.toml.j2")
        .render(
            filename=Path(filename).name,
            organisation=decision.organisation,
            decided_on=decision.decided_on.isoformat(),
            language=decision.language,
            timezone=decision.timezone,
            post_time=decision.post_time.strftime("%H:%M:%S"),
            departure={
                "platform": departure.platform,
                "platform_name": PLATFORMS[departure.platform].name,
                "account": departure.account,
                "date": departure.date.isoformat(),
                "notice_days": departure.notice_days,
                "after": departure.after,
            },
            destinations=decision.destinations,
            indicators=list(decision.indicators),
        )
    )
    validate(tomllib.loads(text), filename)  # what we write must load back
    return text
