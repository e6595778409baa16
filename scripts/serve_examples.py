"""Put the example plans into a data folder for `make serve`: the web app on the examples.

Usage: python scripts/serve_examples.py FOLDER   (then: planner serve --data FOLDER)
A plan already there is left as it is (the team's ticks and reworded posts stay).
Two examples of one association without an id (the food bank leaves, the food bank stays)
would be one plan: the second is given its file's name as its id, as a team would give
it one, so that the app shows every example.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from planner.decision import load
from planner.reminders import open_store
from planner.timeline import build_plan
from planner.web.store import WebStore

ROOT = Path(__file__).resolve().parent.parent


def main(folder: Path) -> None:
    with open_store(folder / "reminders.sqlite3") as store:
        web = WebStore(store.db)
        keys: set[str] = set()
        for path in sorted((ROOT / "examples").glob("*.toml")):
            decision = load(path)
            document = path.read_bytes()
            if decision.id is None and build_plan(decision).key in keys:
                document = document.replace(
                    b"[decision]\n", b'[decision]\nid = "%s"\n' % path.stem.encode(), 1
                )
                decision = replace(decision, id=path.stem)
            key = build_plan(decision).key
            keys.add(key)
            added = web.create(key, document, decision.organisation.name, dt.datetime.now(dt.UTC))
            state = "added" if added else "not added, a plan with this key is already there"
            print(f"{path.name}: {state} ({key})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
