"""`planner batch`: where the kits go (folders planner may not write to, read-only and full
disks, the current folder, the input folder) and decision files whose names could make a
kit take the place of something else.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from planner.files import MARKER, replace_folder

from ..conftest import ROOT
from . import Case

EXAMPLE = ROOT / "examples" / "jardin-partage-quitte-x.toml"
OTHER = ROOT / "examples" / "riverside-food-bank-leaves-facebook.toml"
NOTES = b"Our notes from the board meeting.\n"
GONE = 2147483646  # the process id of a run that was killed (no process has this id)


def _decisions(tmp: Path, *extra: str) -> None:
    """A folder of two decision files, and copies of the first under the ``extra`` names."""
    folder = tmp / "decisions"
    folder.mkdir()
    shutil.copy(EXAMPLE, folder / "jardin.toml")
    shutil.copy(OTHER, folder / "riverside.toml")
    for name in extra:
        shutil.copy(EXAMPLE, folder / name)


def _listing(folder: Path) -> list[str]:
    """The names in ``folder``, but the home folder of the run (``.home``)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".home")


def _decisions_kept(tmp: Path, *extra: str) -> None:
    assert _listing(tmp / "decisions") == sorted(["jardin.toml", "riverside.toml", *extra])
    assert (tmp / "decisions" / "jardin.toml").read_bytes() == EXAMPLE.read_bytes()


def _shared(tmp: Path) -> None:
    _decisions(tmp)
    (tmp / "shared").mkdir()
    (tmp / "shared" / "notes.txt").write_bytes(NOTES)
    (tmp / "shared").chmod(0o555)


def _only_notes(tmp: Path) -> None:
    assert _listing(tmp / "shared") == ["notes.txt"]
    assert (tmp / "shared" / "notes.txt").read_bytes() == NOTES
    _decisions_kept(tmp)


def _shared_with_kits(tmp: Path) -> None:
    """An earlier batch's output, in a folder the command may not write to."""
    _decisions(tmp)
    (tmp / "shared").mkdir()
    replace_folder(tmp / "shared" / "kits", {"index.html": b"the previous index"})
    (tmp / "shared").chmod(0o555)


def _previous_kits_kept(tmp: Path) -> None:
    assert _listing(tmp / "shared") == ["kits"]
    assert (tmp / "shared" / "kits" / "index.html").read_bytes() == b"the previous index"


def _only(*names: str) -> Callable[[Path], None]:
    """Nothing but ``names`` (and the decision files, untouched) in the case's folder."""

    def check(tmp: Path) -> None:
        assert _listing(tmp) == sorted(["decisions", *names])
        _decisions_kept(tmp)

    return check


def _a_file(tmp: Path) -> None:
    _decisions(tmp)
    (tmp / "notes.txt").write_bytes(NOTES)


def _file_kept(tmp: Path) -> None:
    _only("notes.txt")(tmp)
    assert (tmp / "notes.txt").read_bytes() == NOTES


def _named(name: str) -> tuple[Callable[[Path], None], Callable[[Path], None]]:
    """Decision files with one more named ``name``; after the run, the output folder holds
    the two kits and the index, and nothing else was made or replaced."""

    def setup(tmp: Path) -> None:
        _decisions(tmp, name)

    def after(tmp: Path) -> None:
        assert _listing(tmp) == ["decisions", "kits"]
        _decisions_kept(tmp, name)
        assert (tmp / "decisions" / name).read_bytes() == EXAMPLE.read_bytes()
        assert _listing(tmp / "kits") == [MARKER, "index.html", "jardin", "riverside"]

    return setup, after


DOT_DOT = _named("..toml")
DOT = _named(".toml")
HIDDEN = _named(".made-by-planner.toml")
INDEX = _named("index.html.toml")


def _moved_aside(tmp: Path) -> None:
    """A batch killed between its two renames: the previous output moved aside, no output."""
    _decisions(tmp)
    replace_folder(tmp / "kits", {"index.html": b"the previous index"})
    (tmp / "kits").rename(tmp / f".kits.old-{GONE}-0123abcd")
    (tmp / f".kits.new-{GONE}-4567cdef").mkdir()


def _replaced(tmp: Path) -> None:
    _only("kits")(tmp)
    assert _listing(tmp / "kits") == [MARKER, "index.html", "jardin", "riverside"]


def _read_only_kits(tmp: Path) -> None:
    """An earlier batch's output, its folders made read-only by its owner."""
    _decisions(tmp)
    kits = tmp / "kits"
    replace_folder(kits, {"index.html": b"the previous index", "jardin/index.html": b"kit"})
    for folder in (kits / "jardin", kits):
        folder.chmod(0o555)


def _new_kits(tmp: Path) -> None:
    _replaced(tmp)
    assert (tmp / "kits" / "index.html").read_bytes() != b"the previous index"


BATCH = ("batch", "decisions", "--jobs", "2", "-o")

CASES = [
    Case(
        "batch-into-a-folder-without-write-permission",
        (*BATCH, "shared/kits"),
        setup=_shared,
        after=_only_notes,
        sandbox="unprivileged",
    ),
    Case(
        "batch-replacing-its-output-in-a-folder-without-write-permission",
        (*BATCH, "shared/kits"),
        setup=_shared_with_kits,
        after=_previous_kits_kept,
        sandbox="unprivileged",
    ),
    Case(
        "batch-replacing-its-read-only-output",
        (*BATCH, "kits"),
        setup=_read_only_kits,
        after=_new_kits,
        exit_code=0,
        sandbox="unprivileged",
    ),
    Case(
        "batch-on-a-read-only-disk",
        (*BATCH, "usb/kits"),
        setup=_decisions,
        after=_only("usb"),
        sandbox="read-only:usb",
    ),
    Case(
        "batch-onto-a-disk-itself",
        (*BATCH, "usb"),
        setup=_decisions,
        after=_only("usb"),
        sandbox="read-only:usb",
    ),
    Case(
        "batch-on-a-full-disk",
        (*BATCH, "usb/kits"),
        setup=_decisions,
        after=_only("usb"),
        sandbox="full:usb",
    ),
    Case(
        "batch-under-a-file",
        (*BATCH, "notes.txt/kits"),
        setup=_a_file,
        after=_file_kept,
    ),
    Case(
        "batch-into-the-current-folder",
        (*BATCH, "."),
        setup=_decisions,
        after=_only(),
    ),
    Case(
        "batch-into-its-own-input-folder",
        (*BATCH, "decisions"),
        setup=_decisions,
        after=_only(),
    ),
    Case(
        "batch-with-a-kit-name-too-long",
        (*BATCH, "k" * 250),
        setup=_decisions,
        after=_only(),
    ),
    # Names that would make a kit the output folder, its parent, hidden, or the index.
    Case(
        "batch-a-file-named-dot-dot-toml",
        (*BATCH, "kits"),
        setup=DOT_DOT[0],
        after=DOT_DOT[1],
    ),
    Case(
        "batch-a-file-named-dot-toml",
        (*BATCH, "kits"),
        setup=DOT[0],
        after=DOT[1],
    ),
    Case(
        "batch-a-file-named-like-the-marker",
        (*BATCH, "kits"),
        setup=HIDDEN[0],
        after=HIDDEN[1],
    ),
    Case(
        "batch-a-file-named-like-the-index",
        (*BATCH, "kits"),
        setup=INDEX[0],
        after=INDEX[1],
    ),
    Case(
        "batch-after-a-run-killed-between-its-renames",
        (*BATCH, "kits"),
        setup=_moved_aside,
        after=_replaced,
        exit_code=0,
    ),
]
