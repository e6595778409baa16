"""Ticks stored by the words of their item (every release up to commit 36a48de) are moved
to their item's code by the migrations, on the local database and on the hosted one
(SQLite and a real PostgreSQL): every tick is kept, each on the item it was ticked on,
and one whose words match no item is kept aside and logged, never dropped.

The ticks are those the web apps of three releases stored (tests/data/old-ticks.json,
written by scripts/old_ticks.py from each release's own code): the first that stored
ticks, the last before the image items were reworded, the last that stored words. Each
tick's item is found without the migration's matching: by its place in its step's
checklist, the same in every one of these releases as now (checked here too)."""

from __future__ import annotations

import json
import logging
import sqlite3
import tomllib
from collections import defaultdict
from functools import cache
from pathlib import Path

import pytest
from sqlalchemy import text

from planner import old_ticks
from planner.database import migrate as migrate_local
from planner.decision import validate
from planner.reminders import MIGRATIONS, open_store
from planner.timeline import Plan, build_plan
from planner.web.database import engine_of, head, migrate, revision
from planner.web.hosted import HostedStore, create_workspace
from planner.web.store import WebStore

from .conftest import ROOT
from .postgres import backend
from .web import NOW

OLD = json.loads((ROOT / "tests" / "data" / "old-ticks.json").read_text("utf-8"))
STRANGER = "Arroser les tomates du jardin."  # words no release of planner wrote


@pytest.fixture(params=["local", "hosted-sqlite", "hosted-postgresql"])
def db(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    return backend(request, tmp_path)


@cache
def plan_of(example: str, language: str) -> Plan:
    """An example's plan in ``language`` (a plan whose language changed, when not its own)."""
    with (ROOT / "examples" / f"{example}.toml").open("rb") as file:
        document = tomllib.load(file)
    document["decision"]["language"] = language
    return build_plan(validate(document, f"{example}.toml"))


def key_of(example: str, language: str) -> str:
    return f"{example}-{language}"


def expected() -> dict[str, set[tuple[str, str]]]:
    """The (step id, code) each plan's ticks must have after the migration: the code of
    the item at the tick's place in the step's checklist as planner builds it now."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for example, language, step, index, _text, _releases in OLD:
        item = plan_of(example, language).step(step).items[index]
        out[key_of(example, language)].add((step, item.code))
    return out


def test_each_release_built_the_checklists_planner_builds_now() -> None:
    """The oracle holds: in each of the three releases, each step of each example had as
    many checklist items as now (so an item's place names the same item)."""
    count: dict[tuple[str, str, str, str], int] = defaultdict(int)
    for example, language, step, _index, _text, releases in OLD:
        for release in releases:
            count[release, example, language, step] += 1
    assert {r for r, *_ in count} == {"14773ea", "4317593", "36a48de"}
    for (_release, example, language, step), n in count.items():
        assert len(plan_of(example, language).step(step).items) == n


def test_every_old_wording_finds_its_items_code() -> None:
    """Each text a release stored, in either language, gives the code of its item."""
    for example, language, step, index, words, releases in OLD:
        item = plan_of(example, language).step(step).items[index]
        assert old_ticks.code_of(step, words) == item.code, (releases, step, words)


def test_words_of_no_item_match_no_code() -> None:
    """Words planner never wrote, or an item's words on a step that has no such item."""
    assert old_ticks.code_of("x/announce", STRANGER) is None
    review = next(w for _e, _l, s, _i, w, _r in OLD if s == "review-1")
    assert old_ticks.code_of("review-1", review) is not None
    assert old_ticks.code_of("x/announce", review) is None


def write_old_database(db: Path | str) -> None:
    """A database as the web app of commit 36a48de left it (local schema version 8, hosted
    revision v3_posting): every example's plan in both languages, with the ticks of
    tests/data/old-ticks.json by their words, and one tick of words no release wrote."""
    plans = sorted({(e, lang) for e, lang, *_ in OLD})
    ticks = [(key_of(e, lang), step, words) for e, lang, step, _i, words, _r in OLD]
    ticks.append((key_of(*plans[0]), "x/announce", STRANGER))
    if isinstance(db, Path):
        connection = sqlite3.connect(db)
        migrate_local(connection, db, MIGRATIONS[:8])
        with connection:
            connection.executemany(
                "INSERT INTO web_plans (plan, document, name, changed) VALUES (?, ?, ?, ?)",
                [(key_of(*p), b"[a]", "P", "2026-12-01T09:00:00Z") for p in plans],
            )
            connection.executemany("INSERT INTO web_ticks VALUES (?, ?, ?)", ticks)
        connection.close()
        return
    engine = engine_of(db)
    migrate(engine, "v3_posting")
    assert create_workspace(engine, "a", "A", NOW)
    with engine.begin() as connection:
        for plan in plans:
            connection.execute(
                text(
                    "INSERT INTO plans (workspace, plan, document, name, changed) "
                    "VALUES ('a', :plan, :document, 'P', '2026-12-01T09:00:00Z')"
                ),
                {"plan": key_of(*plan), "document": b"[a]"},
            )
        for plan, step, words in ticks:
            connection.execute(
                text("INSERT INTO ticks VALUES ('a', :plan, :step, :item)"),
                {"plan": plan, "step": step, "item": words},
            )


def test_a_database_of_ticks_by_words_keeps_every_tick(
    db: Path | str, caplog: pytest.LogCaptureFixture
) -> None:
    """Migrated, each plan's ticks are its items' codes, every one kept, each on the item
    it was ticked on; the words that match no item are kept aside as written, and logged
    with the plan and the step."""
    write_old_database(db)
    unmatched = (key_of("cooperative-quitte-x-et-instagram", "en"), "x/announce", STRANGER)
    with caplog.at_level(logging.WARNING, logger="planner.migrations"):
        if isinstance(db, Path):
            with open_store(db) as store:
                web = WebStore(store.db)
                found = {key: web.ticks(key) for key in expected()}
                aside = store.db.execute("SELECT * FROM web_ticks_unmatched").fetchall()
        else:
            engine = engine_of(db)
            migrate(engine)
            assert revision(engine) == head()
            hosted = HostedStore(engine, "a")
            found = {key: hosted.ticks(key) for key in expected()}
            with engine.connect() as connection:
                rows = connection.execute(text("SELECT * FROM ticks_unmatched")).all()
            assert {row[0] for row in rows} == {"a"}
            aside = [tuple(row[1:]) for row in rows]
    assert found == expected()
    assert sum(map(len, found.values())) > 300
    assert aside == [unmatched]
    assert [r.getMessage() for r in caplog.records] == [
        f"{'workspace a, ' if isinstance(db, str) else ''}plan {unmatched[0]}, step x/announce: "
        f"the ticked item “{STRANGER}” is none of this planner's checklist items; its tick is "
        f"kept as written in the table "
        f"{'ticks_unmatched' if isinstance(db, str) else 'web_ticks_unmatched'}"
    ]


def test_a_hosted_database_of_many_ticks_migrates(database: str) -> None:
    """An instance with many plans: more ticks, once matched, than one statement can carry
    (PostgreSQL takes 65,535 values, SQLite 32,766: 4 a tick) are all moved, and as many
    unmatched ones all kept aside."""
    copies = 60
    engine = engine_of(database)
    migrate(engine, "v3_posting")
    assert create_workspace(engine, "a", "A", NOW)
    plans = sorted({(e, lang) for e, lang, *_ in OLD})
    with engine.begin() as connection:
        connection.execute(
            text(
                "INSERT INTO plans (workspace, plan, document, name, changed) "
                "VALUES ('a', :plan, :document, 'P', '2026-12-01T09:00:00Z')"
            ),
            [
                {"plan": f"{n}-{key_of(*p)}", "document": b"[a]"}
                for p in plans
                for n in range(copies)
            ],
        )
        connection.execute(
            text("INSERT INTO ticks VALUES ('a', :plan, :step, :item)"),
            [
                {"plan": f"{n}-{key_of(e, lang)}", "step": step, "item": item}
                for e, lang, step, _i, words, _r in OLD
                for n in range(copies)
                for item in (words, f"{STRANGER} {words}")
            ],
        )
    migrate(engine)
    with engine.connect() as connection:
        moved = connection.execute(text("SELECT count(*) FROM ticks")).scalar_one()
        aside = connection.execute(text("SELECT count(*) FROM ticks_unmatched")).scalar_one()
    assert moved == sum(map(len, expected().values())) * copies > 65_535 // 4
    assert aside == len(OLD) * copies > 65_535 // 4
