"""Writing files atomically: a crash never leaves half a file behind.

The standard library has every piece (``tempfile``, ``Path.replace``) but no one
function that puts them together; this is that function.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from planner.errors import InputError
from planner.i18n import _


def atomic_write(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    Readers see either the old file or the new one, never a mix. Text is written as
    UTF-8 exactly as given (no newline translation).
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


MARKER = ".made-by-planner"


def replace_folder(target: Path, files: dict[str, bytes]) -> None:
    """Make ``target`` hold exactly ``files``; a reader sees the old folder or the new one.

    The new folder is written beside the old one, then the old one is renamed away and
    the new one renamed into place, and the old one removed: two renames, so for an
    instant there may be no folder, but never a mix. A folder planner did not write
    (no marker file) is never replaced.
    """
    if target.exists() and (
        not target.is_dir() or (any(target.iterdir()) and not (target / MARKER).exists())
    ):
        raise InputError(
            _("{folder}: exists and was not made by planner; choose an empty or new folder").format(
                folder=target
            )
        )
    parent = target.resolve().parent
    parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.new-"))
    try:
        for name, data in {**files, MARKER: b"made by planner; replaced as a whole\n"}.items():
            path = fresh / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        fresh.chmod(0o755)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(dir=parent, prefix=f".{target.name}.old-"))
            old.rmdir()
            target.replace(old)
        fresh.replace(target)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
