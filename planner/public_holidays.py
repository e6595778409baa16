"""Public holidays of a country (or of one of its subdivisions), from the holidays library.

The timeline asks for them when it builds a plan; ``planner check`` asks only to
validate a ``subdivision`` a file names (the library costs more to import than the
whole of ``check``: see bench/README.md). A country the library does not know has no
holiday here, and the plan then avoids weekends only.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import holidays

# ISO 3166-2 codes that the library files under another name: Bas-Rhin and Haut-Rhin
# (FR-67, FR-68) share the holidays of Alsace, its "6AE" (Collectivité européenne d'Alsace).
ISO_ALIASES = {"FR": {"67": "6AE", "68": "6AE"}}


def supported(country: str) -> bool:
    """True when the library knows the public holidays of ``country``."""
    return country in holidays.list_supported_countries()


def subdivisions(country: str) -> tuple[str, ...]:
    """The subdivisions of ``country`` that have holidays of their own ('US' -> AK, AL, …)."""
    return tuple(holidays.list_supported_countries().get(country, ()))


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
    aliases = getattr(holidays.country_holidays(country), "subdivisions_aliases", {})
    folded = {str(name).casefold(): str(code) for name, code in aliases.items()}
    return folded.get(text.casefold())


def public_holidays(
    country: str | None, subdivision: str | None, years: Iterable[int]
) -> frozenset[dt.date]:
    """Every public holiday (observed days included) of the country in those years."""
    if country is None or not supported(country):
        return frozenset()
    return frozenset(holidays.country_holidays(country, subdiv=subdivision, years=list(years)))
