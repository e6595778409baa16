"""Public holidays of a country (or of one of its subdivisions), from the holidays library.

The timeline asks for them when it builds a plan, and ``planner check`` to print the
plan's days (:mod:`planner.advice`) and to validate a ``subdivision`` a file names. A
country the library does not know has no holiday here, and the plan then avoids weekends
only.

The library takes longer to import than a whole plan takes to build (it loads every
country's module to find one), so the days it gives are kept in planner's cache folder,
one small text file per country and subdivision (a line per year: the year, then its
days), under the stamp of the installed library. Only a miss imports the library, and
:mod:`planner.files` to write the cache, inside the functions that use them (figures in
bench/README.md).
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from collections.abc import Iterable
from contextlib import suppress
from functools import cache
from pathlib import Path

from planner.cache import cache_dir
from planner.errors import InputError

# ISO 3166-2 codes that the library files under another name: Bas-Rhin and Haut-Rhin
# (FR-67, FR-68) share the holidays of Alsace, its "6AE" (Collectivité européenne d'Alsace).
ISO_ALIASES = {"FR": {"67": "6AE", "68": "6AE"}}


@cache
def _countries() -> frozenset[str]:
    """The countries the library knows, read from its registry: its own
    ``list_supported_countries`` imports the module of every country to answer."""
    from holidays import registry

    return frozenset(entry[1] for entry in registry.COUNTRIES.values())


def supported(country: str) -> bool:
    """True when the library knows the public holidays of ``country``."""
    return country in _countries()


def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivisions of ``country`` that have holidays of their own ('US' -> AK, AL, …)."""
    if not supported(country):
        return ()
    import holidays

    return tuple(holidays.country_holidays(country).subdivisions)


def subdivision_code(country: str, value: str) -> str | None:
    """The library's code for a subdivision written as 'US-CA', 'CA', 'FR-67', 'Alsace'…,
    or None when ``country`` has no such subdivision."""
    text = value.strip()
    if text.upper().startswith(f"{country}-"):
        text = text[len(country) + 1 :]
    codes = subdivisions(country)
    by_upper = {code.upper(): code for code in codes}
    if text.upper() in by_upper:
        return by_upper[text.upper()]
    if text.upper() in ISO_ALIASES.get(country, {}):
        return ISO_ALIASES[country][text.upper()]
    if not codes:
        return None
    import holidays

    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {})
    folded = {str(name).casefold(): str(code) for name, code in aliases.items()}
    return folded.get(text.casefold())


def public_holidays(
    country: str | None, subdivision: str | None, years: Iterable[int]
) -> frozenset[dt.date]:
    """Every public holiday (observed days included) of the country in those years, from
    the cache when it holds them, else from the library (then kept in the cache)."""
    if country is None:
        return frozenset()
    wanted = list(years)
    path = _cache_file(country, subdivision)
    known = _read(path) if path else {}
    missing = [year for year in wanted if year not in known]
    if missing:
        known.update(_from_library(country, subdivision, missing))
        if path:
            _write(path, known)
    return frozenset(day for year in wanted for day in known[year])


def _from_library(
    country: str, subdivision: str | None, years: list[int]
) -> dict[int, list[dt.date]]:
    """The holidays of those years, by year, from the library."""
    found: dict[int, list[dt.date]] = {year: [] for year in years}
    if supported(country):
        import holidays

        for day in holidays.country_holidays(country, subdiv=subdivision, years=years):
            found.setdefault(day.year, []).append(day)
    return found


def _cache_file(country: str, subdivision: str | None) -> Path | None:
    """Where the holidays of a country are kept, named after the installed library's
    stamp (so an upgrade of the library starts afresh); None when it cannot be found."""
    spec = importlib.util.find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    stat = Path(spec.origin).with_name("version.py").stat()
    stamp = f"{stat.st_mtime_ns:x}-{stat.st_size:x}"
    return cache_dir() / f"holidays-{stamp}" / f"{country}-{subdivision or ''}.txt"


def _read(path: Path) -> dict[int, list[dt.date]]:
    """The cached years of a country, written one line per year: the year, then its days
    ("2027 2027-01-01 2027-04-05 …"); nothing when the file is missing or unreadable."""
    try:
        lines = path.read_text("utf-8").splitlines()
        return {
            int(year): [dt.date.fromisoformat(day) for day in days]
            for year, *days in (line.split() for line in lines)
        }
    except (OSError, ValueError):
        return {}


def _write(path: Path, known: dict[int, list[dt.date]]) -> None:
    """Keep the years in the cache; a cache that cannot be written costs time, never a run."""
    from planner.files import atomic_write

    text = "".join(
        " ".join([str(year), *(day.isoformat() for day in days)]) + "\n"
        for year, days in known.items()
    )
    with suppress(InputError):  # what atomic_write makes of an OSError
        atomic_write(path, text, force=True)
