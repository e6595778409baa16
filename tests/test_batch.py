"""Batch builds, fuzzing every command, and interrupted commands."""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.cli import main
from planner.files import MARKER

from .conftest import DATA, EXAMPLES
from .test_kit import Watched, browser  # noqa: F401 (a fixture)

PLANNER = str(Path(sys.executable).parent / "planner")


def own_copy(source: Path, target: Path) -> None:
    """A copy of a decision file that is a plan of its own (an id of its own): a batch
    refuses two files of one plan."""
    ident = "copy-" + hashlib.sha256(target.name.encode()).hexdigest()[:8]
    text = re.sub(r'(?m)^id = ".*"\n', "", source.read_text("utf-8"))  # the example's own
    text = text.replace("[decision]\n", f'[decision]\nid = "{ident}"\n', 1)
    target.write_text(text, "utf-8")


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    """A folder with every example (each a plan of its own: the two food bank examples,
    of one name, differ by their ids) and one broken file."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    for path in EXAMPLES:
        shutil.copy(path, folder / path.name)
    shutil.copy(DATA / "broken" / "notice-too-short.toml", folder / "zz-broken.toml")
    return folder


def test_batch_builds_every_kit_and_reports_the_broken_file(
    decisions: Path, tmp_path: Path
) -> None:
    """One kit per good file, an index listing them, one line for the broken file, exit 2."""
    out = tmp_path / "kits"
    result = CliRunner().invoke(main, ["batch", str(decisions), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 2
    assert result.stdout == f"Built {len(EXAMPLES)} of {len(EXAMPLES) + 1}; 1 failed.\n"
    assert "zz-broken.toml: departure #1 notice_days" in result.stderr
    assert result.stderr.count("Error:") == 1
    for path in EXAMPLES:
        assert (out / path.stem / "index.html").exists()
    index = (out / "index.html").read_text("utf-8")
    assert index.count("<tr>") == len(EXAMPLES) + 1  # header row and one per kit
    assert "Les Amis du Jardin Partagé" in index
    # the date in words, in the index's language (that of most of its plans)
    assert "X\u00a0: 15\u00a0janvier\u00a02027" in index or "X: 15\u00a0January\u00a02027" in index
    assert 'href="./jardin-partage-quitte-x/index.html"' in index
    assert "zz-broken.toml" in index
    assert not (out / "zz-broken").exists()


# Names a federation's members could give their files: a scheme, a fragment, a query,
# a percent sign, spaces and accents.
ODD_NAMES = ("javascript:alert('xss')", "Lyon #2", "100% sûr ?", "a&b=c")


def test_index_links_are_relative_encoded_paths(tmp_path: Path) -> None:
    """Every href of the index is './' and percent-encoded segments, whatever the file name."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    for name in ODD_NAMES:
        own_copy(EXAMPLES[0], folder / f"{name}.toml")
    for only, suffix in (("kit", "/index.html"), ("ics", ".ics")):
        out = tmp_path / only
        result = CliRunner().invoke(
            main, ["batch", str(folder), "-o", str(out), "--only", only, "--jobs", "1"]
        )
        assert result.exit_code == 0, result.output
        hrefs = re.findall(r'href="([^"]*)"', (out / "index.html").read_text("utf-8"))
        assert sorted(hrefs) == [
            f"./{segment}{suffix}"
            for segment in (
                "100%25%20s%C3%BBr%20%3F",
                "Lyon%20%232",
                "a%26b%3Dc",
                "javascript%3Aalert%28%27xss%27%29",
            )
        ]


def test_index_links_open_their_kit_in_a_browser(
    browser: Any,  # noqa: F811
    tmp_path: Path,
) -> None:
    """In Chromium, each link of the index opens its own kit, and a file named
    javascript:alert('xss').toml runs nothing."""
    folder = tmp_path / "decisions"
    folder.mkdir()
    for name in ODD_NAMES:
        own_copy(EXAMPLES[0], folder / f"{name}.toml")
    out = tmp_path / "kits"
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.output
    index = out / "index.html"
    watched = Watched(browser.new_context())
    opened = set()
    for number in range(len(ODD_NAMES)):
        watched.page.goto(index.as_uri())
        watched.page.locator("tbody a").nth(number).click()
        watched.page.wait_for_load_state()
        where = urlsplit(watched.page.url)
        assert where.scheme == "file" and not where.query and not where.fragment
        opened.add(Path(unquote(where.path)))
    assert opened == {out / name / "index.html" for name in ODD_NAMES}
    assert watched.dialogs == [] and watched.errors == []


def test_batch_only_calendars(decisions: Path, tmp_path: Path) -> None:
    """--only ics writes one calendar per good file, nothing else but the index and the
    marker that lists them."""
    out = tmp_path / "cals"
    (decisions / "zz-broken.toml").unlink()
    result = CliRunner().invoke(main, ["batch", str(decisions), "-o", str(out), "--only", "ics"])
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted([f"{p.stem}.ics" for p in EXAMPLES] + ["index.html", MARKER])
    assert all(
        (out / f"{p.stem}.ics").read_bytes().startswith(b"BEGIN:VCALENDAR\r\n") for p in EXAMPLES
    )


def test_batch_on_a_terminal_shows_progress(decisions: Path, tmp_path: Path) -> None:
    """On a terminal, a progress bar; elsewhere, one plain line per file (seen above)."""
    pexpect = pytest.importorskip("pexpect")
    child = pexpect.spawn(
        PLANNER, ["batch", str(decisions), "-o", str(tmp_path / "k")], encoding="utf-8", timeout=60
    )
    child.expect("Building")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2


# --- fuzzing ----------------------------------------------------------------------------

SOURCES = [p.read_text("utf-8") for p in EXAMPLES]
JUNK = st.sampled_from(
    [
        "",
        "x",
        "42",
        "-1",
        "true",
        '"é"',
        "[]",
        "{}",
        "2027-02-30",
        "1979-05-27T07:32:00Z",
        '"' + "🌱" * 40 + '"',
        '"<script>alert(1)</script>"',
        '"https://"',
        "nan",
        "[[x]]",
        "\x00",
        '"Europe/Nowhere"',
        "10:99:00",
        '"\\u0000"',
        "9999-12-31",
    ]
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """An example with a few lines deleted, duplicated, or given a junk value."""
    lines = draw(st.sampled_from(SOURCES)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        index = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "junk", "insert"]))
        if action == "delete":
            del lines[index]
        elif action == "duplicate":
            lines.insert(index, lines[index])
        elif action == "junk" and "=" in lines[index]:
            lines[index] = lines[index].split("=")[0] + "= " + draw(JUNK)
        else:
            lines.insert(index, draw(JUNK))
        if not lines:
            lines = [""]
    return "\n".join(lines) + "\n"


COMMANDS = [["check"], ["plan", "--format", "json"], ["posts"], ["ics"], ["kit", "-o"]]
COMMANDS.append(["cards", "-o"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(document=st.one_of(mutated(), st.text(max_size=200)), command=st.sampled_from(COMMANDS))
def test_no_input_gives_a_traceback(tmp_path: Path, document: str, command: list[str]) -> None:
    """Random and mutated decision files through every command: exit 0, or a clear error
    (2 for the file, 3 for a post too long), never a traceback."""
    path = tmp_path / "fuzz.toml"
    path.write_text(document, "utf-8", errors="surrogatepass")
    args = [command[0], str(path), *command[1:]]
    if command[0] in ("kit", "cards"):
        args.append(str(tmp_path / command[0]))
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (0, 2, 3), result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.output
    if result.exit_code:
        assert result.stderr.startswith("Error: ")


# --- interruptions ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("command", "output"),
    [
        (["kit", "{src}", "-o", "{out}"], "index.html"),
        (["ics", "{src}", "-o", "{out}"], ""),
        (["plan", "{src}", "--format", "json", "-o", "{out}"], ""),
        (["posts", "{src}", "--out", "{out}"], "2026-12-18_x-announce_x.txt"),
    ],
    ids=["kit", "ics", "plan", "posts"],
)
def test_interrupted_commands_leave_the_previous_output_intact(
    tmp_path: Path, command: list[str], output: str
) -> None:
    """Killed (SIGKILL or SIGINT) at random moments while writing, a command leaves either
    the previous output or the new one, whole: never a mix, never an empty file."""
    source = next(p for p in EXAMPLES if p.stem == "jardin-partage-quitte-x")
    changed = tmp_path / "changed.toml"
    text = source.read_text("utf-8")
    assert 'reasons = ["values", "resources"]' in text  # the first reason is in every post
    track = 'track = ["inscriptions à la lettre d’information", "abonnés Mastodon"]'
    assert track in text  # the indicators are in the plan
    changed.write_text(
        text.replace(
            'reasons = ["values", "resources"]', 'reasons = ["resources", "values"]'
        ).replace(track, 'track = ["abonnés Mastodon"]'),
        "utf-8",
    )
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1800000000"}
    out = tmp_path / "out"

    def produce(src: Path) -> bytes:
        args = [a.format(src=src, out=out) for a in command]
        subprocess.run([PLANNER, *args], check=True, capture_output=True, env=env)
        return (out / output).read_bytes() if output else out.read_bytes()

    versions = {produce(changed), produce(source)}
    assert len(versions) == 2
    rng = random.Random(7)
    for round_ in range(8):
        src = changed if round_ % 2 else source
        args = [a.format(src=src, out=out) for a in command]
        process = subprocess.Popen(
            [PLANNER, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
        )
        time.sleep(rng.uniform(0.05, 0.8))  # a random moment to interrupt, not a verdict
        process.send_signal(rng.choice([signal.SIGKILL, signal.SIGINT]))
        process.wait(timeout=30)
        content = (out / output).read_bytes() if output else out.read_bytes()
        assert content in versions
