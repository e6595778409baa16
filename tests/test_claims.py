"""Every sentence that states a fact is true for the decision it is rendered for.

templates/claims.toml lists the factual sentences of the built-in templates and when each
is true; this test renders every post of a grid of decisions and checks every claim.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import tomllib
from dataclasses import replace
from typing import Any

import pytest

from planner.cards import card_steps
from planner.decision import AFTER, Decision, Departure, Destination, Organisation, Stay
from planner.platforms import PLATFORMS as PLATFORM_FACTS
from planner.posts import Post, context, render_posts
from planner.timeline import Plan, build_plan

from .conftest import ROOT

CLAIMS = tomllib.loads((ROOT / "templates" / "claims.toml").read_text("utf-8"))["claim"]

# One to three platforms, on the same day or on different days (days after the first, a
# Monday): a day or two apart, they share one campaign; on a Saturday, the farewell comes
# on the Friday before.
PLATFORMS = (
    (("x", 0),),
    (("facebook", 0),),
    (("instagram", 0),),
    (("instagram", 5),),
    (("threads", 0),),
    (("x", 0), ("instagram", 0)),
    (("x", 3), ("facebook", 5)),
    (("x", 0), ("facebook", 9)),
    (("linkedin", 0), ("tiktok", 0), ("youtube", 30)),
)
PLACES = {
    "mastodon": Destination("mastodon", "@asso@m.example", "https://m.example/@asso"),
    "bluesky": Destination("bluesky", "@asso.example", "https://bsky.app/profile/asso.example"),
    "pixelfed": Destination("pixelfed", None, "https://pix.example/asso"),
    "newsletter": Destination("newsletter", None, "https://asso.example/lettre"),
    "website": Destination("website", None, "https://asso.example/"),
}
DESTINATIONS = (
    ("mastodon",),
    ("website",),
    ("newsletter",),
    ("mastodon", "bluesky"),
    ("mastodon", "website", "newsletter"),
    ("mastodon", "bluesky", "pixelfed", "newsletter", "website"),
)
# Names no verb agrees with in every form: plural, feminine, singular masculine, with an
# article, without one, starting with a vowel.
NAMES = (
    "Les Amis du Jardin",
    "Association Écoute",
    "Coopérative L’Établi",
    "Riverside Food Bank",
    "Les Petits Débrouillards de Bellecombe",
    "La Ruche Solidaire",
    "Union des Amis",
    "Atelier Vélo de Bellecombe",
)
STAYS = ("x", "facebook", "instagram", "threads")


def decision(
    name: str,
    language: str,
    places: tuple[str, ...],
    departures: tuple[Departure, ...] = (),
    stays: tuple[Stay, ...] = (),
    **changes: Any,
) -> Decision:
    """One decision of the grid."""
    one = Decision(
        organisation=Organisation(name=name, contact="bonjour@asso.example"),
        decided_on=dt.date(2027, 1, 4),
        language=language,
        timezone="Europe/Paris",
        post_time=dt.time(10, 0),
        departures=departures,
        destinations=tuple(PLACES[k] for k in places),
        indicators=("newsletter sign-ups",),
        reasons=("values",),
        stays=stays,
    )
    return replace(one, **changes)


def grid() -> list[Decision]:
    """Every combination of platforms, destinations and fate, in both languages, then every
    platform stayed on with every set of destinations; names in turn, the same in both
    languages (so each language meets every name)."""
    out = []
    names = itertools.cycle(NAMES)
    notices = itertools.cycle((21, 28, 42))  # two to six reminders
    first = dt.date(2027, 3, 15)
    for platforms, places, after in itertools.product(PLATFORMS, DESTINATIONS, AFTER):
        name = next(names)
        for language in ("fr", "en"):
            fates = itertools.islice(itertools.cycle(AFTER), AFTER.index(after), None)
            notice = next(notices)
            departures = tuple(
                Departure(p, f"@asso_{p}", first + dt.timedelta(days=later), notice, fate)
                for (p, later), fate in zip(platforms, fates, strict=False)
            )
            out.append(decision(name, language, places, departures=departures))
    for platform, places in itertools.product(STAYS, DESTINATIONS):
        name = next(names)
        stays = (Stay(platform, f"@asso_{platform}", first + dt.timedelta(days=7)),)
        out += [
            decision(
                name,
                language,
                places,
                stays=stays,
                organisation=Organisation(name=name),
                indicators=("newsletter sign-ups", "website visits"),
                reasons=("effectiveness",),
            )
            for language in ("fr", "en")
        ]
    return out


def about(plan: Plan, post: Post, role: str) -> list[Departure]:
    """The departures a post speaks of."""
    platforms = (
        (post.step.platform,) if role == "leaving" or not post.step.about else post.step.about
    )
    return [d for d in plan.decision.departures if d.platform in platforms]


def holds(claim: dict[str, Any], plan: Plan, post: Post, ctx: dict[str, Any]) -> bool:
    """Whether the claim's condition holds for this post."""
    spoken = about(plan, post, ctx["role"])
    if claim.get("never"):
        return False
    if "after_any" in claim and not any(d.after in claim["after_any"] for d in spoken):
        return False
    if "links_clickable" in claim and ctx["links_clickable"] != claim["links_clickable"]:
        return False
    if claim.get("final_on_departure") and not all(
        plan.step(f"{d.platform}/final").day == d.date for d in spoken
    ):
        return False
    if claim.get("one_final") and len({plan.step(f"{d.platform}/final").day for d in spoken}) > 1:
        return False
    if "platforms" in claim and claim["platforms"] != (
        "one" if len(ctx["platforms"]) == 1 else "several"
    ):
        return False
    if "kinds" in claim and post.step.kind not in claim["kinds"]:
        return False
    return "role" not in claim or ctx["role"] == claim["role"]


def problems(plan: Plan, posts: tuple[Post, ...]) -> list[str]:
    """Every claim a post breaks, one line each."""
    found = []
    for post in posts:
        ctx = context(plan, post.step, post.channel)
        where = f"{plan.decision.language} {post.step.id} on {post.channel}"
        for claim in CLAIMS:
            if post.language not in claim:
                continue
            pattern = claim[post.language].replace(
                "{name}", re.escape(plan.decision.organisation.name)
            )
            match = re.search(pattern, post.text, re.IGNORECASE)
            if claim["kind"] == "may" and match and not holds(claim, plan, post, ctx):
                found.append(f"{where}: says {claim['id']!r} where it is not true")
            elif claim["kind"] == "must" and holds(claim, plan, post, ctx) and not match:
                found.append(f"{where}: does not say {claim['id']!r}")
            elif claim["kind"] == "lists" and match:
                letters = ("newsletter", "mailing_list")
                # Where links cannot be clicked (Instagram), each place is named instead.
                shown = "link" if ctx["links_clickable"] else "name"
                places = [
                    d[shown]
                    for d in ctx["destinations"]
                    if not (post.channel in letters and d["kind"] in letters)
                ]
                after = post.text[match.end() :]
                missing = [place for place in places if place not in after]
                if missing:
                    found.append(f"{where}: promises every place, lacks {', '.join(missing)}")
    return found


DECISIONS = grid()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_claim_is_true_over_the_grid(language: str) -> None:
    """Over 300 decisions (leaving and staying, eight kinds of names), no post states a fact
    that is false for its decision, and every post that must state one does."""
    found: list[str] = []
    rendered = 0
    for one in DECISIONS:
        if one.language != language:
            continue
        plan = build_plan(one)
        posts = render_posts(plan)
        rendered += len(posts)
        found += problems(plan, posts)
    assert rendered > 2000  # 150 decisions in each language
    assert list(dict.fromkeys(found))[:20] == []


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_grid_meets_every_name_and_stays(language: str) -> None:
    """Each language renders every kind of name, and the stay posts as well as departures."""
    ours = [d for d in DECISIONS if d.language == language]
    assert {d.organisation.name for d in ours} == set(NAMES)
    assert {d.organisation.name for d in ours if d.stays} == set(NAMES)
    assert any(d.stays for d in ours) and any(d.departures for d in ours)


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_checklist_offers_planner_cards_only_where_it_draws_one(language: str) -> None:
    """Over the grid, a checklist names ``planner cards`` once, exactly where it asks for an
    image (every announcement, a post on a network that needs one) and that step has a
    picture card; a step without a card still asks for an image, without naming the
    command."""
    offered = 0
    for one in DECISIONS:
        if one.language != language:
            continue
        plan = build_plan(one)
        carded = set(card_steps(plan))
        for step in plan.steps:
            needs_image = any(PLATFORM_FACTS[c].needs_image for c in step.channels)
            asks = step.kind == "announce" or needs_image
            named = [item for item in step.checklist if "planner cards" in item]
            assert len(named) == (asks and step in carded), (one.organisation.name, step.id)
            if needs_image and step not in carded:
                assert any("image" in item for item in step.checklist), step.id
            offered += len(named)
    assert offered > 150


def test_a_false_claim_is_caught() -> None:
    """The checker itself: an 'only place' sentence and a missing fate are reported."""
    plan = build_plan(DECISIONS[0])
    posts = render_posts(plan)
    final = next(p for p in posts if p.step.kind == "final" and p.channel == p.step.platform)
    broken = [replace(final, text="C’est notre seul espace.")]
    assert len(problems(plan, tuple(broken))) == 2


@pytest.mark.parametrize(
    ("text", "claim"),
    [
        ("La Ruche Solidaire quitte X le lundi 15 mars 2027.", "verb-on-the-name"),
        ("Objet\xa0: La Ruche Solidaire reste sur X", "verb-on-the-name"),
        ("Nous avons pris cette décision au sein de l’association.", "kind-of-organisation"),
        ("Si vous mentionnez notre coopérative, merci.", "kind-of-organisation"),
    ],
)
def test_the_name_and_the_kind_of_organisation_are_caught(text: str, claim: str) -> None:
    """A verb conjugated on the name, or a noun for the kind of organisation, is reported;
    the name as a label, after a dash or as a signature is not."""
    plan = build_plan(replace(DECISIONS[0], organisation=Organisation("La Ruche Solidaire")))
    post = next(p for p in render_posts(plan) if p.step.kind == "announce")
    said = [replace(post, text=text)]
    assert problems(plan, tuple(said)) == [
        f"fr {post.step.id} on {post.channel}: says {claim!r} where it is not true"
    ]
    fine = "La Ruche Solidaire\xa0: nous quittons X.\n\nObjet\xa0: Départ — La Ruche Solidaire\n"
    assert problems(plan, (replace(post, text=fine + "La Ruche Solidaire"),)) == []


# What the website's article says of each account, by what the platform does with it
# (planner.platforms: Platform.fate); X deletes an account through its deactivation.
FATES = {
    "en": {
        "dormant": "will stay online, pointing people to where they can find us.",
        "hidden": "will then be deactivated: hidden, but not deleted.",
        "unpublished": "will then be taken offline: hidden from the public, but not deleted.",
        "deleted-by-deactivation": "will then be deactivated, and deleted 30 days later.",
        "deactivate": "will then be deactivated.",
        "delete": "will then be deleted.",
    },
    "fr": {
        "dormant": "restera en ligne, avec un message qui renvoie vers nos nouveaux espaces.",
        "hidden": "sera ensuite désactivé\xa0: invisible, mais pas supprimé.",
        "unpublished": (
            "sera ensuite mis hors ligne\xa0: invisible pour le public, mais pas supprimé."
        ),
        "deleted-by-deactivation": "sera ensuite désactivé, puis supprimé 30 jours plus tard.",
        "deactivate": "sera ensuite désactivé.",
        "delete": "sera ensuite supprimé.",
    },
}


def fate_key(departure: Departure) -> str:
    fate = PLATFORM_FACTS[departure.platform].fate(departure.after)
    if fate in ("dormant", "hidden", "unpublished"):
        return fate
    if departure.after == "deactivate" and fate == "deleted":
        return "deleted-by-deactivation"
    return departure.after


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_website_says_what_becomes_of_each_account(language: str) -> None:
    """Over the grid, the website's article says of each account left what really happens
    to it: online (dormant), deactivated, taken offline (a Facebook Page) or deleted, never
    just "closed" (found by a review)."""
    checked = 0
    for one in DECISIONS:
        if one.language != language or not one.departures:
            continue
        plan = build_plan(one)
        for post in render_posts(plan):
            if post.channel != "website":
                continue
            for departure in about(plan, post, "relay"):
                name = PLATFORM_FACTS[departure.platform].name
                said = FATES[language][fate_key(departure)]
                sentence = (
                    f"Our {name} account, {departure.account}, {said}"
                    if language == "en"
                    else f"Le compte {departure.account} sur {name} {said}"
                )
                assert sentence in post.text, (post.step.id, post.text)
                checked += 1
    assert checked > 100
