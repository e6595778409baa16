"""Account fate per platform: what deactivating and deleting do, as the sources say, and
every closing sentence true for the platform it is written for."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from planner.decision import AFTER, Decision, load
from planner.platforms import LEAVABLE, PLATFORMS
from planner.timeline import Plan, build_plan

from .conftest import ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"

# What the sources say (docs/platforms.md): the fate of a deactivated account, and the days
# in which a deletion can be cancelled (None: no source confirms a figure).
DEACTIVATE = {
    "x": "deleted",
    "facebook": "unpublished",
    "instagram": "hidden",
    "linkedin": "unconfirmed",
    "tiktok": "hidden",
    "threads": "unconfirmed",
    "youtube": "unconfirmed",
}
DELETE_GRACE = {
    "x": 30,
    "facebook": 14,
    "instagram": 30,
    "linkedin": None,
    "tiktok": 30,
    "threads": None,
    "youtube": None,
}
# Sentences that say the name is (or will be) free, or give a grace period in days.
NAME_FREED = ("is free and", "can now be taken", "est libéré et", "peut désormais être repris")
MAY_FREE = ("may then become free", "If the name", "pourra ensuite être libéré", "Si le nom")
DAYS = ("days the deletion", "jours, la suppression", "jours, un administrateur")


def plan_for(platform: str, after: str, language: str) -> Plan:
    decision: Decision = load(JARDIN)
    dep = replace(decision.departures[0], platform=platform, after=after, account="@asso")
    return build_plan(replace(decision, departures=(dep,), language=language))


def texts(plan: Plan, platform: str, kinds: tuple[str, ...] = ()) -> str:
    """Every title and checklist item of the platform's steps (of these kinds), one a line."""
    return "\n".join(
        line
        for step in plan.steps
        if step.platform == platform and (not kinds or step.kind in kinds)
        for line in (step.title, *step.checklist)
    )


def test_facts_table_covers_every_leavable_platform() -> None:
    """The expected facts above are the table's, platform by platform."""
    assert {p: PLATFORMS[p].fate("deactivate") for p in LEAVABLE} == DEACTIVATE
    assert {p: PLATFORMS[p].delete_grace_days for p in LEAVABLE} == DELETE_GRACE
    assert [p for p in LEAVABLE if PLATFORMS[p].frees_handle] == ["x"]
    assert [p for p in LEAVABLE if PLATFORMS[p].page] == ["facebook", "linkedin"]


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("after", AFTER)
@pytest.mark.parametrize("platform", LEAVABLE)
def test_account_fate_steps_and_sentences(platform: str, after: str, language: str) -> None:
    """For every platform and fate: the steps that exist, and no sentence that is false there
    (a grace period, a freed name, a grace-end step after a temporary deactivation)."""
    plan = plan_for(platform, after, language)
    ids = {s.id for s in plan.steps if s.platform == platform}
    words = texts(plan, platform)
    fate = PLATFORMS[platform].fate(after)
    if after == "dormant":
        assert fate == "dormant"
        assert f"{platform}/upkeep-12" in ids and f"{platform}/close" not in ids
    else:
        assert fate == (DEACTIVATE[platform] if after == "deactivate" else fate)
        assert f"{platform}/close" in ids and f"{platform}/upkeep-1" not in ids
    grace = DELETE_GRACE[platform]
    if fate == "deleted":
        assert grace is not None
        end = plan.step(f"{platform}/grace-end")
        assert end.day == plan.step(f"{platform}/close").day + dt.timedelta(days=grace)
        assert f"{grace} " in "\n".join(plan.step(f"{platform}/close").checklist)
    else:
        assert f"{platform}/grace-end" not in ids
        after_words = texts(plan, platform, ("close", "followup", "upkeep"))
        assert not any(d in after_words for d in DAYS), after_words
        assert not re.search(r"\d", re.sub(r"\(\d+/\d+\)", "", after_words)), after_words
    if fate in ("dormant", "hidden", "unpublished") or (fate, after) == (
        "unconfirmed",
        "deactivate",
    ):
        # Nothing is deleted, or no source says what happens: no word about a freed name.
        assert not any(n in words for n in NAME_FREED + MAY_FREE), words
    elif not PLATFORMS[platform].frees_handle:
        # A freed name is only ever a possibility where no source confirms it.
        assert not any(n in words for n in NAME_FREED), words
        assert any(n in words for n in MAY_FREE), words
    else:
        assert any(n in words for n in NAME_FREED), words


@pytest.mark.parametrize("platform", ["instagram", "tiktok"])
def test_temporary_deactivation_says_the_account_stays_recoverable(platform: str) -> None:
    """Instagram and TikTok: deactivating hides the account until the next login; the plan
    says nothing is deleted and advises deletion to be rid of it."""
    close = plan_for(platform, "deactivate", "en").step(f"{platform}/close")
    text = "\n".join(close.checklist)
    assert "deactivation is temporary: nothing is deleted" in text
    assert "choose deletion instead" in text
    fr = "\n".join(plan_for(platform, "deactivate", "fr").step(f"{platform}/close").checklist)
    assert "la désactivation est temporaire\xa0: rien n’est supprimé" in fr
    assert "libéré" not in fr


def test_x_deactivation_becomes_deletion_after_30_days() -> None:
    """X: deactivating is how an account is deleted; 30 days, then the handle is free."""
    for after in ("deactivate", "delete"):
        plan = plan_for("x", after, "en")
        close = "\n".join(plan.step("x/close").checklist)
        assert "Deactivate @asso in the account settings on X: that is how X deletes" in close
        assert "For 30 days the deletion can still be undone" in close
        assert "the name @asso is free and anyone can register it" in close
        assert (plan.step("x/grace-end").day - plan.step("x/close").day).days == 30


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("after", AFTER)
def test_facebook_page_is_run_through_admin_roles(after: str, language: str) -> None:
    """A Facebook Page: admin roles, never a password or logging in to keep it active; it is
    unpublished (reversible) or deleted (14 days)."""
    plan = plan_for("facebook", after, language)
    words = texts(plan, "facebook")
    for false in ("password", "mot de passe", "Log in to", "Se connecter à", "logs in"):
        assert false not in words, words
    prepare = "\n".join(plan.step("facebook/prepare").checklist)
    assert ("admin roles on the Page" if language == "en" else "rôle d’administrateur") in prepare
    if after == "dormant":
        assert "Page @asso" in "\n".join(plan.step("facebook/upkeep-1").checklist)
    if after == "deactivate":
        close = plan.step("facebook/close")
        assert close.title.startswith(("Take the Page", "Mettre hors ligne la Page"))
        assert any(
            ("back online" in c or "remettre la Page en ligne" in c) for c in close.checklist
        )


@pytest.mark.parametrize("platform", ["instagram", "tiktok", "threads", "youtube"])
def test_unconfirmed_archive_delay_has_no_figure(platform: str) -> None:
    """Where no current source confirms the archive delay, the plan sends to the help."""
    for language, words in (("en", "check the platform’s help"), ("fr", "l’aide de la plateforme")):
        prepare = plan_for(platform, "dormant", language).step(f"{platform}/prepare")
        archive = next(c for c in prepare.checklist if "archive" in c)
        assert words in archive
        assert not any(ch.isdigit() for ch in archive), archive


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_step_posting_on_instagram_says_it_needs_an_image(language: str) -> None:
    """Leaving Instagram, or relaying on it: each posting step says a post needs an image."""
    plan = build_plan(
        replace(
            load(ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"), language=language
        )
    )
    note = "needs an image or a video" if language == "en" else "doit comporter une image"
    posting = [s for s in plan.steps if s.timed]
    assert posting
    for step in posting:
        says = any(note in c for c in step.checklist)
        assert says == ("instagram" in step.channels), step.id
