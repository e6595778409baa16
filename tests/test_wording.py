"""Dates in words: the organisation's own style (American, British, French), from Babel;
French 'de' and 'à' before a name."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from planner.content import locale_of
from planner.decision import load
from planner.lengths import COUNTERS
from planner.timeline import build_plan
from planner.wording import NBSP, a, de, long_date, month_year, short_date

from .conftest import ROOT

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
    assert long_date(FRIDAY, "en_US") == "Friday, February\xa026,\xa02027"
    assert long_date(FIRST, "en_US") == "Monday, February\xa01,\xa02027"
    assert short_date(FRIDAY, "en_US") == "Feb\xa026,\xa02027"


def test_british_dates() -> None:
    """Any other English-speaking organisation writes 'Friday 26 February 2027', no comma."""
    assert long_date(FRIDAY, "en_GB") == "Friday 26\xa0February\xa02027"
    assert long_date(FIRST, "en_GB") == "Monday 1\xa0February\xa02027"
    assert short_date(FRIDAY, "en_GB") == "26\xa0Feb\xa02027"
    assert month_year(FRIDAY, "en_GB") == month_year(FRIDAY, "en_US") == "February\xa02027"


def test_french_first_of_the_month() -> None:
    """French writes the first of the month '1er', and every other day as a number."""
    assert long_date(FIRST, "fr") == "lundi 1er\xa0février\xa02027"
    assert long_date(FRIDAY, "fr") == "vendredi 26\xa0février\xa02027"
    assert long_date(dt.date(2027, 2, 11), "fr") == "jeudi 11\xa0février\xa02027"
    assert short_date(FIRST, "fr") == "1er\xa0févr.\xa02027"
    assert long_date(FIRST, "en_GB") == "Monday 1\xa0February\xa02027"  # no 1er in English


@pytest.mark.parametrize("locale", ["fr", "en_US", "en_GB"])
@pytest.mark.parametrize("day", [FIRST, FRIDAY, dt.date(2026, 12, 1)])
def test_a_date_never_breaks_between_day_month_and_year(locale: str, day: dt.date) -> None:
    """Day, month and year are held together by U+00A0 (a line may break only after the
    weekday): '1er décembre 2026' never ends a line on '1er' or on 'décembre'; the same
    text with spaces is what Babel writes."""
    for text in (long_date(day, locale), short_date(day, locale), month_year(day, locale)):
        weekday, _sep, date = text.rpartition(" ")
        assert " " not in date and NBSP in date, repr(text)
        assert weekday.count(" ") <= 1 and NBSP not in weekday, repr(text)
    assert long_date(day, locale).count(" ") == 1


def test_a_date_counts_the_same_with_its_no_break_spaces() -> None:
    """Every network counts U+00A0 as one character, as a space: a post's length does not
    change with the dates' spaces."""
    text = f"Nous quittons X le {long_date(dt.date(2026, 12, 1), 'fr')}."
    for name, count in COUNTERS.items():
        assert count(text) == count(text.replace(NBSP, " ")) == len(text), name


@pytest.mark.parametrize(
    ("name", "of", "to"),
    [
        ("Les Pâquerettes", "des Pâquerettes", "aux Pâquerettes"),
        ("Les Amis du Jardin", "des Amis du Jardin", "aux Amis du Jardin"),
        ("Le Jardin", "du Jardin", "au Jardin"),
        ("le Repair Café", "du Repair Café", "au Repair Café"),
        ("LES ÉCHOS DU QUARTIER", "des ÉCHOS DU QUARTIER", "aux ÉCHOS DU QUARTIER"),
        ("La Ruche", "de La Ruche", "à La Ruche"),
        ("L’Atelier", "de L’Atelier", "à L’Atelier"),
        ("L'Atelier", "de L'Atelier", "à L'Atelier"),
        ("Association X", "d’Association X", "à Association X"),
        ("Île-de-France Nature", "d’Île-de-France Nature", "à Île-de-France Nature"),
        ("Écoute Solidaire", "d’Écoute Solidaire", "à Écoute Solidaire"),
        ("Instagram", "d’Instagram", "à Instagram"),
        ("Facebook", "de Facebook", "à Facebook"),
        ("Lesbos Solidarité", "de Lesbos Solidarité", "à Lesbos Solidarité"),
        ("Leroy Merlin", "de Leroy Merlin", "à Leroy Merlin"),
        ("@amisdujardin", "de @amisdujardin", "à @amisdujardin"),
        ("@les.paquerettes", "de @les.paquerettes", "à @les.paquerettes"),
        ("Le", "de Le", "à Le"),
    ],
)
def test_french_de_and_a_before_a_name(name: str, of: str, to: str) -> None:
    """'de' and 'à' before a name: elided before a vowel, contracted with 'Le' and 'Les'
    (never with 'La' or 'L’', nor with a word that only starts like them)."""
    assert de(name) == of
    assert a(name) == to


@pytest.mark.parametrize("after", ["dormant", "deactivate", "delete"])
@pytest.mark.parametrize("platform", ["facebook", "instagram"])
def test_a_plan_names_an_account_with_its_article(
    tmp_path: Path, platform: str, after: str
) -> None:
    """An account named with an article reads as French in every sentence of the plan."""
    path = tmp_path / "paquerettes.toml"
    path.write_text(
        f"""
[organisation]
name = "Les Pâquerettes"

[decision]
decided_on = 2026-12-01
language = "fr"
timezone = "Europe/Paris"

[[departure]]
platform = "{platform}"
account = "Les Pâquerettes"
date = 2027-02-01
after = "{after}"

[[destination]]
kind = "newsletter"
url = "https://paquerettes.example.org/lettre"

[indicators]
track = ["inscriptions à la lettre d’information"]
""",
        "utf-8",
    )
    said = "\n".join(
        line for step in build_plan(load(path)).steps for line in (step.title, *step.checklist)
    )
    assert "des Pâquerettes" in said
    for wrong in ("de Les ", "à Les "):
        assert wrong not in said


def test_a_shared_title_gives_each_platform_its_de() -> None:
    """Leaving Instagram and X on one day: 'le départ d’Instagram et de X'."""
    titles = [
        s.title
        for s in build_plan(
            load(ROOT / "examples" / "cooperative-quitte-x-et-instagram.toml")
        ).steps
    ]
    assert any(t.startswith("Annoncer le départ d’Instagram et de X") for t in titles), titles
    assert not any("d’Instagram et X" in t for t in titles)
