"""planner serve in a real browser: Debian's Chromium driven by Playwright, against
`planner serve` running as a real process on 127.0.0.1.

A journey in French and the same in English, from an empty database: a plan made with
the form (two platforms, three places), a field error fixed without losing input,
today's post copied, a post reworded with its counter and preview following, the .ics
read by the three independent readers of the calendar tests, the feed fetched twice
(304), the departure moved (same UIDs, higher SEQUENCE), the kit downloaded. A journey by
keyboard alone. axe-core on every page at 1000 and 375 pixels.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx2
import icalendar
import pytest
import vobject
from ical.calendar_stream import IcsCalendarStream

from planner.decision import load
from planner.i18n import _, speaking
from planner.lengths import measure
from planner.posts import render_posts
from planner.preview import preview
from planner.timeline import build_plan

from .conftest import ROOT, Golden, npm_module
from .test_ics import expected_starts, read_with_ical_js
from .web import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
LOCALES = {"fr": "fr-FR", "en": "en-US"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian, through Playwright (no browser is downloaded)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is needed for the browser tests (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def words(language: str) -> Callable[[str], str]:
    """planner's own translation of a message, as the pages show it."""

    def translate(message: str) -> str:
        with speaking(language):
            return _(message)

    return translate


class Watched:
    """A page whose requests and console errors (CSP refusals among them) are recorded."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))


def download(page: Any, click: Callable[[], None], folder: Path) -> Path:
    """What a click downloads, saved under ``folder``."""
    with page.expect_download() as info:
        click()
    target = folder / info.value.suggested_filename
    info.value.save_as(target)
    return target


def starts_by_three_readers(data: bytes, tmp_path: Path) -> list[dict[str, object]]:
    """UID -> start, as vobject, ical and ical.js each read the calendar."""
    by_vobject = {
        e.uid.value: int(e.dtstart.value.timestamp())
        if isinstance(e.dtstart.value, dt.datetime)
        else e.dtstart.value.isoformat()
        for e in vobject.readOne(data.decode()).vevent_list
    }
    by_ical = {
        e.uid: int(e.dtstart.timestamp())
        if isinstance(e.dtstart, dt.datetime)
        else e.dtstart.isoformat()
        for e in IcsCalendarStream.calendar_from_ics(data.decode()).events
    }
    ical_js = npm_module("ical.js", "2.2.1", "dist/ical.js")
    by_ical_js = {str(e["uid"]): e["start"] for e in read_with_ical_js(ical_js, data, tmp_path)}
    return [by_vobject, by_ical, by_ical_js]


def sequences(data: bytes) -> dict[str, int]:
    return {
        str(e["uid"]): int(e["sequence"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
    }


@pytest.mark.parametrize("language", ["fr", "en"])
def test_a_whole_journey(browser: Any, language: str, tmp_path: Path, golden: Golden) -> None:
    """The journey of a volunteer, in French and in English, from an empty database."""
    from playwright.sync_api import expect

    t = words(language)
    server = Server(tmp_path / "data")
    context = browser.new_context(
        locale=LOCALES[language],
        permissions=["clipboard-read", "clipboard-write"],
        viewport={"width": 1000, "height": 900},
        accept_downloads=True,
    )
    watched = Watched(context)
    page = watched.page
    today = dt.date.today()
    name = "Atelier Vélo Solidaire" if language == "fr" else "Riverside Bike Workshop"
    try:
        page.goto(f"{server.url}/plans")
        assert page.locator("html").get_attribute("lang") == language
        expect(
            page.get_by_text(t("No plan yet. Start one from a decision file, or fill in the form."))
        ).to_be_visible()

        # A new plan by the form: two platforms, three places.
        page.get_by_role("link", name=t("New plan")).click()
        page.get_by_role("link", name=t("Start a blank plan")).click()
        page.get_by_label(t("Name of the association")).fill(name)
        page.get_by_role("button", name=t("Add a platform to leave")).click()
        page.get_by_role("button", name=t("Add a place")).click()
        page.get_by_role("button", name=t("Add a place")).click()
        expect(page.get_by_label(t("Name of the association"))).to_have_value(name)
        page.locator("#f-decision-language").select_option(language)
        page.locator("#f-departure-1-platform").select_option("x")
        page.locator("#f-departure-1-account").fill("@atelier")
        page.locator("#f-departure-1-date").fill((today + dt.timedelta(days=21)).isoformat())
        page.locator("#f-departure-2-platform").select_option("facebook")
        page.locator("#f-departure-2-account").fill("Atelier Vélo")
        page.locator("#f-departure-2-date").fill((today + dt.timedelta(days=28)).isoformat())
        page.locator("#f-departure-2-notice_days").fill("10")
        places = [
            ("mastodon", "https://mastodon.social/@atelier"),
            ("newsletter", "https://atelier.example.org/lettre"),
            ("website", "https://atelier.example.org"),
        ]
        for number, (kind, url) in enumerate(places, start=1):
            page.locator(f"#f-destination-{number}-kind").select_option(kind)
            page.locator(f"#f-destination-{number}-url").fill(url)
        page.locator("#f-indicators-track").fill("abonnés Mastodon\ninscriptions à la lettre")
        page.get_by_role("button", name=t("Save")).first.click()

        # The error, beside its field, naming it by its label, in a form's words; nothing
        # typed is lost; fixed, then saved.
        error = page.locator("#e-departure-2-notice_days")
        expect(error).to_contain_text(
            t("“{label}”: {problem}").format(
                label=t("Days of notice"),
                problem=t(
                    "{notice} days is less than the three weeks the community needs; "
                    "type 21 or more{earliest}"
                ).format(notice=10, earliest=""),
            )
        )
        expect(page.locator("#f-departure-2-notice_days")).to_have_attribute("aria-invalid", "true")
        expect(page.get_by_label(t("Name of the association"))).to_have_value(name)
        expect(page.locator("#f-destination-3-url")).to_have_value("https://atelier.example.org")
        expect(page.locator("#f-indicators-track")).to_have_value(
            "abonnés Mastodon\ninscriptions à la lettre"
        )
        expect(page.locator("#f-departure-2-account")).to_have_value("Atelier Vélo")
        if golden.update and language == "fr":  # the pictures of the README
            page.screenshot(path=str(ROOT / "docs" / "serve-decision.png"))
        page.locator("#f-departure-2-notice_days").fill("21")
        page.get_by_role("button", name=t("Save")).first.click()
        expect(page.get_by_text(t("The plan is created."))).to_be_visible()
        key = page.url.split("/plans/")[1].split("?")[0]
        decision_file = tmp_path / "decision.toml"
        decision_file.write_bytes(httpx2.get(f"{server.url}/plans/{key}/decision.toml").content)
        plan = build_plan(load(decision_file))
        assert [d.platform for d in plan.decision.departures] == ["x", "facebook"]
        assert len(plan.decision.destinations) == 3

        # Today: a post copied with its button.
        page.get_by_role("link", name=t("Today"), exact=True).click()
        copy = page.locator("button[data-copy]").first
        target = copy.get_attribute("data-copy")
        shown = page.locator(f"#{target}").text_content()
        copy.click()
        expect(page.locator("#status")).to_have_text(t("Text copied"))
        assert page.evaluate("navigator.clipboard.readText()") == shown
        assert shown in {p.text for p in render_posts(plan)}
        if golden.update and language == "fr":
            page.evaluate("window.scrollTo(0, 0)")
            page.screenshot(path=str(ROOT / "docs" / "serve-today.png"))

        # A post reworded: the counter and the preview follow the typing.
        page.get_by_role("link", name=t("Posts"), exact=True).click()
        box = page.locator("#post-x-announce-x-text")
        typed = "Nous quittons X. Suivez-nous : https://mastodon.social/@atelier 🚲"
        box.fill(typed)
        expect(page.locator("#post-x-announce-x-count")).to_have_text(
            f"{measure('x', typed)}/280 {t('characters')}"
        )
        expect(page.locator("#post-x-announce-x-preview")).to_have_text(
            "".join(p.text for p in preview("x", typed))
        )
        if golden.update and language == "fr":
            page.screenshot(path=str(ROOT / "docs" / "serve-posts.png"), full_page=False)
        page.locator("#post-x-announce-x-box").get_by_role(
            "button", name=t("Save this text")
        ).click()
        expect(page.locator("#post-x-announce-x-text")).to_have_value(typed)

        # The calendar: the .ics read by three readers, the feed twice, the kit.
        page.get_by_role("link", name=t("Calendar"), exact=True).click()
        ics = download(
            page,
            lambda: page.get_by_role("link", name=t("Download the calendar file (.ics)")).click(),
            tmp_path,
        )
        data = ics.read_bytes()
        for read in starts_by_three_readers(data, tmp_path):
            assert read == expected_starts(plan)
        assert typed in str(
            next(
                e
                for e in icalendar.Calendar.from_ical(data).walk("VEVENT")
                if str(e["uid"]).startswith("x-announce.")
            )["description"]
        )
        page.get_by_role("button", name=t("Open a subscription")).click()
        feed = page.locator("#feed-url").input_value()
        assert feed.startswith(f"{server.url}/feeds/")
        first = httpx2.get(feed)
        assert first.status_code == 200
        again = httpx2.get(feed, headers={"if-none-match": first.headers["etag"]})
        assert again.status_code == 304
        kit = download(
            page,
            lambda: page.get_by_role("link", name=t("Download the kit (.zip)")).click(),
            tmp_path,
        )
        with zipfile.ZipFile(kit) as archive:
            assert name in archive.read("index.html").decode()
            assert f"{key}.ics" in archive.namelist()

        if golden.update and language == "fr":
            page.screenshot(path=str(ROOT / "docs" / "serve-calendar.png"))
            page.goto(f"{server.url}/plans/{key}/plan")
            page.screenshot(path=str(ROOT / "docs" / "serve-plan.png"))
        for picture in ("decision", "today", "posts", "calendar", "plan"):
            assert (ROOT / "docs" / f"serve-{picture}.png").exists(), "run: make golden"

        # The departure moved: the same UIDs, each with a higher SEQUENCE.
        page.get_by_role("link", name=t("Decision"), exact=True).click()
        page.locator("#f-departure-1-date").fill((today + dt.timedelta(days=35)).isoformat())
        page.get_by_role("button", name=t("Save")).first.click()
        expect(page.get_by_text(t("Saved."), exact=True)).to_be_visible()
        moved = httpx2.get(feed, headers={"if-none-match": first.headers["etag"]})
        assert moved.status_code == 200
        before, after = sequences(first.content), sequences(moved.content)
        assert set(after) == set(before)
        assert all(after[uid] > before[uid] for uid in after)

        # The form with an error is answered 400, which Chromium logs; nothing else may be.
        refused = "Failed to load resource: the server responded with a status of 400"
        assert [e for e in watched.errors if not e.startswith(refused)] == []
        assert all(url.startswith(server.url) for url in watched.requests), watched.requests
    finally:
        context.close()
        server.stop()


def tab_to(page: Any, test: str, most: int = 150) -> None:
    """Press Tab until the focused element passes ``test`` (a JS expression on ``el``)."""
    for _press in range(most):
        page.keyboard.press("Tab")
        if page.evaluate(f"(el => Boolean({test}))(document.activeElement)"):
            return
    raise AssertionError(f"never reached by Tab: {test}")


def test_a_journey_by_keyboard_alone(browser: Any, tmp_path: Path) -> None:
    """With the keyboard only: the skip link, the plan, today's post copied, a checklist
    item ticked and remembered, a post reworded, the name changed in the form; the focus
    always visible."""
    from playwright.sync_api import expect

    server = Server(tmp_path / "data")
    with httpx2.Client(base_url=server.url) as http:
        http.get("/plans")
        http.post(
            "/plans/new/upload",
            data={"csrf": http.cookies["planner_csrf"]},
            files={"file": (JARDIN.name, JARDIN.read_bytes())},
        )
    key = build_plan(load(JARDIN)).key
    context = browser.new_context(
        locale="en-US",
        permissions=["clipboard-read", "clipboard-write"],
        viewport={"width": 1000, "height": 900},
    )
    page = Watched(context).page
    try:
        page.goto(f"{server.url}/plans")
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.className") == "skip"
        assert page.evaluate("document.activeElement.getBoundingClientRect().left") >= 0
        page.keyboard.press("Enter")
        tab_to(page, f"el.getAttribute('href') === '/plans/{key}'")
        page.keyboard.press("Enter")
        page.wait_for_url(f"{server.url}/plans/{key}")
        tab_to(page, f"el.getAttribute('href') === '/plans/{key}/plan'")
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/plans/{key}/plan")
        tab_to(page, "el.matches('button[data-copy]')")
        assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
        target = page.evaluate("document.activeElement.getAttribute('data-copy')")
        page.keyboard.press("Enter")
        expect(page.locator("#status")).to_have_text("Text copied")
        assert (
            page.evaluate("navigator.clipboard.readText()")
            == page.locator(f"#{target}").text_content()
        )
        tab_to(page, "el.matches('input[type=checkbox]')")
        step = page.evaluate("document.activeElement.form.step.value")
        page.keyboard.press("Space")
        expect(page.locator("#status")).to_have_text("Saved.")
        page.reload()
        ticks = page.locator(f"form:has(input[name=step][value='{step}']) input[name=item]")
        assert ticks.first.is_checked()
        page.goto(f"{server.url}/plans/{key}/posts")
        tab_to(page, "el.matches('textarea[data-count]')")
        page.keyboard.press("Control+A")
        page.keyboard.type("Short text.")
        count = page.evaluate("document.activeElement.getAttribute('data-count')")
        expect(page.locator(f"#{count}-count")).to_contain_text("11")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
        expect(page.locator(f"#{count}-text")).to_have_value("Short text.")
        page.goto(f"{server.url}/plans/{key}/decision")
        tab_to(page, "el.name === 'organisation.name'")
        page.keyboard.press("Control+A")
        page.keyboard.type("Les Amis du Jardin")
        page.keyboard.press("Enter")
        expect(page.get_by_text("Saved.", exact=True)).to_be_visible()
        assert "Les Amis du Jardin" in httpx2.get(f"{server.url}/plans").text
    finally:
        context.close()
        server.stop()


# --- accessibility -------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, list[str]]]:
    """One server for the accessibility checks, with a plan (with Bluesky among its places,
    its posts handed to the daemon), a channel, a Bluesky account and an assessment;
    yields it and the path of every page."""
    folder = tmp_path_factory.mktemp("served")
    server = Server(folder / "data")
    decision = folder / JARDIN.name
    decision.write_text(
        JARDIN.read_text("utf-8")
        + '\n[[destination]]\nkind = "bluesky"\naddress = "@amisdujardin.bsky.social"\n',
        "utf-8",
    )
    key = build_plan(load(decision)).key
    with httpx2.Client(base_url=server.url) as http:
        http.get("/plans")
        token = http.cookies["planner_csrf"]
        http.post(
            "/plans/new/upload",
            data={"csrf": token},
            files={"file": (decision.name, decision.read_bytes())},
        )
        http.post(f"/plans/{key}/feed", data={"csrf": token, "action": "renew"})
        http.post(f"/plans/{key}/reminders", data={"csrf": token, "action": "on", "lead": "1h"})
        http.post("/reminders", data={"csrf": token, "action": "add", "url": "ntfy://ntfy.sh/x"})
        http.post(
            "/accounts",
            data={
                "csrf": token,
                "action": "save-bluesky",
                "handle": "amis.bsky.social",
                "app_password": "abcd-efgh-ijkl-mnop",
            },
        )
        http.post(f"/plans/{key}/bluesky", data={"csrf": token, "bluesky": "on"})
        created = http.post(
            "/assessments",
            data={"csrf": token, "organisation": "Amis", "platform": "x", "language": "fr"},
        )
        assessment = created.headers["location"]
    pages = [
        "/plans",
        "/plans/new",
        "/plans/new/form",
        "/reminders",
        "/assessments",
        "/accounts",
        assessment,
        f"{assessment}/report",
        f"{assessment}/plan",
        *(
            f"/plans/{key}{p}"
            for p in (
                "",
                "/decision",
                "/today",
                "/plan",
                "/posts",
                "/calendar",
                "/reminders",
                "/delete",
            )
        ),
    ]
    yield server, pages
    server.stop()


AXE_PAGES = [
    "/plans",
    "/plans/new",
    "/plans/new/form",
    "/reminders",
    "/assessments",
    "/accounts",
    "assessment",
    "assessment/report",
    "assessment/plan",
    "plan",
    "plan/decision",
    "plan/today",
    "plan/plan",
    "plan/posts",
    "plan/calendar",
    "plan/reminders",
    "plan/delete",
]


@pytest.mark.parametrize("width", [1000, 375])
@pytest.mark.parametrize("language", ["fr", "en"])
def test_axe_finds_no_violation_on_any_page(
    browser: Any, served: tuple[Server, list[str]], width: int, language: str
) -> None:
    """axe-core (WCAG 2 A and AA, and best practices) finds nothing on any page, in both
    languages, at 1000 and 375 pixels; no page is wider than a 375-pixel screen. (The
    context bypasses the page's CSP only to inject axe.)"""
    server, pages = served
    axe = npm_module("axe-core", "4.14.1", "axe.min.js")
    context = browser.new_context(
        locale=LOCALES[language], viewport={"width": width, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    found = {}
    try:
        for path in [*pages, "form with errors", "accounts with errors", "channel refused"]:
            if path == "form with errors":  # the decision form as an error leaves it
                page.goto(f"{server.url}/plans/new/form")
                page.locator("button[value=save]").first.click()
                page.wait_for_selector(".summary")
            elif path == "accounts with errors":  # a Mastodon account without its token
                page.goto(f"{server.url}/accounts")
                page.locator("button[value=save-mastodon]").click()
                page.wait_for_selector(".error")
            elif path == "channel refused":  # a plain address, and no mail channel
                page.goto(f"{server.url}/reminders")
                page.locator("#channel-url").fill("mon-email@gmail.com")
                page.locator("button[value=add]").click()
                page.wait_for_selector(".error")
            else:
                page.goto(server.url + path)
            page.add_script_tag(path=str(axe))
            violations = page.evaluate(
                "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
                "'best-practice']}).then(r => r.violations.map(v => v.id + ': ' + "
                "v.nodes[0].html.slice(0, 100)))"
            )
            if violations:
                found[path] = violations
            if width == 375:
                assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
                    path
                )
    finally:
        context.close()
    assert found == {}


# --- the self-assessment's report -------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_report_page_is_html_with_the_apps_actions(
    browser: Any, served: tuple[Server, list[str]], language: str
) -> None:
    """The report of an assessment, in French and in English, once decided (leave, stay)
    and not yet: headings and lists as HTML elements, no Markdown mark and no command of
    planner in what the page shows; its next step is a button or link of the app, which
    leads where it says (the decision form filled from the answers, or the question of the
    collective's decision). axe finds nothing at 375 pixels, nor a page wider than that."""
    server, _pages = served
    http = httpx2.Client(base_url=server.url)
    http.get("/assessments")
    token = http.cookies["planner_csrf"]
    path = http.post(
        "/assessments",
        data={"csrf": token, "organisation": "Repair Café", "platform": "x", "language": language},
    ).headers["location"]
    answers = {
        "csrf": token,
        "answer.values.aligned": "no",
        "note.values.aligned": "**vu** en `bureau`",  # marks typed by the user stay text
        "answer.effectiveness.reach": "yes",
        "answer.resources.hours": "3,5",
        "indicators": "abonnés Mastodon\ninscriptions à la lettre",
    }
    context = browser.new_context(
        locale=LOCALES[language], viewport={"width": 375, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    try:
        for decision in ("leave", "stay", ""):
            saved = http.post(path, data={**answers, "decision": decision})
            assert saved.status_code == 303, saved.text
            page.goto(f"{server.url}{path}/report")
            report = page.locator("#report")
            assert report.locator("h1").count() == 1
            assert report.locator("h2").count() == 9  # the eight themes and the next steps
            assert report.locator("ul > li").count() >= 4
            assert report.locator("em").count() >= 2 and report.locator("strong").count() >= 1
            shown = report.inner_text()
            assert "**vu** en `bureau`" in shown
            shown = shown.replace("**vu** en `bureau`", "")
            for mark in ("**", "`", "## ", "\n- ", "\n# "):
                assert mark not in shown, (decision, mark)
            assert "planner " not in page.locator("main").inner_text().lower(), decision
            assert axe_violations(page) == [], decision
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            action = report.locator("a.button")
            assert action.count() == 1
            action.click()
            if decision:
                page.wait_for_url(f"{server.url}{path}/plan")
                assert page.locator('[name="organisation.name"]').input_value() == "Repair Café"
            else:
                page.wait_for_url(f"{server.url}{path}#decision")
                assert page.locator("fieldset#decision input[value=leave]").count() == 1
    finally:
        context.close()
        http.close()


# --- the hosted mode's invitations -------------------------------------------------------


def axe_violations(page: Any) -> list[str]:
    """What axe-core (WCAG 2 A and AA, and best practices) finds on the page."""
    page.add_script_tag(path=str(npm_module("axe-core", "4.14.1", "axe.min.js")))
    found: list[str] = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', "
        "'best-practice']}).then(r => r.violations.map(v => v.id + ': ' + "
        "v.nodes[0].html.slice(0, 100)))"
    )
    return found


@pytest.mark.parametrize(("language", "width"), [("fr", 375), ("en", 1000)])
def test_invitations_by_email_in_the_hosted_mode(
    browser: Any, tmp_path: Path, language: str, width: int
) -> None:
    """`planner serve --hosted` with a mail channel, in a real browser: the administrator
    creates a workspace and its owner's invitation goes by e-mail (a real SMTP server);
    the owner follows the link, joins, and invites a member by e-mail; a mistyped address
    is refused beside the form; with the mail server gone, the page says so and shows the
    link. axe finds nothing on any of these pages, none is wider than the screen; the
    server's log holds neither the mail password nor any link's token."""
    from click.testing import CliRunner
    from playwright.sync_api import expect

    from planner.cli import main

    from .web import SmtpServer, free_port

    t = words(language)
    smtp = SmtpServer()
    data = tmp_path / "data"
    added = CliRunner(env={"PLANNER_ADMIN_PASSWORD": "correct horse battery"}).invoke(
        main, ["serve", "--hosted", "--data", str(data), "--add-admin", "admin@example.org"]
    )
    assert added.exit_code == 0, added.stderr
    port = free_port()
    public = f"http://127.0.0.1:{port}"
    server = Server(
        data,
        "--hosted",
        "--public-url",
        public,
        env={"PLANNER_MAIL_URL": smtp.url},
        port=port,
        ready="/health",
    )
    context = browser.new_context(
        locale=LOCALES[language], viewport={"width": width, "height": 800}, bypass_csp=True
    )
    page = context.new_page()
    found: dict[str, list[str]] = {}
    tokens: list[str] = []

    def check(name: str) -> None:
        violations = axe_violations(page)
        if violations:
            found[name] = violations
        wide = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not wide, name

    def link_of_mail(number: int) -> str:
        body = smtp.mailbox.messages[number].get_content().replace("\r\n", "\n")
        link = next(line for line in body.splitlines() if line.startswith(public + "/invite/"))
        tokens.append(link.rsplit("/", 1)[1])
        return link

    try:
        page.goto(f"{server.url}/login")
        check("login")
        page.get_by_label(t("E-mail address")).fill("admin@example.org")
        page.get_by_label(t("Password")).fill("correct horse battery")
        page.get_by_role("button", name=t("Log in")).click()
        page.wait_for_url(f"{server.url}/admin")
        check("admin")
        page.get_by_label(t("Id (in lower case, like amis-du-jardin)")).fill("amis-du-jardin")
        page.get_by_label(t("Name of the association")).fill("Amis du Jardin")
        page.get_by_label(t("E-mail address of the person invited")).fill("owner@example.org")
        page.get_by_role("button", name=t("Create and invite its owner")).click()
        expect(page.locator("#sent")).to_contain_text("owner@example.org")
        assert page.locator("#invitation").count() == 0
        check("admin, invitation sent")
        assert smtp.mailbox.recipients == [["owner@example.org"]]
        owner_link = link_of_mail(0)

        owner = context.new_page()
        owner.goto(owner_link)
        page, admin = owner, page
        check("invitation")
        page.get_by_label(t("E-mail address"), exact=True).fill("owner@example.org")
        page.get_by_label(t("Password"), exact=True).fill("another long password")
        page.get_by_label(t("The same password again")).fill("another long password")
        page.get_by_role("button", name=t("Join")).click()
        page.wait_for_url(f"{server.url}/plans")
        page.goto(f"{server.url}/members")
        check("members")
        page.get_by_label(t("Role")).select_option("reader")
        page.get_by_label(t("E-mail address of the person invited")).fill("ana@example")
        page.get_by_role("button", name=t("Invite")).click()
        expect(page.locator("#problem")).to_have_text(
            t(
                "Write the person's e-mail address like ana@example.org, or leave it empty "
                "to get the link here."
            )
        )
        check("members, address refused")
        page.get_by_label(t("E-mail address of the person invited")).fill("ana@example.org")
        page.get_by_role("button", name=t("Invite")).click()
        expect(page.locator("#sent")).to_contain_text("ana@example.org")
        assert smtp.mailbox.recipients[1] == ["ana@example.org"]
        link_of_mail(1)

        smtp.close()  # the mail server is gone: the link is shown, with why
        page.get_by_label(t("E-mail address of the person invited")).fill("bo@example.org")
        page.get_by_role("button", name=t("Invite")).click()
        expect(page.locator("#not-sent")).to_be_visible()
        shown = page.locator("#invitation").text_content() or ""
        assert shown.startswith(public + "/invite/")
        tokens.append(shown.rsplit("/", 1)[1])
        check("members, mail not sent")
        admin.close()
    finally:
        context.close()
        _code, out, err = server.stop()
        smtp.close()
    assert found == {}
    assert "mailto://planner:****@127.0.0.1" in err
    for secret in [smtp.password, *tokens]:
        assert secret not in out + err
