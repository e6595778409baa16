"""Where planner writes: one rule for every output file and folder, used by every command.

- A file is written atomically: a temporary file beside it, then a rename, so a reader
  sees the old file or the new one, never a mix. A new file gets the mode the umask
  (and the folder's default ACL) gives, as any program's would; a file replaced keeps
  its mode, owner and group.
- A folder (a kit, posts, a batch) is replaced as a whole, and only when planner made
  it: it holds a marker FILE, ``.made-by-planner``, whose first line is :data:`HEADER`
  and which lists every file planner wrote there with its SHA-256 (the format of
  ``sha256sum``: ``sha256sum -c .made-by-planner`` checks the folder). A file not listed
  (notes a user added), a file changed since, a marker that is a folder or a link: the
  folder is refused, naming the files that would be lost. An empty folder is taken and
  keeps its permissions, owner, group and setgid bit. Kits made before the list existed
  (the marker's first release, :data:`LEGACY`) are replaced when every file in them is
  written again.
- What an interrupted run leaves beside an output (a temporary file, a half-written new
  folder, the previous folder moved aside by a run killed between its two renames) is
  removed, or put back, by the next run on the same output; the function returns one
  line saying so, for the command to show.

Temporary names carry the process id, so that a run never touches the leftovers of a
run still going.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from planner.errors import InputError
from planner.i18n import _, ngettext

MARKER = ".made-by-planner"
HEADER = "made by planner; this folder is replaced as a whole"
LEGACY = b"made by planner; replaced as a whole\n"  # the marker's first release: no list
SHOWN = 5  # files a refusal names


# --- files ---------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes | str) -> str | None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    Readers see either the old file or the new one, never a mix. Text is written as
    UTF-8 exactly as given (no newline translation). Returns the line that reports the
    leftovers of an interrupted run cleaned beside ``path``, or None.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    note = tidy(path)
    try:
        before: os.stat_result | None = path.stat()
    except FileNotFoundError:
        before = None
    tmp, fd = _new_file(path.parent, f".{path.name}.", ".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if before is not None:
                _keep(handle.fileno(), before, stat.S_IMODE(before.st_mode))
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        tmp.replace(path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return note


def _token() -> str:
    # A temporary name, not an identity: random so that two runs never pick the same.
    return f"{os.getpid()}-{secrets.token_hex(4)}"


def _new_file(folder: Path, prefix: str, suffix: str) -> tuple[Path, int]:
    """A new empty file, created with mode 0o666 so that the kernel applies the umask."""
    while True:
        path = folder / f"{prefix}{_token()}{suffix}"
        try:
            return path, os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:
            continue


def _new_folder(folder: Path, prefix: str) -> Path:
    """A new empty folder, created with mode 0o777: the umask applies, and a setgid parent
    gives it its group and setgid bit."""
    while True:
        path = folder / f"{prefix}{_token()}"
        try:
            path.mkdir(0o777)
            return path
        except FileExistsError:
            continue


def _keep(target: int | Path, before: os.stat_result, mode: int) -> None:
    """Give ``target`` (an open file or a folder) the owner and group of ``before`` (as far
    as allowed), then ``mode`` (after: a change of owner clears the setgid bit)."""
    for uid in (before.st_uid, -1):  # not root: at least the group, if a member
        try:
            if isinstance(target, int):
                os.fchown(target, uid, before.st_gid)
            else:
                os.chown(target, uid, before.st_gid)
            break
        except PermissionError:
            continue
    if isinstance(target, int):
        os.fchmod(target, mode)
    else:
        target.chmod(mode)


# --- leftovers -------------------------------------------------------------------------


def _leftover(name: str) -> re.Pattern[str]:
    """The names an interrupted run leaves beside ``name``: ``.name.<pid>-<hex>.tmp``,
    ``.name.new-<pid>-<hex>`` and ``.name.old-<pid>-<hex>``; without the pid for the
    first releases (tempfile's eight characters)."""
    escaped = re.escape(name)
    return re.compile(
        rf"\.{escaped}\.(?:(?P<kind>new|old)-)?(?:(?P<pid>\d+)-[0-9a-f]{{8}}|[a-z0-9_]{{8}})"
        rf"(?(kind)|\.tmp)\Z"
    )


def _running(pid: str | None) -> bool:
    if pid is None:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def tidy(target: Path) -> str | None:
    """Clean what interrupted runs left beside ``target``: put back the previous folder if
    ``target`` is missing, remove every other leftover. One line saying so, or None."""
    pattern = _leftover(target.name)
    restored = False
    removed = 0
    try:
        entries = sorted(os.scandir(target.parent), key=lambda e: e.name)
    except FileNotFoundError:
        return None
    for entry in entries:
        found = pattern.match(entry.name)
        if found is None or _running(found.group("pid")):
            continue
        path = Path(entry.path)
        if found.group("kind") == "old" and not os.path.lexists(target):
            path.rename(target)  # the previous output, whole: a run died between renames
            restored = True
        elif entry.is_dir(follow_symlinks=False):
            shutil.rmtree(path, ignore_errors=True)
            removed += 1
        else:
            path.unlink(missing_ok=True)
            removed += 1
    if restored and removed:
        return ngettext(
            "{output}: an earlier run was interrupted; its previous version was put back "
            "and {count} leftover removed",
            "{output}: an earlier run was interrupted; its previous version was put back "
            "and {count} leftovers removed",
            removed,
        ).format(output=target, count=removed)
    if restored:
        return _(
            "{output}: an earlier run was interrupted; its previous version was put back"
        ).format(output=target)
    if removed:
        return ngettext(
            "{output}: an earlier run was interrupted; {count} leftover removed",
            "{output}: an earlier run was interrupted; {count} leftovers removed",
            removed,
        ).format(output=target, count=removed)
    return None


# --- folders ---------------------------------------------------------------------------


def _files(folder: Path) -> Iterator[str]:
    """Every entry of ``folder`` that is not a folder (links included), as relative paths
    with '/', except the marker at the top."""
    for root, dirs, names in os.walk(folder):
        where = Path(root).relative_to(folder)
        links = [d for d in dirs if (Path(root) / d).is_symlink()]
        for name in sorted(names + links):
            relative = (where / name).as_posix()
            if relative != MARKER:
                yield relative


def _digest(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def _listed(folder: Path) -> dict[str, str] | bytes | None:
    """What the marker lists (name -> SHA-256), :data:`LEGACY` for a first-release marker,
    or None when there is no marker file planner wrote."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return None
        data = marker.read_bytes()
    except (FileNotFoundError, NotADirectoryError):
        return None
    if data == LEGACY:
        return LEGACY
    first, _newline, rest = data.decode("utf-8", "replace").partition("\n")
    if first != HEADER:
        return None
    listed = {}
    for line in rest.splitlines():
        digest, _sep, name = line.partition("  ")
        listed[name] = digest
    return listed


def lost_files(folder: Path, written: set[str] | None = None) -> list[str]:
    """The files of ``folder`` that replacing it would lose (at most :data:`SHOWN` + 1):
    every file when it has no marker planner wrote; else those not listed, changed since,
    or links. A first-release marker lists nothing: its files are lost unless in
    ``written`` (the files about to be written; None: not known yet, none counts)."""
    listed = _listed(folder)
    lost = []
    for name in _files(folder):
        path = folder / name
        if listed is None:
            kept = False
        elif listed == LEGACY:
            kept = written is None or name in written
        else:
            assert isinstance(listed, dict)
            kept = name in listed and not path.is_symlink() and _digest(path) == listed[name]
        if not kept:
            lost.append(name)
            if len(lost) > SHOWN:
                break
    return lost


def _check(target: Path, written: set[str] | None) -> os.stat_result | None:
    """Refuse (InputError, exit 2) to replace ``target`` when that would lose a file;
    its status when it is a folder to replace, None when there is none."""
    try:
        before = target.stat()
    except FileNotFoundError:
        return None
    if not stat.S_ISDIR(before.st_mode):
        raise InputError(
            _("{folder}: exists and was not made by planner; choose an empty or new folder").format(
                folder=target
            )
        )
    lost = lost_files(target, written)
    if not lost:
        return before
    names = ", ".join(lost[:SHOWN]) + (", …" if len(lost) > SHOWN else "")
    if _listed(target) is None:
        message = _(
            "{folder}: exists and was not made by planner; replacing it would lose {files}; "
            "choose an empty or new folder"
        )
    else:
        message = _(
            "{folder}: holds files planner did not write, or changed since: {files}; "
            "replacing the folder would lose them; move them out, or choose another folder"
        )
    raise InputError(message.format(folder=target, files=names))


def _mark(folder: Path) -> None:
    """Write the marker: the header, then every file of the folder with its SHA-256."""
    lines = [HEADER, *(f"{_digest(folder / name)}  {name}" for name in _files(folder))]
    (folder / MARKER).write_text("\n".join(lines) + "\n", "utf-8")


def fill(folder: Path, files: dict[str, bytes], *, mark: bool = True) -> None:
    """Write ``files`` (relative names) under ``folder``, a folder being built, with the
    mode the umask gives; then, if ``mark``, its marker."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if mark:
        _mark(folder)


@dataclass(frozen=True, slots=True)
class Replacement:
    """The folder being built (``path``) and the line about leftovers cleaned (``note``)."""

    path: Path
    note: str | None


@contextmanager
def replacing(target: Path) -> Iterator[Replacement]:
    """Build a folder that replaces ``target`` as a whole when the block ends without error.

    The new folder is filled beside the old one; then the old one is checked again,
    renamed away, the new one renamed into place and the old one removed: two renames,
    so for an instant there may be no folder, never a mix; a run killed between them is
    put right by the next (:func:`tidy`). A folder planner did not write, or holding a
    file it did not write, is refused before anything is built (:func:`lost_files`).
    The new folder has the permissions, owner and group of the one it replaces, or for
    a new one those a new folder gets there.
    """
    target = Path(os.path.realpath(target))
    if not target.name:
        raise InputError(_("{folder}: choose a folder of its own").format(folder=target))
    parent = target.parent
    parent.mkdir(parents=True, exist_ok=True)
    note = tidy(target)
    before = _check(target, None)
    fresh = _new_folder(parent, f".{target.name}.new-")
    old: Path | None = None
    try:
        if before is not None:  # writable while filled; its own mode at the end
            _keep(fresh, before, stat.S_IMODE(before.st_mode) | stat.S_IRWXU)
        yield Replacement(fresh, note)
        _mark(fresh)
        before = _check(target, set(_files(fresh)))  # again: a file added meanwhile counts
        if before is not None:
            fresh.chmod(stat.S_IMODE(before.st_mode))
            old = parent / f".{target.name}.old-{_token()}"
            target.rename(old)
        fresh.rename(target)
    except BaseException:
        if old is not None and not os.path.lexists(target):
            old.rename(target)
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def replace_folder(target: Path, files: dict[str, bytes]) -> str | None:
    """Make ``target`` hold exactly ``files`` and its marker (see :func:`replacing`);
    the line about leftovers cleaned, or None."""
    with replacing(target) as built:
        fill(built.path, files, mark=False)  # replacing() marks it
    return built.note
