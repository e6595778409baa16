"""Durations typed on the command line."""

from __future__ import annotations

from . import Case

CASES = [
    Case(
        "lead-not-a-duration",
        ("remind", "add", "{examples}/jardin-partage-quitte-x.toml", "--lead", "soon"),
    ),
]
