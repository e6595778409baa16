"""`make demo`: plan every example of examples/ with the installed `planner`, as a user would.

Usage: python scripts/demo.py [FOLDER]   (default: build/demo)

Each example gets its folder: the plan as text and JSON, and its departure kit (the web
page, the calendar file, every post as a text file, the picture cards). The full output
of every command goes to FOLDER/log.txt; the terminal gets a summary that fits on one
screen, in French or English as planner's own messages (from the locale). Any
command that fails is named with its last line, and the exit code is then 1.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from planner.i18n import choose

ROOT = Path(__file__).resolve().parent.parent
PLANNER = Path(sys.executable).parent / "planner"
FEATURED = "jardin-partage-quitte-x"  # the README's example: its kit is the one to open first

# The summary's words: a script of the repository, outside planner's catalogs.
WORDS = {
    "en": {
        "title": "planner demo: the {n} examples of examples/, planned with {planner}.",
        "where": "Everything it made is in {folder}/ (what each command said: {log})",
        "counts": "{steps} steps, {posts} posts to copy, {cards} picture cards",
        "warning": "; planner check: 1 warning (in the log)",
        "warnings": "; planner check: {n} warnings (in the log)",
        "folder": "folder:",
        "next": "Open next:",
        "kit": "the kit, in your browser: the plan and every post, with Copy buttons",
        "ics": "its calendar file, to import into your calendar",
        "plan": "the dated plan, as text",
        "same": "Each example's folder holds the same: plan.txt, plan.json and kit/.",
        "yours": "Your own plan: {planner} new leave-x.toml (the guide: README.md).",
        "failed": "FAILED: {command} (exit {code}): {line}",
        "failures": "{n} command(s) failed; their full output is in {log}.",
    },
    "fr": {
        "title": "Démonstration : les {n} exemples du dossier examples/, planifiés avec {planner}.",
        "where": "Tout ce qui a été fait est dans {folder}/ (ce que chaque commande a dit : {log})",
        "counts": "{steps} étapes, {posts} publications à copier, {cards} cartes illustrées",
        "warning": " ; planner check : 1 avertissement (voir le journal)",
        "warnings": " ; planner check : {n} avertissements (voir le journal)",
        "folder": "dossier :",
        "next": "À ouvrir ensuite :",
        "kit": "le kit, dans votre navigateur : le plan et chaque publication, à copier",
        "ics": "son fichier de calendrier, à importer dans votre agenda",
        "plan": "le plan daté, en texte",
        "same": "Le dossier de chaque exemple contient de même plan.txt, plan.json et kit/.",
        "yours": "Votre propre plan : {planner} new depart-x.toml (le guide : README.md).",
        "failed": "ÉCHEC : {command} (code {code}) : {line}",
        "failures": "{n} commande(s) en échec ; leur sortie complète est dans {log}.",
    },
}


@dataclass
class Run:
    """One planner command: what was typed and what it printed."""

    command: str
    code: int
    stdout: str
    stderr: str


def planner(*args: str | Path) -> Run:
    """Run the installed planner script from the repository's folder, as a user types it."""
    words = [str(arg) for arg in args]
    done = subprocess.run(
        [str(PLANNER), *words], capture_output=True, text=True, cwd=ROOT, check=False
    )
    command = "planner " + shlex.join(words)
    return Run(command, done.returncode, done.stdout, done.stderr)


def heading(plan_text: str) -> list[str]:
    """The lines under the plan's title: who leaves (or stays on) what, and when (the
    last line of that block, which names the time zone, is left out)."""
    lines = plan_text.splitlines()[2:]
    block = lines[: lines.index("")] if "" in lines else lines
    return block[:-1] or block


def main(folder: Path) -> int:
    words = WORDS[choose([], os.environ)]
    examples = sorted((ROOT / "examples").glob("*.toml"))
    shown = folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder
    planner_shown = os.path.relpath(PLANNER, ROOT)
    log: list[str] = []
    failed: list[Run] = []
    summary: list[str] = []
    first: tuple[Path, Path] | None = None

    for number, example in enumerate(examples, start=1):
        source = example.relative_to(ROOT)
        out = folder / example.stem
        out.mkdir(parents=True, exist_ok=True)
        commands: list[tuple[str | Path, ...]] = [
            ("check", source),
            ("plan", source, "-o", out / "plan.txt"),
            ("plan", source, "--format", "json", "-o", out / "plan.json"),
            ("kit", source, "-o", out / "kit"),
        ]
        runs: list[Run] = []
        for args in commands:  # the first failure stops this example: the rest would repeat it
            run = planner(*args)
            runs.append(run)
            log += [f"$ {run.command}", run.stdout + run.stderr, f"(exit {run.code})", ""]
            if run.code != 0:
                failed.append(run)
                break
        if runs[-1].code != 0:
            summary += [f"{number}. {source}", ""]
            continue
        kit = out / "kit"
        steps = len(json.loads((out / "plan.json").read_text("utf-8"))["steps"])
        posts = len(list((kit / "posts").glob("*.txt")))
        cards = len(list((kit / "cards").glob("*.png")))
        name = json.loads((out / "plan.json").read_text("utf-8"))["organisation"]
        summary.append(f"{number}. {name}  ({source})")
        summary += ["   " + line for line in heading((out / "plan.txt").read_text("utf-8"))]
        warnings = sum(
            line.startswith(("Warning:", "Attention\u00a0:"))
            for line in runs[0].stderr.splitlines()
        )
        counts = words["counts"].format(steps=steps, posts=posts, cards=cards)
        if warnings:
            counts += words["warning" if warnings == 1 else "warnings"].format(n=warnings)
        summary.append("   " + counts)
        summary.append(f"   {words['folder']} {shown / example.stem}/")
        if first is None or example.stem == FEATURED:
            first = (shown / example.stem, next(kit.glob("*.ics")).relative_to(out))
        summary.append("")

    log_path = folder / "log.txt"
    folder.mkdir(parents=True, exist_ok=True)
    log_path.write_text("\n".join(log), "utf-8")
    log_shown = shown / "log.txt"

    print(words["title"].format(n=len(examples), planner=planner_shown))
    print(words["where"].format(folder=shown, log=log_shown))
    print()
    print("\n".join(summary).rstrip("\n"))
    print()
    if first is not None:
        there, ics = first
        print(words["next"])
        print(f"  {there / 'kit' / 'index.html'}")
        print(f"      {words['kit']}")
        print(f"  {there / ics}")
        print(f"      {words['ics']}")
        print(f"  {there / 'plan.txt'}")
        print(f"      {words['plan']}")
        print(words["same"])
        print(words["yours"].format(planner=planner_shown))
    for run in failed:
        lines = (run.stderr or run.stdout).strip().splitlines() or ["-"]
        print(words["failed"].format(command=run.command, code=run.code, line=lines[-1]))
    if failed:
        print(words["failures"].format(n=len(failed), log=log_shown))
        return 1
    return 0


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "build" / "demo"
    sys.exit(main(target.resolve()))
