"""The README is tested: each console session in it is run, and its output must match."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text("utf-8")
SESSIONS = re.findall(r"```console\n(.*?)```", README, flags=re.S)
# The version of the time-zone data is the machine's (the newer of its copies), not the README's.
TZ_LINE = re.compile(r"^time zones: IANA \S+ \(.+\)$")


def test_readme_shows_the_two_commands() -> None:
    """The README starts with make demo and make test."""
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("session", SESSIONS, ids=lambda s: s.splitlines()[0][2:60])
def test_readme_session_output(session: str) -> None:
    """Each `$ planner …` block prints what the README shows (a block ending in … is a prefix)."""
    command, *expected = session.rstrip("\n").split("\n")
    assert command.startswith("$ planner ")
    script = Path(sys.executable).parent / "planner"
    result = subprocess.run(
        [str(script), *shlex.split(command[len("$ planner ") :])],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    shown = (result.stdout + result.stderr).rstrip("\n").split("\n")
    expected = [TZ_LINE.sub("time zones: IANA …", line) for line in expected]
    shown = [TZ_LINE.sub("time zones: IANA …", line) for line in shown]
    if expected and expected[-1] == "…":
        assert shown[: len(expected) - 1] == expected[:-1]
    else:
        assert shown == expected


UNITS = sorted((ROOT / "examples" / "systemd").glob("*.service"))


@pytest.mark.parametrize("unit", UNITS, ids=lambda p: p.name)
def test_systemd_units_run_real_commands(unit: Path) -> None:
    """Each example unit's ExecStart is a planner command that exists."""
    import configparser

    from click.testing import CliRunner

    from planner.cli import main

    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.read_string(unit.read_text("utf-8"))
    command = parser["Service"]["ExecStart"].split()
    assert command[0].endswith("/planner")
    result = CliRunner().invoke(main, [*command[1:], "--help"])
    assert result.exit_code == 0, result.output


def test_readme_channel_urls_are_understood_by_apprise() -> None:
    """Every example URL in the README's channel table is one Apprise can use."""
    import apprise

    section = README.split("**Channels.**", 1)[1].split("**Sending them on time.**", 1)[0]
    urls = re.findall(r"\| `([a-z]+s?://[^`]+)` \|", section)
    assert len(urls) == 6
    for url in urls:
        assert apprise.Apprise.instantiate(url) is not None, url


def test_make_serve_puts_every_example_in_the_app(tmp_path: Path) -> None:
    """`make serve`'s script adds each example as its own plan, the two food bank plans of
    one name included, and a second run leaves them as they are."""
    script = [sys.executable, str(ROOT / "scripts" / "serve_examples.py"), str(tmp_path)]
    first = subprocess.run(script, capture_output=True, text=True, check=True).stdout
    examples = sorted(path.name for path in (ROOT / "examples").glob("*.toml"))
    added = re.findall(r"^(\S+\.toml): added \((\S+)\)$", first, re.M)
    assert [name for name, _key in added] == examples
    assert len({key for _name, key in added}) == len(examples)
    again = subprocess.run(script, capture_output=True, text=True, check=True).stdout
    assert again.count("not added, a plan with this key is already there") == len(examples)
