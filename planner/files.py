"""Where planner writes: one rule for every output file and folder, used by every command.

- A file is written atomically: a temporary file beside it, then a rename, so a reader
  sees the old file or the new one, never a mix. A new file gets the mode the umask
  (and the folder's default ACL) gives, as any program's would; a file replaced keeps
  its mode, owner and group. An existing file is replaced only when planner wrote it
  (it carries planner's signature: see :func:`planners`) or it is empty; any other is
  refused, named, unless the command was told ``--force``. A link is followed; a
  device or a pipe (``-o /dev/stdout``) is written into, not replaced.
- A folder (a kit, posts, a batch) is replaced as a whole, and only when planner made
  it: it holds a marker FILE, ``.made-by-planner``, whose first line is :data:`HEADER`
  and which lists every file planner wrote there with its SHA-256 (the format of
  ``sha256sum``: ``sha256sum -c .made-by-planner`` checks the folder). A file not listed
  (notes a user added), a file changed since, a marker that is a folder or a link: the
  folder is refused, naming the files that would be lost. The marker's second line says
  what the folder is (a kit, cards, posts, a batch) and of which plan (``# kit <key>``): a
  folder of another kind or of another plan is refused, naming what it holds, so that one
  command never replaces another's output (a marker without that line, written before
  it, is replaced as any planner folder). A folder inside a folder planner made (the
  cards of a kit) is refused as part of it. An empty folder is taken and
  keeps its permissions, owner, group and setgid bit. Kits made before the list existed
  (the marker's first release, :data:`LEGACY`) are replaced when every file in them is
  written again.
- A folder that cannot be replaced as a whole (the current folder, a disk of its own) is
  refused before anything is built.
- Every OSError met while writing (a folder planner may not write to, a read-only or
  full disk, a file in the path, a name too long) becomes one :class:`InputError` line
  that names the output and what to do (:func:`reporting`); whatever was half-written
  is removed, and the previous output is left as it was.
- What an interrupted run leaves beside an output (a temporary file, a half-written new
  folder, the previous folder moved aside by a run killed between its two renames) is
  removed, or put back, by the next run on the same output; the function returns one
  line saying so, for the command to show.

Temporary names carry the process id, so that a run never touches the leftovers of a
run still going.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from planner.errors import InputError
from planner.i18n import _, ngettext

MARKER = ".made-by-planner"
HEADER = "made by planner; this folder is replaced as a whole"
LEGACY = b"made by planner; replaced as a whole\n"  # the marker's first release: no list
SHOWN = 5  # files a refusal names
SUFFIX = 22  # the most a temporary name adds: ".", ".new-", a pid (7 digits), "-", 8 digits

# planner's signature in the files it writes, so that a second run knows it may replace them:
PRODID = "-//planner//"  # a calendar: its PRODID line, PRODID:-//planner//planner 1.0//EN
GENERATOR = "planner"  # a JSON plan: its first key, "generator": "planner"
SIGNATURE_TEXT = "-- planner"  # a text plan: its last line
SIGNATURE_MARKDOWN = "<!-- made by planner -->"  # a Markdown plan or report: its last line
_OWN_HEAD = re.compile(rb'\A\{\s*"generator": "planner"|^PRODID:-//planner//', re.MULTILINE)
_OWN_LAST = {SIGNATURE_TEXT.encode(), SIGNATURE_MARKDOWN.encode()}
_SIDE = 4096  # the bytes read at each end of a file to find the signature


# --- what went wrong -------------------------------------------------------------------


def _in_the_way(path: Path) -> Path | None:
    """The first part of ``path`` that exists and is not a folder, or None."""
    for part in [*reversed(path.parents), path]:
        if os.path.lexists(part) and not part.is_dir():
            return part
    return None


def failure(output: Path, exc: OSError) -> InputError:
    """The one line for an OSError met writing ``output`` (as the user named it): what is
    wrong, in words, and what to do."""
    code = exc.errno
    if code in (errno.ENOTDIR, errno.EEXIST):  # mkdir(parents=True) meets a file: EEXIST
        part = _in_the_way(output)
        if part is not None:
            return InputError(
                _("{output}: {part} is a file, not a folder; choose another place").format(
                    output=output, part=part
                )
            )
    messages = {
        errno.EACCES: _(
            "{output}: planner may not write there (permission denied); choose a folder "
            "you can write to, or ask whoever owns it"
        ),
        errno.EROFS: _(
            "{output}: the disk is read-only; choose a folder on another disk, or make it writable"
        ),
        errno.ENOSPC: _("{output}: the disk is full; free some space, or choose another disk"),
        errno.EDQUOT: _(
            "{output}: your share of the disk is used up; free some space, or choose another disk"
        ),
        errno.ENAMETOOLONG: _(
            "{output}: the name is too long for the disk (planner adds up to {count} "
            "characters while writing); choose a shorter name"
        ),
        errno.EBUSY: _(
            "{output}: in use by the system (a disk of its own, or a program's current "
            "folder), it cannot be replaced; choose a folder inside it"
        ),
        errno.EISDIR: _("{output}: is a folder; choose a file name"),
    }
    messages[errno.EPERM] = messages[errno.EACCES]
    message = messages.get(code or 0)
    if message is None:
        return InputError(
            _("{output}: cannot be written ({reason}); choose another place").format(
                output=output, reason=exc.strerror or exc
            )
        )
    return InputError(message.format(output=output, count=SUFFIX))


@contextmanager
def reporting(output: Path) -> Iterator[None]:
    """Turn an OSError raised in the block into :func:`failure`'s InputError."""
    try:
        yield
    except OSError as exc:
        raise failure(output, exc) from None


def planners(path: Path) -> bool:
    """True when the file at ``path`` is one planner wrote (it carries a signature: a
    calendar's PRODID, a JSON plan's first key, the last line of a text or Markdown plan
    or report) or is empty: replacing it loses nothing of anyone else's."""
    try:
        with path.open("rb") as handle:
            head = handle.read(_SIDE)
            handle.seek(max(0, os.fstat(handle.fileno()).st_size - _SIDE))
            tail = handle.read()
    except OSError:
        return False
    last = tail.rstrip(b"\r\n").rpartition(b"\n")[2].rstrip(b"\r")
    return not head or _OWN_HEAD.search(head) is not None or last in _OWN_LAST


def _refuse_unless_planners(path: Path) -> None:
    """Refuse (InputError) to replace the file at ``path`` unless planner wrote it."""
    if not planners(path):
        raise InputError(
            _(
                "{file}: exists and was not written by planner; replacing it would lose it: "
                "choose another name, or add --force to replace it"
            ).format(file=path)
        )


def probe(path: Path, *, force: bool = False) -> None:
    """Raise now the InputError that writing ``path`` would meet (a file planner did not
    write, unless ``force``; a folder planner may not write to, a read-only disk, a file in
    the way, a name too long), before a command asks its questions; a full disk shows only
    when the answers are written."""
    if not force and path.is_file():
        _refuse_unless_planners(path)
    with reporting(path):
        folder = path.parent
        if not folder.is_dir():
            part = _in_the_way(path.parent)
            if part is not None:
                raise NotADirectoryError(errno.ENOTDIR, os.strerror(errno.ENOTDIR), str(part))
            return  # made when written
        tmp, fd = _new_file(folder, f".{path.name}.", ".tmp")
        os.close(fd)
        tmp.unlink()


# --- files ---------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes | str, *, force: bool = False) -> str | None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    Readers see either the old file or the new one, never a mix. Text is written as
    UTF-8 exactly as given (no newline translation). An existing file planner did not
    write is refused (InputError) unless ``force``. A link is followed; a device or a pipe
    is written into. Any OSError becomes one line naming ``path`` (:func:`failure`).
    Returns the line that reports the leftovers of an interrupted run cleaned beside
    ``path``, or None.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    with reporting(path):
        try:
            before: os.stat_result | None = path.stat()  # through a link
        except FileNotFoundError:
            before = None
        if before is not None and not stat.S_ISREG(before.st_mode):
            if stat.S_ISDIR(before.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), str(path))
            with path.open("wb") as handle:  # a device or a pipe: nothing to replace
                handle.write(payload)
            return None
        if before is not None and not force:
            _refuse_unless_planners(path)
        target = Path(os.path.realpath(path)) if path.is_symlink() else path
        target.parent.mkdir(parents=True, exist_ok=True)
        note = tidy(target)
        tmp, fd = _new_file(target.parent, f".{target.name}.", ".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                if before is not None:
                    _keep(handle.fileno(), before, stat.S_IMODE(before.st_mode))
                handle.write(payload)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.replace(target)
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
        except OSError:  # not allowed, or an id this user namespace does not map
            continue
    if isinstance(target, int):
        os.fchmod(target, mode)
    else:
        target.chmod(mode)


# --- leftovers -------------------------------------------------------------------------


def _remove(path: Path) -> bool:
    """Remove a file or folder planner made (a leftover, an old output), its read-only
    folders too (a kit folder made read-only is still planner's); True when it is gone."""
    if path.is_dir() and not path.is_symlink():
        with suppress(OSError):
            path.chmod(stat.S_IRWXU)
        for root, dirs, _names in os.walk(path):
            for name in dirs:
                inner = Path(root) / name
                if not inner.is_symlink():  # chmod would follow it out of the folder
                    with suppress(OSError):
                        inner.chmod(stat.S_IRWXU)
        shutil.rmtree(path, ignore_errors=True)
    else:
        with suppress(OSError):
            path.unlink()
    return not os.path.lexists(path)


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
        elif _remove(path):
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
        if line.startswith("# "):  # what the folder is: see made()
            continue
        digest, _sep, name = line.partition("  ")
        listed[name] = digest
    return listed


@dataclass(frozen=True, slots=True)
class Made:
    """What a folder planner made is: the command that made it (kit, cards, posts, batch)
    and the key of its plan ('' for a batch)."""

    kind: str
    plan: str = ""

    @property
    def line(self) -> str:
        """The marker's second line."""
        return f"# {self.kind} {self.plan}".rstrip()

    def describe(self) -> str:
        """What the folder holds, for messages: "the kit of the plan 'les-amis'"."""
        words = {
            "kit": _("the kit of the plan '{key}' (planner kit)"),
            "cards": _("the picture cards of the plan '{key}' (planner cards)"),
            "posts": _("the posts of the plan '{key}' (planner posts --out)"),
            "batch": _("the output of planner batch"),
        }
        return words.get(self.kind, _("a folder made by planner")).format(key=self.plan)


def made(folder: Path) -> Made | None:
    """What the marker of ``folder`` says it is; None for no marker, or one written before
    markers said it."""
    marker = folder / MARKER
    try:
        if not stat.S_ISREG(marker.lstat().st_mode):
            return None
        with marker.open("rb") as handle:
            head = [handle.readline(), handle.readline()]
    except (FileNotFoundError, NotADirectoryError):
        return None
    if head[0].decode("utf-8", "replace").rstrip("\n") != HEADER:
        return None
    second = head[1].decode("utf-8", "replace").rstrip("\n")
    if not second.startswith("# "):
        return None
    kind, _sep, plan = second[2:].partition(" ")
    return Made(kind, plan)


def _inside(target: Path) -> tuple[Path, Made | None] | None:
    """The nearest folder above ``target`` that planner made, with what it is; or None."""
    for parent in target.parents:
        if _listed(parent) is not None:
            return parent, made(parent)
    return None


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


def _check(
    target: Path, written: set[str] | None, what: Made | None = None
) -> os.stat_result | None:
    """Refuse (InputError, exit 2) to replace ``target`` when that would lose a file, when
    it holds another command's or another plan's output than ``what``, or when it lies
    inside a folder planner made; its status when it is a folder to replace, None when
    there is none."""
    outer = _inside(target)
    if outer is not None:
        parent, parent_made = outer
        raise InputError(
            _(
                "{folder}: is part of {what} in {parent}, which planner replaces as a whole; "
                "choose a folder outside {parent}"
            ).format(folder=target, what=(parent_made or Made("")).describe(), parent=parent)
        )
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
    there = made(target)
    if what is not None and there is not None and there != what:
        raise InputError(
            _(
                "{folder}: holds {there}; it is not replaced by {new}: choose another folder, "
                "or delete this one first if it is no longer needed"
            ).format(folder=target, there=there.describe(), new=what.describe())
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


def _mark(folder: Path, what: Made | None = None) -> None:
    """Write the marker: the header, what the folder is, then every file of the folder
    with its SHA-256."""
    lines = [HEADER, *([what.line] if what else [])]
    lines += [f"{_digest(folder / name)}  {name}" for name in _files(folder)]
    (folder / MARKER).write_text("\n".join(lines) + "\n", "utf-8")


def fill(
    folder: Path, files: dict[str, bytes], *, mark: bool = True, what: Made | None = None
) -> None:
    """Write ``files`` (relative names) under ``folder``, a folder being built, with the
    mode the umask gives; then, if ``mark``, its marker, saying ``what`` it is."""
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if mark:
        _mark(folder, what)


@dataclass(frozen=True, slots=True)
class Replacement:
    """The folder being built (``path``) and the line about leftovers cleaned (``note``)."""

    path: Path
    note: str | None


def _replaceable(target: Path, shown: Path) -> None:
    """Refuse (InputError) a folder that cannot be replaced as a whole: the file system's
    root, the current folder or one holding it, a disk of its own. ``target`` is the
    real path, ``shown`` the one the user gave."""
    if not target.name:
        raise InputError(_("{folder}: choose a folder of its own").format(folder=target))
    here = Path.cwd()
    if target == here or target in here.parents:
        raise InputError(
            _(
                "{folder}: is the current folder, or holds it; planner replaces its output "
                "folder as a whole: choose a new folder inside it, such as {example}"
            ).format(folder=target, example=Path(os.path.relpath(target, here)) / "kit")
        )
    if os.path.ismount(target):
        raise InputError(
            _(
                "{folder}: is a disk of its own; planner replaces its output folder as a "
                "whole: choose a new folder on it, such as {example}"
            ).format(folder=shown, example=shown / "kit")
        )


@contextmanager
def replacing(target: Path, what: Made | None = None) -> Iterator[Replacement]:
    """Build a folder that replaces ``target`` as a whole when the block ends without error.

    The new folder is filled beside the old one; then the old one is checked again,
    renamed away, the new one renamed into place and the old one removed: two renames,
    so for an instant there may be no folder, never a mix; a run killed between them is
    put right by the next (:func:`tidy`). A folder planner did not write, or holding a
    file it did not write, is refused before anything is built (:func:`lost_files`), and
    so is one that cannot be renamed (:func:`_replaceable`), one of another kind or plan
    than ``what``, and one inside a folder planner made (:func:`_check`). The new folder has the
    permissions, owner and group of the one it replaces, or for a new one those a new
    folder gets there. An OSError, in the block too (a batch's workers), becomes one line
    naming ``target`` (:func:`failure`), after the new folder is removed.
    """
    with reporting(target):
        shown, target = target, Path(os.path.realpath(target))
        _replaceable(target, shown)
        parent = target.parent
        parent.mkdir(parents=True, exist_ok=True)
        note = tidy(target)
        before = _check(target, None, what)
        fresh = _new_folder(parent, f".{target.name}.new-")
        old: Path | None = None
        try:
            if before is not None:  # writable while filled; its own mode at the end
                _keep(fresh, before, stat.S_IMODE(before.st_mode) | stat.S_IRWXU)
            yield Replacement(fresh, note)
            _mark(fresh, what)
            before = _check(
                target, set(_files(fresh)), what
            )  # again: a file added meanwhile counts
            if before is not None:
                fresh.chmod(stat.S_IMODE(before.st_mode))
                old = parent / f".{target.name}.old-{_token()}"
                target.rename(old)
            fresh.rename(target)
        except BaseException:
            if old is not None and not os.path.lexists(target):
                old.rename(target)
            _remove(fresh)
            raise
        if old is not None:
            _remove(old)


def replace_folder(target: Path, files: dict[str, bytes], what: Made | None = None) -> str | None:
    """Make ``target`` hold exactly ``files`` and its marker, saying ``what`` it is (see
    :func:`replacing`); the line about leftovers cleaned, or None."""
    with replacing(target, what) as built:
        fill(built.path, files, mark=False)  # replacing() marks it
    return built.note
