"""Where two commands, or two plans, meet: one batch given two files of one plan, one
command's output folder given to another command or another plan, a folder inside a kit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.files import MARKER

from ..conftest import ROOT
from . import Case

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
RIVERSIDE = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"


def _listing(folder: Path) -> list[str]:
    """The names in ``folder``, but the home folder of the run (``.home``)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".home")


def _one_plan_twice(tmp: Path) -> None:
    """A folder of decisions where a copy of the garden's file keeps its key."""
    folder = tmp / "decisions"
    folder.mkdir()
    shutil.copy(JARDIN, folder / "a-jardin.toml")
    shutil.copy(JARDIN, folder / "b-jardin-copie.toml")
    shutil.copy(RIVERSIDE, folder / "riverside.toml")


def _first_kept(tmp: Path) -> None:
    assert _listing(tmp / "kits") == [MARKER, "a-jardin", "index.html", "riverside"]


CASES = [
    Case(
        "batch-two-files-of-one-plan",
        ("batch", "decisions", "--jobs", "1", "-o", "kits"),
        setup=_one_plan_twice,
        after=_first_kept,
    ),
]
