"""User post templates (``--templates DIR``, ``templates check DIR``) that never end, fill the
memory or cannot be read: each stops with one line naming the template and the fix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from . import Case

JARDIN = "{examples}/jardin-partage-quitte-x.toml"
RELAY = "fr/announce/relay.txt.j2"  # the post relayed on Mastodon, in the jardin's plan


def folder(files: dict[str, str | bytes]) -> Callable[[Path], None]:
    """A setup that writes a folder of templates, ``<tmp>/tpl``."""

    def setup(tmp: Path) -> None:
        for name, text in files.items():
            path = tmp / "tpl" / name
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                path.write_bytes(text)
            else:
                path.write_text(text, "utf-8")

    return setup


def relay(text: str | bytes) -> Callable[[Path], None]:
    """A folder whose only template is the relay post's."""
    return folder({RELAY: text})


def nothing_written(*names: str) -> Callable[[Path], None]:
    """An after-check: the command wrote none of these, and left the templates as they were."""

    def after(tmp: Path) -> None:
        for name in names:
            assert not (tmp / name).exists(), name
        assert sorted(p.name for p in (tmp / "tpl").rglob("*")), "the templates are gone"

    return after


def posts(name: str, setup: Callable[[Path], None]) -> Case:
    return Case(name, ("posts", JARDIN, "--templates", "{tmp}/tpl"), setup=setup)


CASES = [
    posts("templates-include-itself", relay("Relais {% include 'fr/announce/relay.txt.j2' %}\n")),
    posts(
        "templates-macro-calls-itself",
        relay("{% macro again(n) %}{{ again(n + 1) }}{% endmacro %}{{ again(1) }}\n"),
    ),
    Case(
        "templates-range-of-a-billion",
        ("ics", JARDIN, "--templates", "{tmp}/tpl", "-o", "{tmp}/plan.ics"),
        setup=relay("{% for i in range(10**9) %}x{% endfor %}\n"),
        after=nothing_written("plan.ics"),
    ),
    Case(
        "templates-text-times-ten-to-the-eleven",
        ("ics", JARDIN, "--templates", "{tmp}/tpl", "-o", "{tmp}/plan.ics"),
        setup=relay("{{ 'A' * 10**11 }}\n"),
        after=nothing_written("plan.ics"),
    ),
    Case(
        "templates-lipsum-of-200000",
        ("kit", JARDIN, "--templates", "{tmp}/tpl", "-o", "{tmp}/kit"),
        setup=relay("{{ lipsum(200000) }}\n"),
        after=nothing_written("kit"),
    ),
    posts("templates-power-tower", relay("{{ 10 ** (10 ** 10) }}\n")),
    posts(
        "templates-loops-without-output",
        relay("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}\n"),
    ),
    posts(
        "templates-doubling-a-variable",
        relay(
            "{% set ns = namespace(s='ab') %}{% for i in range(64) %}"
            "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}\n"
        ),
    ),
    posts(
        "templates-macro-output-in-a-loop",
        relay(
            "{% macro block() %}{% for i in range(100000) %}"
            "{{ organisation.name }} {% endfor %}{% endmacro %}{{ block()|length }}\n"
        ),
    ),
    Case(
        "templates-every-post-nearly-at-the-cap",
        (
            "remind",
            "--db",
            "{tmp}/reminders.db",
            "add",
            JARDIN,
            "--templates",
            "{tmp}/tpl",
        ),
        setup=folder(
            {
                f"fr/{kind}/{name}.txt.j2": "{{ 'A' * 90000 }}\n"
                for kind in ("announce", "remind", "final")
                for name in ("relay", "leaving-short", "leaving-long")
            }
        ),
        after=nothing_written("reminders.db"),
    ),
    posts("templates-center-a-billion-wide", relay("{{ organisation.name|center(10**9) }}\n")),
    posts("templates-format-a-billion-wide", relay("{{ '%1000000000s'|format(platform) }}\n")),
    posts(
        "templates-join-with-a-long-separator",
        relay("{{ ('A' * 50000).split('A')|join('B' * 50000) }}\n"),
    ),
    posts("templates-nested-too-deeply", relay("{{ " + "(" * 400 + "1" + ")" * 400 + " }}\n")),
    posts("templates-number-of-5000-digits", relay("{{ 1" + "0" * 5000 + " }}\n")),
    posts("templates-file-of-two-megabytes", relay("Relais\n" + "x" * 2_000_000 + "\n")),
    posts("templates-division-by-zero", relay("Relais\n{{ notice_days / 0 }}\n")),
    posts("templates-not-utf8", relay("Relais \xe9t\xe9\n".encode("latin-1"))),
    posts("templates-list-append", relay("{% set seen = [] %}{{ seen.append(1) }}\n")),
    Case(
        "templates-check-include-itself",
        ("templates", "check", "{tmp}/tpl"),
        setup=relay("{% include 'fr/announce/relay.txt.j2' %}\n"),
        after=nothing_written(),
    ),
    Case(
        "templates-check-range-of-a-billion",
        ("templates", "check", "{tmp}/tpl"),
        setup=relay("{% for i in range(10**9) %}x{% endfor %}\n"),
        after=nothing_written(),
    ),
    Case(
        "templates-check-lipsum-of-200000",
        ("templates", "check", "{tmp}/tpl"),
        setup=relay("{{ lipsum(200000) }}\n"),
        after=nothing_written(),
    ),
    Case(
        "templates-publish-text-times-ten-to-the-eleven",
        (
            "publish",
            JARDIN,
            "--templates",
            "{tmp}/tpl",
            "--url",
            "http://127.0.0.1:9/calendar/",
            "--user",
            "team",
        ),
        setup=relay("{{ 'A' * 10**11 }}\n"),
        env={"PLANNER_CALDAV_PASSWORD": "not-used"},
        after=nothing_written(),
    ),
]
