"""The time-zone data planner reads: the newer of the system's copy and the package's."""

from __future__ import annotations

import re
import zoneinfo
from pathlib import Path

import pytest
import tzdata

from planner import zones
from planner.zones import Source, newer, stated_version, version_key

from .conftest import ROOT


def source(version: str, label: str = "system") -> Source:
    return Source(version, Path("/nowhere"), label)


def test_versions_sort_as_iana_numbers_them() -> None:
    """2025b < 2025z < 2026a; a two-letter release would follow z."""
    shuffled = ["2026a", "2025za", "2024a", "2026f", "2025z", "2025b"]
    assert sorted(shuffled, key=version_key) == [
        "2024a",
        "2025b",
        "2025z",
        "2025za",
        "2026a",
        "2026f",
    ]


@pytest.mark.parametrize(
    ("system", "package", "chosen"),
    [
        ("2025b", "2026f", "tzdata package"),
        ("2026g", "2026f", "system"),
        ("2026f", "2026f", "system"),  # the same data: zoneinfo's own choice
        (None, "2026f", "tzdata package"),  # no tzdata.zi on the system (macOS, a container)
    ],
)
def test_the_newer_copy_is_chosen(system: str | None, package: str, chosen: str) -> None:
    """Whichever copy is newer, it is the one read."""
    found = newer(source(system) if system else None, source(package, "tzdata package"))
    assert found.label == chosen


def test_this_process_reads_the_newer_installed_copy() -> None:
    """The choice made here is the newer of the system's tzdata.zi and tzdata.IANA_VERSION,
    and every zone comes from that copy's folder."""
    system = zones.system_source()
    candidates = [tzdata.IANA_VERSION, *([system.version] if system else [])]
    assert zones.source().version == max(candidates, key=version_key)
    paris = zones.zone("Europe/Paris")
    assert paris is zones.zone("Europe/Paris") and paris.key == "Europe/Paris"
    assert (zones.source().folder / "Europe" / "Paris").is_file()
    assert re.fullmatch(r"IANA \d{4}[a-z]+ \(.+\)", zones.describe())


def test_stated_version_reads_the_first_line(tmp_path: Path) -> None:
    """'# version 2031a' on tzdata.zi's first line; nothing without the file."""
    assert stated_version(tmp_path) is None
    (tmp_path / "tzdata.zi").write_text("# version 2031a\n# more\n", "utf-8")
    assert stated_version(tmp_path) == "2031a"


def test_unknown_zone_is_refused() -> None:
    """A name outside the database, or a variant of it, is no zone."""
    from zoneinfo import ZoneInfoNotFoundError

    for name in ("right/Europe/Paris", "posix/Europe/Paris", "localtime", "Factory", "../x"):
        with pytest.raises(ZoneInfoNotFoundError):
            zones.zone(name)


def test_every_zone_planner_builds_comes_from_zones() -> None:
    """No module but planner.zones builds a ZoneInfo: each one comes from the chosen copy."""
    offenders = [
        path.name
        for path in sorted((ROOT / "planner").rglob("*.py"))
        if path.name != "zones.py"
        and re.search(r"ZoneInfo\(|ZoneInfo\.from_|gettz\(", path.read_text("utf-8"))
    ]
    assert offenders == []


def test_is_name_agrees_with_the_names_of_the_data() -> None:
    """The quick test of a name (one file read) accepts exactly the zone and link names of
    the chosen data, on every name zoneinfo knows, and refuses paths out of its folder."""
    from planner import zones

    for name in zoneinfo.available_timezones() | {"right/Europe/Paris", "posix/UTC"}:
        assert zones.is_name(name) == (name in zones.names()), name
    for odd in ("/etc/passwd", "../zoneinfo/UTC", "Europe/../UTC", "tzdata.zi", "zone.tab", ""):
        assert not zones.is_name(odd), odd
