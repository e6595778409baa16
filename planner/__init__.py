"""planner: help an association leave a social network well.

The package is a library with a thin command line on top (``planner.cli``).
The data flows one way: a decision file is loaded and validated
(:mod:`planner.decision`), turned into a dated plan (:mod:`planner.timeline`),
and everything else reads that plan. ``docs/architecture.md`` draws the layers.

The version is written once, in pyproject.toml; the build writes it into
``planner/_version.py`` (hatch's version hook), which is read here.
"""

from __future__ import annotations

from planner._version import __version__


def version() -> str:
    """planner's version, as the installed package's metadata states it."""
    return __version__
