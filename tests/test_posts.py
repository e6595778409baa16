"""Posts: rendering, typography, user templates, hostile templates, lengths and the CLI."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import re
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.decision import REASONS, Decision, Destination, Organisation, Stay, load
from planner.errors import InputError, TooLongError
from planner.kit import kit_files
from planner.lengths import count_links
from planner.posts import render_posts
from planner.template_check import check_templates
from planner.timeline import build_plan
from planner.views import plan_text, posts_json, posts_text

from .conftest import DATA, EXAMPLES, ROOT, Golden

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def posts_of(path: Path, templates: Path | None = None, **changes: object):  # type: ignore[no-untyped-def]
    decision = replace(load(path), **changes)  # type: ignore[arg-type]
    return render_posts(build_plan(decision), templates)


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_posts_match_golden(path: Path, language: str, golden: Golden) -> None:
    """Every post of every example, in both languages, is what was reviewed."""
    golden.check(f"posts/{path.stem}.{language}.txt", posts_text(posts_of(path, language=language)))


FRENCH_NAMES = sorted(p for p in (DATA / "names").glob("*.toml") if load(p).language == "fr")


@pytest.mark.parametrize("path", FRENCH_NAMES, ids=lambda p: p.stem)
def test_posts_for_every_kind_of_name_match_golden(path: Path, golden: Golden) -> None:
    """Plural, feminine, vowel-initial and article-less names: the French posts speak as
    "nous" and show the name only as a label or a signature (reviewed line by line)."""
    golden.check(f"posts/names/{path.stem}.fr.txt", posts_text(posts_of(path)))


def test_every_public_step_has_a_post_per_channel() -> None:
    """announce, reminders and final: one post on the platform and on each destination."""
    posts = posts_of(JARDIN)
    plan = build_plan(load(JARDIN))
    for step in plan.steps:
        if step.kind in ("announce", "remind", "final"):
            assert {p.channel for p in posts if p.step.id == step.id} == set(step.channels)
    announce = {p.channel for p in posts if p.step.id == "x/announce"}
    assert {"x", "mastodon", "website", "newsletter", "partners"} <= announce


def test_reminders_are_worded_differently() -> None:
    """No two reminders on the same channel are the same text, even with the numbers removed."""
    for channel in ("x", "mastodon"):
        texts = [
            re.sub(r"\d+", "", p.text.split("\n")[0])
            for p in posts_of(JARDIN)
            if p.step.kind == "remind" and p.channel == channel
        ]
        assert len(texts) == len(set(texts)) == 4


FRENCH_SPACE = re.compile(r"(?<=\S) [:;!?»]|« ")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_french_typography(path: Path) -> None:
    """French posts use non-breaking spaces before : ; ! ? » and after «; dates come in words."""
    for post in posts_of(path, language="fr"):
        assert not FRENCH_SPACE.search(post.text), post.text
    assert "vendredi 15\u00a0janvier\u00a02027" in posts_of(JARDIN)[0].text


def test_instagram_says_where_the_links_are() -> None:
    """Links are not clickable on Instagram: the post says they are in the profile."""
    posts = posts_of(ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml")
    instagram = [p for p in posts if p.channel == "instagram"]
    assert instagram and all("bio" in p.text for p in instagram)


COOPERATIVE = ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"


@pytest.mark.parametrize("language", ["fr", "en"])
def test_instagram_captions_give_handles_and_the_bio_never_raw_urls(language: str) -> None:
    """Leaving Instagram or relaying on it: captions name the places and give handles, say
    the links are in the bio, and hold no URL (links there are not clickable)."""
    leaving = [p for p in posts_of(COOPERATIVE, language=language) if p.channel == "instagram"]
    instagram = Destination(kind="instagram", address="@jardin", url="https://instagram.com/j")
    relaying = [
        p
        for p in posts_of(
            JARDIN, language=language, destinations=(*load(JARDIN).destinations, instagram)
        )
        if p.channel == "instagram"
    ]
    assert leaving and relaying
    for post in leaving + relaying:
        assert count_links(post.text) == 0 and "http" not in post.text, post.text
    for post in leaving:
        assert "@etabli@social.coop" in post.text and "@etabli.bsky.social" in post.text
        assert (
            "Our links are in our bio." if language == "en" else "Nos liens sont en bio."
        ) in post.text


def _leaving_threads(language: str = "en") -> Decision:
    decision = load(JARDIN)
    threads = replace(decision.departures[0], platform="threads", account="@jardin")
    return replace(decision, departures=(threads,), language=language)


def test_threads_composer_is_threads_com() -> None:
    """Threads' composer now lives at threads.com/intent/post, with the text."""
    post = next(p for p in render_posts(build_plan(_leaving_threads())) if p.channel == "threads")
    assert post.compose_url is not None
    assert post.compose_url.startswith("https://www.threads.com/intent/post?text=")
    assert parse_qs(urlsplit(post.compose_url).query)["text"] == [post.text]


def test_threads_post_with_more_than_five_links_is_an_error(tmp_path: Path) -> None:
    """Threads refuses more than 5 links: like an over-long post, an error naming the step
    and saying to remove links; five links pass."""
    (tmp_path / "en/final").mkdir(parents=True)
    links = " ".join(f"https://example.org/{i}" for i in range(6))
    (tmp_path / "en/final/threads.txt.j2").write_text(f"Bye. {links}\n", "utf-8")
    with pytest.raises(TooLongError) as caught:
        render_posts(build_plan(_leaving_threads()), tmp_path)
    assert str(caught.value) == (
        "threads/final on threads: 6 links, Threads accepts at most 5; "
        "remove links from the template or the texts it uses"
    )
    five = " ".join(f"https://example.org/{i}" for i in range(5))
    (tmp_path / "five/en/final").mkdir(parents=True)
    (tmp_path / "five/en/final/threads.txt.j2").write_text(f"Bye. {five}\n", "utf-8")
    render_posts(build_plan(_leaving_threads()), tmp_path / "five")


def test_link_count_skips_handles_and_emails() -> None:
    """A handle or an email address is not a link; a URL or a bare domain is."""
    assert count_links("@etabli@social.coop @etabli.bsky.social contact@etabli.coop") == 0
    assert count_links("https://example.org/x and etabli.coop") == 2


def test_compose_urls_carry_the_text() -> None:
    """X and Bluesky intents, and Mastodon's share on the destination's own server."""
    posts = posts_of(ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml")
    x = next(p for p in posts if p.channel == "x")
    assert x.compose_url is not None and x.compose_url.startswith("https://x.com/intent/post?")
    assert parse_qs(urlsplit(x.compose_url).query)["text"] == [x.text]
    mastodon = next(p for p in posts if p.channel == "mastodon")
    assert mastodon.compose_url is not None
    assert mastodon.compose_url.startswith("https://social.coop/share?text=")
    bluesky = next(p for p in posts if p.channel == "bluesky")
    assert bluesky.compose_url is not None and bluesky.compose_url.startswith("https://bsky.app/")
    assert next(p for p in posts if p.channel == "newsletter").compose_url is None


def test_json_contract() -> None:
    """posts --format json: the fields of the contract, in timeline order."""
    data = json.loads(posts_json(posts_of(JARDIN)))
    keys = {"step", "channel", "start", "language", "text", "length", "limit", "compose_url"}
    keys.add("card")
    assert all(set(p) == keys for p in data["posts"])
    assert data["posts"][0]["step"] == "x/announce" and data["posts"][0]["limit"] == 280


def test_user_template_overrides_by_name(tmp_path: Path) -> None:
    """A file in the user's folder replaces the built-in of the same name."""
    (tmp_path / "fr/announce").mkdir(parents=True)
    (tmp_path / "fr/announce/x.txt.j2").write_text("On part de {{ platform }} !\n", "utf-8")
    x = next(p for p in posts_of(JARDIN, tmp_path) if p.step.id == "x/announce")
    assert x.text == "On part de X\u00a0!"


def test_user_template_extends_a_builtin_and_changes_one_block(tmp_path: Path) -> None:
    """A user template can extend the built-in one and replace just its links block."""
    (tmp_path / "fr/announce").mkdir(parents=True)
    (tmp_path / "fr/announce/leaving-short.txt.j2").write_text(
        '{% extends "builtin/fr/announce/leaving-short.txt.j2" %}'
        "{% block links %}Tout est sur notre site.\n{% endblock %}",
        "utf-8",
    )
    x = next(p for p in posts_of(JARDIN, tmp_path) if p.step.id == "x/announce")
    assert x.text.startswith("Nous quitterons X le vendredi 15\u00a0janvier\u00a02027.")
    assert "Tout est sur notre site." in x.text and "mastodon.social" not in x.text


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("Bonjour {% if %}\n", r"x\.txt\.j2:1: "),
        ("ligne 1\n{{ plateforme }}\n", r"x\.txt\.j2:2: 'plateforme' is undefined"),
        ("{{ ''.__class__.__mro__ }}\n", r"x\.txt\.j2:1: not allowed in a template"),
        ("{{ organisation.__init__.__globals__ }}\n", r"x\.txt\.j2:1: not allowed in a template"),
    ],
    ids=["syntax", "undefined", "class", "globals"],
)
def test_broken_and_hostile_templates(tmp_path: Path, body: str, message: str) -> None:
    """Errors in a user template name the file and line; internals are out of reach."""
    (tmp_path / "fr/announce").mkdir(parents=True)
    (tmp_path / "fr/announce/x.txt.j2").write_text(body, "utf-8")
    with pytest.raises(InputError, match=message):
        posts_of(JARDIN, tmp_path)


def test_too_long_post_is_an_error_never_cut(tmp_path: Path) -> None:
    """A post over the limit names step, channel, count and limit; CLI exit code 3."""
    (tmp_path / "fr/final").mkdir(parents=True)
    (tmp_path / "fr/final/x.txt.j2").write_text("Au revoir. " * 30 + "\n", "utf-8")
    with pytest.raises(TooLongError, match=r"x/final on x: 329/280"):
        posts_of(JARDIN, tmp_path)
    result = CliRunner().invoke(main, ["posts", str(JARDIN), "--templates", str(tmp_path)])
    assert result.exit_code == 3
    assert result.stderr.startswith("Error: x/final on x: 329/280, too long for X")
    assert result.stdout == ""


def test_templates_check(tmp_path: Path) -> None:
    """`templates check` accepts the built-ins and reports an unknown variable with its line."""
    assert all(line.endswith(": OK") for line in check_templates(ROOT / "templates"))
    (tmp_path / "en/final").mkdir(parents=True)
    (tmp_path / "en/final/x.txt.j2").write_text("Bye\n{{ plateform }}\n", "utf-8")
    with pytest.raises(InputError, match=r"x\.txt\.j2:2: unknown variable 'plateform'"):
        check_templates(tmp_path)


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_cli_posts_filters_and_header() -> None:
    """--step and --channel select posts; each has a header in the plan's language (the
    step's title, its date, the channel's name, the length and limit), then the options
    that select it alone."""
    code, out, _ = run("posts", str(JARDIN), "--step", "x/announce", "--channel", "x")
    assert code == 0
    assert out.startswith(
        "── Annoncer le départ de X (J-28) · vendredi 18\u00a0décembre\u00a02026 10:00 · "
        "X 236/280 ── --step x/announce --channel x\n"
    )
    assert out.count("── --step") == 1
    code, out, _ = run("posts", str(JARDIN), "--step", "x/announce", "--channel", "newsletter")
    assert out.startswith(
        "── Annoncer le départ de X (J-28) · vendredi 18\u00a0décembre\u00a02026 10:00 · "
        "Lettre d’information 501 ── --step x/announce --channel newsletter\n"
    )


def test_cli_posts_header_groups_thousands_as_the_plans_language() -> None:
    """Facebook's limit, 63,206, is written as the plan's language writes a number: with a
    comma in English, with U+202F in French."""
    facebook = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
    args = ("posts", str(facebook), "--step", "facebook/announce", "--channel", "facebook")
    _code, out, _ = run(*args)
    assert "Facebook 642/63,206 ──" in out.splitlines()[0]
    french = load(facebook)
    assert "/63\u202f206" in posts_text(render_posts(build_plan(replace(french, language="fr"))))
    code, _, err = run("posts", str(JARDIN), "--step", "x/nope")
    assert code == 2 and "no such step" in err


def test_cli_posts_out_writes_one_file_per_post(tmp_path: Path) -> None:
    """--out writes one file per post, named by date, step and channel, with the exact text."""
    code, out, _ = run("posts", str(JARDIN), "--out", str(tmp_path))
    assert out.startswith("Written: ")
    assert code == 0
    files = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert "2026-12-18_x-announce_x.txt" in files
    assert len(files) == len(posts_of(JARDIN))
    x = next(p for p in posts_of(JARDIN) if p.step.id == "x/announce" and p.channel == "x")
    assert (tmp_path / "2026-12-18_x-announce_x.txt").read_text("utf-8") == x.text + "\n"


def test_cli_templates_list_and_check() -> None:
    """`templates list` describes each built-in; `templates check` passes on them."""
    code, out, _ = run("templates", "list")
    assert code == 0 and "fr/announce/leaving-short.txt.j2" in out
    assert run("templates", "check", str(ROOT / "templates"))[0] == 0


NAMES = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")),
    min_size=1,
    max_size=60,
).filter(str.strip)
URLS = st.builds(
    lambda host, path: f"https://{host}.org/{path}"[:60],
    st.from_regex(r"[a-z][a-z0-9-]{0,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9_@./-]{0,50}", fullmatch=True),
)
KINDS = ("mastodon", "bluesky", "newsletter", "website", "pixelfed", "mailing_list", "linkedin")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    name=NAMES,
    urls=st.lists(URLS, min_size=len(KINDS), max_size=len(KINDS)),
    count=st.integers(1, len(KINDS)),
    language=st.sampled_from(["fr", "en"]),
    example=st.sampled_from(EXAMPLES),
)
def test_builtin_templates_fit_for_long_names_and_links(
    name: str, urls: list[str], count: int, language: str, example: Path
) -> None:
    """Names and links up to 60 characters: every built-in post still fits its platform."""
    decision = load(example)
    leaving = {d.platform for d in decision.departures}
    kinds = [k for k in KINDS if k not in leaving][:count]
    destinations = tuple(Destination(kind=k, url=u) for k, u in zip(kinds, urls, strict=False))
    changed = replace(
        decision,
        language=language,
        organisation=Organisation(name=name.strip(), website=urls[-1]),
        destinations=destinations,
    )
    for post in render_posts(build_plan(changed)):
        assert post.fits


def test_stay_posts_say_what_is_scheduled() -> None:
    """The stay posts give the number of monthly reviews and the month of the reassessment,
    in both languages."""
    stays = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"
    english = {p.channel: p.text for p in render_posts(build_plan(load(stays)))}
    assert (
        "Every month for the next 12 months, we’ll track volunteers at the Saturday distribution "
        "and donations, and we’ll revisit the decision in January\u00a02028." in english["facebook"]
    )
    assert "we’ll revisit the decision in January\u00a02028." in english["partners"]
    french = replace(load(stays), language="fr", review_months=6)
    texts = {p.channel: p.text for p in render_posts(build_plan(french))}
    assert "chaque mois pendant 6 mois, nous regarderons" in texts["facebook"]
    assert "puis nous referons le point en juillet\u00a02027." in texts["facebook"]
    one = {p.channel: p.text for p in render_posts(build_plan(replace(french, review_months=1)))}
    assert "le mois prochain, nous regarderons" in one["facebook"]


ENGLISH_NAMES = sorted(p for p in (DATA / "names").glob("*.toml") if load(p).language == "en")


@pytest.mark.parametrize("path", ENGLISH_NAMES, ids=lambda p: p.stem)
def test_english_posts_of_us_and_british_organisations_match_golden(
    path: Path, golden: Golden
) -> None:
    """A Chicago food bank (US dates) and a Bristol choir with a plural name (British dates):
    every post is what a native editor reviewed."""
    golden.check(f"posts/{path.stem}.en.txt", posts_text(posts_of(path)))


def test_a_us_decision_shows_us_dates_everywhere() -> None:
    """A US organisation's plan, posts, reminders text and kit all write US dates; the same
    decision in Britain writes British ones."""
    chicago = load(ROOT / "tests" / "data" / "names" / "chicago-food-bank.toml")
    assert chicago.country == "US" and chicago.locale == "en_US"
    plan = build_plan(chicago)
    posts = render_posts(plan)
    us, gb = "Monday, March\u00a01,\u00a02027", "Monday 1\u00a0March\u00a02027"
    assert us in plan_text(plan) and us in posts_text(posts)
    assert all(us in p.text for p in posts if p.step.id == "facebook/announce")
    page = kit_files(plan, posts, dt.datetime(2027, 1, 12, tzinfo=dt.UTC), "chicago")["index.html"]
    assert (
        us.encode() in page and "Mar\u00a01,\u00a02027".encode() in page and gb.encode() not in page
    )
    british = build_plan(replace(chicago, country="GB"))
    assert gb in plan_text(british) and us not in posts_text(render_posts(british))


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_short_stay_post_fits_x_with_any_reason_and_a_website(language: str) -> None:
    """Staying on X, with the longest reason, the longest month and a website: the short
    post still fits in 280 (the French one did not, at 291)."""
    for reason, month, months in itertools.product(REASONS, range(1, 13), (1, 12, 24)):
        decision = Decision(
            organisation=Organisation("La Ruche Solidaire"),
            decided_on=dt.date(2026, 1, 1),
            language=language,
            timezone="Europe/Paris",
            post_time=dt.time(10, 0),
            departures=(),
            destinations=(Destination("website", None, "https://ruche.example.org/"),),
            indicators=("dons",),
            reasons=(reason,),
            stays=(Stay("x", "@ruche", dt.date(2026, month, 10)),),
            review_months=months,
        )
        render_posts(build_plan(decision))  # raises TooLongError over 280
