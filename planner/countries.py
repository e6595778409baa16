"""Countries: the ISO 3166-1 codes, and the country of a time zone.

Both come from the tables that ship with the IANA time-zone data: ``iso3166.tab`` (every
code) and ``zone.tab`` / ``zone1970.tab`` (the countries of each zone). They are read
from the copy of the data :mod:`planner.zones` chose (the newer of the system's and the
tzdata package's), else from the other. A decision file that names no country gets the
country of its time zone: Europe/Paris gives FR, America/Chicago gives US; a zone of no
single country (UTC) gives none, and the plan then avoids weekends only.
"""

from __future__ import annotations

from functools import cache

from planner import zones


def _table(name: str) -> list[list[str]]:
    """The rows of a tzdata table (comments skipped): from the chosen copy, else from the
    tzdata package's (a dependency, which ships every table); no row if neither has it."""
    for folder in (zones.source().folder, zones.package_source().folder):
        path = folder / name
        if path.is_file():
            lines = path.read_text("utf-8").splitlines()
            return [line.split("\t") for line in lines if line and not line.startswith("#")]
    return []


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code the time-zone data knows (FR, US, GB, …)."""
    return frozenset(row[0] for row in _table("iso3166.tab"))


@cache
def _zone_countries(name: str) -> dict[str, str]:
    """{zone: its country} from one table; where a zone is shared (zone1970.tab's
    Europe/Brussels: BE,LU,NL), the first country is the zone's own."""
    return {row[2]: row[0].split(",")[0] for row in _table(name)}


def zone_country(zone: str) -> str | None:
    """The country of an IANA time zone ('Europe/Paris' -> 'FR'), or None (UTC).

    zone.tab gives one country per zone, links included (Europe/Amsterdam: NL), so it is
    asked first; zone1970.tab only for a zone it does not list."""
    return _zone_countries("zone.tab").get(zone) or _zone_countries("zone1970.tab").get(zone)


@cache
def _country_zones() -> dict[str, tuple[str, ...]]:
    found: dict[str, list[str]] = {}
    for row in _table("zone.tab"):
        found.setdefault(row[0], []).append(row[2])
    return {country: tuple(zones) for country, zones in found.items()}


def country_zones(country: str) -> tuple[str, ...]:
    """The time zones of a country, from zone.tab ('FR' -> ('Europe/Paris',)); () when the
    data does not know the country."""
    return _country_zones().get(country.upper(), ())
