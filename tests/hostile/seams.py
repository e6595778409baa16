"""Where two commands, or two plans, meet: one batch given two files of one plan, one
command's output folder given to another command or another plan, a folder inside a kit.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from planner.files import MARKER, Made, replace_folder

from ..conftest import ROOT
from . import Case

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
RIVERSIDE = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
COOP_KEY = "cooperative-letabli"
KIT = {"index.html": b"<p>the kit</p>", "cards/x-announce.png": b"png", "x.ics": b"calendar"}
CARDS = {"x-announce.png": b"png", "x-announce-alt.txt": b"alt text"}


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


def _made(folder: str, files: dict[str, bytes], what: Made) -> tuple:  # type: ignore[type-arg]
    """Setup and check: ``folder`` holds ``files``, made by planner as ``what``, and after
    the run it still does."""

    def setup(tmp: Path) -> None:
        replace_folder(tmp / folder, files, what)

    def after(tmp: Path) -> None:
        found = sorted(
            p.relative_to(tmp / folder).as_posix()
            for p in (tmp / folder).rglob("*")
            if p.is_file() and p.name != MARKER
        )
        assert found == sorted(files)
        for name, data in files.items():
            assert (tmp / folder / name).read_bytes() == data

    return setup, after


ANOTHER_PLANS_KIT = _made("kit", KIT, Made("kit", COOP_KEY))
CARDS_FOLDER = _made("cards", CARDS, Made("cards", COOP_KEY))
A_BATCH = _made("kits", {"index.html": b"index", "coop/index.html": b"kit"}, Made("batch"))


CASES = [
    Case(
        "cards-over-another-plans-kit",
        ("cards", "{examples}/jardin-partage-quitte-x.toml", "-o", "kit"),
        setup=ANOTHER_PLANS_KIT[0],
        after=ANOTHER_PLANS_KIT[1],
    ),
    Case(
        "kit-over-another-plans-kit",
        ("kit", "{examples}/jardin-partage-quitte-x.toml", "-o", "kit"),
        setup=ANOTHER_PLANS_KIT[0],
        after=ANOTHER_PLANS_KIT[1],
    ),
    Case(
        "posts-over-a-folder-of-cards",
        ("posts", "{examples}/jardin-partage-quitte-x.toml", "--out", "cards"),
        setup=CARDS_FOLDER[0],
        after=CARDS_FOLDER[1],
    ),
    Case(
        "kit-over-a-batch",
        ("kit", "{examples}/jardin-partage-quitte-x.toml", "-o", "kits"),
        setup=A_BATCH[0],
        after=A_BATCH[1],
    ),
    Case(
        "cards-into-the-cards-of-a-kit",
        ("cards", "{examples}/jardin-partage-quitte-x.toml", "-o", "kit/cards"),
        setup=ANOTHER_PLANS_KIT[0],
        after=ANOTHER_PLANS_KIT[1],
    ),
    Case(
        "kit-into-a-kit-of-a-batch",
        ("kit", "{examples}/jardin-partage-quitte-x.toml", "-o", "kits/coop"),
        setup=A_BATCH[0],
        after=A_BATCH[1],
    ),
    Case(
        "batch-two-files-of-one-plan",
        ("batch", "decisions", "--jobs", "1", "-o", "kits"),
        setup=_one_plan_twice,
        after=_first_kept,
    ),
]
