"""The command line: exit codes, stdout and stderr, for every command of the foundation."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from planner.cli import main

from .conftest import COMMANDS, DATA, EXAMPLES, ROOT

BROKEN = sorted((DATA / "broken").glob("*.toml"))
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"


def run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, list(args), input=input, catch_exceptions=False, prog_name="planner"
    )
    return result.exit_code, result.stdout, result.stderr


def test_check_valid_file() -> None:
    """A valid file: exit 0, one OK line per departure on stdout, then the time-zone data."""
    from planner import zones

    code, out, _ = run("check", str(JARDIN))
    assert code == 0
    assert (
        "OK: leaving X on 15\xa0January\xa02027, first announcement on 18\xa0December\xa02026"
        in out
    )
    assert out.splitlines()[-1] == f"time zones: {zones.describe()}"


def test_check_says_ok_for_each_stay() -> None:
    """A valid stay plan gets its OK line, as a departure does, in English and French."""
    from planner.i18n import speaking

    path = ROOT / "examples" / "riverside-food-bank-stays-on-facebook.toml"
    code, out, _ = run("check", str(path))
    assert code == 0
    assert (
        f"{path}: OK: staying on Facebook, saying why on December\xa08,\xa02026" in out.splitlines()
    )
    with speaking("fr"):
        code, out, _ = run("check", str(path))
    assert code == 0
    assert (
        f"{path}\xa0: OK\xa0: vous restez sur Facebook et direz pourquoi le 8\xa0décembre\xa02026"
        in out.splitlines()
    )


def test_check_names_the_time_zone_data_in_french() -> None:
    """`check` in French names where the time zones come from in French too."""
    from planner import zones
    from planner.i18n import speaking

    with speaking("fr"):
        code, out, _ = run("check", str(JARDIN))
    assert code == 0
    last = out.splitlines()[-1]
    assert last.startswith("fuseaux horaires\xa0: IANA ")
    if zones.source().label == zones.PACKAGE:
        assert last.endswith("(paquet tzdata)")


def test_version_names_the_time_zone_data() -> None:
    """`--version`: planner's version, then the IANA version of the time zones it reads."""
    from planner import version, zones

    code, out, _ = run("--version")
    assert code == 0
    assert out.splitlines() == [
        f"planner, version {version()}",
        f"time zones: IANA {zones.source().version} ({zones.source().label})",
    ]


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_check_broken_file(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every broken file: exit 2, one 'Error:' line per problem, nothing on stdout."""
    monkeypatch.chdir(path.parent)
    code, out, err = run("check", path.name)
    expected = (ROOT / "tests" / "golden" / "broken" / f"{path.stem}.err").read_text("utf-8")
    assert code == 2
    assert out == ""
    assert err == "".join(f"Error: {line}\n" for line in expected.splitlines())


def test_check_missing_file_is_a_usage_error() -> None:
    """A file that does not exist: click says so, exit 2."""
    code, _, err = run("check", "no-such-file.toml")
    assert code == 2
    assert "does not exist" in err


def test_plan_json_contract() -> None:
    """`plan --format json`: organisation and steps with the contract's fields, sorted by start."""
    code, out, _ = run("plan", str(JARDIN), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["organisation"] == "Les Amis du Jardin Partagé"
    keys = {"id", "kind", "platform", "start", "end", "title", "checklist", "channels"}
    assert all(set(step) == keys for step in data["steps"])
    announce = next(s for s in data["steps"] if s["id"] == "x/announce")
    assert announce["start"] == "2026-12-18T10:00:00+01:00"
    assert announce["end"] == "2026-12-18T10:30:00+01:00"
    prepare = next(s for s in data["steps"] if s["id"] == "x/prepare")
    assert (prepare["start"], prepare["end"]) == ("2026-12-11", "2026-12-12")
    assert [s["start"][:10] for s in data["steps"]] == sorted(
        s["start"][:10] for s in data["steps"]
    )


def test_plan_output_file(tmp_path: Path) -> None:
    """`-o` writes the same text as stdout to a file."""
    target = tmp_path / "plan.md"
    code, out, _ = run("plan", str(JARDIN), "--format", "markdown", "-o", str(target))
    assert (code, out) == (0, "")
    assert target.read_text("utf-8") == run("plan", str(JARDIN), "--format", "markdown")[1]


def test_a_dash_output_is_the_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`-o -` prints what `-o` would write (click's convention), and writes no file named
    '-'; a folder, which the terminal cannot take, is refused."""
    from freezegun import freeze_time

    monkeypatch.chdir(tmp_path)
    for command in (["plan", "--format", "markdown"], ["ics"]):
        with freeze_time("2026-12-01 10:00:00"):  # one DTSTAMP for both runs of `ics`
            code, out, _ = run(*command, str(JARDIN), "-o", "-")
            assert code == 0 and out and out == run(*command, str(JARDIN))[1]
    assert not (tmp_path / "-").exists()
    code, out, err = run("kit", str(JARDIN), "-o", "-")
    assert code == 2 and out == "" and not (tmp_path / "-").exists()
    assert err.endswith(
        "Error: Invalid value for '-o' / '--output': '-' means the terminal, which cannot "
        "take this directory; give its name (./- for one named '-')\n"
    )
    code, _, _ = run("plan", str(JARDIN), "-o", "./-")
    assert code == 0 and (tmp_path / "-").is_file()


WRITE_A_DURATION = "write a number and a unit (s, m, h, d or w), like 30m, 1h or 2d"


@pytest.mark.parametrize(
    ("option", "value", "expected"),
    [
        ("--lead", "800000d", "'800000d' is out of range; give a duration from 0m to 30d"),
        ("--lead", "9" * 5000 + "d", "is out of range; give a duration from 0m to 30d"),
        (
            "--lead",
            "²d",
            f"'²d' is not a duration; {WRITE_A_DURATION}",
        ),
        (
            "--lead",
            "٣d",
            f"'٣d' is not a duration; {WRITE_A_DURATION}",
        ),
        (
            "--grace",
            "99999999999d",
            "'99999999999d' is out of range; give a duration from 0m to 30d",
        ),
        ("--resync", "99999999999d", "is out of range; give a duration from 1s to 1d"),
        ("--resync", "0s", "'0s' is out of range; give a duration from 1s to 1d"),
    ],
)
def test_durations_have_bounds(option: str, value: str, expected: str) -> None:
    """Each duration option refuses what it cannot use (an OverflowError, a daemon that
    spins a core) in one line naming the option and its range."""
    from planner.cli import GRACE, LEAD, RESYNC

    kind = {"--lead": LEAD, "--grace": GRACE, "--resync": RESYNC}[option]
    with pytest.raises(click.BadParameter) as caught:
        kind.convert(value, None, None)
    assert str(caught.value.message).endswith(expected)


def test_durations_at_their_bounds_are_taken() -> None:
    """The bounds themselves, leading zeros and a space before the unit are taken."""
    from planner.cli import GRACE, LEAD, RESYNC

    assert LEAD.convert("30d", None, None) == dt.timedelta(days=30)
    assert LEAD.convert("0m", None, None) == dt.timedelta(0)
    assert GRACE.convert("0001h", None, None) == dt.timedelta(hours=1)
    assert RESYNC.convert("1 S", None, None) == dt.timedelta(seconds=1)
    assert RESYNC.convert("24h", None, None) == dt.timedelta(hours=24)


NEW_ANSWERS = (
    "\n".join(
        [
            "fr",  # language
            "Le Repair Café",  # name
            "https://repair.example.org",  # website
            "",  # contact: skipped
            "Europe/Paris",
            "x",  # platform
            "@repaircafe",  # account
            "2026-12-01",  # too early: asked again
            "2027-01-20",  # departure date: across Christmas, said at once
            "",  # keep it anyway (the default)
            "dormant",
            "",  # another platform? no (the default)
            "mastodon",
            "https://mastodon.social/@repaircafe",
            "@repaircafe@mastodon.social",
            "newsletter",
            "https://repair.example.org/lettre",
            "",  # done with destinations
            "objets réparés",
            "",  # done with indicators
        ]
    )
    + "\n"
)


def test_new_writes_a_file_that_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`new` asks its questions, re-asks a too-early date, and writes a valid, commented file."""
    monkeypatch.chdir(tmp_path)
    from freezegun import freeze_time

    with freeze_time("2026-11-26"):
        code, out, _ = run("new", "depart.toml", input=NEW_ANSWERS)
    assert code == 0, out
    assert "three weeks of notice: choose 17\xa0December\xa02026 or later (type 2026-12-17)" in out
    text = (tmp_path / "depart.toml").read_text("utf-8")
    assert text.startswith("# Décision : quitter X.")
    assert 'name = "Le Repair Café"' in text
    assert "notice_days = 42" in text  # 55 days away, less a week to prepare, capped at six weeks
    assert run("check", "depart.toml")[0] == 0


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    """`new` never replaces an existing file unless --force is given."""
    target = tmp_path / "d.toml"
    target.write_text("keep me", "utf-8")
    code, _, err = run("new", str(target))
    assert code == 2
    assert "already exists" in err
    assert target.read_text("utf-8") == "keep me"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "planner")
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    """Each command documents itself, with an example."""
    code, out, _ = run(*command, "--help")
    assert code == 0
    assert out.startswith("Usage: planner")
    assert "planner " in out.split("Options:")[0].split("\n", 1)[1], "an example in the help"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_installed_script_runs_examples(path: Path) -> None:
    """The installed `planner` script plans every example (what `make demo` does)."""
    script = Path(sys.executable).parent / "planner"
    result = subprocess.run(
        [str(script), "plan", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(("Plan de départ", "Departure plan", "Plan: "))


@pytest.mark.parametrize("args", [["--help"], ["check", str(JARDIN)]], ids=["help", "check"])
def test_help_and_check_load_no_feature(args: list[str]) -> None:
    """`planner --help` and `check` import none of the features nor their heavy libraries:
    each command imports what it runs (cli.py's rule). `check` writes its dates in words,
    with Babel (planner.wording), as every sentence of planner does."""
    code = (
        "import sys\n"
        "from planner.cli import run\n"
        f"sys.argv = ['planner', *{args!r}]\n"
        "try:\n    run()\nexcept SystemExit:\n    pass\n"
        "print(' '.join(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    loaded = set(done.stdout.split()[-1000:])
    heavy = {"jinja2", "icalendar", "apprise", "apscheduler", "caldav", "regex"}
    heavy |= set() if args[0] == "check" else {"babel"}
    heavy |= {"PIL", "segno", "cairosvg", "starlette", "uvicorn"}
    heavy |= {"sqlalchemy", "alembic", "psycopg", "argon2"}
    features = {"planner.posts", "planner.kit", "planner.ics", "planner.reminders", "planner.batch"}
    features |= {"planner.cards", "planner.drawing", "planner.web"}
    assert not (heavy | features) & loaded
    assert "click" in loaded


# --- what reaches the terminal ------------------------------------------------------------

OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes 'rm -rf ~' to the clipboard
OBEYED = ("\x1b", "\x07", "\x9b", "\x9d", "\x00", "\x7f", "\u202e")


def shows_nothing_obeyed(text: str) -> bool:
    return not any(char in text for char in OBEYED)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("a\x1b[2Jb", "ab"),  # clear the screen
        (f"x{OSC52}y", "xy"),
        ("x\x1b]8;;https://e.example\x1b\\link\x1b]8;;\x1b\\y", "xlinky"),  # a hyperlink
        ("x\x1bPq#0;2;0;0;0\x1b\\y", "xy"),  # DCS (sixel)
        ("\x1bcreset", "reset"),  # two-character escape
        ("a\tb\nc", "a\tb\nc"),  # tab and newline stay
        ("c\r\x00\x07\x7f\x85\x9b2J\u202ed\u2066", "c2Jd"),  # controls, C1, bidi
        ("end\x1b", "end"),
    ],
)
def test_terminal_text_is_cleaned(raw: str, shown: str) -> None:
    """Escape sequences, control characters but tab and newline, and bidi overrides go."""
    from planner.terminal import clean

    assert clean(raw) == shown


def test_only_the_terminal_module_prints() -> None:
    """Every command prints through planner.terminal.echo, the one place that cleans."""
    for path in sorted((ROOT / "planner").glob("*.py")):
        if path.name != "terminal.py":
            text = path.read_text("utf-8")
            assert "click.echo" not in text and "click.secho" not in text, path.name


def test_posts_of_a_hostile_template_reach_the_terminal_clean(tmp_path: Path) -> None:
    """A user template holding OSC 52 and a screen clear prints as plain text."""
    folder = tmp_path / "ours" / "fr" / "announce"
    folder.mkdir(parents=True)
    (folder / "relay.txt.j2").write_text(f"{OSC52}Relais\x1b[2J du \x9b2Jjardin\n", "utf-8")
    result = CliRunner().invoke(main, ["posts", str(JARDIN), "--templates", str(tmp_path / "ours")])
    assert result.exit_code == 0, result.output
    assert "Relais du 2Jjardin" in result.stdout and shows_nothing_obeyed(result.output)


def test_a_hostile_name_in_the_database_is_listed_clean(tmp_path: Path) -> None:
    """A plan name with escapes in the reminders database (written by an older planner)
    is listed as plain text."""
    import datetime as dt

    from planner.reminders import Reminder, open_store

    db = tmp_path / "r.db"
    due = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)
    with open_store(db) as store:
        store.add(
            "a",
            "a.toml",
            f"Asso{OSC52}\x1b[2J",
            [Reminder("a/s", "s\x1b[8m", due, "t\x1b[8m (x)", "b")],
        )
    result = CliRunner().invoke(main, ["remind", "--db", str(db), "list"])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        "Asso (plan a, from a.toml), times in UTC\n"
    ) and shows_nothing_obeyed(result.output)


def test_a_hostile_file_name_in_a_batch_is_shown_clean(tmp_path: Path) -> None:
    """File names of a batch folder reach the terminal without their escapes, and a decision
    file with escapes is refused with a message that names the character."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / f"x{OSC52}.toml").write_text("[organisation]\n", "utf-8")
    (folder / "name.toml").write_bytes((DATA / "broken" / "osc52-in-statement.toml").read_bytes())
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(tmp_path / "out")])
    assert result.exit_code == 2 and shows_nothing_obeyed(result.output)
    assert "decision.statement: holds the invisible control character U+001B" in result.stderr
    plan = CliRunner().invoke(main, ["plan", str(DATA / "broken" / "escape-in-name.toml")])
    assert plan.exit_code == 2 and shows_nothing_obeyed(plan.output)
