"""The web app's pages of a plan: today, the plan, the posts and their editing, the
calendar and its feed, the kit, the reminders and their channels, the self-assessment."""

from __future__ import annotations

import datetime as dt
import html
import io
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
import zipfile
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from starlette.testclient import TestClient

from planner.cli import main
from planner.decision import load
from planner.i18n import speaking
from planner.ics import plan_calendar, sequence, uid
from planner.lengths import measure
from planner.platforms import PLATFORMS
from planner.posts import render_posts
from planner.reminders import Reminder, open_store
from planner.schedule import action_word
from planner.timeline import build_plan

from .conftest import ROOT
from .postgres import backend
from .web import Clock, Page, Receiver, SmtpServer, client, csrf, upload

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
COOP = ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"
KEY = "les-amis-du-jardin-partage"
ANNOUNCE_DAY = dt.datetime(2026, 12, 18, 8, 0, tzinfo=dt.UTC)  # 09:00 in Paris


@pytest.fixture
def clock() -> Clock:
    return Clock(ANNOUNCE_DAY)


@pytest.fixture(params=["local", "hosted-sqlite", "hosted-postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """The database of the app: local, then hosted on SQLite, then on a real PostgreSQL."""
    return backend(request, tmp_path)


@pytest.fixture
def jardin(db: Path | str, clock: Clock) -> Iterator[TestClient]:
    with client(db, clock) as browser:
        assert upload(browser, JARDIN).status_code == 303
        yield browser


def posts_of(path: Path) -> tuple:  # type: ignore[type-arg]
    return render_posts(build_plan(load(path)))


def text(response: object) -> str:
    return html.unescape(response.text)  # type: ignore[attr-defined]


# --- today and the plan ----------------------------------------------------------------


def test_today_shows_todays_posts_to_copy(jardin: TestClient) -> None:
    """On the day of the announcement: its step under today, each post's text as `planner
    posts` renders it, with a Copy button and the composer link; the days after under
    the next days."""
    page = Page(jardin.get(f"/plans/{KEY}/today").text)
    posts = [p for p in posts_of(JARDIN) if p.step.id == "x/announce"]
    assert posts
    for post in posts:
        element = f"post-x-announce-{post.channel}"
        assert page.ids[element] == post.text
        assert ("button", element) in [(t, a.get("data-copy")) for t, a in page.tags]
        if post.compose_url:
            assert ("a", post.compose_url) in [(t, a.get("href")) for t, a in page.tags]
    today = page.ids["today-title"]
    assert today == "To do today"
    assert "step-x-announce" in page.ids
    assert "step-x-final" not in page.ids  # a month ahead


RIVERSIDE = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"


def outside(page: str, language: str) -> str:
    """The text of a page outside the elements marked lang="<language>" (none nests one)."""
    body = page.split("<body>", 1)[1]
    pattern = r'<(\w+)[^>]*\slang="' + language + r'"[^>]*>.*?</\1>'
    return html.unescape(re.sub(r"<[^>]+>", " ", re.sub(pattern, " ", body, flags=re.S)))


@pytest.mark.parametrize(
    ("plan", "moment", "browser", "interface", "today", "title", "channel"),
    [
        (
            JARDIN,
            ANNOUNCE_DAY,
            "en-GB,en;q=0.9",
            "en",
            "Friday 18\u00a0December\u00a02026",
            "Annoncer le départ de X (J-28)",
            "website",
        ),
        (
            RIVERSIDE,
            dt.datetime(2027, 1, 22, 14, 0, tzinfo=dt.UTC),  # 09:00 in New York
            "fr-FR,fr;q=0.9",
            "fr",
            "vendredi 22\u00a0janvier\u00a02027",
            "Announce that you’re leaving Facebook (35 days to go)",
            "site internet",
        ),
    ],
    ids=["french-plan-english-browser", "english-plan-french-browser"],
)
def test_today_speaks_the_browser_s_language_and_shows_the_plan_s_in_its_own(
    tmp_path: Path,
    plan: Path,
    moment: dt.datetime,
    browser: str,
    interface: str,
    today: str,
    title: str,
    channel: str,
) -> None:
    """The today, plan and posts pages: the interface (headings, dates, channel names) in the
    browser's language; the steps' titles, checklists and posts in the plan's, each
    marked with its lang; outside those, not a word of the plan's language."""
    language = load(plan).language
    key = build_plan(load(plan)).key
    step = next(s for s in build_plan(load(plan)).steps if s.kind == "announce")
    with client(tmp_path / "db.sqlite3", Clock(moment), **{"accept-language": browser}) as b:
        assert upload(b, plan).status_code == 303
        page = b.get(f"/plans/{key}/today").text
        assert f'<html lang="{interface}">' in page
        heading = html.unescape(re.search(r"<h1>(.*?)</h1>", page, re.S).group(1))
        assert re.sub(r"<[^>]+>", "", heading).endswith(today)
        anchor = step.id.replace("/", "-")
        assert f'<h3 id="step-{anchor}-title" lang="{language}">{html.escape(title)}</h3>' in page
        for item in step.checklist:
            assert f'<span lang="{language}">{html.escape(item)}</span>' in page
        assert f'<pre class="text" id="post-{anchor}-{step.platform}" lang="{language}">' in page
        assert f"<h4>{html.escape(channel)} <span" in page
        when = html.unescape(re.search(r'<p class="when"[^>]*>(.*?)</p>', page).group(1))
        assert when.startswith(today) and when.endswith(f", {step.start:%H:%M}")
        for path in (f"/plans/{key}/today", f"/plans/{key}/plan", f"/plans/{key}/posts"):
            rest = outside(b.get(path).text, language)
            words_of_plan = ["décembre", "janvier", "vendredi", "Annoncer", "Rappel", "Publier"]
            if language == "en":
                words_of_plan = ["January", "February", "Friday", "Announce", "Reminder", "Post "]
            for word in words_of_plan:
                assert word not in rest, (path, word)


def test_ticked_items_are_remembered(jardin: TestClient) -> None:
    """Ticking a checklist item (the form the boxes post, each box with its item's code)
    is kept: the today page and the plan page show it ticked, and unticking clears it."""
    step = build_plan(load(JARDIN)).step("x/announce")
    chosen = [step.codes[0], step.codes[2]]
    response = jardin.post(
        f"/plans/{KEY}/ticks",
        data={"csrf": csrf(jardin), "step": "x/announce", "item": [*chosen, "no-such-item"]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    for page in ("today", "plan"):
        fields = Page(jardin.get(f"/plans/{KEY}/{page}").text).forms
        ticks = next(f for f in fields if ("step", "x/announce") in f["fields"])
        assert [v for n, v in ticks["fields"] if n == "item"] == chosen
    jardin.post(
        f"/plans/{KEY}/ticks",
        data={"csrf": csrf(jardin), "step": "x/announce"},
        headers={"accept": "application/json"},
    )
    fields = Page(jardin.get(f"/plans/{KEY}/today").text).forms
    ticks = next(f for f in fields if ("step", "x/announce") in f["fields"])
    assert [v for n, v in ticks["fields"] if n == "item"] == []
    assert len(step.checklist) >= 3


def test_a_ticked_item_stays_ticked_when_planner_rewords_it(
    db: Path | str, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A tick is kept by the item's code, not its words: after a new wording of the item
    (a release, a translation fix), the page shows the new words, ticked."""
    from planner.content import fr

    with client(db, clock) as before:
        assert upload(before, JARDIN).status_code == 303
        before.post(
            f"/plans/{KEY}/ticks",
            data={"csrf": csrf(before), "step": "x/announce", "item": "announce.bio"},
        )
    monkeypatch.setitem(fr.PLAN, "announce.bio", "Mettre les nouvelles adresses dans {account}.")
    with client(db, clock) as after:
        page = after.get(f"/plans/{KEY}/plan").text
    form = next(f for f in Page(page).forms if ("step", "x/announce") in f["fields"])
    assert [v for n, v in form["fields"] if n == "item"] == ["announce.bio"]
    box = re.search(r'value="announce\.bio" checked> <span lang="fr">([^<]*)</span>', page)
    assert box and box.group(1) == "Mettre les nouvelles adresses dans @amisdujardin."


def test_a_page_of_the_release_before_codes_still_ticks_its_items(jardin: TestClient) -> None:
    """A page still open from the release that sent each box's place in its list (before
    the items had codes): its ticks land on the items at those places."""
    step = build_plan(load(JARDIN)).step("x/announce")
    jardin.post(
        f"/plans/{KEY}/ticks",
        data={"csrf": csrf(jardin), "step": "x/announce", "item": ["1", "4"]},
    )
    form = next(
        f
        for f in Page(jardin.get(f"/plans/{KEY}/today").text).forms
        if ("step", "x/announce") in f["fields"]
    )
    assert [v for n, v in form["fields"] if n == "item"] == [step.codes[1], step.codes[4]]


def test_ticking_an_unknown_step_is_a_404(jardin: TestClient) -> None:
    """A step the plan does not have: 404, nothing stored."""
    response = jardin.post(
        f"/plans/{KEY}/ticks", data={"csrf": csrf(jardin), "step": "x/nope", "item": "announce.bio"}
    )
    assert response.status_code == 404


def test_the_plan_page_shows_every_step_and_post(jardin: TestClient) -> None:
    """Every step's card and every post's text, and one dot per step on the timeline."""
    page = Page(jardin.get(f"/plans/{KEY}/plan").text)
    plan = build_plan(load(JARDIN))
    for step in plan.steps:
        assert page.ids[f"step-{step.id.replace('/', '-')}-title"] == step.title
    for post in posts_of(JARDIN):
        assert page.ids[f"post-{post.step.id.replace('/', '-')}-{post.channel}"] == post.text
    assert len([t for t, _a in page.tags if t == "circle"]) == len(plan.steps)


# --- posts -------------------------------------------------------------------------------


def test_posts_show_the_count_of_planner_posts(jardin: TestClient) -> None:
    """Each post: its text in the edit box and its count against its limit, as `planner
    posts` counts it."""
    page = Page(jardin.get(f"/plans/{KEY}/posts").text)
    for post in posts_of(JARDIN):
        pid = f"post-{post.step.id.replace('/', '-')}-{post.channel}"
        shown = f"{post.length}/{post.limit}" if post.limit else str(post.length)
        assert page.ids[f"{pid}-count"] == f"{shown} characters"
        assert page.ids[f"{pid}-text"].removeprefix("\n") == post.text


def count(browser: TestClient, key: str, step: str, channel: str, typed: str) -> dict:  # type: ignore[type-arg]
    response = browser.post(
        f"/plans/{key}/count",
        data={"step": step, "channel": channel, "text": typed},
        headers={"x-csrf-token": csrf(browser), "accept": "application/json"},
    )
    assert response.status_code == 200
    return response.json()  # type: ignore[no-any-return]


@pytest.mark.parametrize("channel", ["x", "mastodon", "bluesky"])
def test_the_counter_counts_as_the_platform(jardin: TestClient, channel: str) -> None:
    """The counter's JSON: the length by the platform's own rule, its limit, and a preview
    where links are shown as the platform shows them."""
    assert upload(jardin, COOP).status_code == 303
    key = build_plan(load(COOP)).key
    step = next(p.step.id for p in posts_of(COOP) if p.channel == channel)
    typed = "Nous partons : https://jardin.example.org/lettre-de-decembre-2026 🌱\nÀ bientôt"
    record = count(jardin, key, step, channel, typed)
    assert record["length"] == measure(PLATFORMS[channel].counter, typed)
    assert record["fits"] is True
    links = [p for p in record["preview"] if p["link"]]
    assert [p["link"] for p in links] == ["https://jardin.example.org/lettre-de-decembre-2026"]
    assert "".join(p["text"] for p in record["preview"]).endswith("🌱\nÀ bientôt")
    expected = {
        "x": "jardin.example.org/lettre…",
        "mastodon": "jardin.example.org/lettre-de-d…",
        "bluesky": "jardin.example.org/lettre-de-de...",
    }[channel]
    assert links[0]["text"] == expected


def test_the_counter_says_where_a_post_would_be_refused(jardin: TestClient) -> None:
    """Over the limit: fits is false and the reason names the platform and the count."""
    record = count(jardin, KEY, "x/announce", "x", "é" * 281)
    assert (record["length"], record["limit"], record["fits"]) == (281, 280, False)
    assert record["refused"] == "X would refuse it: 281 characters for 280"


def test_the_counter_needs_its_token(jardin: TestClient) -> None:
    """The counting endpoint, a POST, refuses a request without the CSRF token."""
    response = jardin.post(
        f"/plans/{KEY}/count", data={"step": "x/announce", "channel": "x", "text": "a"}
    )
    assert response.status_code == 403


def test_a_reworded_post_is_what_everything_carries(jardin: TestClient) -> None:
    """A post reworded in the browser: the posts page, the .ics, the feed, the kit's page
    and text file carry the new text; "back to the template's text" undoes it."""
    typed = (
        "Nous quittons X le 15 janvier.\r\nRetrouvez-nous sur https://mastodon.social/@amisdujardin"
    )
    wanted = typed.replace("\r\n", "\n")
    response = jardin.post(
        f"/plans/{KEY}/posts",
        data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "text": typed},
        follow_redirects=False,
    )
    assert response.status_code == 303
    page = Page(jardin.get(f"/plans/{KEY}/posts").text)
    assert page.ids["post-x-announce-x-text"].removeprefix("\n") == wanted
    assert "(reworded)" in page.ids["post-x-announce-x-title"]
    calendar = icalendar.Calendar.from_ical(jardin.get(f"/plans/{KEY}/calendar.ics").content)
    event = next(e for e in calendar.walk("VEVENT") if e["uid"].startswith("x-announce."))
    assert wanted in str(event["description"])
    kit = zipfile.ZipFile(io.BytesIO(jardin.get(f"/plans/{KEY}/kit.zip").content))
    assert kit.read("posts/2026-12-18_x-announce_x.txt").decode() == wanted + "\n"
    assert html.escape(wanted).replace("&#x27;", "&#39;") in kit.read("index.html").decode()
    template = next(p for p in posts_of(JARDIN) if p.step.id == "x/announce" and p.channel == "x")
    response = jardin.post(
        f"/plans/{KEY}/posts",
        data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "action": "reset"},
        follow_redirects=False,
    )
    assert response.headers["location"].endswith("?done=reset#post-x-announce-x")
    page = Page(jardin.get(f"/plans/{KEY}/posts").text)
    assert page.ids["post-x-announce-x-text"].removeprefix("\n") == template.text
    assert "(reworded)" not in page.ids["post-x-announce-x-title"]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("x" * 300, "X would refuse it: 300 characters for 280"),
        ("   ", "is empty; write the post, or go back to the template's text"),
        ("Bonjour\u202e!", "holds U+202E at character 8"),
    ],
)
def test_a_refused_rewording_keeps_the_text(jardin: TestClient, typed: str, message: str) -> None:
    """A text the platform would refuse, an empty one, or one with a hidden character: the
    reason beside the box, the text as typed kept in it, and nothing stored."""
    response = jardin.post(
        f"/plans/{KEY}/posts",
        data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "text": typed},
    )
    assert response.status_code == 400
    page = Page(response.text)
    assert message in page.ids["post-x-announce-x-error"]
    assert page.ids["post-x-announce-x-text"].removeprefix("\n") == typed
    stored = Page(jardin.get(f"/plans/{KEY}/posts").text).ids["post-x-announce-x-text"]
    assert (
        "(reworded)"
        not in Page(jardin.get(f"/plans/{KEY}/posts").text).ids["post-x-announce-x-title"]
    )
    assert stored.removeprefix("\n") != typed


# --- the calendar and its feed ---------------------------------------------------------


def feed_url(browser: TestClient, key: str = KEY) -> str:
    response = browser.post(f"/plans/{key}/feed", data={"csrf": csrf(browser), "action": "renew"})
    found = re.search(r'value="http://127\.0\.0\.1:8000(/feeds/[^"]+\.ics)"', response.text)
    assert found, "no feed address on the calendar page"
    return found.group(1)


def test_the_ics_is_planner_ics_at_the_plans_stamp(jardin: TestClient, clock: Clock) -> None:
    """The .ics download is the calendar `planner ics` makes, stamped with the plan's last
    change: the same bytes as plan_calendar with that stamp."""
    plan = build_plan(load(JARDIN))
    expected = plan_calendar(plan, render_posts(plan), clock.now)
    response = jardin.get(f"/plans/{KEY}/calendar.ics")
    assert response.content == expected
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == f'attachment; filename="{KEY}.ics"'


def test_the_feed_answers_304_to_its_etag_and_date(jardin: TestClient) -> None:
    """The feed: the plan's calendar with REFRESH-INTERVAL and X-PUBLISHED-TTL, an ETag
    and a Last-Modified; asked again with either, 304 and no body."""
    url = feed_url(jardin)
    first = jardin.get(url)
    assert first.status_code == 200
    calendar = icalendar.Calendar.from_ical(first.content)
    assert calendar["refresh-interval"].dt == dt.timedelta(hours=1)
    assert calendar["refresh-interval"].params["VALUE"] == "DURATION"
    assert b"X-PUBLISHED-TTL:PT1H" in first.content
    assert first.headers["last-modified"] == "Fri, 18 Dec 2026 08:00:00 GMT"
    again = jardin.get(url, headers={"if-none-match": first.headers["etag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert again.headers["etag"] == first.headers["etag"]
    since = jardin.get(url, headers={"if-modified-since": first.headers["last-modified"]})
    assert since.status_code == 304
    stale = jardin.get(url, headers={"if-none-match": '"something-else"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_a_moved_departure_keeps_the_uids_with_a_higher_sequence(
    jardin: TestClient, clock: Clock
) -> None:
    """Move the departure: the feed's ETag changes, its events keep their UIDs (those of
    `planner ics`) and each SEQUENCE rises, even for a change within the same second."""
    url = feed_url(jardin)
    before = jardin.get(url)
    fields = Page(jardin.get(f"/plans/{KEY}/decision").text).form(f"/plans/{KEY}/decision")
    fields = [(n, "2027-01-22" if n == "departure-1.date" else v) for n, v in fields]
    data: dict[str, list[str]] = {}
    for name, value in [*fields, ("action", "save")]:
        data.setdefault(name, []).append(value)
    assert jardin.post(f"/plans/{KEY}/decision", data=data).status_code == 200
    after = jardin.get(url, headers={"if-none-match": before.headers["etag"]})
    assert after.status_code == 200 and after.headers["etag"] != before.headers["etag"]
    old = {e["uid"]: e for e in icalendar.Calendar.from_ical(before.content).walk("VEVENT")}
    new = {e["uid"]: e for e in icalendar.Calendar.from_ical(after.content).walk("VEVENT")}
    plan = build_plan(load(JARDIN))
    assert set(old) == {uid(plan, s) for s in plan.steps}
    assert set(new) == set(old)
    assert all(new[u]["sequence"] > old[u]["sequence"] for u in new)
    assert old[uid(plan, plan.step("x/final"))]["dtstart"].dt.date() == dt.date(2027, 1, 15)
    assert new[uid(plan, plan.step("x/final"))]["dtstart"].dt.date() == dt.date(2027, 1, 22)
    assert min(e["sequence"] for e in new.values()) == sequence(clock.now) + 1


def sequences_of(data: bytes) -> list[int]:
    return [int(e["sequence"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]


def test_a_calendar_made_after_a_change_has_the_higher_sequence_from_either_side(
    jardin: TestClient, clock: Clock, tmp_path: Path
) -> None:
    """The command line stamps its export, the web app the plan's last change (planner.ics
    says why they differ): after three changes here within three seconds, `planner ics`
    on the downloaded file ten seconds later has a higher SEQUENCE than the web app's
    calendar; a change here after that export gives a higher one again."""
    for n in range(3):
        clock.now += dt.timedelta(seconds=1)
        reworded = jardin.post(
            f"/plans/{KEY}/posts",
            data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "text": f"Texte {n}"},
        )
        assert reworded.status_code == 200
    web = sequences_of(jardin.get(f"/plans/{KEY}/calendar.ics").content)
    path = tmp_path / "plan.toml"
    path.write_bytes(jardin.get(f"/plans/{KEY}/decision.toml").content)
    exported = clock.now + dt.timedelta(seconds=10)
    result = CliRunner().invoke(
        main, ["ics", str(path)], env={"SOURCE_DATE_EPOCH": str(int(exported.timestamp()))}
    )
    assert result.exit_code == 0, result.output
    cli = sequences_of(result.stdout_bytes)
    assert len(cli) == len(web)
    assert min(cli) > max(web)
    clock.now = exported + dt.timedelta(seconds=10)
    jardin.post(
        f"/plans/{KEY}/posts",
        data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "text": "Texte 3"},
    )
    assert min(sequences_of(jardin.get(f"/plans/{KEY}/calendar.ics").content)) > max(cli)


def test_revoked_renewed_and_other_plans_tokens(jardin: TestClient) -> None:
    """A revoked token and a renewed one's old token are refused (404); another plan's
    token gives that plan only."""
    assert upload(jardin, COOP).status_code == 303
    coop_key = build_plan(load(COOP)).key
    mine, theirs = feed_url(jardin), feed_url(jardin, coop_key)
    uids = {
        e["uid"] for e in icalendar.Calendar.from_ical(jardin.get(theirs).content).walk("VEVENT")
    }
    assert uids and all(u.endswith(f".{coop_key}@planner") for u in uids)
    renewed = feed_url(jardin)
    assert jardin.get(mine).status_code == 404
    assert jardin.get(renewed).status_code == 200
    jardin.post(f"/plans/{KEY}/feed", data={"csrf": csrf(jardin), "action": "revoke"})
    assert jardin.get(renewed).status_code == 404
    assert jardin.get("/feeds/" + "A" * 43 + ".ics").status_code == 404
    assert jardin.get(theirs).status_code == 200


@pytest.mark.parametrize(
    ("language", "opened", "renewed"),
    [
        (
            "en",
            "The subscription is open: subscribe to its address below.",
            "The feed has a new address; the old one no longer works.",
        ),
        (
            "fr",
            "L’abonnement est ouvert\u00a0: abonnez-vous à son adresse ci-dessous.",
            "L’abonnement a une nouvelle adresse\u00a0; l’ancienne ne fonctionne plus.",
        ),
    ],
)
def test_opening_the_feed_is_not_said_to_replace_an_address(
    tmp_path: Path, language: str, opened: str, renewed: str
) -> None:
    """The first opening (and one after closing) says the subscription is open; only a
    new address for an open one says the old address stopped working."""
    with client(tmp_path / "db.sqlite3", Clock(), **{"accept-language": language}) as b:
        assert upload(b, JARDIN).status_code == 303

        def press(action: str) -> str:
            data = {"csrf": csrf(b), "action": action}
            return Page(b.post(f"/plans/{KEY}/feed", data=data).text).ids["main"]

        first = press("renew")
        assert opened in first and renewed not in first
        again = press("renew")
        assert renewed in again and opened not in again
        press("revoke")
        reopened = press("renew")
        assert opened in reopened and renewed not in reopened


def test_the_fate_of_the_account_agrees_with_the_account(tmp_path: Path) -> None:
    """'Ensuite, le compte est désactivé / supprimé': masculine, as 'le compte' is, while
    a post stays 'supprimée' (the same English word, another context)."""
    with client(tmp_path / "db.sqlite3", Clock(), **{"accept-language": "fr"}) as b:
        assert upload(b, JARDIN).status_code == 303
        page = b.get(f"/plans/{KEY}/decision").text
    select = re.search(r'<select id="f-departure-1-after".*?</select>', page, re.S)
    assert select, "no select for what becomes of the account"
    shown = dict(re.findall(r'<option value="(\w+)"[^>]*>([^<]*)</option>', select.group(0)))
    assert shown["deactivate"] == "désactivé" and shown["delete"] == "supprimé"
    assert "Ensuite, le compte est" in page
    with speaking("fr"):
        assert action_word("delete", dry_run=False) == "supprimée"


def test_the_kit_zip_is_the_kit(jardin: TestClient) -> None:
    """The kit as a zip: the page, the calendar and every post, the same bytes each time
    nothing changed."""
    first = jardin.get(f"/plans/{KEY}/kit.zip")
    assert first.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(first.content)).namelist()
    assert {"index.html", f"{KEY}.ics"} <= set(names)
    assert len([n for n in names if n.startswith("posts/")]) == len(posts_of(JARDIN))
    assert jardin.get(f"/plans/{KEY}/kit.zip").content == first.content


# --- reminders and channels --------------------------------------------------------------


SECRET_URL = "mailtos://team:S3cretPassw0rd@mail.example.org?to=team@example.org"


def test_the_posts_page_shows_the_cards_as_planner_cards_draws_them(jardin: TestClient) -> None:
    """Each step with a card shows both sizes with the card's alt text; each picture is the
    PNG `planner cards` writes (issue 20: the web app uses the cards and their alt)."""
    from planner.cards import plan_cards
    from planner.drawing import draw

    cards = plan_cards(build_plan(load(JARDIN)))
    page = jardin.get(f"/plans/{KEY}/posts")
    assert page.status_code == 200
    shown = re.findall(rf'<img src="/plans/{KEY}/cards/([^"]+)" alt="([^"]*)"', page.text)
    assert sorted(name for name, _ in shown) == sorted(c.file_name for c in cards)
    alts = {c.file_name: c.text.alt for c in cards}
    assert all(html.unescape(alt) == alts[name] for name, alt in shown)
    card = cards[0]
    picture = jardin.get(f"/plans/{KEY}/cards/{card.file_name}")
    assert picture.status_code == 200
    assert picture.headers["content-type"] == "image/png"
    assert picture.content == draw(card, str(JARDIN))
    assert jardin.get(f"/plans/{KEY}/cards/no-such-card.png").status_code == 404


def test_channel_urls_never_reach_the_browser(jardin: TestClient) -> None:
    """A channel's URL is stored but no page (nor its redirect) holds its secret: only
    Apprise's masked form; a URL Apprise refuses is not put back in the form."""
    response = jardin.post(
        "/reminders", data={"csrf": csrf(jardin), "action": "add", "url": SECRET_URL}
    )
    assert response.status_code == 200
    pages = [response]
    for path in ("/reminders", f"/plans/{KEY}/reminders", f"/plans/{KEY}", "/plans"):
        pages.append(jardin.get(path))
    refused = jardin.post(
        "/reminders", data={"csrf": csrf(jardin), "action": "add", "url": "nope://S3cretToken"}
    )
    assert refused.status_code == 400
    assert "Apprise does not understand nope://S...n; write it like one of the examples" in text(
        refused
    )
    for page in [*pages, refused]:
        assert "S3cret" not in page.text and "Passw0rd" not in page.text
    assert "mailtos://team:****@mail.example.org" in text(pages[1])


def test_a_refused_channel_is_quoted_as_it_was_typed(jardin: TestClient) -> None:
    """A URL Apprise cannot read is quoted as typed (one slash stays one slash, no scheme is
    made up), its secrets masked as Apprise masks them, its markup shown as text."""
    for typed, shown in [
        ("mailto:/team:Passw0rd@mail.example.org", "mailto:/t...m:****@m...g"),
        ("  hooks.example.org/S3cretToken  ", "h...g/S...n"),
        ("nope://<b>S3cretToken</b>", "nope://<...</b>"),
    ]:
        refused = jardin.post(
            "/reminders", data={"csrf": csrf(jardin), "action": "add", "url": typed}
        )
        assert refused.status_code == 400
        assert (
            f"“New channel: an Apprise URL”: Apprise does not understand {shown}; write it like "
            "one of the examples, or find your service in Apprise's list"
        ) in text(refused), typed
        assert "S3cret" not in refused.text and "Passw0rd" not in refused.text
        assert "<b>" not in refused.text


ADDRESS = "mon-email@gmail.com"


@pytest.fixture
def smtp(monkeypatch: pytest.MonkeyPatch) -> Iterator[SmtpServer]:
    """A real SMTP server (aiosmtpd) as the instance's mail channel (PLANNER_MAIL_URL)."""
    server = SmtpServer()
    monkeypatch.setenv("PLANNER_MAIL_URL", server.url)
    yield server
    server.close()


def stored_rows(db: Path | str) -> str:
    """Every row of every table of the app's database, as text."""
    import sqlite3

    from sqlalchemy import MetaData

    from planner.web.database import engine_of

    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        try:
            return "\n".join(connection.iterdump())
        finally:
            connection.close()
    engine = engine_of(db)
    metadata = MetaData()
    metadata.reflect(engine)
    with engine.connect() as connection:
        rows = [
            repr(tuple(row))
            for table in metadata.sorted_tables
            for row in connection.execute(table.select())
        ]
    engine.dispose()
    return "\n".join(rows)


def test_a_plain_address_is_refused_with_what_is_needed_without_a_mail_channel(
    jardin: TestClient, db: Path | str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No mail channel on the instance: a plain address is refused beside its field, in one
    sentence naming the field, saying what is needed, with a worked example of a mail
    account's URL (Gmail); the page shows examples and the link to Apprise's list."""
    monkeypatch.delenv("PLANNER_MAIL_URL", raising=False)
    response = jardin.post(
        "/reminders", data={"csrf": csrf(jardin), "action": "add", "url": ADDRESS}
    )
    assert response.status_code == 400
    page = Page(response.text)
    assert page.errors == [
        (
            "channel-url-error",
            "“New channel: an Apprise URL”: to send reminders to mon-email@gmail.com, planner "
            "needs a mail server to send them from; type your mail account's Apprise URL, with "
            "the address after to=, like "
            "mailtos://ana:app-password@gmail.com?to=mon-email@gmail.com for Gmail",
        )
    ]
    assert 'aria-describedby="channel-url-error channel-url-hint"' in response.text
    hint = page.ids["channel-url-hint"]
    for example in ("ntfy://ntfy.sh/", "mailtos://ana:app-password@gmail.com", "matrixs://"):
        assert example in hint
    assert "an e-mail address; this instance" not in hint
    assert 'href="https://github.com/caronc/apprise/wiki#notification-services"' in response.text
    assert "mon-email" not in stored_rows(db)
    empty = jardin.post("/reminders", data={"csrf": csrf(jardin), "action": "add", "url": " "})
    assert Page(empty.text).errors == [
        (
            "channel-url-error",
            "“New channel: an Apprise URL”: empty; type an Apprise URL, like the examples",
        )
    ]


@pytest.mark.parametrize(
    "typed", ["ntfy://example.org/sec\x00ret", "json://example.org/\x1bsecret"]
)
def test_a_channel_with_a_control_character_is_refused(
    jardin: TestClient, db: Path | str, typed: str
) -> None:
    """A control character pasted inside a URL (a NUL, which PostgreSQL cannot store):
    400 with the field's line, not a server error whose log would hold the URL."""
    response = jardin.post("/reminders", data={"csrf": csrf(jardin), "action": "add", "url": typed})
    assert response.status_code == 400
    assert Page(response.text).errors == [
        (
            "channel-url-error",
            "“New channel: an Apprise URL”: it holds an invisible control character; type "
            "or paste the URL again, on one line",
        )
    ]
    assert "secret" not in response.text
    assert "secret" not in stored_rows(db)


def test_a_plain_address_goes_through_the_instance_mail(
    jardin: TestClient, db: Path | str, smtp: SmtpServer, tmp_path: Path
) -> None:
    """With a mail channel on the instance, a plain address is a channel: the database
    holds the address alone (no server, user or password of the mail channel); the daemon
    (`planner remind run`, for a local database) or the hosted scheduler sends a due
    reminder to it through the instance's real SMTP server, to that address alone. The hosted
    scheduler here allows no private network: the instance's mail server, on 127.0.0.1, is
    the operator's choice and is reached all the same (planner.web.destinations)."""
    page = jardin.get("/reminders")
    assert "“New channel: an e-mail address or an Apprise URL”" not in page.text
    assert ">New channel: an e-mail address or an Apprise URL</label>" in page.text
    assert "an e-mail address; this instance" in Page(page.text).ids["channel-url-hint"]
    response = jardin.post(
        "/reminders",
        data={"csrf": csrf(jardin), "action": "add", "url": f"  {ADDRESS} "},
        follow_redirects=False,
    )
    assert (response.status_code, response.headers["location"]) == (303, "/reminders?done=saved")
    assert f"{ADDRESS}, by this instance's e-mail" in text(jardin.get("/reminders"))
    rows = stored_rows(db)
    assert f"mailto-instance:{ADDRESS}" in rows
    for secret in (smtp.password, "planner:", f":{smtp.port}", "mailto://"):
        assert secret not in rows
    due = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    reminder = Reminder(f"{KEY}/x/announce", "x/announce", due, "Annoncer le départ", "Corps 🌱")
    if isinstance(db, Path):
        with open_store(db) as store:
            store.add(KEY, "", "Les Amis", [reminder])
        process = subprocess.Popen(
            [str(Path(sys.executable).parent / "planner"), "remind", "--db", str(db),
             "--config", str(tmp_path / "none.toml"), "run", "--resync", "1s"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "PLANNER_NOTIFY": "", "LANGUAGE": "en"},
        )  # fmt: skip
        try:
            wait_until(lambda: smtp.mailbox.messages, "the reminder to arrive by e-mail")
        finally:
            process.send_signal(signal.SIGTERM)
            assert process.wait(timeout=30) == 0
    else:
        from planner.web.database import engine_of
        from planner.web.hosted import HostedStore
        from planner.web.scheduler import Scheduler

        engine = engine_of(db)
        HostedStore(engine, "default").reminders.add(KEY, "", "Les Amis", [reminder])
        scheduler = Scheduler(engine, every=0.2)
        with scheduler.running():
            wait_until(lambda: smtp.mailbox.messages, "the reminder to arrive by e-mail")
        engine.dispose()
    [message] = smtp.mailbox.messages
    assert smtp.mailbox.recipients == [[ADDRESS]]
    assert message["Subject"] == "Annoncer le départ"
    assert message["X-Planner-Reminder"] == f"{KEY}/x/announce"
    assert "Corps 🌱" in message.get_body().get_content()  # type: ignore[union-attr]
    assert f"mailto-instance:{ADDRESS}" in stored_rows(db)  # its delivery, by its label


def wait_until(condition: object, what: str, seconds: float = 60) -> None:
    """Poll ``condition`` until true; fail with ``what`` after ``seconds`` (it only
    matters on failure)."""
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        if time.monotonic() > deadline:
            pytest.fail(f"not within {seconds} s: {what}")
        time.sleep(0.05)


@pytest.mark.parametrize("db", ["local"], indirect=True)  # remind reads the local database
def test_reminders_turned_on_in_the_browser_are_remind_lists(jardin: TestClient, db: Path) -> None:
    """Turn on a plan's reminders: `planner remind list` on the same database shows the
    plan; their text carries a reworded post; turned off, they are gone."""
    jardin.post(
        f"/plans/{KEY}/posts",
        data={
            "csrf": csrf(jardin),
            "step": "x/announce",
            "channel": "x",
            "text": "Texte de l'équipe",
        },
    )
    response = jardin.post(
        f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "on", "lead": "1h"}
    )
    assert response.status_code == 200
    listing = CliRunner().invoke(main, ["remind", "--db", str(db), "list"], catch_exceptions=False)
    assert "Les Amis du Jardin Partagé" in listing.stdout
    assert "Annoncer le départ de X (J-28)" in listing.stdout
    page = Page(jardin.get(f"/plans/{KEY}/reminders").text)
    assert ("lead", "1h") in page.form(f"/plans/{KEY}/reminders")
    from planner.reminders import open_store

    with open_store(db) as store:
        body = store.db.execute(
            "SELECT body FROM reminders WHERE id = ?", (f"{KEY}/x/announce",)
        ).fetchone()[0]
    assert "Texte de l'équipe" in body
    jardin.post(f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "off"})
    listing = CliRunner().invoke(main, ["remind", "--db", str(db), "list"], catch_exceptions=False)
    assert "Les Amis du Jardin" not in listing.stdout


def test_a_bad_lead_is_refused_with_the_commands_message(jardin: TestClient) -> None:
    """A lead that is not a duration: the message of `remind add --lead`, naming the field
    by its label, the text kept."""
    response = jardin.post(
        f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "on", "lead": "soon"}
    )
    assert response.status_code == 400
    assert Page(response.text).errors == [
        (
            "lead-error",
            "“How long before each step (like 30m, 1h or 2d)”: 'soon' is not a duration; write "
            "a number and a unit (s, m, h, d or w), like 30m, 1h or 2d",
        )
    ]
    assert ("lead", "soon") in Page(response.text).form(f"/plans/{KEY}/reminders")


@pytest.mark.parametrize("typed", ["1000000000 d", "9999999999 j", "9" * 40 + " j"])
def test_a_huge_lead_is_out_of_range_not_a_server_error(jardin: TestClient, typed: str) -> None:
    """A lead beyond what a date can hold is refused as any lead over 30 days is, the text
    kept: not a server error."""
    response = jardin.post(
        f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "on", "lead": typed}
    )
    assert response.status_code == 400
    assert Page(response.text).errors == [
        (
            "lead-error",
            f"“How long before each step (like 30m, 1h or 2d)”: '{typed}' is out of range; "
            "give a duration from 0m to 30d",
        )
    ]
    assert ("lead", typed) in Page(response.text).form(f"/plans/{KEY}/reminders")


def test_a_lead_in_french_units_is_taken_and_shown_in_one_spelling(
    jardin: TestClient,
) -> None:
    """`2 j` is the lead `2d` is (the volunteer's finding): saved, and shown back as 2d,
    the one spelling planner writes, whatever unit was typed."""
    response = jardin.post(
        f"/plans/{KEY}/reminders",
        data={"csrf": csrf(jardin), "action": "on", "lead": "2 j"},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    page = Page(jardin.get(f"/plans/{KEY}/reminders").text)
    assert ("lead", "2d") in page.form(f"/plans/{KEY}/reminders")


def test_the_channel_examples_are_french_on_the_french_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In French, the example URLs hold French placeholders (the same as the refusal of a
    plain address shows), no English 'password' in a French page."""
    monkeypatch.delenv("PLANNER_MAIL_URL", raising=False)
    with client(tmp_path / "db.sqlite3", Clock(), **{"accept-language": "fr"}) as b:
        hint = Page(b.get("/reminders").text).ids["channel-url-hint"]
    assert "mailtos://ana:mot-de-passe-d-application@gmail.com?to=equipe@example.org" in hint
    assert "matrixs://ana:mot-de-passe@matrix.org/#equipe" in hint
    assert "password" not in hint


def test_a_bad_lead_is_quoted_as_french_quotes_it(tmp_path: Path) -> None:
    """In French, the lead typed is quoted « 2x », as the other messages quote a value, not
    with Python's '2x'; the overview's and the reminders' dates are in words."""
    with client(tmp_path / "db.sqlite3", Clock(), **{"accept-language": "fr"}) as b:
        assert upload(b, JARDIN).status_code == 303
        response = b.post(
            f"/plans/{KEY}/reminders", data={"csrf": csrf(b), "action": "on", "lead": "2x"}
        )
        overview = text(b.get(f"/plans/{KEY}"))
        b.post(f"/plans/{KEY}/reminders", data={"csrf": csrf(b), "action": "on", "lead": "1h"})
        reminders = text(b.get(f"/plans/{KEY}/reminders"))
    assert "<td>18\u00a0décembre\u00a02026, 09:00</td>" in reminders
    assert not re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", reminders)
    assert response.status_code == 400
    assert "«\u00a02x\u00a0» n’est pas une durée" in text(response)
    assert "'2x'" not in text(response)
    assert (
        "Quitte X (@amisdujardin) le 15\u00a0janvier\u00a02027\u00a0; première annonce le "
        "18\u00a0décembre\u00a02026."
    ) in overview
    assert not re.search(r"\d{4}-\d\d-\d\d", overview.split("<main")[-1].split("</main>")[0])


def test_the_test_button_reaches_a_channel(jardin: TestClient) -> None:
    """The test button sends one message to a stored channel (an HTTP receiver here)."""
    receiver = Receiver()
    try:
        jardin.post("/reminders", data={"csrf": csrf(jardin), "action": "add", "url": receiver.url})
        response = jardin.post(
            "/reminders", data={"csrf": csrf(jardin), "action": "test"}, follow_redirects=False
        )
        assert response.headers["location"] == "/reminders?done=sent"
        assert [r[0] for r in receiver.received] == ["planner/test"]
    finally:
        receiver.close()


# --- the self-assessment ---------------------------------------------------------------


def test_an_assessment_is_saved_as_answered_and_makes_a_plan(db: Path | str, clock: Clock) -> None:
    """Start an assessment, answer some questions: they are there again on the next visit;
    a figure that is not a number is refused beside it, the answers kept; the report is
    the command's, as HTML, with a button to create the plan; "create the plan" fills the
    decision form."""
    from planner.assess import answers_from, report_html

    with client(db, clock) as browser:
        response = browser.post(
            "/assessments",
            data={
                "csrf": csrf(browser),
                "organisation": "Amis du Jardin",
                "platform": "x",
                "language": "fr",
            },
        )
        assert response.status_code == 200
        path = str(response.url).removeprefix("http://127.0.0.1:8000")
        answers = {
            "csrf": csrf(browser),
            "answer.values.aligned": "no",
            "answer.resources.hours": "3,5",
            "note.values.aligned": "Vu en bureau",
            "indicators": "abonnés Mastodon\r\ninscriptions à la lettre",
            "decision": "leave",
        }
        assert browser.post(path, data=answers, follow_redirects=False).status_code == 303
        fields = Page(browser.get(path).text).form(path)
        assert ("answer.values.aligned", "no") in fields
        assert ("answer.resources.hours", "3.5") in fields
        assert ("note.values.aligned", "Vu en bureau") in fields
        bad = browser.post(path, data={**answers, "answer.resources.hours": "beaucoup"})
        assert bad.status_code == 400
        assert "must be a number (0 or more); leave it empty when you do not know it" in text(bad)
        assert ("answer.values.aligned", "no") in Page(bad.text).form(path)
        assert ("answer.resources.hours", "beaucoup") in Page(bad.text).form(path)
        stored = browser.get(path + "/answers.toml")
        assert stored.headers["content-disposition"].startswith("attachment")
        expected = report_html(
            answers_from(tomllib.loads(stored.text), "a"),
            plan_url=f"{path}/plan",
            decide_url=f"{path}#decision",
        )
        shown = Page(browser.get(path + "/report").text)
        assert shown.ids["report"].strip() == Page(f'<div id="r">{expected}</div>').ids["r"].strip()
        assert ("a", {"class": "button", "href": f"{path}/plan"}) in shown.tags
        plan = Page(browser.get(path + "/plan").text).form("/plans/new/form")
        assert ("organisation.name", "Amis du Jardin") in plan
        assert ("departure-1.platform", "x") in plan
        assert ("indicators.track", "abonnés Mastodon\ninscriptions à la lettre") in plan
        assert ("decision.reasons", "values") in plan


def test_a_kept_page_carries_each_answers_own_tokens(db: Path | str, clock: Clock) -> None:
    """The today and plan pages, kept rendered between changes, still carry in each
    answer the nonce of its own CSP and the CSRF token of its own browser; a tick shows."""
    with client(db, clock) as first:
        assert upload(first, JARDIN).status_code == 303
        for path in (f"/plans/{KEY}/today", f"/plans/{KEY}/plan"):
            seen = set()
            for _round in range(2):
                first.cookies.clear()
                response = first.get(path)
                token = response.cookies.get("planner_csrf")
                nonce = re.search(r"'nonce-([^']+)'", response.headers["content-security-policy"])
                page = Page(response.text)
                assert nonce and [a["nonce"] for t, a in page.tags if t == "script"] == [
                    nonce.group(1)
                ]
                tokens = {v for f in page.forms for n, v in f["fields"] if n == "csrf"}
                assert tokens == {token}
                seen.add(token)
            assert len(seen) == 2
        first.post(
            f"/plans/{KEY}/ticks",
            data={"csrf": csrf(first), "step": "x/announce", "item": "announce.relay"},
        )
        ticks = next(
            f
            for f in Page(first.get(f"/plans/{KEY}/plan").text).forms
            if ("step", "x/announce") in f["fields"]
        )
        assert ("item", "announce.relay") in ticks["fields"]


@pytest.mark.parametrize("db", ["local"], indirect=True)  # remind reads the local database
def test_a_plan_of_the_web_app_and_one_of_a_file_are_two_owners(
    jardin: TestClient, db: Path, tmp_path: Path
) -> None:
    """The web app's plan (a reworded post, reminders on 1h before) and the same decision
    file added with `remind add`: the file is refused, naming the web app and its reworded
    post, and `remind remove` of it removes nothing; with --replace it takes the reminders
    over, says the reworded post is not in them, and the web app's reminders are off. The
    other way, turning them on in the browser is refused until the team confirms."""
    from planner.reminders import open_store

    def remind(*args: str) -> Result:
        return CliRunner().invoke(main, ["remind", "--db", str(db), *args])

    def state() -> tuple[str, str, object]:
        with open_store(db) as store:
            source = store.db.execute("SELECT source FROM plans WHERE plan = ?", (KEY,))
            body = store.db.execute(
                "SELECT body FROM reminders WHERE id = ?", (f"{KEY}/x/announce",)
            )
            lead = store.db.execute("SELECT lead FROM web_plans WHERE plan = ?", (KEY,))
            return source.fetchone()[0], body.fetchone()[0], lead.fetchone()[0]

    jardin.post(
        f"/plans/{KEY}/posts",
        data={"csrf": csrf(jardin), "step": "x/announce", "channel": "x", "text": "Notre texte"},
    )
    jardin.post(
        f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "on", "lead": "1h"}
    )
    before = state()
    assert before[0] == "planner serve" and "Notre texte" in before[1] and before[2] == 3600
    file = tmp_path / "h.toml"
    file.write_bytes(JARDIN.read_bytes())
    refused = remind("add", str(file), "--lead", "0m")
    assert refused.exit_code == 2
    assert refused.stderr.count("\n") == 1
    assert (
        f"{file}: the reminders database already holds the plan '{KEY}' of the web app "
        "(planner serve) (it has 1 post reworded there, which this file does not have)"
    ) in refused.stderr
    assert 'add id = "' in refused.stderr and "add --replace" in refused.stderr
    assert remind("remove", str(file)).exit_code == 2
    assert state() == before
    taken = remind("add", str(file), "--replace")
    assert taken.exit_code == 0, taken.output
    assert "its 1 reworded post is not in them" in taken.stderr
    source, body, lead = state()
    assert (source, lead) == (str(file.resolve()), None)
    assert "Notre texte" not in body
    assert "from planner serve" not in remind("list").stdout

    # The other way: the file holds the plan; the browser asks before taking it over.
    answer = jardin.post(
        f"/plans/{KEY}/reminders", data={"csrf": csrf(jardin), "action": "on", "lead": "1h"}
    )
    assert answer.status_code == 409
    assert f"added from the file {file.resolve()}" in text(answer)
    assert state()[0] == str(file.resolve()) and state()[2] is None
    confirmed = jardin.post(
        f"/plans/{KEY}/reminders",
        data={"csrf": csrf(jardin), "action": "take-over", "lead": "1h"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    source, body, lead = state()
    assert (source, lead) == ("planner serve", 3600) and "Notre texte" in body
