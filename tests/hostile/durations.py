"""Durations typed on the command line: each option has a range, named when refused."""

from __future__ import annotations

from . import Case

JARDIN = "{examples}/jardin-partage-quitte-x.toml"

CASES = [
    Case("lead-not-a-duration", ("remind", "add", JARDIN, "--lead", "soon")),
    Case("lead-past-the-year-9999", ("remind", "add", JARDIN, "--lead", "800000d")),
    Case("lead-too-long-for-an-int", ("remind", "add", JARDIN, "--lead", "9" * 30 + "d")),
    Case("lead-superscript-digit", ("remind", "add", JARDIN, "--lead", "²d")),
    Case("lead-arabic-indic-digit", ("remind", "add", JARDIN, "--lead", "٣d")),
    Case("grace-too-long-due", ("remind", "due", "--grace", "99999999999d")),
    Case("grace-too-long-run", ("remind", "run", "--grace", "31d")),
    Case("resync-too-long", ("remind", "run", "--resync", "99999999999d")),
    Case("resync-zero-would-spin", ("remind", "run", "--resync", "0s")),
]
