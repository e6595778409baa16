"""The playbook: dates, ids and the properties every plan must keep."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from freezegun import freeze_time
from hypothesis import given, settings
from hypothesis import strategies as st

from planner.campaigns import campaigns, plan_holidays, reminder_days
from planner.decision import (
    AFTER,
    MAX_NOTICE_DAYS,
    MIN_NOTICE_DAYS,
    Decision,
    Departure,
    Destination,
    Organisation,
    load,
)
from planner.platforms import LEAVABLE, PLATFORMS
from planner.posts import render_post, render_posts
from planner.public_holidays import public_holidays
from planner.timeline import Plan, Step, add_months, build_plan
from planner.views import plan_json
from planner.wording import long_date, say

from .conftest import EXAMPLES, ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
FOOD_BANK = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
FOOD_BANK_STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"


def _leaving(platform: str, after: str = "delete") -> Decision:
    """An English decision to leave ``platform`` on 1 March 2027 with 28 days' notice."""
    return Decision(
        organisation=Organisation(name="Asso"),
        decided_on=dt.date(2027, 1, 4),
        language="en",
        timezone="Europe/Paris",
        post_time=dt.time(10, 0),
        departures=(Departure(platform, "@asso", dt.date(2027, 3, 1), 28, after),),
        destinations=(Destination(kind="mastodon", url="https://m.example/@a"),),
        indicators=("followers",),
    )


def test_jardin_plan_dates() -> None:
    """Leaving X on 15 January with 28 days' notice: the key steps fall where the playbook says."""
    plan = build_plan(load(JARDIN))
    paris = ZoneInfo("Europe/Paris")
    assert plan.step("x/prepare").start == dt.date(2026, 12, 11)
    assert plan.step("x/announce").start == dt.datetime(2026, 12, 18, 10, 0, tzinfo=paris)
    assert plan.step("x/final").start == dt.datetime(2027, 1, 15, 10, 0, tzinfo=paris)
    assert plan.step("x/last-check").start == dt.date(2027, 1, 22)
    assert [s.id for s in plan.steps if s.kind == "upkeep"][-1] == "x/upkeep-12"
    assert plan.step("x/upkeep-12").start == dt.date(2028, 1, 15)
    assert [plan.step(f"review-{i}").start for i in (1, 2, 3)] == [
        dt.date(2027, 2, 15),
        dt.date(2027, 3, 15),
        dt.date(2027, 4, 15),
    ]
    assert len([s for s in plan.steps if s.kind == "remind"]) == 4


def test_jardin_reminders_upkeep_and_reviews() -> None:
    """Reminders 1-4 at the playbook's hours, upkeeps 1-12 (note on the 3rd), twelve reviews."""
    plan = build_plan(load(JARDIN))
    reminders = [s for s in plan.steps if s.kind == "remind"]
    assert [s.id for s in reminders] == [f"x/remind-{i}" for i in (1, 2, 3, 4)]
    assert [f"{s.start:%H:%M}" for s in reminders] == ["12:30", "18:00", "08:30", "20:00"]
    upkeeps = [s for s in plan.steps if s.kind == "upkeep"]
    assert [s.id for s in upkeeps] == [f"x/upkeep-{i}" for i in range(1, 13)]
    assert upkeeps[0].start == dt.date(2027, 2, 15)
    three = [s.id for s in upkeeps if any("trois mois" in item for item in s.checklist)]
    assert three == ["x/upkeep-3"]
    assert [s.id for s in plan.steps if s.kind == "review"] == [f"review-{i}" for i in range(1, 13)]


def test_steps_last_half_an_hour_or_the_whole_day() -> None:
    """A post takes half an hour in the calendar; a task takes its whole day."""
    plan = build_plan(load(JARDIN))
    announce, prepare = plan.step("x/announce"), plan.step("x/prepare")
    assert announce.end - announce.start == dt.timedelta(minutes=30)  # type: ignore[operator]
    assert prepare.end == dt.date(2026, 12, 12)


@pytest.mark.parametrize(
    ("post_time", "hours"),
    [
        # Each reminder at the next hour of the playbook's list, skipping the posts' hour.
        (dt.time(10, 0), ["12:30", "18:00", "08:30", "20:00", "14:00", "09:30"]),
        (dt.time(9, 0), ["12:30", "18:00", "08:30", "20:00", "14:00", "17:00"]),
        (dt.time(12, 0), ["18:00", "08:30", "20:00", "14:00", "09:30", "17:00"]),
    ],
)
def test_six_reminders_at_the_playbooks_hours(post_time: dt.time, hours: list[str]) -> None:
    """Six reminders take the playbook's hours in order, skipping the hour of the posts."""
    decision = replace(_leaving("x"), post_time=post_time)
    dep = replace(decision.departures[0], notice_days=42)
    plan = build_plan(replace(decision, departures=(dep,)))
    starts = [s.start for s in plan.steps if s.kind == "remind"]
    assert [f"{s:%H:%M}" for s in starts] == hours


@pytest.mark.parametrize(
    ("after", "key"), [("dormant", "final.dormant"), ("delete", "final.closing")]
)
def test_farewell_says_what_becomes_of_the_account(after: str, key: str) -> None:
    """The farewell's last item: stop publishing (dormant), or keep it open a week (closing)."""
    closing = say("en", key, platform="X")
    assert build_plan(_leaving("x", after)).step("x/final").checklist[-1] == closing


@pytest.mark.parametrize(
    ("language", "lead"),
    [
        ("en", "it can take up to 24 hours, sometimes a few days."),
        ("fr", "elle peut mettre jusqu’à 24 heures, parfois quelques jours."),
    ],
)
def test_archive_lead_in_the_plans_language(language: str, lead: str) -> None:
    """The archive request says, in the plan's language, how long X's archive takes."""
    plan = build_plan(replace(_leaving("x"), language=language))
    assert [item for item in plan.step("x/prepare").checklist if item.endswith(lead)] != []


def test_website_of_the_organisation_gets_the_announcement() -> None:
    """The announcement goes to the organisation's website, listed or not, and the newsletter."""
    decision = replace(_leaving("x"), organisation=Organisation("Asso", "https://asso.example"))
    assert build_plan(decision).step("x/announce").channels == (
        "x",
        "mastodon",
        "website",
        "partners",
    )
    letter = Destination(kind="newsletter", url="https://asso.example/lettre")
    decision = replace(decision, destinations=(*decision.destinations, letter))
    assert build_plan(decision).step("x/announce").channels == (
        "x",
        "mastodon",
        "website",
        "newsletter",
        "partners",
    )
    assert build_plan(_leaving("x")).step("x/announce").channels == ("x", "mastodon", "partners")


def test_delete_adds_closing_and_grace_end_from_platform_facts() -> None:
    """Deleting a Facebook page: closing a week after D, grace end 14 days later, no upkeep."""
    plan = build_plan(load(FOOD_BANK))
    assert plan.step("facebook/close").start == dt.date(2027, 3, 5)
    assert plan.step("facebook/grace-end").start == dt.date(2027, 3, 19)
    assert not [s for s in plan.steps if s.kind == "upkeep"]
    assert any("anyone" in item for item in plan.step("facebook/close").checklist)


def test_closing_with_a_grace_period_says_how_long() -> None:
    """Deleting the X account: the closing says the deletion can be cancelled for 30 days,
    then the name is free; the end of those days is a step."""
    plan = build_plan(_leaving("x"))
    grace, free = plan.step("x/close").checklist[-2:]
    assert grace.startswith("For 30 days the deletion can still be ")
    assert free == "After that, the name @asso is free and anyone can register it."
    assert plan.step("x/grace-end").start == dt.date(2027, 3, 8) + dt.timedelta(days=30)


@pytest.mark.parametrize("after", ["deactivate", "delete"])
@pytest.mark.parametrize("platform", ["linkedin", "threads", "youtube"])
def test_closing_without_a_known_grace_period(platform: str, after: str) -> None:
    """With no source on what the platform does, the closing sends to its help (deactivate)
    or warns the name may go (delete), states no delay, and no grace-end step follows."""
    plan = build_plan(_leaving(platform, after))
    last = plan.step(f"{platform}/close").checklist[-1]
    if after == "deactivate":
        assert last.startswith("No source confirms what deactivati")
        assert "the platform’s help" in last
    else:
        assert last == "The name @asso may then become free for anyone to register."
    assert not any(char.isdigit() for char in " ".join(plan.step(f"{platform}/close").checklist))
    assert f"{platform}/grace-end" not in {s.id for s in plan.steps}


def test_youtube_posts_are_published_not_pinned() -> None:
    """YouTube cannot pin a post: the announcement and the farewell say publish, not pin."""
    youtube = build_plan(_leaving("youtube"))
    assert youtube.step("youtube/announce").checklist[0] == say(
        "en", "announce.publish", platform="YouTube"
    )
    assert youtube.step("youtube/final").checklist[0] == say(
        "en", "final.publish", platform="YouTube"
    )
    x = build_plan(_leaving("x"))
    assert x.step("x/announce").checklist[0] == say("en", "announce.pin", platform="X")
    assert x.step("x/final").checklist[0] == say("en", "final.pin", platform="X")


def test_stay_post_goes_to_the_letters_and_partners() -> None:
    """The stay post goes to the platform, the newsletter, the mailing list and partners only."""
    decision = load(FOOD_BANK_STAYS)
    destinations = (
        Destination(kind="mailing_list", url="https://riverside-food.example.org/join"),
        Destination(kind="mastodon", url="https://m.example/@food"),
        Destination(kind="newsletter", url="https://riverside-food.example.org/letter"),
    )
    plan = build_plan(replace(decision, destinations=destinations))
    assert plan.step("facebook/stay").channels == (
        "facebook",
        "newsletter",
        "mailing_list",
        "partners",
    )
    assert build_plan(decision).step("facebook/stay").channels == (
        "facebook",
        "mailing_list",
        "partners",
    )


def test_stay_steps() -> None:
    """Staying: the post on its day and time, twelve monthly reviews, then a new assessment."""
    plan = build_plan(load(FOOD_BANK_STAYS))
    stay = plan.step("facebook/stay")
    new_york = ZoneInfo("America/New_York")
    assert stay.kind == "stay"
    assert stay.start == dt.datetime(2026, 12, 8, 9, 30, tzinfo=new_york)
    assert stay.title == say("en", "stay.title", platform="Facebook")
    indicators = "volunteers at the Saturday distribution and donations"
    assert stay.checklist == (
        say("en", "stay.publish", platform="Facebook"),
        say("en", "stay.partners"),
        say("en", "stay.indicators", indicators=indicators),
    )
    reassess = plan.step("facebook/reassess")
    assert (reassess.kind, reassess.start) == ("followup", dt.date(2028, 1, 8))
    assert reassess.title == say("en", "reassess.title", platform="Facebook")
    assert reassess.checklist == (say("en", "reassess.run"),)
    reviews = [(s.id, s.start) for s in plan.steps if s.kind == "review"]
    assert reviews[:3] == [
        ("review-1", dt.date(2027, 1, 8)),
        ("review-2", dt.date(2027, 2, 8)),
        ("review-3", dt.date(2027, 3, 8)),
    ]
    assert reviews[-1] == ("review-12", dt.date(2027, 12, 8))


def test_announcement_posts_everywhere_and_tells_partners() -> None:
    """The announcement goes to the platform, every destination and partners."""
    step = build_plan(load(FOOD_BANK)).step("facebook/announce")
    assert step.channels == ("facebook", "bluesky", "website", "mailing_list", "partners")


def test_prepare_never_before_decision() -> None:
    """With exactly three weeks, preparation happens on the day of the decision."""
    decision = load(JARDIN)
    dep = replace(decision.departures[0], date=dt.date(2026, 12, 17), notice_days=21)
    plan = build_plan(replace(decision, departures=(dep,)))
    assert plan.step("x/prepare").start == decision.decided_on


def test_ids_do_not_change_when_dates_move() -> None:
    """Moving the departure a week later keeps every step id."""
    decision = load(JARDIN)
    dep = decision.departures[0]
    later = replace(dep, date=dep.date + dt.timedelta(days=7))
    moved = build_plan(replace(decision, departures=(later,)))
    assert sorted(s.id for s in moved.steps) == sorted(s.id for s in build_plan(decision).steps)


def test_plan_does_not_depend_on_the_day_it_is_built() -> None:
    """The same file gives the same plan, byte for byte, whatever today is."""
    decision = load(JARDIN)
    with freeze_time("2026-11-26"):
        first = plan_json(build_plan(decision))
    with freeze_time("2031-06-01 23:59"):
        second = plan_json(build_plan(decision))
    assert first == second


def test_add_months_clamps_to_month_end() -> None:
    """31 January plus one month is the last day of February."""
    assert add_months(dt.date(2027, 1, 31), 1) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 15), 3) == dt.date(2028, 2, 15)


def test_reminders_vary_weekdays_when_they_can() -> None:
    """Four reminders over 28 days fall on four different weekdays."""
    days = reminder_days(dt.date(2026, 12, 18), dt.date(2027, 1, 15))
    assert len(days) == 4
    assert len({d.weekday() for d in days}) == 4


def test_reminders_fall_on_different_weekdays_for_every_notice() -> None:
    """For every notice allowed, the reminders fall on different weekdays, the last at D-2."""
    announce = dt.date(2027, 1, 4)
    for notice in range(MIN_NOTICE_DAYS, MAX_NOTICE_DAYS + 1):
        departure = announce + dt.timedelta(days=notice)
        days = reminder_days(announce, departure)
        assert len(days) == min(6, notice // 7), notice
        assert announce < days[0], notice
        assert days == sorted(set(days)), notice
        assert days[-1] == departure - dt.timedelta(days=2), notice
        assert len({d.weekday() for d in days}) == len(days), notice


@pytest.mark.parametrize(
    ("notice", "offsets"),
    [
        # 28 days: 4 reminders, the last at 26; 6.5, 13, 19.5 round to 6, 13, 20. 20 keeps
        # its weekday; 13 shares 6's, 12 shares 26's, 14 is free; 6, 5 and 7 are taken, 4
        # is free.
        (28, [4, 14, 20, 26]),
        # 36 days: 5 reminders up to 34: 7, 14, 20, 27, 34 become 9 (+2), 15, 21, 26, 34.
        (36, [9, 15, 21, 26, 34]),
        # 44 days: 6 reminders, every 7 days up to 42: the first needs -3 to find a weekday.
        (44, [4, 16, 19, 29, 34, 42]),
    ],
)
def test_reminder_days_moved_to_free_weekdays(notice: int, offsets: list[int]) -> None:
    """A reminder on a used weekday moves by the first free shift of 0, -1, +1, -2, +2, -3."""
    announce = dt.date(2027, 1, 4)
    days = reminder_days(announce, announce + dt.timedelta(days=notice))
    assert [(d - announce).days for d in days] == offsets


def test_steps_of_one_kind_on_one_day_follow_the_clock() -> None:
    """Two reminders on the same day sort by their hour, whatever their ids."""
    paris = ZoneInfo("Europe/Paris")

    def reminder(step_id: str, time: dt.time) -> Step:
        start = dt.datetime.combine(dt.date(2027, 2, 10), time, tzinfo=paris)
        end = start + dt.timedelta(minutes=30)
        return Step(step_id, "remind", step_id[:1], start, end, "Reminder", (), ())

    evening = reminder("a/remind-2", dt.time(18, 0))
    lunch = reminder("b/remind-1", dt.time(12, 30))
    morning = reminder("c/remind-3", dt.time(8, 30))
    assert sorted([evening, lunch, morning], key=Step.sort_key) == [morning, lunch, evening]


ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "Pacific/Auckland", "UTC")


@st.composite
def decisions(draw: st.DrawFn) -> Decision:
    """Any valid decision: dates, notice, platforms, time zone and post time vary."""
    decided = draw(st.dates(dt.date(2024, 1, 1), dt.date(2035, 12, 31)))
    platforms = draw(st.lists(st.sampled_from(LEAVABLE), min_size=1, max_size=3, unique=True))
    departures = []
    for platform in platforms:
        notice = draw(st.integers(21, 365))
        slack = draw(st.integers(0, 120))
        departures.append(
            Departure(
                platform=platform,
                account="@asso",
                date=decided + dt.timedelta(days=notice + slack),
                notice_days=notice,
                after=draw(st.sampled_from(AFTER)),
            )
        )
    return Decision(
        organisation=Organisation(name="Asso"),
        decided_on=decided,
        language=draw(st.sampled_from(("fr", "en"))),
        timezone=draw(st.sampled_from(ZONES)),
        post_time=draw(st.times()).replace(second=0, microsecond=0),
        departures=tuple(sorted(departures, key=lambda d: (d.date, d.platform))),
        destinations=(
            Destination(kind="mastodon", url="https://m.example/@a"),
            *draw(
                st.lists(
                    st.sampled_from(
                        (
                            Destination(kind="bluesky", url="https://bsky.app/profile/a.example"),
                            Destination(kind="newsletter", url="https://a.example/lettre"),
                            Destination(kind="website", url="https://a.example/"),
                        )
                    ),
                    unique=True,
                )
            ),
        ),
        indicators=("followers",),
        country=draw(st.sampled_from((None, "FR", "US", "GB"))),
    )


def assert_plan_properties(decision: Decision) -> Plan:
    """The properties every plan keeps (see test_plan_properties); returns the plan."""
    plan = build_plan(decision)
    ids = [s.id for s in plan.steps]
    assert len(ids) == len(set(ids))
    assert all(s.day >= decision.decided_on for s in plan.steps)
    assert [s.sort_key() for s in plan.steps] == sorted(s.sort_key() for s in plan.steps)
    for dep in decision.departures:
        p = dep.platform
        announce, final = plan.step(f"{p}/announce"), plan.step(f"{p}/final")
        assert (dep.date - announce.day).days >= dep.notice_days
        assert final.day <= dep.date
        reminders = [s for s in plan.steps if s.kind == "remind" and s.platform == p]
        assert len(reminders) >= 2
        for r in reminders:
            assert announce.start < r.start < final.start
            assert (final.day - r.day).days >= 2  # never "in 1 days" nor the eve
        assert all(isinstance(r.start, dt.datetime) for r in reminders)
        slots = {(r.day.weekday(), r.start.hour) for r in reminders}  # type: ignore[union-attr]
        assert len(slots) == len(reminders)
    posts = [(s.day, channel) for s in plan.steps for channel in s.channels]
    assert len(posts) == len(set(posts)), "two posts on one channel on the same day"
    # The farewell on the shared channels comes with the last farewell it speaks of.
    for step in plan.steps:
        if step.kind == "final" and len(step.channels) > 1:
            assert all(plan.step(f"{a}/final").day <= step.day for a in step.about)
    return plan


@settings(max_examples=300, deadline=None)
@given(decisions())
def test_plan_properties(decision: Decision) -> None:
    """For any valid decision: the full notice, nothing before the decision, unique ids,
    reminders strictly between announcement and farewell, no two reminders of a platform
    on the same weekday and hour, never two posts on one channel on the same day."""
    assert_plan_properties(decision)


@st.composite
def close_departures(draw: st.DrawFn) -> Decision:
    """A valid decision whose departures each come zero to two days after the one before."""
    decision = draw(decisions())
    longest = max(d.notice_days for d in decision.departures)
    day = max(decision.departures[0].date, decision.decided_on + dt.timedelta(days=longest))
    departures = []
    for departure in decision.departures:
        departures.append(replace(departure, date=day))
        day += dt.timedelta(days=draw(st.integers(0, 2)))
    ordered = tuple(sorted(departures, key=lambda d: (d.date, d.platform)))
    return replace(decision, departures=ordered)


@settings(max_examples=150, deadline=None)
@given(close_departures())
def test_departures_days_apart_share_one_email_to_partners(decision: Decision) -> None:
    """Departures a day or two apart keep every property of a plan, and share one
    announcement on the shared channels: one email to the partners, naming every platform
    with its departure date (two emails would say the same thing twice; found by a
    review)."""
    plan = assert_plan_properties(decision)
    (campaign,) = campaigns(decision, plan_holidays(decision))
    emails = [s for s in plan.steps if "partners" in s.channels]
    if not campaign.announce_shared:  # no day for it but a holiday: the platforms only
        assert emails == []
        return
    (email,) = emails
    assert set(email.about) == {d.platform for d in decision.departures}
    text = render_post(plan, email, "partners", None).text
    for departure in decision.departures:
        assert PLATFORMS[departure.platform].name in text
        assert long_date(departure.date, decision.locale) in text


def test_departures_a_day_apart_share_their_posts() -> None:
    """Leaving X on Friday 15 January 2027 and Facebook on Saturday 16: one announcement,
    one set of reminders and one farewell on the shared channels, speaking of both with
    their own dates; each platform keeps its own farewell, Facebook's on the Friday."""
    decision = load(JARDIN)
    x = Departure("x", "@asso", dt.date(2027, 1, 15), 28)
    facebook = Departure("facebook", "Asso", dt.date(2027, 1, 16), 28)
    plan = build_plan(replace(decision, departures=(x, facebook)))
    shared = [s for s in plan.steps if "mastodon" in s.channels]
    assert {s.platform for s in shared} == {"facebook"}
    assert [s.kind for s in shared] == ["announce", "remind", "remind", "remind", "remind", "final"]
    assert plan.step("x/announce").channels == ("x",)
    assert plan.step("x/final").day == plan.step("facebook/final").day == dt.date(2027, 1, 15)
    posts = {p.channel: p.text for p in render_posts(plan) if p.step.id == "facebook/announce"}
    assert posts["partners"].startswith(
        "Objet\u00a0: Nous quittons X le vendredi 15\u00a0janvier\u00a02027, puis Facebook le "
        "samedi 16\u00a0janvier\u00a02027 — Les Amis du Jardin Partagé"
    )
    assert (
        "Notre dernière publication y paraîtra le vendredi 15\u00a0janvier\u00a02027."
        in (posts["partners"])
    )


def test_departures_on_one_day_share_their_posts() -> None:
    """Leaving X and Instagram on the same day: one announcement, reminder and farewell per
    shared channel, speaking of both; each platform left keeps its own posts."""
    plan = build_plan(load(ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"))
    lead, other = (d.platform for d in plan.decision.departures)
    for kind in ("announce", "remind-1", "final"):
        first, second = plan.step(f"{lead}/{kind}"), plan.step(f"{other}/{kind}")
        assert first.start == second.start
        assert second.channels == (other,)
        assert lead in first.channels and "mastodon" in first.channels
        assert first.about == (lead, other)
    assert "partners" in plan.step(f"{lead}/announce").channels
    # The title names both, each with its own "de".
    assert "de X et d’Instagram" in plan.step(f"{lead}/announce").title or (
        "d’Instagram et de X" in plan.step(f"{lead}/announce").title
    )


def test_announcement_moves_off_a_day_already_taken() -> None:
    """An announcement that would fall on another departure's farewell moves a day earlier
    (more notice), and no reminder lands on a day that already has a shared post."""
    decision = load(JARDIN)
    x = decision.departures[0]
    facebook = Departure("facebook", "@page", x.date + dt.timedelta(days=28), 28)
    plan = build_plan(replace(decision, departures=(x, facebook)))
    assert plan.step("facebook/announce").day == x.date - dt.timedelta(days=1)
    assert "mastodon" in plan.step("facebook/announce").channels
    shared = [(s.day, c) for s in plan.steps for c in s.channels]
    assert len(shared) == len(set(shared))


STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"


def test_twelve_monthly_reviews_by_default() -> None:
    """Without review_months, twelve monthly reviews follow the last departure."""
    plan = build_plan(load(JARDIN))
    reviews = [s for s in plan.steps if s.kind == "review"]
    assert [s.id for s in reviews] == [f"review-{i}" for i in range(1, 13)]
    assert reviews[-1].day == dt.date(2028, 1, 15)
    assert reviews[-1].title == "Bilan mensuel des indicateurs (12/12)"


def test_review_months_sets_the_number_of_reviews() -> None:
    """review_months = 6 gives six reviews, and a stay's reassessment a month after the last."""
    plan = build_plan(replace(load(STAYS), review_months=6))
    reviews = [s.day for s in plan.steps if s.kind == "review"]
    assert len(reviews) == 6
    assert reviews[-1] == dt.date(2027, 6, 8)
    assert plan.step("facebook/reassess").day == dt.date(2027, 7, 8)


def test_reassessment_comes_after_the_last_review() -> None:
    """The stay plan's new assessment is the next decision point: after every review."""
    plan = build_plan(load(STAYS))
    last_review = max(s.day for s in plan.steps if s.kind == "review")
    assert plan.step("facebook/reassess").day > last_review
    ids = [s.id for s in plan.steps]
    assert ids.index("facebook/reassess") > ids.index("review-12")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_post_once_per_channel_and_day_never_on_a_holiday(path: Path) -> None:
    """On every shipped example: no channel gets two posts on one day, no post falls on a
    public holiday of the example's country, and the follow-up has twelve monthly reviews."""
    decision = load(path)
    plan = build_plan(decision)
    posts = [(s.day, c) for s in plan.steps for c in s.channels]
    assert len(posts) == len(set(posts))
    years = range(decision.decided_on.year, decision.decided_on.year + 3)
    holidays = public_holidays(decision.country, decision.subdivision, years)
    assert holidays  # FR or US: the check below means something
    assert not [s.id for s in plan.steps if s.channels and s.day in holidays]
    assert len([s for s in plan.steps if s.kind == "review"]) == 12


def test_a_farewell_moved_off_a_holiday_leaves_another_campaigns_day() -> None:
    """Leaving X on Friday 29 March 2024 and Facebook on Easter Monday 1 April, in France
    (three days apart: two campaigns): X's farewell keeps its own day, Facebook's moves to
    the last working day before it that is free, Thursday 28 (found by the property test),
    and says so in its title."""
    decision = load(JARDIN)
    x = Departure("x", "@asso", dt.date(2024, 3, 29), 21)
    facebook = Departure("facebook", "@asso", dt.date(2024, 4, 1), 21)
    plan = build_plan(
        replace(decision, decided_on=dt.date(2024, 2, 10), departures=(x, facebook), country="FR")
    )
    assert plan.step("x/final").day == dt.date(2024, 3, 29)
    assert plan.step("facebook/final").day == dt.date(2024, 3, 28)
    assert plan.step("facebook/final").title == say(
        "fr", "final.title.early", platform="Facebook", days=4
    )
    assert "mastodon" in plan.step("facebook/final").channels
    posts = [(s.day, c) for s in plan.steps for c in s.channels]
    assert len(posts) == len(set(posts))


def test_last_reminder_stays_two_days_before_when_a_holiday_is_in_the_way() -> None:
    """Leaving Facebook on Tuesday 13 July 2027 and LinkedIn on Friday 16 July, in France
    (three days apart: two campaigns): 14 July, two days before LinkedIn's departure, is a
    public holiday and 13 July holds Facebook's farewell, so LinkedIn's last reminder comes
    earlier, never on Thursday 15, the day before ("dans 1 jours"; found by a review)."""
    decision = replace(
        load(JARDIN),
        departures=(
            Departure("facebook", "@asso", dt.date(2027, 7, 13), 21),
            Departure("linkedin", "@asso", dt.date(2027, 7, 16), 21),
        ),
        decided_on=dt.date(2027, 5, 1),
    )
    plan = build_plan(decision)
    assert plan.step("facebook/final").day == dt.date(2027, 7, 13)
    last = [s for s in plan.steps if s.kind == "remind" and s.platform == "linkedin"][-1]
    assert last.day == dt.date(2027, 7, 12)
    assert not [p.text for p in render_posts(plan) if " 1 jours" in p.text]


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_each_checklist_item_has_a_code_of_its_own_in_every_language(path: Path) -> None:
    """Within a step no two items share a code, and a plan in the other language has the
    same codes: a tick, kept by its code, survives the plan's language changing."""
    decision = load(path)
    other = replace(decision, language="en" if decision.language == "fr" else "fr")
    plan, translated = build_plan(decision), build_plan(other)
    for step in plan.steps:
        assert len(set(step.codes)) == len(step.codes) == len(step.checklist), step.id
        assert translated.step(step.id).codes == step.codes
