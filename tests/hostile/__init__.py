"""The hostile-input corpus: commands given what a careless or hostile user could give them.

Each area of planner has a module here (``files.py``, ``paths.py``, ``templates.py``,
``urls.py``, ``durations.py``, ``database.py``…) with a ``CASES`` list. A case is one command
line run in a fresh folder, as a real process, and its expected stderr is a golden file
(``tests/golden/hostile/<name>.err``, the case's folder written ``<tmp>``). The runner in
``tests/test_hostile.py`` asserts the exit code, the exact message, that nothing was printed
as a traceback, and the case's own check of what must not be lost.

Errors that root cannot meet on its own machine are made real, not simulated: a folder
planner may not write to is one the command sees through a user namespace (``unshare -U``,
where root loses its power over files), and a read-only or full file system is a tmpfs
mounted in a private mount namespace (``unshare -rm``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Case:
    """One hostile command line.

    ``args`` may hold ``{tmp}`` (the case's own folder, also the working folder),
    ``{examples}`` and ``{data}`` (tests/data). ``setup`` prepares the folder before the
    run; ``after`` checks it after (what must not be lost). ``sandbox`` is ``None``,
    ``"unprivileged"`` (files keep their modes even for root), ``"read-only:REL"`` or
    ``"full:REL"`` (REL, a folder under the case's folder, becomes a read-only or full
    file system for the run).
    """

    name: str
    args: tuple[str, ...]
    setup: Callable[[Path], None] | None = None
    after: Callable[[Path], None] | None = None
    env: Mapping[str, str] = field(default_factory=dict)
    stdin: str | None = None
    exit_code: int = 2
    sandbox: str | None = None
    timeout: float = 60.0


def all_cases() -> list[Case]:
    """Every case of every module of this package, sorted by name (names are unique)."""
    cases: list[Case] = []
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        cases.extend(module.CASES)
    names = [case.name for case in cases]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    assert not duplicates, f"hostile cases with the same name: {duplicates}"
    return sorted(cases, key=lambda case: case.name)
