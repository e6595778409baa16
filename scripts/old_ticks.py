"""Write tests/data/old-ticks.json: the checklist items that earlier releases of the web app
stored when an item was ticked (its text, here with its place in its step's checklist),
for the tests of the migrations that move ticks
to their items' codes (tests/test_old_ticks.py).

Run: .venv/bin/python scripts/old_ticks.py   (in a git clone with its history)

Each release is taken from git (``git archive``) into a temporary folder and run in a
process of its own: every example decision file, in its language and in the other (a plan
whose language changed), built by that release's ``build_plan``; each step's checklist is
what its web app stored for a tick (the text of the item, by the step's id). The releases:

- 14773ea, the first that stored ticks (planner serve);
- 4317593, the last before the image items were reworded (ae27ff2);
- 36a48de, the last that stored ticks by their text.

Steps that repeat their words (the monthly upkeeps after the third, the reviews after
the first) are left out, to keep the file small.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RELEASES = ("14773ea", "4317593", "36a48de")
OUT = ROOT / "tests" / "data" / "old-ticks.json"

# Run with the release's planner first on the path: prints one JSON list of
# [example, language, step id, index, item text] for every checklist item of every plan.
BUILD = r"""
import json, re, sys
from pathlib import Path
from planner.decision import load
from planner.timeline import build_plan

rows = []
for path in sorted(Path(sys.argv[1]).glob("*.toml")):
    text = path.read_text("utf-8")
    language = re.search(r'^language = "(..)"', text, re.M).group(1)
    for lang in (language, "en" if language == "fr" else "fr"):
        copy = Path(sys.argv[2]) / f"{lang}-{path.name}"
        copy.write_text(re.sub(r'^language = ".."', f'language = "{lang}"', text, flags=re.M))
        for step in build_plan(load(copy)).steps:
            number = re.search(r"-(\d+)$", step.id)
            if number and int(number.group(1)) > (3 if "upkeep" in step.id else 1):
                if "remind" not in step.id:
                    continue
            rows += [[path.stem, lang, step.id, i, t] for i, t in enumerate(step.checklist)]
print(json.dumps(rows, ensure_ascii=False))
"""


def items(release: str) -> list[list[str]]:
    """The checklist items of every example's plans, as ``release`` builds them."""
    with tempfile.TemporaryDirectory() as folder:
        tree = Path(folder) / "tree"
        tree.mkdir()
        archive = subprocess.run(
            ["git", "archive", release, "planner", "examples"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
        # Written by the build, not kept in git (a release without it imports it).
        (tree / "planner" / "_version.py").write_text('__version__ = "0"\n')
        out = subprocess.run(
            [sys.executable, "-c", BUILD, str(tree / "examples"), folder],
            cwd=tree,
            env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
        )
        if out.returncode:
            sys.exit(f"{release}: {out.stderr}")
    return list(json.loads(out.stdout))


def main() -> None:
    found: dict[tuple[str, str, str, int, str], list[str]] = {}
    for release in RELEASES:
        for example, language, step, index, text in items(release):
            found.setdefault((example, language, step, index, text), []).append(release)
    rows = [[*key, releases] for key, releases in found.items()]
    OUT.write_text(json.dumps(rows, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"{OUT.relative_to(ROOT)}: {len(rows)} items")


if __name__ == "__main__":
    main()
