"""Durations typed in English or in French, read by one parser everywhere, written back
in one spelling."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner import durations
from planner.decision import validate
from planner.fields import Problems, days
from planner.i18n import speaking

# Every spelling of each unit, as a person may type it, in either language.
SPELLINGS = {
    1: ("s", "sec", "second", "seconds", "seconde", "secondes"),
    60: ("m", "min", "mins", "minute", "minutes"),
    3600: ("h", "hr", "hrs", "hour", "hours", "heure", "heures"),
    86400: ("d", "day", "days", "j", "jour", "jours"),
    604800: ("w", "week", "weeks", "sem", "semaine", "semaines"),
}
SPACES = ("", " ", "\u00a0", "  ")


def test_every_spelling_is_known() -> None:
    """The table the property below draws from is the parser's own, both ways."""
    assert {s: size for size, names in SPELLINGS.items() for s in names} == durations.UNITS


@given(
    st.sampled_from(sorted(SPELLINGS)).flatmap(
        lambda size: st.tuples(st.just(size), st.sampled_from(SPELLINGS[size]))
    ),
    st.integers(0, 10**6),
    st.sampled_from(SPACES),
    st.booleans(),
    st.booleans(),
)
def test_any_spelling_reads_as_its_canonical_form(
    unit: tuple[int, str], value: int, space: str, upper: bool, decimal: bool
) -> None:
    """Any value and unit spelling, English or French, with or without a space, in capitals
    or not, a decimal comma (or point) where the unit allows a whole number of seconds:
    the same duration as its canonical form, and the canonical form is one spelling."""
    size, spelling = unit
    spelling = spelling.upper() if upper else spelling
    if decimal and size > 1:  # tenths of a minute and more are whole seconds
        number, expected = f"{value // 10},{value % 10}", value * size // 10
    else:
        number, expected = str(value), value * size
    read = durations.seconds(f"{number}{space}{spelling}")
    assert read == expected
    canonical = durations.canonical(dt.timedelta(seconds=expected))
    assert durations.seconds(canonical) == expected
    assert canonical == durations.canonical(dt.timedelta(seconds=read))
    assert canonical[-1] in "dhms" and " " not in canonical


@pytest.mark.parametrize(
    ("typed", "seconds"),
    [
        ("2j", 172800),
        ("2 jours", 172800),
        ("1 sem", 604800),
        ("3 semaines", 1814400),
        ("1,5 h", 5400),
        ("1.5h", 5400),
        ("30 min", 1800),
        ("1 heure", 3600),
        ("2 d", 172800),
        ("90S", 90),
    ],
)
def test_french_and_english_units(typed: str, seconds: int) -> None:
    """The volunteer's `2j` and its kin are durations; English ones still are."""
    assert durations.seconds(typed) == seconds


@pytest.mark.parametrize(
    "typed",
    [
        "2",
        "j",
        "2 mois",
        "0,5 s",
        "²d",
        "٣d",
        "2jj",
        "1h30",
        "-1h",
        "5ſ",
        "1 ſem",
        "5 mın",
        "1e9 j",
    ],
)
def test_what_is_not_a_duration(typed: str) -> None:
    """No unit, an unknown unit, part of a second, digits that are not ASCII, letters that
    only Unicode's case folding makes a unit (the long s, the dotless i): None, never an
    error."""
    assert durations.seconds(typed) is None


def test_the_messages_are_one_line_whatever_was_typed() -> None:
    """A line break or an escape typed in --lead is shown as its escape: one line."""
    assert durations.not_a_duration("a\nb\x1b").startswith("'a\\nb\\x1b' is not a duration")
    assert durations.out_of_range("9\n9 j", dt.timedelta(0), dt.timedelta(days=30)).startswith(
        "'9\\n9 j' is out of range"
    )


def test_canonical_is_the_largest_whole_unit() -> None:
    """What planner writes back: one spelling whatever was typed."""
    assert durations.canonical(dt.timedelta(weeks=3)) == "21d"
    assert durations.canonical(dt.timedelta(minutes=90)) == "90m"
    assert durations.canonical(dt.timedelta(hours=1)) == "1h"
    assert durations.canonical(dt.timedelta(seconds=61)) == "61s"
    assert durations.canonical(dt.timedelta(0)) == "0m"


def test_messages_list_the_units_of_their_language() -> None:
    """The refusal names the units a reader of its language types."""
    assert durations.not_a_duration("bientôt").endswith(
        "write a number and a unit (s, m, h, d or w), like 30m, 1h or 2d"
    )
    with speaking("fr"):
        assert durations.not_a_duration("bientôt").endswith(
            "écrivez un nombre et une unité (s, min, h, j ou sem), "
            "comme 30\u00a0min, 1\u00a0h ou 2\u00a0j"
        )
        assert durations.out_of_range("99j", dt.timedelta(0), dt.timedelta(days=30)).endswith(
            "donnez une durée de 0\u00a0min à 30\u00a0j"
        )


@pytest.mark.parametrize(
    ("typed", "expected"), [(21, 21), ("21", 21), ("3 semaines", 21), ("21j", 21), ("3w", 21)]
)
def test_notice_days_takes_a_duration_in_days(typed: object, expected: int) -> None:
    """A decision file's notice_days: a number, or a duration of whole days in any unit."""
    problems = Problems("d.toml")
    assert days(typed, "notice_days", problems) == expected
    assert not problems.messages


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("36 h", "'36 h' is not a whole number of days; write it like 21 or 3w"),
        ("bientôt", "'bientôt' is not a whole number of days; write it like 21 or 3w"),
        (2.5, "must be a whole number of days, like 21"),
    ],
)
def test_notice_days_refuses_what_is_not_whole_days(typed: object, message: str) -> None:
    """Part of a day, or no duration: one message naming the field."""
    problems = Problems("d.toml")
    assert days(typed, "notice_days", problems) is None
    assert message in problems.messages[0]


def test_notice_days_beyond_any_range_is_more_than_a_year() -> None:
    """More digits than any range holds: the notice is refused as more than a year (the
    fix that applies), not as part of a day."""
    problems = Problems("d.toml")
    notice = days("99999999999999999999999 j", "notice_days", problems)
    assert not problems.messages
    assert notice is not None and notice > 10**20


def test_notice_days_refused_in_french_quotes_the_value_in_guillemets() -> None:
    """In French, the value typed is quoted « 36 h », as the other messages quote one; a
    control character in it is shown as its escape, the message one line."""
    problems = Problems("d.toml")
    with speaking("fr"):
        assert days("36 h", "notice_days", problems) is None
        assert days("3\nsem\x00", "notice_days", problems) is None
    assert "«\u00a036 h\u00a0» n’est pas un nombre entier de jours" in problems.messages[0]
    assert "«\u00a03\\nsem\\x00\u00a0»" in problems.messages[1]
    assert "\n" not in problems.messages[1]


def test_a_decimal_beyond_the_arithmetics_precision_is_not_rounded() -> None:
    """1.000…01 days (more decimals than Decimal's 28 digits) is not a whole number of
    seconds: not rounded to one day."""
    assert durations.seconds("1." + "0" * 40 + "1 j") is None
    assert durations.seconds("1." + "0" * 40 + " j") == 86400


def test_a_decision_reads_the_same_whatever_unit_the_notice_is_in() -> None:
    """notice_days = "3 semaines" and notice_days = 21 are one decision: one plan."""
    from planner.inputs import read_toml

    from .conftest import ROOT

    document = read_toml(ROOT / "examples" / "jardin-partage-quitte-x.toml")
    weeks = {**document, "departure": [{**document["departure"][0], "notice_days": "4 sem"}]}
    days_ = {**document, "departure": [{**document["departure"][0], "notice_days": 28}]}
    assert validate(weeks, "d.toml") == validate(days_, "d.toml")
