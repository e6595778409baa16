"""The decision file: loading, every validation rule, and the corpus of broken files."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planner import fields
from planner.advice import timing_warnings
from planner.decision import load, validate
from planner.errors import DecisionError, InputError
from planner.fields import Problems

from .conftest import DATA, EXAMPLES, Golden

BROKEN = sorted((DATA / "broken").glob("*.toml"))


def problems_of(path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[str, ...]:
    monkeypatch.chdir(path.parent)
    with pytest.raises(InputError) as caught:  # DecisionError, or the reader's InputError
        load(Path(path.name))
    return caught.value.lines


def test_corpus_is_large_enough() -> None:
    """The issue asks for at least 30 broken decision files."""
    assert len(BROKEN) >= 30


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_gives_its_message(
    path: Path, golden: Golden, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each broken file is refused with exactly the lines recorded next to it."""
    lines = problems_of(path, monkeypatch)
    assert lines, "a refused file must say why"
    for line in lines:
        assert line.startswith(f"{path.name}"), "every line names the file"
        assert "Traceback" not in line
    golden.check(f"broken/{path.stem}.err", "\n".join(lines) + "\n")


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_examples_are_valid(path: Path) -> None:
    """Every example loads without a problem."""
    decision = load(path)
    assert decision.departures or decision.stays


def doc(**changes: object) -> dict[str, object]:
    """A valid document, with some tables replaced."""
    base: dict[str, object] = {
        "organisation": {"name": "Asso"},
        "decision": {"decided_on": dt.date(2026, 11, 26)},
        "departure": [{"platform": "x", "account": "@asso", "date": dt.date(2027, 1, 15)}],
        "destination": [{"kind": "website", "url": "https://asso.example.org"}],
        "indicators": {"track": ["visits"]},
    }
    base.update(changes)
    return base


def test_defaults_fill_optional_fields() -> None:
    """Language, time zone, post time, notice and after have sensible defaults."""
    decision = validate(doc(), "d.toml")
    assert decision.language == "fr"
    assert decision.timezone == "Europe/Paris"
    assert decision.post_time == dt.time(10, 0)
    assert decision.departures[0].notice_days == 21
    assert decision.departures[0].after == "dormant"


def test_short_notice_message_gives_earliest_departure() -> None:
    """Below 21 days, the message names the earliest date that respects three weeks."""
    dep = {"platform": "x", "account": "@a", "date": dt.date(2027, 1, 15), "notice_days": 10}
    with pytest.raises(DecisionError) as caught:
        validate(doc(departure=[dep]), "d.toml")
    (line,) = caught.value.problems
    assert "notice_days = 21 or more" in line
    assert "2026-12-17" in line  # 2026-11-26 + 21 days


def test_announcement_before_decision_gives_earliest_date() -> None:
    """A plan cannot start before the decision: the message gives decided_on + notice."""
    dep = {"platform": "x", "account": "@a", "date": dt.date(2026, 12, 20), "notice_days": 30}
    with pytest.raises(DecisionError) as caught:
        validate(doc(departure=[dep]), "d.toml")
    assert "set date = 2026-12-26 or later" in caught.value.problems[0]


def test_exactly_three_weeks_after_decision_is_accepted() -> None:
    """The boundary: announcing on the day of the decision is allowed."""
    dep = {"platform": "x", "account": "@a", "date": dt.date(2026, 12, 17)}
    assert validate(doc(departure=[dep]), "d.toml").departures[0].announce_on == dt.date(
        2026, 11, 26
    )


def test_every_problem_is_reported_not_only_the_first() -> None:
    """A file with three mistakes gets three lines."""
    broken = doc(
        decision={"decided_on": dt.date(2026, 11, 26), "language": "de", "timezone": "Mars/Base"},
        indicators={"track": []},
    )
    with pytest.raises(DecisionError) as caught:
        validate(broken, "d.toml")
    assert len(caught.value.problems) == 3


def test_text_forms_of_dates_and_times_are_accepted() -> None:
    """'2027-01-15' in quotes and '10h30' work as well as TOML dates and times."""
    dep = {"platform": "x", "account": "@a", "date": "2027-01-15"}
    decision = validate(
        doc(departure=[dep], decision={"decided_on": "2026-11-26", "post_time": "10h30"}), "d"
    )
    assert decision.departures[0].date == dt.date(2027, 1, 15)
    assert decision.post_time == dt.time(10, 30)


def test_departures_are_sorted_by_date() -> None:
    """Two departures come out in date order whatever their order in the file."""
    deps = [
        {"platform": "x", "account": "@a", "date": dt.date(2027, 3, 1)},
        {"platform": "instagram", "account": "@a", "date": dt.date(2027, 1, 15)},
    ]
    decision = validate(doc(departure=deps), "d.toml")
    assert [d.platform for d in decision.departures] == ["instagram", "x"]


def test_timing_warning_when_announcement_is_past(tmp_path: Path) -> None:
    """A valid plan whose announcement date has passed gets a warning with a new date."""
    decision = validate(doc(), "d.toml")
    assert timing_warnings(decision, dt.date(2026, 11, 30), "d.toml") == []
    (warning,) = timing_warnings(decision, dt.date(2027, 1, 1), "d.toml")
    assert "already past" in warning and "2027-01-22" in warning


def test_utf8_with_bom_is_read(tmp_path: Path) -> None:
    """Files saved by Windows editors with a byte-order mark still load."""
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + EXAMPLES[0].read_bytes())
    assert load(path).organisation.name


SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(10**6), 10**6)
    | st.text(max_size=30)
    | st.dates()
    | st.datetimes()
    | st.times()
    | st.sampled_from(["x", "fr", "Europe/Paris", "mastodon", "dormant", "https://a.org", "10:00"])
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=20,
)
KEYS = st.sampled_from(
    [
        "name",
        "website",
        "decided_on",
        "language",
        "timezone",
        "post_time",
        "reasons",
        "platform",
        "account",
        "date",
        "notice_days",
        "after",
        "kind",
        "url",
        "address",
        "max_chars",
        "track",
    ]
)


@settings(max_examples=400, deadline=None)
@given(
    st.fixed_dictionaries(
        {},
        optional={
            "organisation": st.dictionaries(KEYS, VALUES, max_size=4),
            "decision": st.dictionaries(KEYS, VALUES, max_size=6),
            "departure": st.lists(st.dictionaries(KEYS, VALUES, max_size=6), max_size=3) | VALUES,
            "destination": st.lists(st.dictionaries(KEYS, VALUES, max_size=4), max_size=3) | VALUES,
            "indicators": st.dictionaries(KEYS, VALUES, max_size=2) | VALUES,
        },
    )
)
def test_no_document_crashes_validation(document: dict[str, object]) -> None:
    """Whatever the document holds, validation returns a Decision or a DecisionError."""
    try:
        decision = validate(document, "fuzz.toml")
    except DecisionError as exc:
        assert exc.problems and all(p.startswith("fuzz.toml: ") for p in exc.problems)
    else:
        from planner.timeline import build_plan

        build_plan(decision)


@pytest.mark.parametrize(
    ("address", "accepted"),
    [
        ("https://jardin.example.org", True),
        ("HTTP://Asso.fr/agenda?x=1#y", True),
        ("https://mastodon.social/@amis", True),
        ("https://asso.fr:8443/lettre", True),
        ("https://[2001:db8::1]/", True),
        ("ftp://asso.fr", False),
        ("jardin.example.org", False),
        ("https://", False),
        ("https:///agenda", False),
        ("https://[::1", False),  # urllib.parse raised ValueError here: a traceback before
        ("https://asso.fr:65535/", True),
        ("https://asso.fr:65536/", False),  # urllib.parse raised ValueError on the port
        ("https://asso.fr:123456/", False),
        ("http://asso.fr:abc/", False),
        ("https://asso .fr", False),
        ("https://asso.fr/a b", False),
    ],
)
def test_web_addresses(address: str, accepted: bool) -> None:
    """http(s), a host, no space: anything else is refused with an example to copy."""
    problems = Problems("f.toml")
    assert (fields.url(address, "website", problems, required=True) is not None) == accepted
    assert bool(problems.lines) != accepted


def test_review_months_default_and_custom() -> None:
    """review_months is 12 by default; a number from 1 to 24 is kept."""
    assert load(EXAMPLES[0]).review_months == 12
    document = tomllib.loads(EXAMPLES[0].read_text("utf-8"))
    document["decision"]["review_months"] = 6
    assert validate(document, "d.toml").review_months == 6


def test_a_statement_may_hold_lines_and_tabs() -> None:
    """The statement is the one decision field of several lines: newline and tab pass."""
    decision = validate(
        doc(decision={"decided_on": dt.date(2026, 11, 26), "statement": "Un.\n\tDeux.\nTrois."}),
        "d.toml",
    )
    assert decision.statement == "Un.\n\tDeux.\nTrois."


def test_a_web_address_is_quoted_without_its_credentials() -> None:
    """The message about a web address never shows its user name and password, even when
    no URL parser can read it; a port past 65535 is named."""
    assert fields.web_address("https://team:s3cret@[::1/dav/") == (
        "'https://[::1/dav/' is not a web address; write it like https://example.org"
    )
    assert fields.web_address("https://team:s3cret@cloud.example.org:99999/dav/") == (
        "'https://cloud.example.org:99999/dav/': the port 99999 is above 65535, the largest "
        "there is; check the number after the colon"
    )
    assert fields.web_address("ftp://cloud.example.org/dav/") == (
        "'ftp://cloud.example.org/dav/' is not a web address; write it like "
        "https://cloud.example.org/dav/"
    )


DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def dates_in(line: str) -> list[dt.date]:
    return [dt.date.fromisoformat(d) for d in DATE.findall(line)]


def test_a_date_past_the_bound_names_the_real_bound() -> None:
    """A date out of range names the first and last dates planner plans for, and its
    example is one of them (it said 'between 2000 and 2100')."""
    dep = {"platform": "x", "account": "@a", "date": dt.date(2101, 1, 15)}
    with pytest.raises(DecisionError) as caught:
        validate(doc(departure=[dep]), "d.toml")
    (line,) = caught.value.problems
    assert "1\xa0January\xa02000 to 31\xa0December\xa02100" in line
    assert all(fields.FIRST_DATE <= d <= fields.LAST_DATE for d in dates_in(line)[1:])


@pytest.mark.parametrize(
    ("decided", "date", "notice"),
    [
        (dt.date(2100, 12, 20), dt.date(2100, 12, 25), 21),  # suggested 2101-01-10
        (dt.date(2100, 12, 31), dt.date(2100, 12, 31), 10),  # suggested 2101-01-21
    ],
)
def test_no_date_past_the_bound_is_suggested(decided: dt.date, date: dt.date, notice: int) -> None:
    """Near the end of 2100, no message suggests a date planner would refuse."""
    dep = {"platform": "x", "account": "@a", "date": date, "notice_days": notice}
    with pytest.raises(DecisionError) as caught:
        validate(doc(decision={"decided_on": decided}, departure=[dep]), "d.toml")
    (line,) = caught.value.problems
    assert all(d <= fields.LAST_DATE for d in dates_in(line)), line


def test_line_and_paragraph_separators_are_line_breaks() -> None:
    """U+2028 and U+2029 are refused in a one-line field, as newline is, and kept in the
    statement."""
    for separator in "\u2028\u2029":
        with pytest.raises(DecisionError) as caught:
            validate(doc(organisation={"name": f"Les{separator}Amis"}), "d.toml")
        (line,) = caught.value.problems
        assert f"holds a line break (U+{ord(separator):04X}) at character 4" in line
        statement = f"Un.{separator}Deux."
        decision = validate(
            doc(decision={"decided_on": dt.date(2026, 11, 26), "statement": statement}), "d.toml"
        )
        assert decision.statement == statement


def test_an_unknown_key_with_a_newline_stays_one_line() -> None:
    """A quoted key may hold any character: the message shows it escaped, on one line."""
    with pytest.raises(DecisionError) as caught:
        validate(doc(organisation={"name": "Asso", "na\nme\x1b[31m\u2028": 1}), "d.toml")
    (line,) = caught.value.problems
    assert line.startswith("d.toml: organisation.na\\nme\\x1b[31m\\u2028: unknown field")
    assert len(line.splitlines()) == 1
