"""A plan's key and owner: unique and stable, written once by `planner new`."""

from __future__ import annotations

import tomllib
from dataclasses import replace

import pytest

from planner.decision import load, validate
from planner.errors import DecisionError
from planner.identity import Owner, derived_id
from planner.scaffold import new_document
from planner.timeline import build_plan

from .conftest import ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
LEAVES = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
STAYS = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"


def test_a_file_without_id_keeps_the_key_of_earlier_releases() -> None:
    """No `id`: the organisation's name as a slug, so existing reminders and calendars match."""
    assert build_plan(load(JARDIN)).key == "les-amis-du-jardin-partage"


def test_the_id_is_the_key() -> None:
    """With `id`, the key is the id: two files of one association get two keys."""
    decision = replace(load(STAYS), id="riverside-stays-2026")
    assert build_plan(decision).key == "riverside-stays-2026"
    assert build_plan(load(LEAVES)).key != build_plan(decision).key


def test_new_writes_a_derived_id_once() -> None:
    """`planner new` writes an id derived from the name, the accounts and the day of the
    decision: the same answers give the same id, another platform another one; the file
    loads back with it, and then keeps it whatever is edited."""
    decision = load(JARDIN)
    text = new_document(decision, "leave-x.toml")
    written = validate(tomllib.loads(text), "leave-x.toml")
    assert written.id == derived_id(decision) == derived_id(load(JARDIN))
    assert written.id is not None and written.id.startswith("les-amis-du-jardin-partage-")
    assert f'id = "{written.id}"' in text
    assert derived_id(load(LEAVES)) != derived_id(load(STAYS))
    moved = replace(written, decided_on=written.decided_on.replace(day=20))
    assert new_document(moved, "leave-x.toml") == text.replace(
        str(written.decided_on), str(moved.decided_on)
    )


@pytest.mark.parametrize("value", ["Les Amis", "a_b", "-a", "a--b", "é", 42, "a" * 81])
def test_an_id_that_cannot_name_files_is_refused(value: object) -> None:
    """An id names files and calendar UIDs: lowercase letters, digits and single hyphens."""
    document = tomllib.loads(JARDIN.read_text("utf-8"))
    document["decision"]["id"] = value
    with pytest.raises(DecisionError, match=r"decision\.id: .* is not a plan id"):
        validate(document, "f.toml")


def test_owners_are_the_same_plan_when_they_share_an_account() -> None:
    """One plan: an account in common (its case and @ aside), whatever the dates or
    the other platforms. Another: leaving and staying, or another account."""
    jardin = Owner("Les Amis", ("leave x @amisdujardin",))
    assert jardin.same(Owner("Les Amis", ("leave instagram @a", "leave x AmisDuJardin")))
    assert not jardin.same(Owner("Les Amis", ("leave x @lesamis",)))
    assert not jardin.same(Owner("Les Amis", ("stay x @amisdujardin",)))
    leaves, stays = build_plan(load(LEAVES)).owner, build_plan(load(STAYS)).owner
    assert leaves.name == stays.name and not leaves.same(stays)
    assert Owner.parse(leaves.text) == leaves
    assert not Owner.parse("written by hand").same(leaves)
