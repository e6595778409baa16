"""Dates in words: the organisation's own style (American, British, French), from Babel."""

from __future__ import annotations

import datetime as dt

import pytest

from planner.content import locale_of
from planner.wording import long_date, month_year, short_date

FRIDAY = dt.date(2027, 2, 26)
FIRST = dt.date(2027, 2, 1)


@pytest.mark.parametrize(
    ("language", "country", "locale"),
    [
        ("en", "US", "en_US"),
        ("en", "GB", "en_GB"),
        ("en", "FR", "en_GB"),
        ("en", None, "en_GB"),
        ("fr", "US", "fr"),
        ("fr", "FR", "fr"),
        ("fr", None, "fr"),
    ],
)
def test_locale_of_a_decision(language: str, country: str | None, locale: str) -> None:
    """English is American for a US organisation, British for any other; French is French."""
    assert locale_of(language, country) == locale


def test_us_dates() -> None:
    """A US organisation writes 'Friday, February 26, 2027' (CLDR's full en_US format)."""
    assert long_date(FRIDAY, "en_US") == "Friday, February 26, 2027"
    assert long_date(FIRST, "en_US") == "Monday, February 1, 2027"
    assert short_date(FRIDAY, "en_US") == "Feb 26, 2027"


def test_british_dates() -> None:
    """Any other English-speaking organisation writes 'Friday 26 February 2027', no comma."""
    assert long_date(FRIDAY, "en_GB") == "Friday 26 February 2027"
    assert long_date(FIRST, "en_GB") == "Monday 1 February 2027"
    assert short_date(FRIDAY, "en_GB") == "26 Feb 2027"
    assert month_year(FRIDAY, "en_GB") == month_year(FRIDAY, "en_US") == "February 2027"


def test_french_first_of_the_month() -> None:
    """French writes the first of the month '1er', and every other day as a number."""
    assert long_date(FIRST, "fr") == "lundi 1er février 2027"
    assert long_date(FRIDAY, "fr") == "vendredi 26 février 2027"
    assert long_date(dt.date(2027, 2, 11), "fr") == "jeudi 11 février 2027"
    assert short_date(FIRST, "fr") == "1er févr. 2027"
    assert long_date(FIRST, "en_GB") == "Monday 1 February 2027"  # no 1er in English
