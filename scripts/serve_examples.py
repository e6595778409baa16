"""Put the example plans into a data folder for `make serve`: the web app on the examples.

Usage: python scripts/serve_examples.py FOLDER   (then: planner serve --data FOLDER)
A plan already there is left as it is (the team's ticks and reworded posts stay).
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from planner.decision import load
from planner.reminders import open_store
from planner.timeline import build_plan
from planner.web.store import WebStore

ROOT = Path(__file__).resolve().parent.parent


def main(folder: Path) -> None:
    with open_store(folder / "reminders.sqlite3") as store:
        web = WebStore(store.db)
        for path in sorted((ROOT / "examples").glob("*.toml")):
            decision = load(path)
            key = build_plan(decision).key
            added = web.create(
                key, path.read_bytes(), decision.organisation.name, dt.datetime.now(dt.UTC)
            )
            state = "added" if added else "not added, a plan with this key is already there"
            print(f"{path.name}: {state} ({key})")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
