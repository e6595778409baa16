"""planner: help an association leave a social network well.

The package is a library with a thin command line on top (``planner.cli``).
The data flows one way: a decision file is loaded and validated
(:mod:`planner.decision`), turned into a dated plan (:mod:`planner.timeline`),
and everything else reads that plan. ``docs/architecture.md`` draws the layers.
"""

from __future__ import annotations

from functools import cache


@cache
def version() -> str:
    """planner's version, from the installed package's metadata (pyproject.toml is the
    one place it is written). importlib.metadata is heavy: read only when asked."""
    from importlib.metadata import version as installed_version

    return installed_version("planner")


def __getattr__(name: str) -> str:
    """``planner.__version__``, read from the metadata when first asked (PEP 562)."""
    if name == "__version__":
        return version()
    raise AttributeError(f"module 'planner' has no attribute {name!r}")
