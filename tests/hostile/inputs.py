"""Files planner reads (a decision file, a self-assessment's answers, the notification
config) that are not what they seem: a device, a pipe, a huge or deeply nested file; dates
past the bound; control characters on their way to a calendar; '-' as an output."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from . import Case

ROOT = Path(__file__).resolve().parents[2]
JARDIN = ROOT / "examples" / "jardin-partage-quitte-x.toml"
FIFO_TIMEOUT = 20.0  # a read that waits for a writer fails the case instead of hanging


def fifo(name: str) -> Callable[[Path], None]:
    """A named pipe nobody writes to, at ``name`` under the case's folder."""

    def setup(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        os.mkfifo(path)

    return setup


def link(name: str, target: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        (tmp / name).symlink_to(target)

    return setup


def text(name: str, content: str) -> Callable[[Path], None]:
    def setup(tmp: Path) -> None:
        path = tmp / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, "utf-8")

    return setup


def jardin(**changes: str) -> Callable[[Path], None]:
    """The example decision file as decision.toml, each ``old`` line start replaced."""
    content = JARDIN.read_text("utf-8")
    for old, new in changes.items():
        assert old in content, old
        content = content.replace(old, new, 1)
    return text("decision.toml", content)


def broken(name: str) -> Callable[[Path], None]:
    """A file of the broken corpus (tests/data/broken) as decision.toml: the message names
    the case's folder, the same on every machine."""
    return text("decision.toml", (ROOT / "tests" / "data" / "broken" / name).read_text("utf-8"))


def absent(*names: str) -> Callable[[Path], None]:
    def after(tmp: Path) -> None:
        for name in names:
            assert not os.path.lexists(tmp / name), f"{name} was written"

    return after


NESTED_ARRAYS = "a = " + "[" * 1000 + "]" * 1000 + "\n"
DOTTED_KEYS = "[organisation]\nname." + ".".join(["a"] * 3000) + " = 1\n"
NESTED_INLINE_TABLES = "urls = " + "{a = " * 600 + "1" + "}" * 600 + "\n"
DECISION = "{tmp}/decision.toml"

CASES = [
    # --- not a regular file, too large, too deep -------------------------------------------
    Case("check-dev-zero", ("check", "/dev/zero"), timeout=FIFO_TIMEOUT),
    Case(
        "check-link-to-dev-zero",
        ("check", DECISION),
        setup=link("decision.toml", "/dev/zero"),
        timeout=FIFO_TIMEOUT,
    ),
    Case("check-fifo", ("check", DECISION), setup=fifo("decision.toml"), timeout=FIFO_TIMEOUT),
    Case(
        "check-too-large",
        ("check", DECISION),
        setup=text("decision.toml", "# " + "x" * (2 * 1024 * 1024) + "\n"),
    ),
    Case("check-nested-arrays", ("check", DECISION), setup=text("decision.toml", NESTED_ARRAYS)),
    Case("plan-nested-dotted-keys", ("plan", DECISION), setup=text("decision.toml", DOTTED_KEYS)),
    Case(
        "assess-answers-fifo",
        ("assess", "--answers", "{tmp}/answers.toml", "--report", "{tmp}/report.md"),
        setup=fifo("answers.toml"),
        after=absent("report.md"),
        timeout=FIFO_TIMEOUT,
    ),
    Case(
        "new-from-dev-zero",
        ("new", "{tmp}/new.toml", "--from", "/dev/zero"),
        after=absent("new.toml"),
        timeout=FIFO_TIMEOUT,
    ),
    Case(
        "notify-config-fifo",
        ("remind", "--config", "{tmp}/notify.toml", "test"),
        setup=fifo("notify.toml"),
        timeout=FIFO_TIMEOUT,
    ),
    Case(
        "notify-config-dev-zero",
        ("remind", "--config", "/dev/zero", "test"),
        timeout=FIFO_TIMEOUT,
    ),
    Case(
        "notify-config-default-is-a-folder",
        ("remind", "test"),
        setup=lambda tmp: (tmp / ".home" / "config" / "planner" / "notify.toml").mkdir(
            parents=True
        ),
    ),
    Case(
        "notify-config-nested",
        ("remind", "--config", "{tmp}/notify.toml", "run"),
        setup=text("notify.toml", NESTED_INLINE_TABLES),
    ),
    # --- the date bound ------------------------------------------------------------------
    Case(
        "check-date-past-2100",
        ("check", DECISION),
        setup=jardin(**{"date = 2027-01-15": "date = 2101-01-15"}),
    ),
    Case(
        "check-decision-too-late-for-its-notice",
        ("check", DECISION),
        setup=jardin(
            **{
                "decided_on = 2026-11-26": "decided_on = 2100-12-20",
                "date = 2027-01-15": "date = 2100-12-25",
            }
        ),
    ),
    # --- characters on their way to a calendar ---------------------------------------------
    Case("ics-newline-in-name", ("ics", DECISION), setup=broken("newline-in-name.toml")),
    Case(
        "kit-newline-in-name",
        ("kit", DECISION, "-o", "{tmp}/kit"),
        setup=broken("newline-in-name.toml"),
        after=absent("kit"),
    ),
    Case("ics-nul-in-statement", ("ics", DECISION), setup=broken("nul-in-statement.toml")),
    Case(
        "kit-escape-in-name",
        ("kit", DECISION, "-o", "{tmp}/kit"),
        setup=broken("escape-in-name.toml"),
        after=absent("kit"),
    ),
    Case(
        "ics-line-separator-in-name",
        ("ics", DECISION, "-o", "{tmp}/plan.ics"),
        setup=jardin(**{'name = "Les Amis': 'name = "Les\u2028Amis'}),
        after=absent("plan.ics"),
    ),
    Case(
        "check-newline-in-a-quoted-key",
        ("check", DECISION),
        setup=jardin(**{"[organisation]\n": '[organisation]\n"na\\nme\\u001b[2J" = 1\n'}),
    ),
    # --- '-' as an output -----------------------------------------------------------------
    Case(
        "plan-output-dash-is-the-terminal",
        ("plan", "{examples}/jardin-partage-quitte-x.toml", "-o", "-"),
        exit_code=0,
        after=absent("-"),
    ),
    Case(
        "kit-output-dash",
        ("kit", "{examples}/jardin-partage-quitte-x.toml", "-o", "-"),
        after=absent("-"),
    ),
]
