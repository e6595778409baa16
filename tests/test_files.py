"""Output files and folders (issue 17): nothing planner did not write is ever lost, modes
follow the umask or the file replaced, and an interrupted run is put right by the next."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planner.cli import main
from planner.files import MARKER

from .conftest import DATA, EXAMPLES, ROOT

JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    """Restores the test process's umask after a test that sets its own."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def dead_pid() -> int:
    """The id of a process that has just ended (for leftovers of a killed run)."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


# --- modes ---------------------------------------------------------------------------


@pytest.mark.usefixtures("umask")
@pytest.mark.parametrize(("mask", "expected"), [(0o002, 0o664), (0o022, 0o644)])
def test_new_files_get_the_mode_the_umask_gives(tmp_path: Path, mask: int, expected: int) -> None:
    """`plan -o`, `ics -o`, a batch's calendars and index, a kit's files: 0666 & ~umask,
    folders 0777 & ~umask (they were 0600 and 0755 whatever the umask)."""
    os.umask(mask)
    assert run("plan", str(JARDIN), "-o", str(tmp_path / "plan.txt")).exit_code == 0
    assert run("ics", str(JARDIN), "-o", str(tmp_path / "plan.ics")).exit_code == 0
    decisions = tmp_path / "decisions"
    decisions.mkdir()
    shutil.copy(JARDIN, decisions)
    out = tmp_path / "cals"
    result = run("batch", str(decisions), "-o", str(out), "--only", "ics", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert run("kit", str(JARDIN), "-o", str(tmp_path / "kit")).exit_code == 0
    files = [
        tmp_path / "plan.txt",
        tmp_path / "plan.ics",
        out / "index.html",
        out / f"{JARDIN.stem}.ics",
        tmp_path / "kit" / "index.html",
    ]
    assert {p.name: mode(p) for p in files} == {p.name: expected for p in files}
    assert mode(out) == mode(tmp_path / "kit") == expected | 0o111


@pytest.mark.usefixtures("umask")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    """A 0664 team plan written over keeps 0664, even under umask 077."""
    team = tmp_path / "team.md"
    other = str(EXAMPLES[-1])
    assert run("plan", other, "--format", "markdown", "-o", str(team)).exit_code == 0
    before = team.read_text("utf-8")
    team.chmod(0o664)
    os.umask(0o077)
    assert run("plan", str(JARDIN), "--format", "markdown", "-o", str(team)).exit_code == 0
    assert mode(team) == 0o664 and team.read_text("utf-8") != before


def other_group() -> int:
    """A group id other than the process's own, to give a folder (the tests run as root;
    elsewhere, one of the user's other groups)."""
    if os.geteuid() == 0:
        return next(g for g in (100, 50, 20, 1) if g != os.getegid())
    others = [g for g in os.getgroups() if g != os.getegid()]
    if not others:
        pytest.skip("needs root, or a user in two groups, to give a folder another group")
    return others[0]


@pytest.mark.usefixtures("umask")
def test_an_empty_folder_keeps_its_group_and_setgid_bit(tmp_path: Path) -> None:
    """A folder prepared for the team (group-owned, setgid, 2770) keeps its group, mode
    and setgid bit after `kit -o`, and the kit's files take its group."""
    os.umask(0o002)
    group = other_group()
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chown(folder, -1, group)
    folder.chmod(0o2770)
    result = run("kit", str(JARDIN), "-o", str(folder))
    assert result.exit_code == 0, result.output
    assert folder.stat().st_gid == group
    assert mode(folder) == 0o2770
    assert (folder / "index.html").stat().st_gid == group
    assert (folder / "posts").stat().st_gid == group
    again = run("kit", str(JARDIN), "-o", str(folder))  # a kit replaced keeps them too
    assert again.exit_code == 0 and folder.stat().st_gid == group and mode(folder) == 0o2770


# --- what is never lost --------------------------------------------------------------


def test_a_fake_marker_folder_does_not_make_a_folder_planners(tmp_path: Path) -> None:
    """A folder holding a thesis and a `.made-by-planner` directory is refused (exit 2),
    the thesis named and kept."""
    folder = tmp_path / "documents"
    (folder / MARKER).mkdir(parents=True)
    (folder / "these.odt").write_bytes(b"four years")
    result = CliRunner().invoke(main, ["kit", str(JARDIN), "-o", str(folder)])
    assert result.exit_code == 2
    assert "these.odt" in result.stderr and "was not made by planner" in result.stderr
    assert (folder / "these.odt").read_bytes() == b"four years"


def test_a_marker_planner_did_not_write_does_not_count(tmp_path: Path) -> None:
    """An empty marker file (or one of any other text) does not make a folder planner's."""
    folder = tmp_path / "documents"
    folder.mkdir()
    (folder / MARKER).write_text("", "utf-8")
    (folder / "budget.ods").write_bytes(b"figures")
    result = CliRunner().invoke(main, ["posts", str(JARDIN), "--out", str(folder)])
    assert result.exit_code == 2 and "budget.ods" in result.stderr
    assert (folder / "budget.ods").read_bytes() == b"figures"


def test_notes_added_to_a_kit_are_named_and_kept(tmp_path: Path) -> None:
    """A note added to a kit folder, or a kit file changed by hand, stops the next run with
    a message naming them (exit 2); moved out, the kit is replaced."""
    kit = tmp_path / "kit"
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    (kit / "notes.txt").write_text("who posts what\n", "utf-8")
    (kit / "posts" / "mine.txt").write_text("my own post\n", "utf-8")
    result = CliRunner().invoke(main, ["kit", str(JARDIN), "-o", str(kit)])
    assert result.exit_code == 2
    assert "notes.txt" in result.stderr and "posts/mine.txt" in result.stderr
    assert (kit / "notes.txt").exists() and (kit / "posts" / "mine.txt").exists()
    (kit / "notes.txt").unlink()
    (kit / "posts" / "mine.txt").unlink()
    with (kit / "index.html").open("a", encoding="utf-8") as page:
        page.write("<!-- our changes -->")
    result = CliRunner().invoke(main, ["kit", str(JARDIN), "-o", str(kit)])
    assert result.exit_code == 2 and "index.html" in result.stderr
    (kit / "index.html").unlink()
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0


def test_the_marker_lists_every_file_with_its_checksum(tmp_path: Path) -> None:
    """The marker is a file: its first line says what it is, its second which command
    made the folder for which plan, then `sha256sum -c` checks every file planner wrote."""
    kit = tmp_path / "kit"
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    lines = (kit / MARKER).read_text("utf-8").splitlines()
    assert lines[0] == "made by planner; this folder is replaced as a whole"
    assert lines[1] == "# kit les-amis-du-jardin-partage"
    written = sorted(p.relative_to(kit).as_posix() for p in kit.rglob("*") if p.is_file())
    assert sorted(line.split("  ", 1)[1] for line in lines[2:]) == sorted(
        n for n in written if n != MARKER
    )
    if shutil.which("sha256sum"):
        check = subprocess.run(
            ["sha256sum", "--quiet", "-c", MARKER], cwd=kit, capture_output=True, text=True
        )
        assert check.returncode == 0, check.stdout + check.stderr


def test_a_kit_of_the_first_marker_is_replaced_when_nothing_would_be_lost(
    tmp_path: Path,
) -> None:
    """A kit written before the marker listed its files is replaced when the new kit
    writes every file it holds; a file the new kit does not write stops it."""
    kit = tmp_path / "kit"
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    (kit / MARKER).write_bytes(b"made by planner; replaced as a whole\n")
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    (kit / MARKER).write_bytes(b"made by planner; replaced as a whole\n")
    (kit / "notes.txt").write_text("ours\n", "utf-8")
    result = CliRunner().invoke(main, ["kit", str(JARDIN), "-o", str(kit)])
    assert result.exit_code == 2 and "notes.txt" in result.stderr
    assert (kit / "notes.txt").exists()


# One file output of each kind: the command line writing it to the file {out}.
FILE_OUTPUTS = {
    "plan.txt": ["plan", "{decision}", "-o", "{out}"],
    "plan.md": ["plan", "{decision}", "--format", "markdown", "-o", "{out}"],
    "plan.json": ["plan", "{decision}", "--format", "json", "-o", "{out}"],
    "plan.ics": ["ics", "{decision}", "-o", "{out}"],
    "report.md": ["assess", "--answers", "{answers}", "--report", "{out}"],
}


def write_output(name: str, out: Path, index: int, *extra: str) -> Result:
    """Run the command that writes ``name`` to ``out``, from the ``index``-th example."""
    answers = sorted((DATA / "assess").glob("*.toml"))
    places = {
        "decision": str(EXAMPLES[index % len(EXAMPLES)]),
        "answers": str(answers[index % len(answers)]),
        "out": str(out),
    }
    args = [a.format(**places) for a in FILE_OUTPUTS[name]]
    return CliRunner().invoke(main, [*args, *extra])


@pytest.mark.parametrize("name", FILE_OUTPUTS)
def test_planner_replaces_a_file_it_wrote(tmp_path: Path, name: str) -> None:
    """Each file planner writes carries its signature: a second run, from another decision,
    replaces it without a word."""
    out = tmp_path / name
    assert write_output(name, out, 0).exit_code == 0
    first = out.read_bytes()
    result = write_output(name, out, 1)
    assert result.exit_code == 0, result.output
    assert result.stderr == "" and out.read_bytes() != first


@pytest.mark.parametrize("name", FILE_OUTPUTS)
def test_a_file_planner_did_not_write_is_replaced_only_with_force(
    tmp_path: Path, name: str
) -> None:
    """A user's file of the same name is refused (exit 2, named, untouched, nothing left
    beside it); with --force it is replaced."""
    out = tmp_path / name
    out.write_bytes(b"Minutes of the board meeting\n-- planner is on the agenda\n")
    result = write_output(name, out, 0)
    assert result.exit_code == 2
    assert result.stderr == (
        f"Error: {out}: exists and was not written by planner; replacing it would lose it: "
        "choose another name, or add --force to replace it\n"
    )
    assert out.read_bytes().startswith(b"Minutes")
    assert [p.name for p in tmp_path.iterdir()] == [name]
    assert write_output(name, out, 0, "--force").exit_code == 0
    assert not out.read_bytes().startswith(b"Minutes")


def test_an_empty_file_is_replaced(tmp_path: Path) -> None:
    """An empty file loses nothing: `plan -o` replaces it (a shell's `> plan.txt` made it)."""
    out = tmp_path / "plan.txt"
    out.touch()
    assert run("plan", str(JARDIN), "-o", str(out)).exit_code == 0
    assert out.read_text("utf-8").endswith("\n-- planner\n")


def test_a_link_is_followed_not_replaced(tmp_path: Path) -> None:
    """`ics -o` on a link to a calendar planner wrote updates the calendar; the link stays."""
    shared = tmp_path / "shared"
    shared.mkdir()
    calendar = shared / "plan.ics"
    assert run("ics", str(EXAMPLES[0]), "-o", str(calendar)).exit_code == 0
    before = calendar.read_bytes()
    link = tmp_path / "plan.ics"
    link.symlink_to(calendar)
    assert run("ics", str(JARDIN), "-o", str(link)).exit_code == 0
    assert link.is_symlink() and calendar.read_bytes() != before
    assert sorted(p.name for p in shared.iterdir()) == ["plan.ics"]


def test_a_pipe_is_written_into_not_replaced(tmp_path: Path) -> None:
    """`ics -o` on a named pipe writes the calendar into it (as `-o /dev/stdout` does);
    the pipe stays a pipe, and no temporary file is made beside it."""
    pipe = tmp_path / "calendar"
    os.mkfifo(pipe)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_bytes()), daemon=True)
    reader.start()
    result = run("ics", str(JARDIN), "-o", str(pipe))
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert received and received[0].startswith(b"BEGIN:VCALENDAR\r\n")
    assert stat.S_ISFIFO(pipe.lstat().st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["calendar"]


FULL_DISK = (
    "mount -t tmpfs -o size=64k planner-test usb && head -c 1048576 /dev/zero > usb/fill; "
    '"$@"; echo "exit $?"; ls -A usb'
)


@pytest.mark.parametrize(
    "args",
    [
        ["ics", str(JARDIN), "-o", "usb/plan.ics"],
        ["kit", str(JARDIN), "-o", "usb/kit"],
        ["batch", "decisions", "--jobs", "1", "-o", "usb/kits"],
        ["batch", "decisions", "--jobs", "2", "-o", "usb/kits"],
    ],
    ids=["ics", "kit", "batch", "batch-in-workers"],
)
def test_a_full_disk_keeps_nothing_half_written(
    decisions: Path, tmp_path: Path, args: list[str]
) -> None:
    """On a full disk, the command says so (exit 2) and removes what it had begun: the
    disk holds only what it held (looked at from inside the mount namespace, where the full
    disk exists)."""
    from .test_hostile import _namespaces

    reason = _namespaces()
    if reason:
        pytest.skip(reason)
    (tmp_path / "usb").mkdir()
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = ["unshare", "-rm", "sh", "-c", FULL_DISK, "sh", sys.executable, "-m", "planner"]
    result = subprocess.run(
        [*command, *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.stdout.splitlines()[-2:] == ["exit 2", "fill"], result.stdout
    assert result.stderr.endswith(": the disk is full; free some space, or choose another disk\n")
    assert "Traceback" not in result.stderr


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    for path in EXAMPLES[:2]:
        shutil.copy(path, folder)
    return folder


@pytest.mark.parametrize("only", ["kit", "ics"])
def test_batch_never_writes_into_a_folder_it_did_not_make(
    decisions: Path, tmp_path: Path, only: str
) -> None:
    """`batch -o ~`: a home folder with an index.html of its own is refused before anything
    is built, and left exactly as it was."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "index.html").write_text("<p>my page</p>", "utf-8")
    (home / f"{EXAMPLES[0].stem}.ics").write_text("my calendar", "utf-8")
    result = CliRunner().invoke(main, ["batch", str(decisions), "-o", str(home), "--only", only])
    assert result.exit_code == 2
    assert "index.html" in result.stderr and "was not made by planner" in result.stderr
    assert sorted(p.name for p in home.iterdir()) == sorted(
        ["index.html", f"{EXAMPLES[0].stem}.ics"]
    )
    assert (home / "index.html").read_text("utf-8") == "<p>my page</p>"


def test_batch_replaces_its_own_output_and_drops_kits_of_files_gone(
    decisions: Path, tmp_path: Path
) -> None:
    """A second batch into its own output replaces it as a whole: a decision file removed
    takes its kit with it; a note added to a kit stops the run."""
    out = tmp_path / "kits"
    assert run("batch", str(decisions), "-o", str(out)).exit_code == 0
    first, second = sorted(decisions.glob("*.toml"))
    second.unlink()
    assert run("batch", str(decisions), "-o", str(out)).exit_code == 0
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "index.html", first.stem])
    (out / first.stem / "notes.txt").write_text("ours\n", "utf-8")
    result = CliRunner().invoke(main, ["batch", str(decisions), "-o", str(out)])
    assert result.exit_code == 2 and f"{first.stem}/notes.txt" in result.stderr


@pytest.mark.parametrize("name", ["..toml", "...toml", ".hidden.toml"])
def test_a_decision_file_whose_name_starts_with_a_dot_names_no_kit(
    decisions: Path, tmp_path: Path, name: str
) -> None:
    """`..toml` would name the output folder itself, `...toml` its parent: such a file
    fails with its reason; the other kits and the output folder stay whole."""
    shutil.copy(EXAMPLES[0], decisions / name)
    out = tmp_path / "kits"
    result = CliRunner().invoke(main, ["batch", str(decisions), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 2
    assert f"{name}: this name cannot name a kit" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [MARKER, "index.html", *(p.stem for p in EXAMPLES[:2])]
    )
    assert (tmp_path / "decisions" / name).exists()


# --- interrupted runs ----------------------------------------------------------------


def test_a_kit_killed_between_its_renames_is_put_back_by_the_next_run(tmp_path: Path) -> None:
    """Killed between its two renames, a kit leaves no folder, only the old one moved aside
    and the new one: the next run puts the old one back (then replaces it as usual),
    removes the rest, and says so in one line."""
    kit = tmp_path / "kit"
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    pid = dead_pid()
    kit.rename(tmp_path / f".kit.old-{pid}-0123abcd")
    (tmp_path / f".kit.new-{pid}-4567cdef" / "posts").mkdir(parents=True)
    (tmp_path / ".kit.new-ab_cd123").mkdir()  # the first release's name, without a pid
    (tmp_path / "notes.kit.old").write_text("not a leftover", "utf-8")
    result = run("kit", str(JARDIN), "-o", str(kit))
    assert result.exit_code == 0
    assert result.stderr == (
        f"{kit}: an earlier run was interrupted; its previous version was put back and 2 "
        "leftovers removed\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit", "notes.kit.old"]
    assert (kit / "index.html").exists()


def test_a_kit_whose_old_folder_was_not_yet_removed_is_cleaned(tmp_path: Path) -> None:
    """Killed after the swap but before the old folder was removed: the next run removes
    it, the kit in place is kept."""
    kit = tmp_path / "kit"
    assert run("kit", str(JARDIN), "-o", str(kit)).exit_code == 0
    old = tmp_path / f".kit.old-{dead_pid()}-89abcdef"
    shutil.copytree(kit, old)
    result = run("kit", str(JARDIN), "-o", str(kit))
    assert result.exit_code == 0
    assert "an earlier run was interrupted; 1 leftover removed" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kit"]


def test_a_temporary_file_of_a_killed_run_is_removed(tmp_path: Path) -> None:
    """The temporary file of a killed `ics -o` goes at the next run on the same file; one
    of a run still going is left alone."""
    cal = tmp_path / "plan.ics"
    (tmp_path / f".plan.ics.{dead_pid()}-0badf00d.tmp").write_bytes(b"half")
    (tmp_path / ".plan.ics.k2j_9x1z.tmp").write_bytes(b"half")
    running = tmp_path / f".plan.ics.{os.getpid()}-00000000.tmp"
    running.write_bytes(b"in progress")
    result = run("ics", str(JARDIN), "-o", str(cal))
    assert result.exit_code == 0
    assert result.stderr == f"{cal}: an earlier run was interrupted; 2 leftovers removed\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["plan.ics", running.name])


def test_a_folder_of_another_command_or_plan_is_refused_one_of_an_old_marker_is_not(
    tmp_path: Path,
) -> None:
    """A kit is replaced by the same plan's kit, refused to another plan's kit and to
    cards, naming what it holds; a kit whose marker was written before markers said what
    they are is replaced by any command, as before."""
    coop = ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml"
    kit = tmp_path / "kit"
    assert run("kit", str(coop), "-o", str(kit)).exit_code == 0
    assert run("kit", str(coop), "-o", str(kit)).exit_code == 0
    for args in (("kit", str(JARDIN), "-o"), ("cards", str(JARDIN), "-o")):
        refused = run(*args, str(kit))
        assert refused.exit_code == 2
        assert refused.stderr.startswith(
            f"Error: {kit}: holds the kit of the plan 'cooperative-letabli' (planner kit); "
        )
        assert "choose another folder" in refused.stderr
        assert (kit / "index.html").exists()
    marker = (kit / MARKER).read_text("utf-8").splitlines()
    (kit / MARKER).write_text("\n".join([marker[0], *marker[2:]]) + "\n", "utf-8")
    assert run("cards", str(JARDIN), "-o", str(kit)).exit_code == 0
    assert not (kit / "index.html").exists()
