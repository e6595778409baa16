"""The time-zone data planner reads: the newer of the system's copy and the tzdata package's.

Python's zoneinfo reads the system's copy first (``/usr/share/zoneinfo``) and the tzdata
package only for a zone the system lacks, whichever is newer. Either can be the stale one:
a machine that is never updated, or a pinned package. Zones change with a few months'
notice (British Columbia keeps summer time from November 2026), so planner reads the
newer: each copy states its IANA version in the first line of its ``tzdata.zi``
("# version 2025b"), the package also as ``tzdata.IANA_VERSION``. The choice is made once
per process; every ZoneInfo planner uses comes from :func:`zone`, and the names a
decision file may use from :func:`names`.
"""

from __future__ import annotations

import re
import zoneinfo
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import tzdata

from planner.i18n import _

PACKAGE = "tzdata package"
# Names of the IANA database that are no place's clock: Factory is a placeholder zone
# (tz's ``factory`` file); localtime and posixrules are files some systems add.
PSEUDO = frozenset({"Factory", "localtime", "posixrules"})


@dataclass(frozen=True, slots=True)
class Source:
    """One copy of the IANA time-zone data: its version, its folder, how to name it."""

    version: str  # "2026f"
    folder: Path
    label: str  # "tzdata package", or the folder


def version_key(version: str) -> tuple[int, int, str]:
    """A sort key for IANA versions: 2025b < 2025z < 2026a (a 'za' would follow 'z')."""
    found = re.fullmatch(r"(\d{4})([a-z]*)", version)
    if found is None:
        return (0, 0, "")
    return (int(found.group(1)), len(found.group(2)), found.group(2))


def stated_version(folder: Path) -> str | None:
    """The version a copy states in the first line of its tzdata.zi, None without one."""
    try:
        with (folder / "tzdata.zi").open(encoding="utf-8") as handle:
            first = handle.readline()
    except OSError:
        return None
    found = re.fullmatch(r"# version (\S+)\s*", first)
    return found.group(1) if found else None


def newer(system: Source | None, package: Source) -> Source:
    """The newer copy; the system's on a tie (zoneinfo's own choice)."""
    if system is not None and version_key(system.version) >= version_key(package.version):
        return system
    return package


def system_source() -> Source | None:
    """The system's copy: the first folder of zoneinfo's search path with a tzdata.zi."""
    for name in zoneinfo.TZPATH:
        folder = Path(name)
        version = stated_version(folder)
        if version is not None:
            return Source(version, folder, str(folder))
    return None


def package_source() -> Source:
    """The tzdata package's copy (a dependency: always there)."""
    return Source(str(tzdata.IANA_VERSION), Path(tzdata.__file__).parent / "zoneinfo", PACKAGE)


@cache
def source() -> Source:
    """The copy this process reads, chosen once."""
    return newer(system_source(), package_source())


def describe() -> str:
    """'IANA 2026f (tzdata package)': what ``--version`` and ``check`` state, in the
    interface's language."""
    chosen = source()
    label = _("tzdata package") if chosen.label == PACKAGE else chosen.label
    return f"IANA {chosen.version} ({label})"


@cache
def names() -> frozenset[str]:
    """Every zone and link name of the chosen copy (its tzdata.zi's Z and L lines), less
    the pseudo-zones. The right/ and posix/ trees, which count leap seconds or not, are
    variants of the files, not names of the database: they are not there."""
    found = set()
    with (source().folder / "tzdata.zi").open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("Z "):
                found.add(line.split(maxsplit=2)[1])
            elif line.startswith("L "):
                found.add(line.split(maxsplit=3)[2])
    return frozenset(found - PSEUDO)


@cache
def is_name(name: str) -> bool:
    """Whether ``name`` is in :func:`names`, found without reading every name (which every
    ``check`` would pay): a TZif file of the chosen copy, outside the right/ and posix/
    variants, not a pseudo-zone (tests/test_zones.py checks both agree on every zone)."""
    plain = re.fullmatch(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*", name)
    if not plain or name in PSEUDO or name.split("/")[0] in ("right", "posix"):
        return False
    try:
        with (source().folder / name).open("rb") as handle:
            return handle.read(4) == b"TZif"
    except OSError:
        return False


@cache
def zone(name: str) -> ZoneInfo:
    """The zone ``name`` from the chosen copy (one object per name, like ZoneInfo's cache).

    Raises ZoneInfoNotFoundError for a name that is not in :func:`names`."""
    if not is_name(name):
        raise ZoneInfoNotFoundError(f"No time zone found with key {name}")
    with (source().folder / name).open("rb") as handle:
        return ZoneInfo.from_file(handle, key=name)
