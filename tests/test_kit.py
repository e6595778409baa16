"""The departure kit in a real browser (Debian's Chromium driven by Playwright), and on disk."""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import threading
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from planner.cards import plan_cards
from planner.cli import main
from planner.decision import Decision, Organisation, load
from planner.errors import InputError
from planner.files import replace_folder
from planner.kit import kit_files
from planner.posts import render_posts
from planner.timeline import build_plan

from .conftest import EXAMPLES, ROOT, Golden, npm_module

CHROMIUM = Path("/usr/bin/chromium")
STAMP = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium from Debian, through Playwright (no browser download)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is needed for the kit tests (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield launched
        launched.close()


def build(decision: Decision, folder: Path) -> Path:
    plan = build_plan(decision)
    replace_folder(folder, kit_files(plan, render_posts(plan), STAMP, "decision.toml"))
    return folder / "index.html"


class Watched:
    """A page with every request, console error and dialog recorded."""

    def __init__(self, context: Any) -> None:
        self.page = context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_kit_in_a_browser(browser: Any, path: Path, tmp_path: Path, golden: Golden) -> None:
    """Every post equals `planner posts`, Copy puts exactly it on the clipboard, no request
    leaves the page, no console error; the page fits 375 pixels; a screenshot for the docs."""
    decision = load(path)
    index = build(decision, tmp_path / "kit")
    posts = render_posts(build_plan(decision))
    context = browser.new_context(
        permissions=["clipboard-read", "clipboard-write"], viewport={"width": 1000, "height": 900}
    )
    watched = Watched(context)
    page = watched.page
    page.goto(index.as_uri())
    assert page.locator("html").get_attribute("lang") == decision.language
    if golden.update:  # the picture in the README, taken before anything is clicked
        page.screenshot(path=str(ROOT / "docs" / f"kit-{path.stem}.png"))
    assert (ROOT / "docs" / f"kit-{path.stem}.png").exists(), "run: make golden"
    for post in posts:
        element = f"#post-{post.step.id.replace('/', '-')}-{post.channel}"
        assert page.locator(element).text_content() == post.text
    for post in posts:  # click every Copy button and read the clipboard back
        pid = f"post-{post.step.id.replace('/', '-')}-{post.channel}"
        page.locator(f'button[data-copy="{pid}"]').click()
        assert page.evaluate("navigator.clipboard.readText()") == post.text
    from playwright.sync_api import expect

    expect(page.locator("#status")).to_have_text(
        "Texte copié" if decision.language == "fr" else "Text copied"
    )
    page.locator("img").last.scroll_into_view_if_needed()
    cards = plan_cards(build_plan(decision))
    images = page.eval_on_selector_all("img", "all => all.map(i => [i.getAttribute('src'), i.alt])")
    assert images, "the kit shows the cards"
    for src, alt in images:  # every card shown, loaded, described by its alt text
        card = next(c for c in cards if src == f"cards/{c.file_name}")
        expect(page.locator(f'img[src="{src}"]')).to_have_js_property(
            "naturalWidth", card.format.width
        )
        assert alt == (index.parent / "cards" / card.alt_name).read_text("utf-8").rstrip("\n")
        assert page.locator(f'a[download][href="{src}"]').count() == 1
    assert len(images) == len(cards)
    assert {r for r in watched.requests if r != index.as_uri()} <= {
        (index.parent / "cards" / c.file_name).as_uri() for c in cards
    }
    assert watched.errors == []
    page.set_viewport_size({"width": 375, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_keyboard_and_screen_reader_basics(browser: Any, tmp_path: Path) -> None:
    """Real buttons with names, a visible focus ring, links to each step's card."""
    index = build(load(EXAMPLES[0]), tmp_path / "kit")
    page = Watched(browser.new_context()).page
    page.goto(index.as_uri())
    buttons = page.locator("button[data-copy]")
    assert buttons.count() > 0
    for i in range(buttons.count()):
        assert buttons.nth(i).get_attribute("aria-label")
    for _ in range(3):
        page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert page.evaluate("document.activeElement.tagName") in ("A", "BUTTON")
    assert outline != "none"
    targets = page.eval_on_selector_all("svg a", "links => links.map(a => a.getAttribute('href'))")
    assert targets and all(page.locator(t).count() == 1 for t in targets)


def test_today_is_marked_on_the_timeline(browser: Any, tmp_path: Path) -> None:
    """Opened during the plan, the page draws today's line; before it, none."""
    index = build(load(EXAMPLES[0]), tmp_path / "kit")
    for when, visible in (("2027-01-10T12:00:00", "visible"), ("2026-01-10T12:00:00", "hidden")):
        context = browser.new_context()
        page = context.new_page()
        page.clock.set_fixed_time(when)
        page.goto(index.as_uri())
        assert page.locator("#today").get_attribute("visibility") == visible
        context.close()


def test_print_style_hides_buttons(browser: Any, tmp_path: Path) -> None:
    """On paper: no buttons, no timeline; the checklists stay."""
    index = build(load(EXAMPLES[0]), tmp_path / "kit")
    page = browser.new_context().new_page()
    page.goto(index.as_uri())
    page.emulate_media(media="print")
    assert page.locator("button").first.is_hidden()
    assert page.locator("svg.timeline").is_hidden()
    assert page.locator(".card li").first.is_visible()


def test_hostile_name_is_shown_as_text(browser: Any, tmp_path: Path) -> None:
    """Markup in an organisation name or a post is displayed, never run or loaded."""
    hostile = '<script>alert("name")</script><img src="x.png" onerror="alert(1)">'
    decision = replace(
        load(EXAMPLES[0]), organisation=Organisation(name=hostile), statement=hostile
    )
    index = build(decision, tmp_path / "kit")
    watched = Watched(browser.new_context())
    watched.page.goto(index.as_uri())
    assert hostile in (watched.page.locator("h1").text_content() or "")
    assert watched.dialogs == []
    assert all("/cards/" in r for r in watched.requests if r != index.as_uri())
    sources = watched.page.eval_on_selector_all("img", "all => all.map(i => i.getAttribute('src'))")
    assert sources and all(s.startswith("cards/") and s.endswith(".png") for s in sources)


def test_kit_command_writes_the_folder(tmp_path: Path) -> None:
    """`planner kit -o` writes the page, the calendar and one text file per post."""
    path = ROOT / "examples" / "jardin-partage-quitte-x.toml"
    result = CliRunner().invoke(
        main, ["kit", str(path), "-o", str(tmp_path / "kit")], catch_exceptions=False
    )
    assert result.exit_code == 0
    names = {p.relative_to(tmp_path / "kit").as_posix() for p in (tmp_path / "kit").rglob("*")}
    assert {"index.html", "les-amis-du-jardin-partage.ics", "posts", "cards"} <= names
    assert len([n for n in names if n.startswith("posts/")]) == len(
        render_posts(build_plan(load(path)))
    )
    cards = plan_cards(build_plan(load(path)))
    assert {n for n in names if n.startswith("cards/")} == {
        f"cards/{n}" for c in cards for n in (c.file_name, c.alt_name)
    }


def test_replacing_a_kit_never_shows_a_mix(tmp_path: Path) -> None:
    """While a kit is rebuilt many times, a reader only ever sees a whole old or new page."""
    folder = tmp_path / "kit"
    versions = [{"index.html": (f"<p>{i}</p>" * 5000).encode()} for i in range(2)]
    replace_folder(folder, versions[0])
    seen: set[bytes] = set()
    stop = threading.Event()

    def read() -> None:
        while not stop.is_set():
            with contextlib.suppress(FileNotFoundError):  # the instant between two renames
                seen.add((folder / "index.html").read_bytes())

    reader = threading.Thread(target=read)
    reader.start()
    for i in range(60):
        replace_folder(folder, versions[i % 2])
    stop.set()
    reader.join()
    assert seen <= {v["index.html"] for v in versions} and seen
    assert [p.name for p in tmp_path.iterdir()] == ["kit"]  # no leftovers


def test_a_folder_planner_did_not_write_is_never_replaced(tmp_path: Path) -> None:
    """A non-empty folder without the kit marker is refused, and left as it was."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / "rapport.odt").write_bytes(b"precious")
    with pytest.raises(InputError, match="was not made by planner"):
        replace_folder(folder, {"index.html": b"x"})
    assert (folder / "rapport.odt").read_bytes() == b"precious"


@pytest.mark.parametrize("width", [1000, 375])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_axe_finds_no_accessibility_problem(
    browser: Any, path: Path, width: int, tmp_path: Path
) -> None:
    """axe-core (WCAG 2 A and AA rules, and best practices: contrast, names, landmarks,
    nesting) finds nothing on each kit, on a desktop and on a phone."""
    axe = npm_module("axe-core", "4.14.1", "axe.min.js")
    index = build(load(path), tmp_path / "kit")
    page = browser.new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto(index.as_uri())
    page.add_script_tag(path=str(axe))
    violations = page.evaluate(
        "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.nodes[0].html.slice(0, 80)))"
    )
    assert violations == []


class _Texts(HTMLParser):
    """The text a reader sees or hears on a page: its text and its labels, never its style
    or script."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in ("style", "script")
        self.texts.extend(v for k, v in attrs if k in ("aria-label", "alt", "title") and v)

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in ("style", "script")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.texts.append(data)


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_french_kit_follows_french_typography(path: Path, tmp_path: Path) -> None:
    """In a French kit, every : ; ! ? has a non-breaking space before it, text and labels."""
    decision = replace(load(path), language="fr")
    reader = _Texts()
    reader.feed(build(decision, tmp_path / "kit").read_text(encoding="utf-8"))
    wrong = [
        t
        for t in reader.texts
        for match in re.finditer(r"(.)([:;!?])(\s|$)", t)
        if match.group(1) != "\u00a0"
    ]
    assert not wrong
