"""Days and hours a person would choose: holidays avoided, working days, check's warnings."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

import holidays as holidays_library
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.advice import calendar_warnings, review, timing_warnings
from planner.cli import main
from planner.countries import zone_country
from planner.days import is_working
from planner.decision import Decision, Departure, Destination, Organisation, Stay, load, validate
from planner.platforms import PLATFORMS
from planner.posts import render_posts
from planner.scaffold import new_document
from planner.timeline import build_plan
from planner.wording import said_date

from .conftest import ROOT
from .test_timeline import decisions as plans

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"
POSTING = ("announce", "remind", "final", "stay")


def decision(
    date: dt.date,
    *,
    notice: int = 28,
    zone: str = "Europe/Paris",
    country: str | None = "FR",
    decided: dt.date | None = None,
    post_time: dt.time = dt.time(10, 0),
    language: str = "fr",
) -> Decision:
    return Decision(
        organisation=Organisation(name="Asso"),
        decided_on=decided or date - dt.timedelta(days=notice + 30),
        language=language,
        timezone=zone,
        post_time=post_time,
        departures=(Departure(platform="x", account="@asso", date=date, notice_days=notice),),
        destinations=(Destination(kind="mastodon", url="https://m.example/@a"),),
        indicators=("followers",),
        country=country,
    )


def test_paris_announcement_is_not_on_christmas_day() -> None:
    """Leaving on 22 January 2027 with four weeks' notice: A is Friday 25 December, a
    public holiday; the announcement comes the day before, with a day more of notice."""
    plan = build_plan(decision(dt.date(2027, 1, 22)))
    announce = plan.step("x/announce")
    assert announce.day == dt.date(2026, 12, 24)
    assert announce.title == "Annoncer le départ de X (J-29)"
    assert plan.step("x/prepare").day == dt.date(2026, 12, 17)


def test_jardin_has_no_reminder_on_new_years_day() -> None:
    """The jardin example's reminders avoid 1 January and keep four different weekdays."""
    plan = build_plan(load(JARDIN))
    days = [s.day for s in plan.steps if s.kind == "remind"]
    assert dt.date(2027, 1, 1) not in days
    assert len({d.weekday() for d in days}) == len(days) == 4


def test_us_departure_has_no_post_on_thanksgiving() -> None:
    """Leaving on Saturday 28 November 2026 from Chicago: nothing is posted on
    Thanksgiving (26 November), and the farewell comes on Friday 27, a working day."""
    plan = build_plan(
        decision(dt.date(2026, 11, 28), notice=21, zone="America/Chicago", country="US")
    )
    posted = [s.day for s in plan.steps if s.kind in POSTING]
    assert dt.date(2026, 11, 26) not in posted
    assert plan.step("x/final").day == dt.date(2026, 11, 27)


def test_farewell_before_a_sunday_departure_does_not_say_today() -> None:
    """D on a Sunday: the farewell moves to the Friday and its posts name the day; the
    Mastodon post says the last post went out today, not that posting stops on Sunday
    (found by a review)."""
    plan = build_plan(decision(dt.date(2027, 1, 17), language="fr"))
    final = plan.step("x/final")
    assert final.day == dt.date(2027, 1, 15)
    assert final.title == ("Message d’au revoir sur X, le dernier jour ouvré avant le départ (J-2)")
    texts = [p.text for p in render_posts(plan) if p.step.id == "x/final"]
    assert texts[0].startswith(
        "Nous quittons X le dimanche 17\u00a0janvier\u00a02027\u00a0: voici notre"
    )
    assert texts[1].startswith(
        "Nous venons de publier notre dernier message sur X, que nous quittons le dimanche "
        "17\u00a0janvier\u00a02027\u00a0: c’est désormais ici que la suite se passe."
    )
    assert not any("aujourd’hui" in text for text in texts)
    partners = next(p for p in render_posts(plan) if p.channel == "partners")
    assert "paraîtra le vendredi 15\u00a0janvier\u00a02027." in partners.text


def test_farewell_on_the_day_still_says_today() -> None:
    """D on a working day: the farewell is on D and says so."""
    plan = build_plan(load(JARDIN))
    text = next(p.text for p in render_posts(plan) if p.step.id == "x/final")
    assert text.startswith("C’est le jour J\u00a0: nous quittons X aujourd’hui.")


def test_stay_post_moves_off_a_holiday() -> None:
    """A stay post dated on a public holiday comes the next day that is not one."""
    base = load(STAYS)
    christmas = replace(base, stays=(replace(base.stays[0], date=dt.date(2026, 12, 25)),))
    assert build_plan(christmas).step("facebook/stay").day == dt.date(2026, 12, 26)


COUNTRIES = {
    "FR": "Europe/Paris",
    "US": "America/Chicago",
    "GB": "Europe/London",
    "DE": "Europe/Berlin",
    "CA": "America/Toronto",
}


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(COUNTRIES)),
    st.dates(dt.date(2025, 1, 1), dt.date(2032, 12, 31)),
    st.integers(21, 120),
    st.integers(0, 60),
)
def test_no_post_on_a_holiday(country: str, date: dt.date, notice: int, slack: int) -> None:
    """For any departure in FR, US, GB, DE or CA: no posting step on a public holiday, the
    announcement and the farewell on working days (when the decision leaves room), and
    never less notice than notice_days."""
    decided = date - dt.timedelta(days=notice + slack)
    built = decision(date, notice=notice, zone=COUNTRIES[country], country=country, decided=decided)
    plan = build_plan(built)
    public = holidays_library.country_holidays(country, years=range(date.year - 1, date.year + 2))
    # Only when every day from the decision to A is a holiday may the announcement be on one
    # (it never comes before the decision, nor with less notice).
    stuck = all(decided + dt.timedelta(days=n) in public for n in range(slack + 1))
    on_holidays = [s.id for s in plan.steps if s.kind in POSTING and s.day in public]
    assert on_holidays == (["x/announce"] if stuck else [])
    announce, final = plan.step("x/announce").day, plan.step("x/final").day
    assert (date - announce).days >= notice
    assert announce >= decided
    if slack >= 7:
        assert is_working(announce, public)
    assert is_working(final, public) and final <= date


def test_country_defaults_from_the_time_zone() -> None:
    """No country in the file: Europe/Paris gives FR, America/Chicago US, UTC none."""
    document = {
        "organisation": {"name": "A"},
        "decision": {"decided_on": dt.date(2026, 11, 26)},
        "departure": [{"platform": "x", "account": "@a", "date": dt.date(2027, 1, 15)}],
        "destination": [{"kind": "mastodon", "url": "https://m.example/@a"}],
        "indicators": {"track": ["followers"]},
    }
    assert validate(document, "d.toml").country == "FR"
    assert zone_country("America/Chicago") == "US"
    document["decision"]["timezone"] = "UTC"  # type: ignore[index]
    assert validate(document, "d.toml").country is None


def test_subdivision_in_iso_form_is_accepted() -> None:
    """'FR-67' is Alsace for the holidays library, 'us-ca' is California."""
    document = {
        "organisation": {"name": "A"},
        "decision": {"decided_on": dt.date(2026, 11, 26), "subdivision": "FR-67"},
        "departure": [{"platform": "x", "account": "@a", "date": dt.date(2027, 1, 15)}],
        "destination": [{"kind": "mastodon", "url": "https://m.example/@a"}],
        "indicators": {"track": ["followers"]},
    }
    assert validate(document, "d.toml").subdivision == "6AE"
    document["decision"].update(country="us", subdivision="us-ca")  # type: ignore[attr-defined]
    found = validate(document, "d.toml")
    assert (found.country, found.subdivision) == ("US", "CA")


# --- check's warnings: one test each --------------------------------------------------------


def test_warning_for_a_campaign_across_christmas() -> None:
    """A campaign over Christmas gets a warning with the notice and the date that avoid it."""
    assert calendar_warnings(decision(dt.date(2027, 1, 15)), "d.toml") == [
        "d.toml: departure from X: 9 of the 28 days from the first announcement "
        "(18\xa0December\xa02026) to the departure (15\xa0January\xa02027) fall in the Christmas "
        "holidays (24 December to 1 January), when few people read; set notice_days = 37 to "
        "keep 28 days outside them, or move date to 30\xa0January\xa02027 or later "
        "(date = 2027-01-30)"
    ]


def test_warning_for_a_campaign_across_august_in_france() -> None:
    """In France, August is a holiday season too; elsewhere it is not."""
    french = decision(dt.date(2027, 9, 3), notice=42, decided=dt.date(2027, 7, 1))
    assert calendar_warnings(french, "d.toml") == [
        "d.toml: departure from X: 31 of the 42 days from the first announcement "
        "(23\xa0July\xa02027) to the departure (3\xa0September\xa02027) fall in the August "
        "holidays, when few people read; move date to 13\xa0October\xa02027 or later "
        "(date = 2027-10-13)"
    ]
    assert calendar_warnings(replace(french, country="US"), "d.toml") == []


def test_warning_for_a_post_time_at_night() -> None:
    """A post time outside 07:00 to 21:00 is warned about."""
    late = decision(dt.date(2027, 3, 5), post_time=dt.time(22, 30))
    assert calendar_warnings(late, "d.toml") == [
        "d.toml: decision.post_time: 22:30 is outside 07:00 to 21:00, when few people read "
        "and nobody is there to answer; set post_time = 10:00:00 or another time between "
        "07:00 and 21:00"
    ]


def stay(day: dt.date, time: dt.time) -> Decision:
    return replace(
        load(STAYS),
        timezone="Europe/Paris",
        country="FR",
        post_time=time,
        decided_on=day - dt.timedelta(days=7),
        stays=(Stay("facebook", "Asso", day),),
    )


def test_warning_for_a_post_time_the_clocks_skip() -> None:
    """02:30 does not exist in Paris on 28 March 2027, when the clocks go forward."""
    warnings = calendar_warnings(stay(dt.date(2027, 3, 28), dt.time(2, 30)), "d.toml")
    assert warnings[1:] == [
        "d.toml: decision.post_time: 02:30 does not exist on 28\xa0March\xa02027, the day of "
        "the post saying why you stay (Facebook) (the clocks go forward); choose another "
        "post_time, like 10:00:00"
    ]


def test_warning_for_a_post_time_that_happens_twice() -> None:
    """02:30 happens twice in Paris on 31 October 2027, when the clocks go back."""
    warnings = calendar_warnings(stay(dt.date(2027, 10, 31), dt.time(2, 30)), "d.toml")
    assert warnings[1:] == [
        "d.toml: decision.post_time: 02:30 happens twice on 31\xa0October\xa02027, the day of "
        "the post saying why you stay (Facebook) (the clocks go back); choose another "
        "post_time, like 10:00:00"
    ]


def test_warning_for_a_short_preparation() -> None:
    """Decided three days before the announcement: the preparation lacks a week."""
    short = decision(dt.date(2027, 3, 5), notice=21, decided=dt.date(2027, 2, 9))
    assert calendar_warnings(short, "d.toml") == [
        "d.toml: departure from X: the preparation has only 3 days before the first "
        "announcement (12\xa0February\xa02027); move date to 9\xa0March\xa02027 or later "
        "(date = 2027-03-09) to give it a week"
    ]
    plan = build_plan(short)
    assert plan.step("x/prepare").day == dt.date(2027, 2, 9) < plan.step("x/announce").day


def test_check_prints_the_warnings_and_exits_0() -> None:
    """`planner check` shows the warnings on stderr and still exits 0."""
    result = CliRunner().invoke(main, ["check", str(JARDIN)], catch_exceptions=False)
    assert result.exit_code == 0
    assert "fall in the Christmas holidays" in result.stderr
    assert "OK: leaving X on 15\xa0January\xa02027" in result.stdout


def test_supported_countries_read_from_the_registry() -> None:
    """The countries read from the library's registry are those it lists (two-letter codes),
    without importing every country's module."""
    import holidays

    from planner.public_holidays import _countries

    listed = {code for code in holidays.list_supported_countries() if len(code) == 2}
    assert listed - _countries() == {"UK"}  # the library's alias of GB, not an ISO code
    assert _countries() <= listed


def test_holidays_are_kept_in_the_cache(tmp_path: Path) -> None:
    """The second plan of a country reads its holidays from the cache, without importing the
    library; a damaged cache file is read again from the library."""
    env = {**os.environ, "PLANNER_CACHE_DIR": str(tmp_path)}
    code = (
        "import sys\n"
        "from planner.public_holidays import public_holidays\n"
        "days = public_holidays('FR', None, range(2026, 2029))\n"
        "print(len(days), 'holidays' in sys.modules)\n"
    )
    run = [sys.executable, "-c", code]
    first = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    second = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert first.split() == [first.split()[0], "True"] and int(first.split()[0]) >= 33
    assert second.split() == [first.split()[0], "False"]
    (cached,) = tmp_path.glob("holidays-*/FR-.txt")
    assert cached.read_text("utf-8").startswith("2026 2026-01-01 ")
    cached.write_text("2026 not-a-date\n", "utf-8")
    third = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert third == first


# --- what check says about the plan's real days ----------------------------------------------


@settings(max_examples=40, deadline=None)
@given(plans(), st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31)))
def test_review_says_what_the_warnings_say(built: Decision, today: dt.date) -> None:
    """check's one call (its days reckoned once) gives the late warnings, then the calendar's,
    and each platform's first announcement as the plan posts it."""
    warnings, announces = review(built, today, "d.toml")
    assert warnings == timing_warnings(built, today, "d.toml") + calendar_warnings(built, "d.toml")
    plan = build_plan(built)
    assert announces == {
        d.platform: plan.step(f"{d.platform}/announce").day for d in built.departures
    }


def checked(path: Path) -> tuple[int, str, str]:
    """`planner check` on a file: exit code, stdout, stderr."""
    result = CliRunner().invoke(main, ["check", str(path)], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def announced(stdout: str) -> dict[str, str]:
    """The first announcement `check` prints for each platform's name."""
    found = re.findall(r"OK: leaving (.+?) on .+?, first announcement on (.+)$", stdout, re.M)
    return dict(found)


@pytest.mark.parametrize(
    ("date", "announce"),
    [
        # A = Saturday 10 April 2027: the plan announces on Friday 9 April.
        (dt.date(2027, 5, 8), "2027-04-09"),
        # A = Friday 25 December 2026, Christmas Day: the plan announces on Thursday 24.
        (dt.date(2027, 1, 22), "2026-12-24"),
    ],
)
def test_check_prints_the_announcement_the_plan_uses(
    tmp_path: Path, date: dt.date, announce: str
) -> None:
    """An announcement moved off a weekend or a public holiday: check prints the day the
    plan posts it, not departure minus notice (found by a review)."""
    path = tmp_path / "d.toml"
    built = decision(date, notice=28, decided=dt.date(2026, 11, 2))
    path.write_text(new_document(built, "d.toml"), "utf-8")
    assert build_plan(load(path)).step("x/announce").day.isoformat() == announce
    code, out, _ = checked(path)
    assert code == 0
    assert announced(out) == {"X": said_date(dt.date.fromisoformat(announce), built.country)}


@settings(max_examples=60, deadline=None)
@given(plans())
def test_check_prints_the_plans_announcement_for_any_decision(built: Decision) -> None:
    """For any valid decision, the first announcement check prints for each departure is the
    day of that departure's announcement in the plan."""
    if built.country is None:  # a file without a country gets its time zone's
        built = replace(built, country=zone_country(built.timezone))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "d.toml"
        path.write_text(new_document(built, "d.toml"), "utf-8")
        plan = build_plan(load(path))
        code, out, _ = checked(path)
    assert code == 0
    assert announced(out) == {
        PLATFORMS[d.platform].name: said_date(
            plan.step(f"{d.platform}/announce").day, plan.decision.country
        )
        for d in plan.decision.departures
    }


def test_check_warns_of_a_departure_on_a_public_holiday(tmp_path: Path) -> None:
    """Leaving on Saturday 8 May 2027, Victory in Europe Day in France: check warns, names
    the day the farewell is posted and the next working day, and still exits 0."""
    path = tmp_path / "d.toml"
    built = decision(dt.date(2027, 5, 8), notice=28, decided=dt.date(2026, 11, 2))
    path.write_text(new_document(built, "d.toml"), "utf-8")
    code, out, err = checked(path)
    assert code == 0
    assert (
        "Warning: d.toml: departure from X: 8\xa0May\xa02027 is a public holiday in FR, so the "
        "farewell is posted before it, on 7\xa0May\xa02027; to leave on a working day, move date "
        "to 10\xa0May\xa02027 (date = 2027-05-10)\n"
    ) in err.replace(str(tmp_path) + "/", "")
    assert "OK: leaving X on 8\xa0May\xa02027" in out


def test_check_is_silent_about_a_departure_on_a_working_day(tmp_path: Path) -> None:
    """A departure on Friday 7 May 2027 (a working day in France): no holiday warning."""
    path = tmp_path / "d.toml"
    built = decision(dt.date(2027, 5, 7), notice=28, decided=dt.date(2026, 11, 2))
    path.write_text(new_document(built, "d.toml"), "utf-8")
    code, _, err = checked(path)
    assert code == 0
    assert "public holiday" not in err


@settings(max_examples=40, deadline=None)
@given(
    st.dates(dt.date(2026, 1, 1), dt.date(2030, 12, 31)),
    st.sampled_from(["Europe/Paris", "America/New_York", "Europe/Brussels", "Asia/Tokyo"]),
    st.lists(st.sampled_from(["x", "instagram", "facebook"]), min_size=1, max_size=3, unique=True),
)
def test_the_departures_new_proposes_leave_check_nothing_to_say(
    today: dt.date, zone: str, platforms: list[str]
) -> None:
    """One departure after another, each on the date `new` offers (advice.proposed): check
    has no warning about any of them, however they share their campaigns."""
    from planner.advice import adding, proposed

    draft = replace(
        decision(today, zone=zone, country=zone_country(zone), decided=today), departures=()
    )
    for platform in platforms:
        offered = proposed(draft, Departure(platform, "@a", today), today + dt.timedelta(35))
        assert offered.date >= today + dt.timedelta(35)
        draft = adding(draft, offered)
    assert calendar_warnings(draft, "d.toml") == []
    assert timing_warnings(draft, today, "d.toml") == []
