"""The calendar file: byte-level lint, times as three independent parsers read them, khal."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import vobject
from click.testing import CliRunner
from ical.calendar_stream import IcsCalendarStream
from icalendar import Calendar

from planner.cli import main
from planner.decision import Decision, load
from planner.ics import plan_calendar, sequence
from planner.posts import render_posts
from planner.timeline import Plan, build_plan

from .conftest import EXAMPLES, ROOT, Golden, npm_module

STAMP = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
BIN = Path(sys.executable).parent


def calendar_of(decision: Decision, stamp: dt.datetime = STAMP) -> tuple[Plan, bytes]:
    plan = build_plan(decision)
    return plan, plan_calendar(plan, render_posts(plan), stamp)


def moved(decision: Decision, zone: str, departure: dt.date, notice: int) -> Decision:
    """The decision with its first departure on another date and in another time zone."""
    dep = replace(decision.departures[0], date=departure, notice_days=notice)
    decided = departure - dt.timedelta(days=notice + 7)
    return replace(decision, timezone=zone, departures=(dep,), decided_on=decided)


# Each plan's posting steps straddle a daylight-saving change of its zone (2027).
ZONE_CASES = {
    "paris-spring": ("Europe/Paris", dt.date(2027, 4, 12)),  # DST starts 28 March
    "paris-autumn": ("Europe/Paris", dt.date(2027, 11, 15)),  # DST ends 31 October
    "new-york-spring": ("America/New_York", dt.date(2027, 3, 29)),  # starts 14 March
    "new-york-autumn": ("America/New_York", dt.date(2027, 11, 22)),  # ends 7 November
    "sydney-autumn": ("Australia/Sydney", dt.date(2027, 4, 19)),  # ends 4 April
    "sydney-spring": ("Australia/Sydney", dt.date(2027, 10, 18)),  # starts 3 October
}


@pytest.fixture(scope="module", params=sorted(ZONE_CASES))
def zone_plan(request: pytest.FixtureRequest) -> tuple[Plan, bytes]:
    zone, departure = ZONE_CASES[request.param]
    return calendar_of(moved(load(JARDIN), zone, departure, notice=42))


def expected_starts(plan: Plan) -> dict[str, object]:
    """UID → the UTC instant (seconds) of a timed step, or the ISO date of an all-day one."""
    from planner.ics import uid

    return {
        uid(plan, s): int(s.start.timestamp())
        if isinstance(s.start, dt.datetime)
        else s.day.isoformat()
        for s in plan.steps
    }


def test_plans_cross_daylight_saving_changes(zone_plan: tuple[Plan, bytes]) -> None:
    """The test data really straddles a change of UTC offset among the timed steps."""
    plan, _ = zone_plan
    offsets = {s.start.utcoffset() for s in plan.steps if isinstance(s.start, dt.datetime)}
    assert len(offsets) == 2


def test_vobject_reads_every_start_right(zone_plan: tuple[Plan, bytes]) -> None:
    """vobject (Radicale's parser) applies our VTIMEZONE and gets zoneinfo's instants."""
    plan, data = zone_plan
    read = {}
    for event in vobject.readOne(data.decode()).vevent_list:
        start = event.dtstart.value
        read[event.uid.value] = (
            int(start.timestamp()) if isinstance(start, dt.datetime) else start.isoformat()
        )
    assert read == expected_starts(plan)


def test_ical_reads_every_start_right(zone_plan: tuple[Plan, bytes]) -> None:
    """The `ical` library reads the same instants."""
    plan, data = zone_plan
    calendar = IcsCalendarStream.calendar_from_ics(data.decode())
    read = {
        e.uid: int(e.dtstart.timestamp())
        if isinstance(e.dtstart, dt.datetime)
        else e.dtstart.isoformat()
        for e in calendar.events
    }
    assert read == expected_starts(plan)


@pytest.fixture(scope="session")
def ical_js() -> Path:
    """ical.js from the npm registry, installed once by the tests."""
    return npm_module("ical.js", "2.2.1", "dist/ical.js")


def read_with_ical_js(ical_js: Path, data: bytes, tmp_path: Path) -> list[dict[str, object]]:
    path = tmp_path / "plan.ics"
    path.write_bytes(data)
    result = subprocess.run(
        ["node", str(ROOT / "tests" / "js" / "instants.mjs"), str(ical_js), str(path)],
        check=True,
        capture_output=True,
        text=True,
    )
    return list(json.loads(result.stdout))


def test_ical_js_reads_every_start_right(
    zone_plan: tuple[Plan, bytes], ical_js: Path, tmp_path: Path
) -> None:
    """ical.js (Thunderbird, Nextcloud) applies our VTIMEZONE and gets zoneinfo's instants."""
    plan, data = zone_plan
    read = {e["uid"]: e["start"] for e in read_with_ical_js(ical_js, data, tmp_path)}
    assert read == expected_starts(plan)


def test_rdate_timezones_would_be_misread(ical_js: Path, tmp_path: Path) -> None:
    """The check has teeth: with icalendar's own RDATE-style VTIMEZONE, some reader is off."""
    plan, data = calendar_of(moved(load(JARDIN), "Europe/Paris", dt.date(2027, 4, 12), 42))
    calendar = Calendar.from_ical(data)
    calendar.subcomponents = [c for c in calendar.subcomponents if c.name != "VTIMEZONE"]
    calendar.add_missing_timezones()
    rdate = calendar.to_ical()
    assert b"RDATE" in rdate
    readers = {
        "ical.js": {e["uid"]: e["start"] for e in read_with_ical_js(ical_js, rdate, tmp_path)},
        "vobject": {
            e.uid.value: int(e.dtstart.value.timestamp())
            if isinstance(e.dtstart.value, dt.datetime)
            else e.dtstart.value.isoformat()
            for e in vobject.readOne(rdate.decode()).vevent_list
        },
    }
    wrong = [name for name, read in readers.items() if read != expected_starts(plan)]
    assert wrong, "every reader got the RDATE zone right: the instant checks prove nothing"


def test_vancouver_winter_2026_27_is_on_utc_minus_7(ical_js: Path, tmp_path: Path) -> None:
    """British Columbia keeps summer time from November 2026 (IANA 2026f, the tzdata
    package installed: America/Vancouver stays at UTC-7, named MST, with no change back in
    the autumn), so a plan for that winter posts at UTC-7, not at PST's UTC-8 that older
    data (this machine's system copy, 2025b) gives. vobject and ical.js read our VTIMEZONE
    and get the same instants. (The `ical` library is left out: for an IANA TZID it uses
    its own process's zoneinfo, the system's copy first, and ignores the VTIMEZONE.)"""
    from planner import zones

    assert zones.version_key(zones.source().version) >= zones.version_key("2026f")
    plan, data = calendar_of(
        moved(load(JARDIN), "America/Vancouver", dt.date(2027, 1, 15), notice=42)
    )
    timed = [s.start for s in plan.steps if isinstance(s.start, dt.datetime)]
    assert min(timed).date() < dt.date(2026, 12, 15) and max(timed).date() > dt.date(2027, 1, 1)
    assert {s.utcoffset() for s in timed} == {-dt.timedelta(hours=7)}
    read = {
        e.uid.value: int(e.dtstart.value.timestamp())
        if isinstance(e.dtstart.value, dt.datetime)
        else e.dtstart.value.isoformat()
        for e in vobject.readOne(data.decode()).vevent_list
    }
    assert read == expected_starts(plan)
    by_ical_js = {e["uid"]: e["start"] for e in read_with_ical_js(ical_js, data, tmp_path)}
    assert by_ical_js == expected_starts(plan)
    assert f"X-PLANNER-TZDATA:{zones.source().version}\r\n".encode() in data


# --- byte-level lint -------------------------------------------------------------------

REQUIRED = {
    "VCALENDAR": ("PRODID", "VERSION"),
    "VEVENT": ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "SEQUENCE"),
    "VALARM": ("ACTION", "TRIGGER", "DESCRIPTION"),
    "VTIMEZONE": ("TZID",),
    "STANDARD": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
    "DAYLIGHT": ("DTSTART", "TZOFFSETFROM", "TZOFFSETTO"),
}


def lint(data: bytes) -> list[str]:
    """Problems in an iCalendar stream, by the rules of RFC 5545 that clients trip on."""
    problems = []
    if not data.endswith(b"\r\n") or re.search(rb"(?<!\r)\n", data):
        problems.append("every line must end with CRLF")
    physical = data.split(b"\r\n")[:-1]
    for number, line in enumerate(physical, start=1):
        if len(line) > 75:
            problems.append(f"line {number} is {len(line)} octets")
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {number} splits a UTF-8 character")
    logical: list[str] = []
    for line in data.decode().split("\r\n")[:-1]:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    stack: list[tuple[str, set[str]]] = []
    uids, tzids_used, tzids_defined = [], set(), set()
    seen_event = False
    for line in logical:
        name = re.split(r"[;:]", line, maxsplit=1)[0]
        if name == "BEGIN":
            component = line.split(":", 1)[1]
            if component == "VTIMEZONE" and seen_event:
                problems.append("a VTIMEZONE comes after an event")
            seen_event |= component == "VEVENT"
            stack.append((component, set()))
        elif name == "END":
            component, props = stack.pop()
            missing = [p for p in REQUIRED.get(component, ()) if p not in props]
            if missing:
                problems.append(f"{component} lacks {', '.join(missing)}")
        else:
            stack[-1][1].add(name)
            if name == "UID" and stack[-1][0] == "VEVENT":
                uids.append(line.split(":", 1)[1])
            if name == "TZID" and stack[-1][0] == "VTIMEZONE":
                tzids_defined.add(line.split(":", 1)[1])
            tzids_used.update(re.findall(r";TZID=([^;:]+)", line))
    if len(uids) != len(set(uids)):
        problems.append("UIDs are not unique")
    if tzids_used - tzids_defined:
        problems.append(f"TZID without VTIMEZONE: {sorted(tzids_used - tzids_defined)}")
    return problems


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_pass_the_lint(path: Path) -> None:
    """CRLF, 75-octet lines never splitting a character, required properties, unique UIDs."""
    _, data = calendar_of(load(path))
    assert lint(data) == []


def test_lint_catches_what_it_checks() -> None:
    """The lint itself fails on a bare LF, a long line and a missing VTIMEZONE."""
    _, data = calendar_of(load(JARDIN))
    assert lint(data.replace(b"\r\n", b"\n", 1))
    assert lint(data.replace(b"\r\n ", b"", 1))
    assert any(
        "TZID without" in p
        for p in lint(re.sub(rb"BEGIN:VTIMEZONE.*?END:VTIMEZONE\r\n", b"", data, flags=re.S))
    )


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_calendar_matches_golden(path: Path, golden: Golden) -> None:
    """The .ics of every example, with a fixed stamp, is what was reviewed."""
    golden.check(f"ics/{path.stem}.ics", calendar_of(load(path))[1])


def test_event_properties() -> None:
    """Timed posts with TZID and DTEND; all-day tasks; alarm, categories, transparency."""
    plan, data = calendar_of(load(JARDIN))
    calendar = Calendar.from_ical(data)
    assert calendar["METHOD"] == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "Départ de X\u00a0: Les Amis du Jardin Partagé"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    announce = events["x-announce.les-amis-du-jardin-partage@planner"]
    assert announce["DTSTART"].params["TZID"] == "Europe/Paris"
    assert announce.decoded("DTEND") - announce.decoded("DTSTART") == dt.timedelta(minutes=30)
    assert "DURATION" not in announce
    assert str(announce["SUMMARY"]) == "Annoncer le départ de X (J-28)"
    assert announce["TRANSP"] == "TRANSPARENT"
    assert [str(c) for c in announce["CATEGORIES"].cats] == ["announce", "x"]
    description = str(announce["DESCRIPTION"])
    x_post = next(p for p in render_posts(plan) if p.step.id == "x/announce" and p.channel == "x")
    assert x_post.text in description and str(x_post.compose_url) in description
    assert "https://mastodon.social/@amisdujardin" in description
    (alarm,) = announce.walk("VALARM")
    assert alarm["ACTION"] == "DISPLAY" and alarm.decoded("TRIGGER") == -dt.timedelta(minutes=15)
    prepare = events["x-prepare.les-amis-du-jardin-partage@planner"]
    assert prepare.decoded("DTSTART") == dt.date(2026, 12, 11)
    assert prepare.decoded("DTEND") == dt.date(2026, 12, 12)


def test_uids_stay_and_sequence_grows_when_dates_move() -> None:
    """Moving the departure keeps every UID; a later export has a higher SEQUENCE."""
    decision = load(JARDIN)
    later = replace(
        decision,
        departures=(replace(decision.departures[0], date=dt.date(2027, 1, 22)),),
    )
    first = Calendar.from_ical(calendar_of(decision)[1])
    second = Calendar.from_ical(calendar_of(later, STAMP + dt.timedelta(hours=1))[1])
    assert [e["UID"] for e in first.walk("VEVENT")] == [e["UID"] for e in second.walk("VEVENT")]
    assert all(
        b["SEQUENCE"] > a["SEQUENCE"]
        for a, b in zip(first.walk("VEVENT"), second.walk("VEVENT"), strict=True)
    )
    assert sequence(STAMP) < sequence(STAMP + dt.timedelta(minutes=1))


def test_text_round_trips_through_parsers(tmp_path: Path, ical_js: Path) -> None:
    """Commas, semicolons, backslashes, newlines, emoji and accents come back unchanged."""
    tricky = 'Virgule, point-virgule; barre \\ retour\nà la ligne « été » 🌱👩🏽‍🌾 "x"'
    decision = replace(load(JARDIN), statement=tricky)
    plan, data = calendar_of(decision)
    uid = "x-announce.les-amis-du-jardin-partage@planner"
    by_icalendar = {
        str(e["UID"]): str(e["DESCRIPTION"]) for e in Calendar.from_ical(data).walk("VEVENT")
    }
    by_vobject = {
        e.uid.value: e.description.value for e in vobject.readOne(data.decode()).vevent_list
    }
    by_ical_js = {e["uid"]: e["description"] for e in read_with_ical_js(ical_js, data, tmp_path)}
    website = next(
        p for p in render_posts(plan) if p.step.id == "x/announce" and p.channel == "website"
    )
    assert "virgule; barre \\ retour\nà la ligne" in website.text and "🌱👩🏽‍🌾" in website.text
    for read in (by_icalendar, by_vobject, by_ical_js):
        assert website.text in str(read[uid])


def test_cli_ics_output_and_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`ics -o` writes the file, stdout gets the same bytes, SOURCE_DATE_EPOCH fixes them."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(STAMP.timestamp())))
    target = tmp_path / "depart.ics"
    runner = CliRunner()
    result = runner.invoke(main, ["ics", str(JARDIN), "-o", str(target)], catch_exceptions=False)
    assert result.exit_code == 0 and "32 events" in result.stdout
    printed = runner.invoke(main, ["ics", str(JARDIN)], catch_exceptions=False)
    assert printed.stdout_bytes == target.read_bytes() == calendar_of(load(JARDIN))[1]
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    bad = runner.invoke(main, ["ics", str(JARDIN)])
    assert bad.exit_code == 2 and "SOURCE_DATE_EPOCH" in bad.stderr


# --- a real client ---------------------------------------------------------------------


def khal(config: Path, *args: str) -> str:
    result = subprocess.run(
        [str(BIN / "khal"), "-c", str(config), *args],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "TZ": "Europe/Paris"},
    )
    return result.stdout


def test_khal_imports_and_updates_in_place(tmp_path: Path) -> None:
    """khal imports the file non-interactively, lists events at local time, and a re-export
    after moving the departure updates the same events instead of duplicating them."""
    if not (BIN / "khal").exists():
        pytest.skip("khal is not installed in this environment")
    store = tmp_path / "calendar"
    store.mkdir()
    config = tmp_path / "khal.conf"
    config.write_text(
        f"[calendars]\n[[planner]]\npath = {store}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Paris\ndefault_timezone = Europe/Paris\n",
        "utf-8",
    )
    # khal's listing of December and January: start and title of every event.
    december_january = (
        "list",
        "--format",
        "{start} {title}",
        "--day-format",
        "",
        "2026-12-01",
        "2027-01-31",
    )
    decision = load(JARDIN)
    first = tmp_path / "first.ics"
    first.write_bytes(calendar_of(decision)[1])
    khal(config, "import", "--batch", "-a", "planner", str(first))
    listing = khal(config, *december_january)
    assert "2026-12-18 10:00 Annoncer le départ de X (J-28)" in listing
    assert "2027-01-13 20:00 Rappel\u00a0: départ de X dans 2 jours (J-2)" in listing

    later = replace(
        decision,
        departures=(replace(decision.departures[0], date=dt.date(2027, 1, 22)),),
    )
    second = tmp_path / "second.ics"
    second.write_bytes(calendar_of(later, STAMP + dt.timedelta(days=1))[1])
    khal(config, "import", "--batch", "-a", "planner", str(second))
    listing = khal(config, *december_january)
    # A would be Christmas Day, a public holiday: the announcement comes a day earlier.
    assert "2026-12-24 10:00 Annoncer le départ de X (J-29)" in listing
    assert "2026-12-18 10:00" not in listing
    assert listing.count("Annoncer le départ de X") == 1
    assert len(list(store.glob("*.ics"))) == len(build_plan(decision).steps)
