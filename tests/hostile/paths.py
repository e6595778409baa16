"""Where a command writes: folders planner may not write to, read-only and full disks,
impossible names, the current folder, and files planner did not write.

Each case says what must be left as it was: the user's files untouched, nothing
half-written (no temporary file or folder) beside the output.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planner.files import replace_folder

from . import Case

DECISION = "{examples}/jardin-partage-quitte-x.toml"
NOTES = b"Our notes from the board meeting.\n"
LONG = "a" * 246  # with ".ics", a 250-byte name: one a file system takes, without a suffix
GONE = 2147483646  # the process id of a run that was killed (no process has this id)


def _names(folder: Path) -> list[str]:
    """The names in ``folder``, but the home folder of the run (``.home``)."""
    return sorted(p.name for p in folder.iterdir() if p.name != ".home")


def _shared(tmp: Path) -> None:
    """A folder the command may not write to, holding a file of the user's."""
    (tmp / "shared").mkdir()
    (tmp / "shared" / "notes.txt").write_bytes(NOTES)
    (tmp / "shared").chmod(0o555)


def _shared_with_a_kit(tmp: Path) -> None:
    """The same, holding a kit planner made earlier."""
    (tmp / "shared").mkdir()
    replace_folder(tmp / "shared" / "kit", {"index.html": b"the previous kit"})
    (tmp / "shared").chmod(0o555)


def _only_notes(tmp: Path) -> None:
    assert _names(tmp / "shared") == ["notes.txt"]
    assert (tmp / "shared" / "notes.txt").read_bytes() == NOTES


def _previous_kit_kept(tmp: Path) -> None:
    assert _names(tmp / "shared") == ["kit"]
    assert (tmp / "shared" / "kit" / "index.html").read_bytes() == b"the previous kit"


def _a_file(tmp: Path) -> None:
    (tmp / "notes.txt").write_bytes(NOTES)


def _file_kept(tmp: Path) -> None:
    """Only the user's file is there, as it was (the home folder of the run aside)."""
    assert _names(tmp) == ["notes.txt"]
    assert (tmp / "notes.txt").read_bytes() == NOTES


def _nothing_written(tmp: Path) -> None:
    assert _names(tmp) == []


def _users(name: str, data: bytes) -> tuple[Callable[[Path], None], Callable[[Path], None]]:
    """A file of the user's named ``name``, and the check that it is untouched and alone."""

    def setup(tmp: Path) -> None:
        (tmp / name).write_bytes(data)

    def after(tmp: Path) -> None:
        assert _names(tmp) == [name]
        assert (tmp / name).read_bytes() == data

    return setup, after


THUNDERBIRD = (
    b"BEGIN:VCALENDAR\r\nPRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN\r\n"
    b"VERSION:2.0\r\nEND:VCALENDAR\r\n"
)
MINUTES = b"# Board meeting, 12 November\n\nWe decided to leave X.\n"
CALENDAR = _users("agenda.ics", THUNDERBIRD)
PLAN = _users("minutes.md", MINUTES)
REPORT = _users("report.md", MINUTES)
PLAN_JSON = _users("plan.json", b'{"our": "data"}\n')


def _leftover_tmp(tmp: Path) -> None:
    (tmp / f".depart.ics.{GONE}-0badc0de.tmp").write_bytes(b"BEGIN:VCALENDAR\r\nhalf")


def _only(*names: str) -> Callable[[Path], None]:
    def check(tmp: Path) -> None:
        assert _names(tmp) == sorted(names)

    return check


def _kit_moved_aside(tmp: Path) -> None:
    """A kit killed between its two renames: the previous kit moved aside, the new one
    half-built, no kit."""
    replace_folder(tmp / "kit", {"index.html": b"the previous kit"})
    (tmp / "kit").rename(tmp / f".kit.old-{GONE}-0123abcd")
    (tmp / f".kit.new-{GONE}-4567cdef").mkdir()
    (tmp / f".kit.new-{GONE}-4567cdef" / "index.html").write_bytes(b"half")


def _kit_whole(tmp: Path) -> None:
    assert _names(tmp) == ["kit"]
    assert (tmp / "kit" / "les-amis-du-jardin-partage.ics").exists()


def _read_only_kit(tmp: Path) -> None:
    """A kit planner made earlier, its folders made read-only by its owner."""
    replace_folder(tmp / "kit", {"index.html": b"the previous kit", "posts/a.txt": b"a"})
    for folder in (tmp / "kit" / "posts", tmp / "kit"):
        folder.chmod(0o555)


def _new_kit(tmp: Path) -> None:
    _kit_whole(tmp)
    assert (tmp / "kit" / "index.html").read_bytes() != b"the previous kit"


CASES = [
    # A folder planner may not write to (seen as an ordinary user, not root).
    Case(
        "plan-into-a-folder-without-write-permission",
        ("plan", DECISION, "-o", "shared/plan.txt"),
        setup=_shared,
        after=_only_notes,
        sandbox="unprivileged",
    ),
    Case(
        "ics-into-a-folder-without-write-permission",
        ("ics", DECISION, "-o", "shared/depart.ics"),
        setup=_shared,
        after=_only_notes,
        sandbox="unprivileged",
    ),
    Case(
        "posts-into-a-folder-without-write-permission",
        ("posts", DECISION, "--out", "shared/posts"),
        setup=_shared,
        after=_only_notes,
        sandbox="unprivileged",
    ),
    Case(
        "kit-into-a-folder-without-write-permission",
        ("kit", DECISION, "-o", "shared/kit"),
        setup=_shared,
        after=_only_notes,
        sandbox="unprivileged",
    ),
    Case(
        "kit-replacing-a-kit-in-a-folder-without-write-permission",
        ("kit", DECISION, "-o", "shared/kit"),
        setup=_shared_with_a_kit,
        after=_previous_kit_kept,
        sandbox="unprivileged",
    ),
    Case(
        "new-into-a-folder-without-write-permission",
        ("new", "shared/leave-x.toml"),
        setup=_shared,
        after=_only_notes,
        stdin="",  # refused before the first question
        sandbox="unprivileged",
    ),
    Case(
        "assess-into-a-folder-without-write-permission",
        ("assess", "--out", "shared/assessment.toml"),
        setup=_shared,
        after=_only_notes,
        stdin="",
        sandbox="unprivileged",
    ),
    Case(
        "kit-replacing-its-read-only-kit",
        ("kit", DECISION, "-o", "kit"),
        setup=_read_only_kit,
        after=_new_kit,
        exit_code=0,
        sandbox="unprivileged",
    ),
    # A read-only disk (a USB stick with its lock on, a read-only share).
    Case(
        "ics-on-a-read-only-disk",
        ("ics", DECISION, "-o", "usb/depart.ics"),
        sandbox="read-only:usb",
        after=_only("usb"),
    ),
    Case(
        "kit-on-a-read-only-disk",
        ("kit", DECISION, "-o", "usb/kit"),
        sandbox="read-only:usb",
        after=_only("usb"),
    ),
    Case(
        "kit-onto-a-disk-itself",
        ("kit", DECISION, "-o", "usb"),
        sandbox="read-only:usb",
        after=_only("usb"),
    ),
    # A full disk.
    Case(
        "ics-on-a-full-disk",
        ("ics", DECISION, "-o", "usb/depart.ics"),
        sandbox="full:usb",
        after=_only("usb"),
    ),
    Case(
        "plan-on-a-full-disk",
        ("plan", DECISION, "--format", "json", "-o", "usb/plan.json"),
        sandbox="full:usb",
        after=_only("usb"),
    ),
    Case(
        "kit-on-a-full-disk",
        ("kit", DECISION, "-o", "usb/kit"),
        sandbox="full:usb",
        after=_only("usb"),
    ),
    # A path through a file, a name too long once planner's temporary suffix is added.
    Case(
        "ics-under-a-file",
        ("ics", DECISION, "-o", "notes.txt/depart.ics"),
        setup=_a_file,
        after=_file_kept,
    ),
    Case(
        "kit-under-a-file",
        ("kit", DECISION, "-o", "notes.txt/kit/"),
        setup=_a_file,
        after=_file_kept,
    ),
    Case(
        "ics-with-a-name-too-long",
        ("ics", DECISION, "-o", f"{LONG}.ics"),
        after=_nothing_written,
    ),
    Case(
        "kit-with-a-name-too-long",
        ("kit", DECISION, "-o", LONG + "kit"),
        after=_nothing_written,
    ),
    Case(
        "kit-into-the-current-folder",
        ("kit", DECISION, "-o", "."),
        after=_nothing_written,
    ),
    # Files planner did not write are never replaced.
    Case(
        "ics-over-a-calendar-planner-did-not-write",
        ("ics", DECISION, "-o", "agenda.ics"),
        setup=CALENDAR[0],
        after=CALENDAR[1],
    ),
    Case(
        "plan-over-a-file-planner-did-not-write",
        ("plan", DECISION, "--format", "markdown", "-o", "minutes.md"),
        setup=PLAN[0],
        after=PLAN[1],
    ),
    Case(
        "plan-json-over-a-file-planner-did-not-write",
        ("plan", DECISION, "--format", "json", "-o", "plan.json"),
        setup=PLAN_JSON[0],
        after=PLAN_JSON[1],
    ),
    Case(
        "assess-report-over-a-file-planner-did-not-write",
        ("assess", "--answers", "{data}/assess/leave.toml", "--report", "report.md"),
        setup=REPORT[0],
        after=REPORT[1],
    ),
    # What a killed run left is put right by the next run on the same output.
    Case(
        "ics-after-a-killed-run",
        ("ics", DECISION, "-o", "depart.ics"),
        setup=_leftover_tmp,
        after=_only("depart.ics"),
        exit_code=0,
    ),
    Case(
        "kit-after-a-run-killed-between-its-renames",
        ("kit", DECISION, "-o", "kit"),
        setup=_kit_moved_aside,
        after=_kit_whole,
        exit_code=0,
    ),
]
